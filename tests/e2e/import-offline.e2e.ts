// (a) Import a ФИС ОКО protocol through the UI, check the counts against an independent count,
// store it, then go offline: the list survives a reload and another import still works.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { read, utils } from 'xlsx';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BASE_URL,
  FIXTURES,
  collectPageErrors,
  launch,
  newContext,
  procedureKeys,
  readCounts,
  waitForList,
} from './browser';
import { countFisokoProtocol } from './fixture-counts';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);
const MA5 = new URL('real/vpr2022-ma5-fisoko-protocol.xlsx', FIXTURES);

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('the service worker precaches the worker chunks', () => {
  const sw = readFileSync(new URL('../../dist/sw.js', import.meta.url), 'utf8');
  expect(sw).toMatch(/assets\/import\.worker-[\w-]+\.js/);
});

test('import → preview counts → confirm → listed; offline reload keeps it; offline import works', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);

  const expected = countFisokoProtocol(MA4);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  const counts = await readCounts(page, '[data-testid="import-summary"]');
  console.log('ma4 preview counts', counts, 'expected', expected);
  expect(counts).toMatchObject(expected);

  // The warnings export: Excel-friendly CSV (BOM, semicolons), every warning on its own line.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="warnings-csv"]'),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFФайл;Лист;Строка;Столбец;Вид;Сообщение\r\n')).toBe(true);
  expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + (counts.warnings ?? 0));
  // …and XLSX, written by SheetJS in the worker.
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="warnings-xlsx"]'),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/предупреждения\.xlsx$/);
  const sheet = read(readFileSync((await xlsx.path())!)).Sheets['Предупреждения'];
  expect(utils.sheet_to_json(sheet)).toHaveLength(counts.warnings ?? 0);

  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');
  expect(await page.locator('[data-testid="import-summary"]').count()).toBe(0);
  const [key] = await procedureKeys(page);
  expect(key).toMatch(/ВПР-2022-Математика-4/);
  const stored = await readCounts(page, `[data-testid="procedure-list"] > li[data-key="${key}"]`);
  expect(stored).toMatchObject(expected);

  // The same file again: recognised by its hash, not stored twice.
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.click('[data-testid="import-confirm"]');
  await expect
    .poll(() => page.locator('[data-testid="import-notice"]').textContent())
    .toContain('Этот файл уже загружен');
  expect(await procedureKeys(page)).toEqual([key]);
  expect(await readCounts(page, `[data-testid="procedure-list"] > li[data-key="${key}"]`)).toMatchObject(
    expected,
  );

  // Offline: first make the page controlled by the service worker, then cut the network.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await waitForList(page);
  expect(await procedureKeys(page)).toEqual([key]);
  expect(await readCounts(page, `[data-testid="procedure-list"] > li[data-key="${key}"]`)).toMatchObject(
    expected,
  );

  // A fresh worker (from the precache) parses and stores another file with no network at all.
  const expected5 = countFisokoProtocol(MA5);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA5));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  expect(await readCounts(page, '[data-testid="import-summary"]')).toMatchObject(expected5);
  await page.click('[data-testid="import-confirm"]');
  await expect.poll(() => procedureKeys(page)).toHaveLength(2);

  await page.screenshot({ path: '/tmp/oko-import-offline.png', fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
