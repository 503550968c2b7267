// A file whose maxima cannot be known (headers without «(Nб)», no procedure in the file name):
// the preview asks to confirm them; choosing the catalogue entry and «Пересчитать» re-imports it.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BASE_URL,
  FIXTURES,
  collectPageErrors,
  launch,
  newContext,
  procedureKeys,
  waitForList,
} from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('observed maxima → confirm via the catalogue → re-import → save', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);

  await page.setInputFiles('[data-testid="import-file"]', {
    name: 'выгрузка.xlsx', // no year/subject in the name: the importer cannot look the work up
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: readFileSync(new URL('real/vpr2021-ma5-region-export.xlsx', FIXTURES)),
  });
  await page.waitForSelector('[data-testid="import-preview"][data-maxima-source="observed"]', {
    timeout: 60_000,
  });
  expect(await page.locator('[data-testid="import-confirm"]').isDisabled()).toBe(true);

  // Without a year the form refuses and says why.
  await page.click('[data-testid="maxima-recalc"]');
  await expect
    .poll(() => page.locator('[data-testid="maxima-editor"] [role="alert"]').textContent())
    .toContain('год');
  await page.screenshot({ path: '/tmp/oko-observed.png', fullPage: true });

  const option = page.locator('#maxima-catalogue option', { hasText: 'ВПР 2021, Математика, 5 класс' });
  await page.selectOption('#maxima-catalogue', (await option.getAttribute('value'))!);
  expect(await page.inputValue('#maxima-year')).toBe('2021');
  await page.click('[data-testid="maxima-recalc"]');
  await page.waitForSelector('[data-testid="import-preview"][data-maxima-source="spec"]', {
    timeout: 60_000,
  });
  await page.click('[data-testid="import-confirm"]');
  await expect.poll(() => procedureKeys(page)).toEqual(['ВПР-2021-Математика-5']);
  expect(errors).toEqual([]);
  await context.close();
});
