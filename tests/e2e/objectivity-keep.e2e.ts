// «Объективность» keeps its last result: after a run, going to «Анализ» and back shows the same list
// at once (no new run); deleting one of the works of that subject drops it and asks to recompute;
// so does uploading a new school context file.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, collectPageErrors, launch, loadDemo, newContext, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Navigate inside the page (a hash change keeps the page's module state, as a click on the menu). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

const schoolIds = (page: Page) =>
  page
    .locator('[data-testid="school-link"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.school ?? ''));

async function runMaths(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="objectivity-subject"] option[value="Математика"]', {
    state: 'attached',
    timeout: 60_000,
  });
  await page.selectOption('[data-testid="objectivity-subject"]', 'Математика');
  await page.click('[data-testid="objectivity-run"]');
  await page
    .locator('[data-testid="objectivity-result"][data-subject="Математика"]')
    .waitFor({ timeout: 120_000 });
}

test('the last result survives leaving the screen and goes stale when the data change', async () => {
  const context = await newContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await loadDemo(page);

  await go(page, '#/objectivity');
  await runMaths(page);
  const result = page.locator('[data-testid="objectivity-result"]');
  const workerMs = await result.getAttribute('data-worker-ms');
  const schools = await schoolIds(page);
  expect(schools.length).toBeGreaterThan(0);
  const time = (await page.locator('[data-testid="objectivity-time"]').textContent()) ?? '';
  expect(time).toMatch(/^Рассчитано в \d\d:\d\d за \d+(,\d)? с$/);

  // Away and back: the same result (same worker time, same schools), no progress bar, no click.
  await go(page, '#/analysis');
  await page.waitForSelector('[data-testid="objectivity-result"]', { state: 'detached' });
  await go(page, '#/objectivity');
  await result.waitFor({ timeout: 5_000 });
  expect(await page.locator('[role="progressbar"]').count()).toBe(0);
  expect(await result.getAttribute('data-subject')).toBe('Математика');
  expect(await result.getAttribute('data-worker-ms')).toBe(workerMs);
  expect(await page.locator('[data-testid="objectivity-time"]').textContent()).toBe(time);
  expect(await page.inputValue('[data-testid="objectivity-subject"]')).toBe('Математика');
  expect(await schoolIds(page)).toEqual(schools);
  // The worker still holds that report: a school page opens from it.
  await page.locator('[data-testid="school-link"]').first().click();
  await page.waitForSelector(`[data-testid="school-detail"][data-school="${schools[0]}"]`);

  // Delete one Математика work on «Данные»: the kept result is dropped and the screen asks again.
  await go(page, '#/data');
  await waitForList(page);
  const maths = page.locator('[data-testid="procedure-list"] > li[data-key*="Математика"]');
  const mathsBefore = await maths.count();
  expect(mathsBefore).toBeGreaterThan(1);
  await maths.first().locator('[data-testid="procedure-delete"]').click();
  await page.click('dialog[open] [data-testid="confirm-yes"]');
  await expect.poll(() => maths.count()).toBe(mathsBefore - 1);
  await go(page, '#/objectivity');
  const stale = page.locator('[data-testid="objectivity-stale"]');
  await stale.waitFor({ timeout: 10_000 });
  expect(await stale.textContent()).toBe('Данные изменились после расчёта. Рассчитайте признаки заново.');
  expect(await result.count()).toBe(0);

  // Computed again on the remaining works; then a new context file drops it too.
  await runMaths(page);
  expect(((await page.locator('.stats').textContent()) ?? '').replace(/\s+/g, ' ')).toContain(
    `Математика: ${mathsBefore - 1} работ`,
  );
  await page.setInputFiles('[data-testid="context-file"]', {
    name: 'контекст.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Логин;Тип поселения\n${schools[0]};город\n`, 'utf8'),
  });
  await stale.waitFor({ timeout: 10_000 });
  expect(await stale.textContent()).toBe('Загружен новый контекст школ. Рассчитайте признаки заново.');
  expect(await result.count()).toBe(0);

  expect(errors).toEqual([]);
  await context.close();
});
