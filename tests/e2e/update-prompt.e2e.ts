// A new service worker waits for the user (registerType 'prompt', vite-pwa#663): the banner
// appears, the page is not reloaded, and «Обновить» is held back while an import is unsaved.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURES, launch, newContext, waitForList } from './browser';

// Chromium fetches service-worker scripts outside Playwright's routing, so a "new deployment" is
// simulated with a tiny static server of our own whose sw.js can change between requests.
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
// Its own server (the update needs a second build); offset from the run's port so parallel runs do not clash.
const PORT = Number(process.env.OKO_E2E_PORT ?? 4173) + 6;
const BASE = `http://127.0.0.1:${PORT}/`;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};
let deployed = 1;
let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const asked = normalize(decodeURIComponent(new URL(req.url ?? '/', BASE).pathname)).replace(/^\/+/, '');
    const path = asked === '' || asked === '.' ? 'index.html' : asked;
    try {
      let body: Buffer | string = await readFile(join(DIST, path));
      if (path === 'sw.js') body = `${body}\n// сборка ${deployed}\n`;
      res.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

test('update banner: no auto-reload (not even when another tab updates) while a preview is unsaved', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${BASE}#/import`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await waitForList(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await page.setInputFiles(
    '[data-testid="import-file"]',
    fileURLToPath(new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES)),
  );
  await page.waitForSelector('[data-testid="import-summary"]');
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // "Deploy" a new build: sw.js changes by one comment.
  deployed = 2;
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg?.update();
  });

  const banner = page.locator('[data-testid="update-banner"]');
  await banner.waitFor({ timeout: 30_000 });
  expect(await banner.textContent()).toContain('Доступна новая версия');
  const update = banner.getByRole('button', { name: 'Обновить' });
  expect(await update.isDisabled()).toBe(true);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  expect(await page.locator('[data-testid="import-summary"]').count()).toBe(1);
  await page.screenshot({ path: '/tmp/oko-update-banner.png' });

  // Another tab, with nothing unsaved, applies the update: the new worker takes control of
  // every tab, but this one must not reload over the unsaved preview.
  const other = await context.newPage();
  await other.goto(`${BASE}#/`);
  const otherBanner = other.locator('[data-testid="update-banner"]');
  await otherBanner.waitFor({ timeout: 30_000 });
  await Promise.all([
    other.waitForEvent('load'),
    otherBanner.getByRole('button', { name: 'Обновить' }).click(),
  ]);
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  expect(await page.locator('[data-testid="import-summary"]').count()).toBe(1);
  expect(await update.isDisabled()).toBe(true);

  // Discard the preview: now the update may reload the page.
  await page.getByRole('button', { name: 'Не сохранять' }).click();
  expect(await update.isDisabled()).toBe(false);
  await Promise.all([page.waitForEvent('load'), update.click()]);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    undefined,
  );
  await context.close();
});
