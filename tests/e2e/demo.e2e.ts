// (d) One click on the start screen generates demo data in the worker and stores it.
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

test('demo data: one click, then the data screen lists procedures', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await loadDemo(page);
  expect(await page.locator('[data-testid="import-error"]').count()).toBe(0);
  expect(await page.locator('[data-testid="import-notice"]').textContent()).toContain(
    'процедур — 8, перепроверок — 2, таблица контекста школ',
  );
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
  // The re-checks sit under their procedures: ВПР 2026 Математика 4 and 5.
  const rechecked = () =>
    page
      .locator('[data-testid="procedure-list"] > li')
      .evaluateAll((els) =>
        els
          .filter((e) => e.querySelector('[data-testid="recheck-item"]'))
          .map((e) => (e as HTMLElement).dataset.key),
      );
  expect((await rechecked()).sort()).toEqual(['ВПР-2026-Математика-4', 'ВПР-2026-Математика-5']);

  // Deleting a re-checked procedure takes its re-check along; the demo button brings both back,
  // and nothing else (every other part of the demo is already stored).
  const item = page.locator('[data-testid="procedure-list"] > li[data-key="ВПР-2026-Математика-4"]');
  await item.locator('[data-testid="procedure-delete"]').click();
  await page.click('dialog[open] [data-testid="confirm-yes"]');
  await item.waitFor({ state: 'detached' });
  expect(await rechecked()).toEqual(['ВПР-2026-Математика-5']);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  const notice = page.locator('[data-testid="import-notice"]');
  await notice.filter({ hasText: 'процедур — 1' }).waitFor({ timeout: 150_000 });
  expect(await notice.textContent()).toContain('процедур — 1, перепроверок — 1.');
  await page.click('nav a[href="#/data"]');
  await waitForList(page);
  expect(await procedureKeys(page)).toHaveLength(8);
  expect((await rechecked()).sort()).toEqual(['ВПР-2026-Математика-4', 'ВПР-2026-Математика-5']);
  expect(errors).toEqual([]);
  await context.close();
});
