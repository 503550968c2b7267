// (d) One click on the start screen generates demo data in the worker and stores it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, collectPageErrors, launch, newContext, procedureKeys, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('demo data: one click, then the data screen lists procedures', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  expect(await page.locator('[data-testid="import-error"]').count()).toBe(0);
  await page.screenshot({ path: '/tmp/oko-home-demo.png', fullPage: true });

  await page.click('nav a[href="#/data"]');
  await waitForList(page);
  const keys = await procedureKeys(page);
  console.log('demo procedures:', keys);
  expect(keys.length).toBeGreaterThan(0);
  const written = await page
    .locator('[data-testid="procedure-list"] > li')
    .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.written)));
  expect(written.every((n) => n > 0)).toBe(true);
  await page.screenshot({ path: '/tmp/oko-data-demo.png', fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
