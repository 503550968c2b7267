// Analysis screen: the numbers on screen are the engine's numbers. Load data (the demo, or the
// real ФИС ОКО protocol), drill down to a school, read the tiles' and the task table's data-value,
// download «JSON (для других программ)» (oko-report/v1) and compare with that unit of the downloaded report (1e-9).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { OkoReport, UnitReport } from '../../src/domain/report/types';
import { BASE_URL, FIXTURES, collectPageErrors, launch, loadDemo, newContext, waitForList } from './browser';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Tile test ids and how to read the same number from a report unit. */
const TILES: Record<string, (u: UnitReport) => number | null | undefined> = {
  uspevaemost: (u) => u.uspevaemost,
  kachestvo: (u) => u.kachestvo,
  sou: (u) => u.sou,
  'score-mean': (u) => u.score?.mean,
  meanMark: (u) => u.meanMark,
  written: (u) => u.written,
  absent: (u) => u.absent,
};

/**
 * How a tile prints its number, by a second, naive rule: measured values with exactly one decimal
 * (percentages with « %»), counts whole with the thousands split by a no-break space.
 */
const NBSP = '\u00a0';
// Tenths, rounding half up the decimal as written (toPrecision drops the binary noise of x·10).
const oneDecimal = (x: number) => {
  const t = Math.round(Number((x * 10).toPrecision(12)));
  return `${Math.floor(t / 10)},${t % 10}`;
};
const grouped = (x: number) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
const TILE_TEXT: Record<string, (x: number) => string> = {
  uspevaemost: (x) => `${oneDecimal(x)}${NBSP}%`,
  kachestvo: (x) => `${oneDecimal(x)}${NBSP}%`,
  sou: (x) => `${oneDecimal(x)}${NBSP}%`,
  'score-mean': oneDecimal,
  meanMark: oneDecimal,
  written: grouped,
  absent: grouped,
};

async function openAnalysis(page: Page): Promise<string> {
  await page.click('nav a[href="#/analysis"]');
  await page.waitForSelector('[data-testid="analysis-procedure"]');
  // The screen opens the first stored procedure by itself; wait for its report.
  const ready = await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  return (await ready.getAttribute('data-procedure')) ?? '';
}

/** Drill down from «all» through the children until a unit of `level` is on screen. */
async function drillTo(page: Page, level: string): Promise<{ id: string }> {
  for (let step = 0; step < 5; step++) {
    const current = await page.locator('[data-testid="unit-view"]').getAttribute('data-level');
    if (current === level) break;
    const target = page.locator(`[data-testid="child-unit"][data-level="${level}"]`).first();
    const next = (await target.count()) > 0 ? target : page.locator('[data-testid="child-unit"]').first();
    const id = await next.getAttribute('data-id');
    const lvl = await next.getAttribute('data-level');
    await next.click();
    await page.waitForSelector(`[data-testid="unit-view"][data-level="${lvl}"][data-id="${id}"]`);
  }
  const view = page.locator('[data-testid="unit-view"]');
  expect(await view.getAttribute('data-level')).toBe(level);
  return { id: (await view.getAttribute('data-id')) ?? '' };
}

async function readScreen(page: Page) {
  const texts = await page
    .locator('[data-testid^="tile-"]:not([data-testid^="tile-ref-"])')
    .evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => [
          (e as HTMLElement).dataset.testid!.slice(5),
          e.querySelector('.value')?.textContent?.trim() ?? '',
        ]),
      ),
    );
  const tiles = await page
    .locator('[data-testid^="tile-"]')
    .evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => [(e as HTMLElement).dataset.testid!.slice(5), (e as HTMLElement).dataset.value ?? '']),
      ),
    );
  const tasks = await page
    .locator('[data-testid="task-table"] tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [
        (r as HTMLElement).dataset.taskId ?? '',
        (r.querySelector('[data-testid="task-completion"]') as HTMLElement).dataset.value ?? '',
      ]),
    );
  return { tiles, texts, tasks };
}

async function downloadReport(page: Page): Promise<{ report: OkoReport; name: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.click('[data-testid="download-json"]'),
  ]);
  const path = await download.path();
  return { report: JSON.parse(readFileSync(path, 'utf8')) as OkoReport, name: download.suggestedFilename() };
}

function compareWithReport(
  screen: Awaited<ReturnType<typeof readScreen>>,
  report: OkoReport,
  procedureId: string,
  level: string,
  id: string,
): UnitReport {
  expect(report.format).toBe('oko-report/v1');
  const proc = report.procedures.find((p) => p.id === procedureId);
  expect(proc, `procedure ${procedureId} in the JSON`).toBeTruthy();
  const unit = proc!.units.find((u) => u.level === level && u.id === id);
  expect(unit, `unit ${level}:${id} in the JSON`).toBeTruthy();
  for (const [name, pick] of Object.entries(TILES)) {
    const expected = pick(unit!);
    const shown = screen.tiles[name];
    expect(shown, `tile ${name} is on screen`).not.toBeUndefined();
    if (expected === null || expected === undefined) expect(shown).toBe('');
    else {
      expect(Math.abs(Number(shown) - expected), `tile ${name}: ${shown} vs ${expected}`).toBeLessThan(1e-9);
      // The printed figure follows the app's rule, computed here from the JSON value.
      expect(screen.texts[name], `tile ${name} as printed`).toBe(TILE_TEXT[name](expected));
    }
  }
  expect(screen.tasks.length).toBe(unit!.tasks!.length);
  for (const [taskId, value] of screen.tasks) {
    const t = unit!.tasks!.find((x) => x.id === taskId);
    expect(t, `task ${taskId}`).toBeTruthy();
    expect(Math.abs(Number(value) - t!.completion), `task ${taskId}`).toBeLessThan(1e-9);
  }
  return unit!;
}

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

test('demo data: school figures on screen equal the downloaded oko-report/v1', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await loadDemo(page);

  const procedureId = await openAnalysis(page);
  console.log('analysed procedure', procedureId);
  // At the top level the unit is named once (the heading), not again in a one-crumb trail.
  expect(await page.locator('[data-testid="breadcrumbs"]').count()).toBe(0);
  expect(await page.locator('[data-testid="unit-title"]').textContent()).toContain('Все участники');
  await page.screenshot({ path: '/tmp/analysis-all-1024.png', fullPage: true });

  const school = await drillTo(page, 'school');
  const screen = await readScreen(page);
  console.log('school', school.id, screen.tiles);
  await page.screenshot({ path: '/tmp/analysis-school-1024.png', fullPage: true });

  const { report, name } = await downloadReport(page);
  expect(name).toMatch(/^ОКО-отчёт .*\.json$/);
  const unit = compareWithReport(screen, report, procedureId, 'school', school.id);
  expect(unit.written).toBeGreaterThan(0);

  // The breadcrumbs are buttons: back to «all» by keyboard.
  const crumb = page.locator('[data-testid="breadcrumbs"] button').first();
  await crumb.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="unit-view"][data-level="all"]');

  // Down to a class: the heat map, one pupil, and the class workbook.
  await drillTo(page, 'class');
  await page.waitForSelector('[data-testid="heatmap"] svg[role="img"]');
  await page.screenshot({ path: '/tmp/analysis-class-1024.png', fullPage: true });
  await page.click('[data-testid="pupil-table-toggle"]');
  await page.click('[data-testid="open-pupil"]');
  await page.waitForSelector('[data-testid="pupil-detail"]');
  await page.screenshot({ path: '/tmp/analysis-pupil-1024.png', fullPage: true });
  await page.click('[data-testid="breadcrumbs"] button >> nth=-1');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.click('[data-testid="download-xlsx"]'),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = readFileSync(await xlsx.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');

  // Another procedure, cancelled at once if still running (the worker is terminated); choosing it
  // again must start a fresh worker and finish.
  const keys = await page
    .locator('[data-testid="analysis-procedure"] option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(keys.length).toBeGreaterThan(1);
  await page.selectOption('[data-testid="analysis-procedure"]', keys[1]);
  const cancelled = await page
    .click('[data-testid="analysis-cancel"]', { timeout: 1_000 })
    .then(() => true)
    .catch(() => false);
  console.log('cancel clicked in time:', cancelled);
  if (cancelled) await page.waitForSelector('text=Анализ отменён.');
  await page.selectOption('[data-testid="analysis-procedure"]', keys[1]);
  await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  expect(await page.locator('[data-testid="analysis-procedure"]').inputValue()).toBe(keys[1]);
  await drillTo(page, 'class');
  await page.waitForSelector('[data-testid="heatmap"] svg[role="img"]');

  // Narrow and wide screens: no page-level horizontal scrolling.
  for (const width of [360, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    expect(await noHorizontalScroll(page), `no horizontal scroll at ${width}px`).toBe(true);
    await page.screenshot({ path: `/tmp/analysis-class-${width}.png`, fullPage: true });
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('real ФИС ОКО protocol: a school on screen equals the downloaded report', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');

  const procedureId = await openAnalysis(page);
  expect(procedureId).toMatch(/ВПР-2022-Математика-4/);
  const school = await drillTo(page, 'school');
  const screen = await readScreen(page);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: '/tmp/analysis-real-school-360.png', fullPage: true });
  const { report } = await downloadReport(page);
  compareWithReport(screen, report, procedureId, 'school', school.id);
  expect(errors).toEqual([]);
  await context.close();
});

test('local roster: a class shows pupil names from this device, the downloaded report never does', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');

  // The first class of the file: its school and a pupil code, read from the file itself.
  await openAnalysis(page);
  const { id: classId } = await drillTo(page, 'class');
  const login = classId.split('/')[0];
  await page.click('[data-testid="pupil-table-toggle"]');
  const code = await page.locator('[data-testid="pupil-table"] tbody tr').first().getAttribute('data-code');
  expect(code).toBeTruthy();

  // Load a roster for that school on «Данные».
  const name = 'Тестова Мария <b>Ивановна</b>';
  await page.click('nav a[href="#/data"]');
  await page.fill('[data-testid="roster-school"]', login);
  await page.setInputFiles('[data-testid="roster-file"]', {
    name: 'список.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Код участника;ФИО\n${code};${name}\n`, 'utf8'),
  });
  await page.waitForSelector('[data-testid="roster-notice"]');

  // Back to the class: the name replaces the code (as inert text), other pupils keep their codes.
  await openAnalysis(page);
  await drillTo(page, 'class');
  await page.click('[data-testid="pupil-table-toggle"]');
  const row = page.locator(`[data-testid="pupil-table"] tr[data-code="${code}"] [data-testid="open-pupil"]`);
  expect((await row.textContent())?.trim()).toBe(name);
  expect(await page.locator('[data-testid="pupil-table"] b').count()).toBe(0);

  // The report JSON is built in the worker from the dataset only: no name in it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="download-json"]'),
  ]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).not.toContain('Тестова');
  expect(errors).toEqual([]);
  await context.close();
});
