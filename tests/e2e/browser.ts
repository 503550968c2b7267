// Shared Chromium launch and page helpers for the e2e files.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Set by vitest.e2e.config.ts so every e2e run on the machine has its own server. */
export const E2E_PORT = Number(process.env.OKO_E2E_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}/`;
export const FIXTURES = new URL('../fixtures/', import.meta.url);

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function newContext(
  browser: Browser,
  viewport = { width: 1024, height: 768 },
): Promise<BrowserContext> {
  return browser.newContext({ viewport, hasTouch: true, locale: 'ru-RU', acceptDownloads: true });
}

/** Uncaught page errors and CSP refusals fail the test that saw them. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export interface Counts {
  rows: number;
  written: number;
  absent: number;
  schools: number;
  classes: number;
}

export async function readCounts(page: Page, selector: string): Promise<Counts & { warnings?: number }> {
  return page.locator(selector).evaluate((el) => {
    const n = (k: string) => Number((el as HTMLElement).dataset[k]);
    return {
      rows: n('rows'),
      written: n('written'),
      absent: n('absent'),
      schools: n('schools'),
      classes: n('classes'),
      warnings: (el as HTMLElement).dataset.warnings === undefined ? undefined : n('warnings'),
    };
  });
}

/** Keys of the stored procedures as the list shows them. */
export async function procedureKeys(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="procedure-list"] > li')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.key ?? ''));
}

/** Wait until the procedure list has been read from IndexedDB. */
export async function waitForList(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="procedure-list"][aria-busy="false"]', { state: 'attached' });
}

/** Load the demo municipality (the «load-demo» button on the current screen) and wait until it is stored. */
export async function loadDemo(page: Page): Promise<void> {
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
}
