// «Объективность» → a school's own page also lists Rosobrnadzor's official signs. The demo plants
// journal marks that do not follow the results in «СОШ № 10»: its page shows journal-mismatch
// flagged, with the ρ of the report JSON (the engine's buildReport, checked elsewhere against a naive
// Spearman), and says in words that the official screen is coarse.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, collectPageErrors, launch, loadDemo, newContext } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('a school page shows its official signs; «СОШ № 10» has journal-mismatch flagged', async () => {
  const context = await newContext(browser, { width: 360, height: 740 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await loadDemo(page);
  await page.goto(`${BASE_URL}#/objectivity`);
  await page.waitForSelector('[data-testid="objectivity-subject"] option[value="Математика"]', {
    state: 'attached',
    timeout: 60_000,
  });
  await page.selectOption('[data-testid="objectivity-subject"]', 'Математика');
  await page.click('[data-testid="objectivity-run"]');
  await page
    .locator('[data-testid="objectivity-result"][data-subject="Математика"]')
    .waitFor({ timeout: 120_000 });
  const own = page.locator('[data-testid="objectivity-own"] option', { hasText: 'СОШ № 10' });
  const login = await own.first().getAttribute('value');
  expect(login).toBeTruthy();
  await page.selectOption('[data-testid="objectivity-own"]', login!);
  const block = page.locator('[data-testid="official-signs"]');
  await block.waitFor({ timeout: 30_000 });
  expect(await block.textContent()).toContain('грубый отбор');
  const rows = block.locator('[data-testid="official-sign"][data-sign="journal-mismatch"]');
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  let flagged = 0;
  for (let i = 0; i < n; i++) {
    const r = rows.nth(i);
    const v = Number(await r.getAttribute('data-value'));
    const f = (await r.getAttribute('data-flagged')) === 'true';
    expect(f).toBe(v < 0);
    if (f) flagged++;
    // The value on screen: «корреляция Спирмена −0,38 …» with a Russian decimal comma.
    const shown = (await r.textContent()) ?? '';
    const abs = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      Math.abs(v),
    );
    expect(shown).toContain(abs);
  }
  expect(flagged).toBeGreaterThan(1);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});
