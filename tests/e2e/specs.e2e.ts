// «Спецификации»: a ФИС ОКО protocol has maxima; its scale comes from the built-in catalogue at import
// (marks at once). Cleared here, the scale (and task levels/skills) is taken again from the catalogue
// on this screen, saved, reloaded — it is still there; export
// spec.json; a broken file gives a Russian alert; an overlapping scale warns but saves; the user
// library saves and deletes; and after saving, «Анализ» shows the engine's У/КЗ for the new scale.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { MarkScale } from '../../src/domain/model';
import { importFile } from '../../src/domain/import/import-file';
import { ALL_UNIT_ID, analyzeProcedure } from '../../src/domain/report/analyze';
import { CATALOGUE } from '../../src/domain/spec/index';
import { procedureTitle } from '../../src/domain/text/procedure';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext } from './browser';

const MA5 = new URL('real/vpr2022-ma5-fisoko-protocol.xlsx', FIXTURES);
const KEY = 'ВПР-2022-Математика-5';
const SCALE: MarkScale = [
  [0, 6],
  [7, 10],
  [11, 14],
  [15, 20],
];
const ENTRY = CATALOGUE.find(
  (e) => e.kind === 'ВПР' && e.subject === 'Математика' && e.grade === 5 && e.year === 2021,
)!;

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

async function readScale(page: Page): Promise<number[]> {
  const out: number[] = [];
  for (const mark of [2, 3, 4, 5])
    for (const end of ['from', 'to'])
      out.push(Number(await page.inputValue(`[data-testid="scale-${mark}-${end}"]`)));
  return out;
}

async function openSpecs(page: Page): Promise<void> {
  await page.click('nav a[href="#/specs"]');
  await page.waitForSelector(
    `[data-testid="specs-screen"][data-procedure="${KEY}"] [data-testid="scale-editor"]`,
  );
}

async function analysisTiles(page: Page): Promise<Record<string, string>> {
  await page.click('nav a[href="#/analysis"]');
  await page.waitForSelector(`[data-testid="analysis-ready"][data-procedure="${KEY}"]`, { timeout: 120_000 });
  return page
    .locator('[data-testid^="tile-"]')
    .evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => [(e as HTMLElement).dataset.testid!.slice(5), (e as HTMLElement).dataset.value ?? '']),
      ),
    );
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

test('scale from the catalogue, save, reload, export, broken import, overlap warning, analysis marks', async () => {
  const context = await newContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  page.on('dialog', (d) => void d.accept());

  // Import the real ФИС ОКО protocol (maxima in the headers; the scale from the built-in catalogue).
  await page.goto(`${BASE_URL}#/import`);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA5));
  await page.click('[data-testid="import-confirm"]', { timeout: 60_000 });
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 60_000 });

  // With the catalogue's scale the analysis has marks without a visit here.
  const before = await analysisTiles(page);
  expect(before.uspevaemost).not.toBe('');

  await openSpecs(page);
  await page.selectOption('[data-testid="spec-procedure"]', KEY);
  expect(await page.textContent('[data-testid="spec-max"]')).toBe('20');
  expect(await readScale(page)).toEqual(SCALE.flat());
  // Cleared: the procedure has no scale (the rest of the test sets it again from the catalogue).
  await page.click('[data-testid="scale-clear"]');
  await expect.poll(() => page.getAttribute('[data-testid="scale-status"]', 'data-tone')).toBe('info');
  expect(await page.locator('[data-testid="spec-tasks"] tbody tr').count()).toBe(16);

  // A broken file: a Russian alert, nothing changes.
  await page.setInputFiles('[data-testid="spec-import"]', {
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ "kind": "ВПР", '),
  });
  const alert = page.locator('[data-testid="spec-error"][role="alert"]');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/broken\.json.*не читается как JSON/);
  // A well-formed JSON that is not a valid spec: the parser's Russian message.
  await page.setInputFiles('[data-testid="spec-import"]', {
    name: 'bad-grade.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ subject: 'Математика', grade: 15, year: 2022, tasks: [] })),
  });
  await expect.poll(() => alert.textContent()).toMatch(/"grade" должен быть целым числом от 1 до 11/);
  expect(await readScale(page)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);

  // «Взять из каталога»: ВПР 2021 Математика 5 (another year, same maximum), with its source.
  await page.click('[data-testid="catalogue-toggle"]');
  const entry = page.locator('[data-testid="catalogue-entry"][data-year="2021"]');
  const entryText = (await entry.textContent()) ?? '';
  // Titled as everywhere else in the app («вид · предмет · класс · год»).
  expect(entryText).toContain(procedureTitle({ kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 }));
  expect(entryText).toMatch(/другой год[\s\S]*Источник: ФИОКО/);
  await entry.locator('[data-testid="catalogue-apply"]').click();
  expect(await readScale(page)).toEqual(SCALE.flat());
  expect(await page.getAttribute('[data-testid="scale-status"]', 'data-tone')).toBe('ok');
  expect(await page.inputValue('tr[data-task-id="6"] [data-testid="task-level"]')).toBe('Б');
  expect(await page.getAttribute('[data-testid="specs-screen"]', 'data-dirty')).toBe('true');
  await page.screenshot({ path: '/tmp/oko-specs-1280.png', fullPage: true });

  await page.click('[data-testid="spec-save"]');
  await page.waitForSelector('[data-testid="spec-notice"]');
  expect(await page.textContent('[data-testid="spec-notice"]')).toMatch(/^Сохранено\./);
  expect(await page.getAttribute('[data-testid="specs-screen"]', 'data-dirty')).toBe('false');

  // Reload: the scale and the task fields come back from IndexedDB.
  await page.reload();
  await page.waitForSelector(
    `[data-testid="specs-screen"][data-procedure="${KEY}"] [data-testid="scale-editor"]`,
  );
  expect(await readScale(page)).toEqual(SCALE.flat());
  expect(await page.inputValue('tr[data-task-id="14"] [data-testid="task-level"]')).toBe(
    ENTRY.tasks!.find((t) => t.id === '14')!.level,
  );

  // Export: spec.json with exactly the expected fields.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click('[data-testid="spec-export"]'),
  ]);
  expect(download.suggestedFilename()).toBe('spec.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as Record<string, unknown>;
  expect(exported).toEqual({
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2022,
    tasks: ENTRY.tasks,
    scale: SCALE,
  });

  // Keyboard: the file input behind «Импорт JSON» is reached with Tab.
  await page.focus('[data-testid="spec-export"]');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe(
    'spec-import',
  );

  // Import a valid spec: task fields applied by id.
  const edited = structuredClone(exported) as { tasks: { id: string; skill?: string; level?: string }[] };
  edited.tasks[0].skill = 'Умение из файла';
  edited.tasks[0].level = 'П';
  await page.setInputFiles('[data-testid="spec-import"]', {
    name: 'my-spec.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(edited)),
  });
  await expect
    .poll(() => page.textContent('[data-testid="spec-notice"]'))
    .toMatch(/применено к заданиям — 16/);
  expect(await page.inputValue('tr[data-task-id="1"] [data-testid="task-skill"]')).toBe('Умение из файла');
  expect(await page.inputValue('tr[data-task-id="1"] [data-testid="task-level"]')).toBe('П');

  // An overlapping scale: a warning next to the editor, and it still saves.
  await page.fill('[data-testid="scale-3-from"]', '6');
  const status = page.locator('[data-testid="scale-status"][role="status"]');
  await expect.poll(() => status.getAttribute('data-tone')).toBe('warning');
  expect(await status.textContent()).toMatch(/«2» \(до 6\) и «3» \(от 6\) пересекаются/);
  await page.click('[data-testid="spec-save"]');
  await expect
    .poll(() => page.textContent('[data-testid="spec-notice"]'))
    .toMatch(/Сохранено\. Шкала сохранена с замечаниями/);
  await page.reload();
  await page.waitForSelector(
    `[data-testid="specs-screen"][data-procedure="${KEY}"] [data-testid="scale-editor"]`,
  );
  expect(await readScale(page)).toEqual([0, 6, 6, 10, 11, 14, 15, 20]);
  expect(await page.inputValue('tr[data-task-id="1"] [data-testid="task-skill"]')).toBe('Умение из файла');

  // Back to the official scale.
  await page.fill('[data-testid="scale-3-from"]', '7');
  await page.click('[data-testid="spec-save"]');
  await expect.poll(() => page.textContent('[data-testid="spec-notice"]')).toMatch(/^Сохранено\./);

  // The user's library: save the current spec, then delete it.
  await page.fill('#user-spec-name', 'Математика 5, моя');
  await page.click('[data-testid="user-spec-save"]');
  const item = page.locator('[data-testid="user-specs"] li');
  await item.first().waitFor();
  expect(await item.count()).toBe(1);
  expect(await item.textContent()).toMatch(/Математика 5, моя[\s\S]*«2» 0–6/);
  await page.reload();
  await page.waitForSelector('[data-testid="user-specs"] li');
  await page.click('[data-testid="user-spec-delete"]');
  await page.waitForSelector('[data-testid="user-specs"]', { state: 'detached' });

  // Phone width: no page-wide horizontal scroll.
  await page.setViewportSize({ width: 360, height: 740 });
  await noHorizontalScroll(page);
  await page.screenshot({ path: '/tmp/oko-specs-360.png', fullPage: true });
  await page.setViewportSize({ width: 768, height: 1024 });
  await noHorizontalScroll(page);
  await page.screenshot({ path: '/tmp/oko-specs-768.png', fullPage: false });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The analysis now has marks: the engine's numbers for the same file and scale.
  const ds = await importFile(new Uint8Array(readFileSync(MA5)), {
    fileName: 'vpr2022-ma5-fisoko-protocol.xlsx',
  });
  ds.meta.procedure.scale = SCALE;
  const all = analyzeProcedure(ds).units.find((u) => u.id === ALL_UNIT_ID)!;
  const after = await analysisTiles(page);
  expect(all.uspevaemost).not.toBeNull();
  expect(Math.abs(Number(after.uspevaemost) - all.uspevaemost!)).toBeLessThan(1e-9);
  expect(Math.abs(Number(after.kachestvo) - all.kachestvo!)).toBeLessThan(1e-9);
  expect(Number(after.meanMark)).toBeGreaterThan(2);

  expect(errors).toEqual([]);
  await context.close();
});
