// Data screen: deleting asks first (Esc keeps the data); another tab upgrading the DB shows
// «Откройте приложение заново».
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BASE_URL,
  collectPageErrors,
  launch,
  loadDemo,
  newContext,
  procedureKeys,
  waitForList,
} from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('delete with confirmation; versionchange from another tab asks to reopen', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await loadDemo(page);
  await page.goto(`${BASE_URL}#/data`);
  await waitForList(page);
  const before = await procedureKeys(page);
  expect(before.length).toBeGreaterThan(1);

  // Keyboard: the dialog takes focus; Esc cancels and nothing is deleted.
  await page.locator('[data-testid="procedure-delete"]').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog[open]');
  await page.screenshot({ path: '/tmp/oko-delete-dialog.png' });
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog[open]', { state: 'detached' });
  expect(await procedureKeys(page)).toEqual(before);

  await page.locator('[data-testid="procedure-delete"]').first().click();
  await page.click('dialog[open] [data-testid="confirm-yes"]');
  await expect.poll(() => procedureKeys(page)).toEqual(before.slice(1));

  // A newer app version in another tab upgrades the database.
  const other = await context.newPage();
  await other.goto(`${BASE_URL}#/data`);
  await other.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('oko-analytics', 1000);
        req.onsuccess = () => (req.result.close(), resolve());
        req.onerror = () => reject(req.error);
      }),
  );
  await page.waitForSelector('[data-testid="reload-banner"]', { timeout: 10_000 });
  expect(await page.locator('[data-testid="reload-banner"]').textContent()).toContain(
    'Откройте приложение заново',
  );
  expect(errors).toEqual([]);
  await context.close();
});
