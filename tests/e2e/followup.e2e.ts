// «Контрольные точки»: the demo's school → a new class's check sheet → two rounds filled by taps in
// the app → deficit statuses, the school's counts, the roadmap's progress line and the effectiveness
// DOCX agree with counts made here from the raw demo scores and the taps; the sheet survives a
// reload and a backup restored into a wiped profile, and no exchange package holds it.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { DEMO_FOLLOWUP_PROCEDURE } from '../../src/domain/demo/followup';
import { procedureId } from '../../src/domain/model';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';
import { docxText, fold, pdfText, requireLibreOffice, toPdfs } from './documents-helpers';

const KEY = DEMO_FOLLOWUP_PROCEDURE;
const bundle = generateDemoBundle();
const ds = bundle.datasets.find((d) => procedureId(d.meta.procedure) === KEY)!;
const demoSheet = bundle.followups[0];
const schoolIdx = ds.meta.schools.findIndex((s) => s.login === demoSheet.school);
/** Another class of the demo's school: its sheet is made in the test. */
const cls = ds.meta.classes.find((c) => c.school === schoolIdx && c.id !== demoSheet.classId)!;
const BACKUP = '/tmp/oko-followup.okobackup';
const DIR = '/tmp';

/** The route criterion by hand: mark «2» (by the scale) or at least a quarter of the skills under half. */
function needsRouteByHand(score: number, unformedSkills: number): boolean {
  const P = ds.meta.procedure;
  const skills = new Set(P.tasks.map((t) => t.skill?.trim()).filter(Boolean)).size;
  const two = !!P.scale && score >= P.scale[0][0] && score <= P.scale[0][1];
  return two || unformedSkills >= Math.max(1, Math.ceil(skills / 4));
}

/** Deficits of the class counted from the raw columns: per pupil, skills (and skill-less tasks) under half. */
function deficitsByHand(classId: string): { code: string; label: string }[] {
  const tasks = ds.meta.procedure.tasks;
  const c = ds.meta.classes.findIndex((k) => k.id === classId);
  const out: { code: string; label: string }[] = [];
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.classIdx[i] !== c || ds.pupils.absent[i]) continue;
    const sums = new Map<string, [number, number]>();
    const lone: string[] = [];
    tasks.forEach((t, k) => {
      const sc = ds.pupils.scores[k][i];
      const skill = t.skill?.trim();
      if (skill) {
        const g = sums.get(skill) ?? [0, 0];
        sums.set(skill, [g[0] + sc, g[1] + t.max]);
      } else if (2 * sc < t.max) lone.push(`Задание № ${t.id}`);
    });
    const under = [...sums].filter(([, [s, m]]) => 2 * s < m).map(([skill]) => skill);
    const total = tasks.reduce((t, _, k) => t + ds.pupils.scores[k][i], 0);
    if (!needsRouteByHand(total, under.length)) continue;
    for (const skill of under) out.push({ code: ds.pupils.code[i], label: skill });
    for (const l of lone) out.push({ code: ds.pupils.code[i], label: l });
  }
  return out;
}

// The taps: round 1 cycles item i to formed / partial / unformed by i mod 3 (1, 2 or 3 taps);
// round 2 to formed for even i, unformed for odd i.
const ROUND1 = ['formed', 'partial', 'unformed'] as const;
const tapsFor = (v: string) => ({ formed: 1, partial: 2, unformed: 3 })[v]!;
const r1 = (i: number) => ROUND1[i % 3];
const r2 = (i: number) => (i % 2 === 0 ? 'formed' : 'unformed');

interface Counts {
  total: number;
  closed: number;
  closing: number;
  open: number;
  checks: number;
}
function expected(n: number): Counts {
  let closed = 0;
  let closing = 0;
  for (let i = 0; i < n; i++) {
    if (r2(i) !== 'formed') continue;
    if (r1(i) === 'formed') closed++;
    else closing++;
  }
  return { total: n, closed, closing, open: n - closed - closing, checks: 2 * n };
}
function demoCounts(): Counts {
  const [a, b] = demoSheet.rounds.map((r) => r.results);
  let closed = 0;
  let closing = 0;
  a.forEach((_, i) => {
    if (b[i] === 'formed' && a[i] === 'formed') closed++;
    else if (b[i] === 'formed') closing++;
  });
  const n = a.length;
  return { total: n, closed, closing, open: n - closed - closing, checks: 2 * n };
}

async function openClass(page: Page, classId: string): Promise<void> {
  await page.goto(`${BASE_URL}#/followup`);
  await page.waitForSelector('[data-testid="followup-procedure"]');
  await page.selectOption('[data-testid="followup-procedure"]', KEY);
  await expect
    .poll(() => page.locator(`[data-testid="followup-class"] option[value="${classId}"]`).count())
    .toBe(1);
  await page.selectOption('[data-testid="followup-class"]', classId);
  await page.click('[data-testid="followup-open"]');
  await page.waitForSelector(`[data-testid="followup-sheet"][data-id$="|${classId}"]`);
}

async function counts(page: Page): Promise<Counts> {
  return page.locator('[data-testid="followup-counts"]').evaluate((el) => {
    const d = (el as HTMLElement).dataset;
    return { total: +d.total!, closed: +d.closed!, closing: +d.closing!, open: +d.open!, checks: +d.checks! };
  });
}

const cellValues = (page: Page) =>
  page
    .locator('[data-testid="followup-cell"]')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          `${(e as HTMLElement).dataset.date}:${(e as HTMLElement).dataset.item}=${(e as HTMLElement).dataset.value}`,
      ),
    );

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('check sheet: generate, two rounds by taps, statuses, roadmap, DOCX; reload, backup, exchange', async () => {
  requireLibreOffice();
  const context = await newContext(browser, { width: 1024, height: 768 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });

  // The demo class comes with its two rounds.
  await openClass(page, demoSheet.classId);
  expect(
    await page
      .locator('[data-testid="followup-round"]')
      .evaluateAll((e) => e.map((x) => (x as HTMLElement).dataset.date)),
  ).toEqual(demoSheet.rounds.map((r) => r.date));
  expect(await counts(page)).toEqual(demoCounts());

  // A new class: its sheet lists each pupil × unformed skill, as counted from the raw scores.
  await openClass(page, cls.id);
  const hand = deficitsByHand(cls.id);
  expect(hand.length).toBeGreaterThan(5);
  const items = await page
    .locator('[data-testid="followup-item"]')
    .evaluateAll((els) =>
      els.map((e) => `${(e as HTMLElement).dataset.code}|${e.querySelector('.skill')?.textContent?.trim()}`),
    );
  expect(items.slice().sort()).toEqual(hand.map((x) => `${x.code}|${x.label}`).sort());
  expect(await counts(page)).toEqual({
    total: hand.length,
    closed: 0,
    closing: 0,
    open: hand.length,
    checks: 0,
  });
  await page.screenshot({ path: '/tmp/oko-followup-new.png', fullPage: true });

  // Two rounds, every cell tapped (Enter on a few: the grid works from the keyboard too).
  const dates = ['2026-10-20', '2026-11-24'];
  for (const [k, date] of dates.entries()) {
    await page.fill('[data-testid="followup-date"]', date);
    await page.click('[data-testid="followup-add-round"]');
    await page.waitForSelector(`[data-testid="followup-round"][data-date="${date}"]`);
    for (let i = 0; i < hand.length; i++) {
      const want = k === 0 ? r1(i) : r2(i);
      const cell = page.locator(`[data-testid="followup-cell"][data-date="${date}"][data-item="${i}"]`);
      for (let t = 0; t < tapsFor(want); t++) {
        const before = await cell.getAttribute('data-value');
        if (i < 3) {
          await cell.focus();
          await page.keyboard.press('Enter');
        } else await cell.tap();
        await expect.poll(() => cell.getAttribute('data-value')).not.toBe(before);
      }
      expect(await cell.getAttribute('data-value')).toBe(want);
    }
  }
  const mine = expected(hand.length);
  expect(await counts(page)).toEqual(mine);
  const statuses = await page
    .locator('[data-testid="followup-item"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
  statuses.forEach((s, i) =>
    expect(s).toBe(r2(i) !== 'formed' ? 'open' : r1(i) === 'formed' ? 'closed' : 'closing'),
  );
  const label = await page.locator('[data-testid="followup-cell"]').first().getAttribute('aria-label');
  expect(label).toMatch(/проверка 20\.10\.2026: сформировано\. Нажмите, чтобы изменить\.$/);

  // The school: both classes added up.
  const demo = demoCounts();
  const school = { closed: mine.closed + demo.closed, total: mine.total + demo.total };
  const schoolRow = page.locator('[data-testid="followup-class-row"][data-name="Школа"]');
  await expect.poll(() => schoolRow.getAttribute('data-closed')).toBe(String(school.closed));
  expect(await schoolRow.getAttribute('data-total')).toBe(String(school.total));
  const progressLine = `ИОМ: ${school.closed} из ${school.total}`;
  expect(await page.locator('[data-testid="followup-progress"]').textContent()).toContain(progressLine);
  await page.screenshot({ path: '/tmp/oko-followup-filled.png', fullPage: true });

  // The effectiveness DOCX: the school row of the summary table, and LibreOffice lays it out.
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="followup-effect-docx"]'),
  ]);
  const docx = `${DIR}/oko-followup-effect.docx`;
  await d.saveAs(docx);
  const lines = docxText(docx).split('\n');
  const at = lines.indexOf('Школа');
  expect(at).toBeGreaterThan(0);
  const all = {
    total: mine.total + demo.total,
    checks: mine.checks + demo.checks,
    closed: school.closed,
    closing: mine.closing + demo.closing,
    open: mine.open + demo.open,
  };
  expect(lines.slice(at + 3, at + 8)).toEqual(
    [all.total, all.checks, all.closed, all.closing, all.open].map(String),
  );
  const [pdf] = toPdfs([docx], DIR);
  const text = fold(pdfText(pdf));
  expect(text).toContain('Анализ эффективности принятых мер');
  expect(text).toContain(`закрыто ${all.closed}`);
  expect(text).toContain(`${cls.label} класс`);

  // The roadmap of the school shows the same progress beside measure 2.8.
  await page.goto(`${BASE_URL}#/documents`);
  await page.waitForSelector('[data-testid="documents-procedure"]');
  await page.selectOption('[data-testid="documents-procedure"]', KEY);
  await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
  await page.click('[data-testid="doc-level-school"]');
  await page.selectOption('[data-testid="doc-school"]', demoSheet.school);
  await page.click('[data-testid="roadmap-edit"]');
  const p28 = page.locator('[data-testid="roadmap-measure"][data-id="2.8"] [data-testid="measure-progress"]');
  await p28.waitFor();
  expect(await p28.textContent()).toContain(progressLine);

  // Reload: the sheet is stored.
  await page.reload();
  await openClass(page, cls.id);
  const values = await cellValues(page);
  expect(values).toHaveLength(2 * hand.length);
  expect(await counts(page)).toEqual(mine);

  // Exchange: the school's package holds no sheet.
  await page.goto(`${BASE_URL}#/exchange`);
  await page.waitForSelector('[data-testid="exchange-procedure"]');
  await page.selectOption('[data-testid="exchange-procedure"]', KEY);
  await expect
    .poll(() =>
      page.locator(`[data-testid="exchange-school-select"] option[value="${demoSheet.school}"]`).count(),
    )
    .toBe(1);
  await page.selectOption('[data-testid="exchange-school-select"]', demoSheet.school);
  const [pkg] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="exchange-export"]'),
  ]);
  const pkgText = readFileSync(await pkg.path(), 'utf8');
  expect(JSON.parse(pkgText).school.login).toBe(demoSheet.school);
  // Class ids are aggregate units there; the sheets' ids, dates and fields are not.
  for (const needle of [
    `${KEY}|${demoSheet.school}|${cls.id}`,
    demoSheet.id,
    ...dates,
    ...demoSheet.rounds.map((r) => r.date),
    'followup',
    'rounds',
  ])
    expect(pkgText).not.toContain(needle);

  // Backup of everything → a wiped profile → restore: the same sheet and counts.
  await page.goto(`${BASE_URL}#/safety`);
  await page.waitForSelector('[data-testid="backup-create"]');
  const [b] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.click('[data-testid="backup-create"]'),
  ]);
  await b.saveAs(BACKUP);
  expect(errors).toEqual([]);
  await context.close();

  const other = await newContext(browser, { width: 1024, height: 768 });
  const p2 = await other.newPage();
  const errors2 = collectPageErrors(p2);
  await p2.goto(`${BASE_URL}#/safety`);
  await p2.setInputFiles('[data-testid="backup-file"]', BACKUP);
  await p2.waitForSelector('[data-testid="backup-info"]');
  await p2.check('[data-testid="restore-replace"]');
  await p2.click('[data-testid="restore-start"]');
  await p2.locator('[data-testid="restore-result"]').waitFor({ timeout: 60_000 });
  await openClass(p2, cls.id);
  expect(await cellValues(p2)).toEqual(values);
  expect(await counts(p2)).toEqual(mine);
  await openClass(p2, demoSheet.classId);
  expect(await counts(p2)).toEqual(demo);
  await p2.setViewportSize({ width: 768, height: 1024 });
  await p2.screenshot({ path: '/tmp/oko-followup-tablet.png', fullPage: true });
  expect(errors2).toEqual([]);
  await other.close();
});
