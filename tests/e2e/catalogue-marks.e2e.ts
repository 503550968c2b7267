// Marks without hunting: the real ФИС ОКО 2022 protocol gets its scale from the built-in catalogue
// in the import preview and marks in Анализ — Спецификации never visited. A work the catalogue
// lacks: the preview asks for the scale in one line and shows the marks before saving.
// Figures are checked against a hand count of the file read here with SheetJS.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fisokoProtocol, tasksSumming } from '../unit/fisoko-protocol-generator';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext, waitForList } from './browser';

const MA5 = new URL('real/vpr2022-ma5-fisoko-protocol.xlsx', FIXTURES);

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

function totalsOf(bytes: Uint8Array): number[] {
  const wb = XLSX.read(bytes, { type: 'array' });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Протокол'], { header: 1 });
  const head = rows[0] as string[];
  const cols = head.flatMap((h, c) => (/\(\d+б\)$/.test(String(h)) ? [c] : []));
  const variant = head.indexOf('Вариант');
  return rows
    .slice(1)
    .filter((r) => r.length > 0 && r[variant] !== 'отсутствовал')
    .map((r) => cols.reduce((a, c) => a + (Number(r[c]) || 0), 0));
}

/** Pupils per mark by cut-offs «3», «4», «5» from. */
function marksByHand(totals: number[], from: [number, number, number]): number[] {
  const m = [0, 0, 0, 0];
  for (const t of totals) m[t >= from[2] ? 3 : t >= from[1] ? 2 : t >= from[0] ? 1 : 0] += 1;
  return m;
}

async function distribution(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="import-scale-distribution"] td[data-mark]')
    .evaluateAll((tds) => tds.map((td) => Number((td.textContent ?? '').replace(/\s/g, ''))));
}

async function uspevaemostOnScreen(page: Page): Promise<number> {
  await page.click('nav a[href="#/analysis"]');
  await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  const v = await page.locator('[data-testid="tile-uspevaemost"]').getAttribute('data-value');
  expect(v).not.toBe('');
  return Number(v);
}

/** Lays `selector` out `width` px wide and tells whether its content stays inside. */
const fitsWidth = (page: Page, selector: string, width: number) =>
  page.locator(selector).evaluate((el, w) => {
    const box = el as HTMLElement;
    const old = box.style.width;
    box.style.width = `${w}px`;
    const fits = box.scrollWidth <= w + 1;
    box.style.width = old;
    return fits;
  }, width);

const noOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

test('ФИС ОКО protocol (ВПР 2022 Математика 5), tablet 800×1280: marks from the catalogue', async () => {
  const context = await newContext(browser, { width: 800, height: 1280 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const visited: string[] = [];
  page.on('framenavigated', (f) => visited.push(f.url()));
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA5));
  await page.waitForSelector('[data-testid="import-scale-current"]', { timeout: 60_000 });
  expect(await page.locator('[data-testid="import-scale-current"]').textContent()).toContain(
    '0-6, 7-10, 11-14, 15-20',
  );
  const totals = totalsOf(new Uint8Array(readFileSync(MA5)));
  const hand = marksByHand(totals, [7, 11, 15]);
  expect(await distribution(page)).toEqual(hand);
  expect(await noOverflow(page)).toBe(true);
  await page.screenshot({ path: '/tmp/catalogue-preview-800.png', fullPage: true });

  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');
  const u = await uspevaemostOnScreen(page);
  expect(u).toBeCloseTo((100 * (hand[1] + hand[2] + hand[3])) / totals.length, 9);
  expect(visited.some((url) => url.includes('#/specs'))).toBe(false);
  expect(await page.evaluate(() => location.hash)).not.toContain('specs');
  expect(errors).toEqual([]);
  await context.close();
});

test('a work not in the catalogue, phone 360×740: one line of scale, marks shown before saving', async () => {
  const context = await newContext(browser, { width: 360, height: 740 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  // ВПР «Математика», 9 класс is not in the catalogue.
  const { bytes } = fisokoProtocol({
    code: 'ma',
    grade: 9,
    year: 2022,
    tasks: tasksSumming(14, 20),
    seed: 5,
  });
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', {
    name: 'protocol.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(bytes),
  });
  await page.waitForSelector('[data-testid="import-scale-missing"]', { timeout: 60_000 });
  expect(await page.locator('[data-testid="import-scale-distribution"]').count()).toBe(0);
  await page.fill('[data-testid="import-scale-input"]', '0-6, 7-10, 11-14, 15-20');
  await page.waitForSelector('[data-testid="import-scale-distribution"]');
  const totals = totalsOf(bytes);
  const hand = marksByHand(totals, [7, 11, 15]);
  expect(await distribution(page)).toEqual(hand);
  // The scale step itself fits a phone: laid out 320 px wide, nothing in it sticks out.
  expect(await fitsWidth(page, '[data-testid="import-scale"]', 320)).toBe(true);
  await page.screenshot({ path: '/tmp/catalogue-scale-line-360.png', fullPage: true });
  // The scale step itself fits a phone: laid out 320 px wide, nothing in it sticks out.
  expect(await fitsWidth(page, '[data-testid="import-scale"]', 320)).toBe(true);
  await page.click('[data-testid="import-scale-apply"]');
  await page.waitForSelector('[data-testid="import-scale-current"]', { timeout: 60_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');
  const u = await uspevaemostOnScreen(page);
  expect(u).toBeCloseTo((100 * (hand[1] + hand[2] + hand[3])) / totals.length, 9);
  expect(errors).toEqual([]);
  await context.close();
});
