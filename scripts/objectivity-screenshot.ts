// Screenshot of the «Объективность» school detail page with its evidence charts, for the docs:
// loads the demo data in Chromium, computes the signs for one subject and opens one school.
//   npx vite build --outDir /tmp/oko-dist && npx tsx scripts/objectivity-screenshot.ts /tmp/oko-dist
// Options (env): SUBJECT (Русский язык), SCHOOL (part of the name, Октябрьская), WIDTH (900),
// HEIGHT (cut the page at this many px, 2600), OUT (docs/screenshots/objectivity-detail.png), PORT.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const dist = process.argv[2] ?? 'dist';
const port = Number(process.env.PORT ?? 47390);
const subject = process.env.SUBJECT ?? 'Русский язык';
const school = process.env.SCHOOL ?? 'Октябрьская';
const width = Number(process.env.WIDTH ?? 900);
const height = Number(process.env.HEIGHT ?? 2600);
const out =
  process.env.OUT ?? new URL('../docs/screenshots/objectivity-detail.png', import.meta.url).pathname;
const base = `http://127.0.0.1:${port}/`;

const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--outDir', dist, '--port', String(port), '--strictPort'],
  { stdio: 'ignore' },
);
try {
  for (let i = 0; ; i++) {
    if (
      await fetch(base).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error(`vite preview did not answer on ${base}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'ru-RU' });
  await page.goto(base);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  await page.goto(`${base}#/objectivity`);
  await page.waitForSelector(`[data-testid="objectivity-subject"] option[value="${subject}"]`, {
    state: 'attached',
    timeout: 60_000,
  });
  await page.selectOption('[data-testid="objectivity-subject"]', subject);
  await page.click('[data-testid="objectivity-run"]');
  await page.locator('[data-testid="objectivity-result"]').waitFor({ timeout: 120_000 });
  await page.locator('[data-testid="school-link"]', { hasText: school }).first().click();
  await page.waitForSelector('[data-testid="school-detail"]');
  await page.locator('.others > summary').click();
  await page.waitForSelector('.others [data-testid="evidence"] svg[role="img"]');
  await page.waitForTimeout(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = (await page.locator('[data-testid="school-detail"]').boundingBox())!;
  await page.screenshot({
    path: out,
    fullPage: true,
    clip: { x: 0, y: Math.max(0, box.y - 16), width, height: Math.min(box.height, height) + 32 },
  });
  await browser.close();
  console.log(out);
} finally {
  server.kill();
}
