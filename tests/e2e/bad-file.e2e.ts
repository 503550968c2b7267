// (c) A .xlsx that is not a zip: a Russian error naming the file, and nothing stored.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, FIXTURES, launch, newContext, procedureKeys, readCounts, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('a broken .xlsx shows a Russian error and leaves the stored data unchanged', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);

  await page.setInputFiles(
    '[data-testid="import-file"]',
    fileURLToPath(new URL('real/vpr2022-ma5-fisoko-protocol.xlsx', FIXTURES)),
  );
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');
  const before = await procedureKeys(page);
  const beforeCounts = await readCounts(page, '[data-testid="procedure-list"] > li');

  await page.setInputFiles('[data-testid="import-file"]', {
    name: 'сломанный.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from('Это не zip-архив, а просто текст.\n'),
  });
  const alert = page.locator('[role="alert"][data-testid="import-error"]');
  await alert.waitFor({ timeout: 30_000 });
  const text = (await alert.textContent()) ?? '';
  console.log('bad file alert:', text);
  expect(text).toMatch(/[А-Яа-яЁё]{4,}/);
  expect(text).toContain('сломанный.xlsx');
  expect(await page.locator('[data-testid="import-summary"]').count()).toBe(0);

  await page.reload();
  await waitForList(page);
  expect(await procedureKeys(page)).toEqual(before);
  expect(await readCounts(page, '[data-testid="procedure-list"] > li')).toEqual(beforeCounts);
  await page.screenshot({ path: '/tmp/oko-bad-file.png', fullPage: true });
  await context.close();
});
