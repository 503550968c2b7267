// (e) The import screen fits tablets and phones: no horizontal page scroll, targets ≥ 44 px.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, FIXTURES, launch, newContext, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

const widths = [
  { width: 1280, height: 800 },
  { width: 768, height: 1024 },
  { width: 360, height: 740 },
];

for (const viewport of widths) {
  test(`import screen at ${viewport.width} px: no horizontal scroll`, async () => {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    await page.goto(`${BASE_URL}#/import`);
    await waitForList(page);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await fits()).toBe(true);

    await page.setInputFiles(
      '[data-testid="import-file"]',
      fileURLToPath(new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES)),
    );
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
    expect(await fits()).toBe(true);
    await page.screenshot({ path: `/tmp/oko-import-${viewport.width}.png`, fullPage: true });

    // Every visible button and link is a comfortable touch target.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, a, select, input:not([type="file"])')]
        .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
        .map((e) => ({
          text: e.textContent?.trim() || e.getAttribute('aria-label') || e.tagName,
          r: e.getBoundingClientRect(),
        }))
        .filter(({ r }) => r.height < 44 || r.width < 44)
        .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
    );
    expect(small).toEqual([]);
    await context.close();
  });
}
