// «Ничего не уходит с устройства»: every request of a full session — the page, its workers, the service
// worker — goes to the app's own origin. data:/blob: are allowed.
// Session: load, demo data, a real ФИС ОКО protocol, «Анализ» with the JSON download, a справка on
// «Документы», a backup on «Сохранность».
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, FIXTURES, collectPageErrors, launch, loadDemo, newContext, waitForList } from './browser';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);
const ORIGIN = new URL(BASE_URL).origin;

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

function allowed(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).origin === ORIGIN;
  } catch {
    return false;
  }
}

async function download(page: Page, testId: string): Promise<string> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.click(`[data-testid="${testId}"]`),
  ]);
  return d.suggestedFilename();
}

test('a full session makes same-origin requests only', async () => {
  const context = await newContext(browser);
  const seen: { url: string; from: string }[] = [];
  // Page, dedicated workers and the service worker's own fetches (precache, navigations it serves):
  // Playwright ≥ 1.5x reports the latter here too, with request.serviceWorker() set.
  context.on('request', (r) => {
    seen.push({ url: r.url(), from: r.serviceWorker() ? 'service worker' : 'page and its workers' });
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.waitForSelector('[data-testid="stored-count"]');

  // Demo data.
  await loadDemo(page);

  // A real protocol.
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  const before = await page.locator('[data-testid="procedure-list"] > li').count();
  await page.click('[data-testid="import-confirm"]');
  await expect
    .poll(() => page.locator('[data-testid="procedure-list"] > li').count(), { timeout: 60_000 })
    .toBe(before + 1);

  // «Анализ» and the JSON report.
  await page.click('nav a[href="#/analysis"]');
  await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  expect(await download(page, 'download-json')).toMatch(/\.json$/);

  // A справка.
  await page.click('nav a[href="#/documents"]');
  await page.waitForSelector('[data-testid="documents-procedure"]');
  await page.waitForSelector('[data-testid="doc-spravka"]', { timeout: 120_000 });
  expect(await download(page, 'doc-spravka')).toMatch(/\.docx$/);

  // A backup.
  await page.click('nav a[href="#/safety"]');
  await page.waitForSelector('[data-testid="backup-create"]');
  expect(await download(page, 'backup-create')).toMatch(/\.okobackup$/);
  await page.waitForSelector('[data-testid="backup-notice"]');

  // A reload goes through the service worker.
  await page.reload();
  await page.waitForSelector('nav');

  const foreign = seen.filter((r) => !allowed(r.url));
  expect(foreign, JSON.stringify(foreign, null, 1)).toEqual([]);
  expect(seen.length).toBeGreaterThan(10);
  expect(seen.some((r) => r.from === 'service worker')).toBe(true);
  // The worker scripts themselves (import, analysis, documents, backup) were fetched and checked.
  expect(seen.filter((r) => /worker/i.test(r.url)).length).toBeGreaterThanOrEqual(4);
  const bySource = seen.reduce<Record<string, number>>((m, r) => ((m[r.from] = (m[r.from] ?? 0) + 1), m), {});
  console.log(`network: ${seen.length} requests, all same-origin`, bySource);
  expect(errors).toEqual([]);
  await context.close();
});
