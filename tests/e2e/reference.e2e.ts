// «Сравнить с ФИС ОКО» on the Анализ screen: import the real ВПР 2022 МА 4 protocol, load a ФИС ОКО
// «Статистика по отметкам» written here for that procedure, compare with «Россия» (the tiles show
// У = 100 − %«2» and КЗ = %«4» + %«5» of the Вся выборка row), reload (the reference stays), a file of
// another procedure asks where it belongs, a broken file gives a Russian alert naming the file.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { headerBlock, xlsx, type Aoa } from '../fixtures/reference/reference-workbooks';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext, waitForList } from './browser';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);
const RU4_MARKS = new URL('reference/fisoko-ru4-2026-marks.xlsx', FIXTURES);
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** name, Кол-во ОО, Кол-во участников, %2, %3, %4, %5 (synthetic, two decimals as ФИС ОКО prints). */
const ROWS: [string, number | null, number, number, number, number, number][] = [
  ['Вся выборка', 36012, 1483210, 4.37, 27.81, 44.02, 23.8],
  ['Алтайский край', 912, 23154, 5.12, 30.4, 43.1, 21.38],
  ['Рубцовский муниципальный район(reg22_m031)', 21, 402, 6.22, 33.58, 41.29, 18.91],
  ['МБОУ «Новоалтайская СОШ»(edu220145)', null, 58, 3.45, 25.86, 48.28, 22.41],
];
const RUSSIA = ROWS[0];

function marksWorkbook(): Buffer {
  const aoa: Aoa = [
    ...headerBlock('Статистика по отметкам', 'ВПР 2022 Математика 4 класс', 'Математика', 20, '25.04.2022'),
    ['Группы участников', 'Кол-во ОО', 'Кол-во участников', 2, 3, 4, 5],
    ...ROWS,
  ];
  // «Выполнение заданий» with the 2022 protocol's ids spelled as ФИС ОКО does (`5(1)`).
  const tasks = [
    '1',
    '2',
    '3',
    '4',
    '5(1)',
    '5(2)',
    '6(1)',
    '6(2)',
    '7',
    '8',
    '9(1)',
    '9(2)',
    '10',
    '11',
    '12',
  ];
  const tasksAoa: Aoa = [
    ...headerBlock('Выполнение заданий', 'ВПР 2022 Математика 4 класс', 'Математика', 20, '25.04.2022'),
    ['Группы участников', 'Кол-во участников', ...tasks],
    ...ROWS.map(([name, , n], r) => [name, n, ...tasks.map((_, k) => 90 - 4 * k - r)]),
  ];
  return Buffer.from(
    xlsx([
      ['Статистика по отметкам', aoa],
      ['Выполнение заданий', tasksAoa],
    ]),
  );
}

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

async function openAnalysis(page: Page): Promise<void> {
  await page.click('nav a[href="#/analysis"]');
  await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid="reference-panel"]');
}

const attr = (page: Page, selector: string, name: string) => page.locator(selector).getAttribute(name);

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

async function expectRussia(page: Page): Promise<void> {
  await page.selectOption('[data-testid="reference-compare"]', { label: 'Россия' });
  await page.waitForSelector('[data-testid="tile-ref-uspevaemost"]');
  const [, , , p2, , p4, p5] = RUSSIA;
  const u = Number(await attr(page, '[data-testid="tile-ref-uspevaemost"]', 'data-value'));
  const k = Number(await attr(page, '[data-testid="tile-ref-kachestvo"]', 'data-value'));
  expect(Math.abs(u - (100 - p2))).toBeLessThan(1e-9);
  expect(Math.abs(k - (p4 + p5))).toBeLessThan(1e-9);
  expect(Number(await attr(page, '[data-testid="tile-ref-written"]', 'data-value'))).toBe(RUSSIA[2]);
  // Absences are in no ФИС ОКО report.
  expect(await attr(page, '[data-testid="tile-ref-absent"]', 'data-value')).toBe('');
  expect(await page.locator('[data-testid="tile-ref-absent"]').textContent()).toContain('нет в отчёте');
}

test('ФИС ОКО reference rows next to the class: load, compare with Россия, reload, delete', async () => {
  const context = await newContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');
  await openAnalysis(page);
  expect(await attr(page, '[data-testid="analysis-ready"]', 'data-procedure')).toMatch(
    /ВПР-2022-Математика-4/,
  );

  // The default comparison is all loaded data: no ФИС ОКО values on the tiles.
  expect(await page.locator('[data-testid="reference-compare"]').inputValue()).toBe('');
  expect(await page.locator('[data-testid^="tile-ref-"]').count()).toBe(0);
  const ownU = await attr(page, '[data-testid="tile-uspevaemost"]', 'data-value');

  // A broken file: a Russian alert that names it; nothing is stored.
  await page.setInputFiles('[data-testid="reference-file"]', {
    name: 'сломанный-отчёт.xlsx',
    mimeType: XLSX_MIME,
    buffer: Buffer.from('это не таблица ФИС ОКО\n1;2;3\n'),
  });
  const alert = page.locator('[data-testid="reference-error"][role="alert"]');
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  console.log('broken file alert:', text);
  expect(text).toContain('«сломанный-отчёт.xlsx»');
  expect(text).toMatch(/[А-Яа-яЁё]{4,}/);
  expect(await page.locator('[data-testid="reference-file-item"]').count()).toBe(0);

  // The report for this very procedure is stored at once.
  await page.setInputFiles('[data-testid="reference-file"]', {
    name: 'ВПР 2022 МА4 Статистика по отметкам.xlsx',
    mimeType: XLSX_MIME,
    buffer: marksWorkbook(),
  });
  await page.waitForSelector('[data-testid="reference-file-item"]');
  expect(await page.locator('[data-testid="reference-error"]').count()).toBe(0);
  const labels = await page
    .locator('[data-testid="reference-compare"] option')
    .evaluateAll((os) => os.map((o) => o.textContent?.trim()));
  expect(labels).toEqual([
    'все загруженные данные',
    'Россия',
    'Регион: Алтайский край',
    'Муниципалитет: Рубцовский муниципальный район',
    'Школа: МБОУ «Новоалтайская СОШ»',
  ]);

  await expectRussia(page);
  // The unit's own figures do not move.
  expect(await attr(page, '[data-testid="tile-uspevaemost"]', 'data-value')).toBe(ownU);
  await page.screenshot({ path: '/tmp/reference-all-1280.png', fullPage: true });
  // The task table and chart get the Вся выборка completion (ids `5(1)` ↔ `5.1`). This protocol
  // has no mark scale, so there is no mark distribution to compare.
  const taskHead = await page.locator('[data-testid="task-table"] thead').textContent();
  expect(taskHead).toContain('Россия, %');
  const row51 = await page.locator('[data-testid="task-table"] tr[data-task-id="5.1"]').textContent();
  expect(row51).toContain('74');
  expect(await noHorizontalScroll(page)).toBe(true);

  // A region row, on a school of the class's data.
  await page.selectOption('[data-testid="reference-compare"]', { label: 'Регион: Алтайский край' });
  const regionU = Number(await attr(page, '[data-testid="tile-ref-uspevaemost"]', 'data-value'));
  expect(Math.abs(regionU - (100 - ROWS[1][3]))).toBeLessThan(1e-9);
  const child = page.locator('[data-testid="child-unit"]').first();
  const id = await child.getAttribute('data-id');
  await child.click();
  await page.waitForSelector(`[data-testid="unit-view"][data-id="${id}"]`);
  expect(await page.locator('[data-testid="tile-ref-kachestvo"]').count()).toBe(1);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(200);
  expect(await noHorizontalScroll(page), 'no horizontal scroll at 360px').toBe(true);
  await page.screenshot({ path: '/tmp/reference-unit-360.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // After a reload the reference file is still there.
  await page.reload();
  await openAnalysis(page);
  await page.waitForSelector('[data-testid="reference-file-item"]');
  await expectRussia(page);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForTimeout(200);
  expect(await noHorizontalScroll(page), 'no horizontal scroll at 360px').toBe(true);
  await page.screenshot({ path: '/tmp/reference-all-360.png', fullPage: true });
  await page.locator('[data-testid="reference-panel"]').screenshot({ path: '/tmp/reference-panel-360.png' });
  await page.locator('ul.tiles').screenshot({ path: '/tmp/reference-tiles-360.png' });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A report of another procedure (РУ 4, 2026, not stored): the user is asked, and may cancel.
  await page.setInputFiles('[data-testid="reference-file"]', fileURLToPath(RU4_MARKS));
  const ask = page.locator('[data-testid="reference-ask"]');
  await ask.waitFor();
  expect(await ask.textContent()).toContain('ВПР 2026 Русский язык 4 класс');
  await page.screenshot({ path: '/tmp/reference-ask-1280.png', fullPage: true });
  await ask.locator('button', { hasText: 'Отмена' }).click();
  expect(await page.locator('[data-testid="reference-file-item"]').count()).toBe(1);

  // Delete: the comparison falls back to all loaded data.
  await page.click('[data-testid="reference-delete"]');
  await page.waitForSelector('[data-testid="reference-file-item"]', { state: 'detached' });
  expect(await page.locator('[data-testid="reference-compare"]').inputValue()).toBe('');
  expect(await page.locator('[data-testid^="tile-ref-"]').count()).toBe(0);

  expect(errors).toEqual([]);
  await context.close();
});
