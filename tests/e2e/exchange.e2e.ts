// «Обмен»: load the demo, export the anonymised package of each of the 20 schools for one
// procedure, load them back on the municipality side (with one hostile file) and check the
// municipal У and written counts against analyzeProcedure on the same generated datasets.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { analyzeProcedure } from '../../src/domain/report';
import { procedureTitle } from '../../src/domain/text/procedure';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

const ds = generateDemo().find(
  (d) =>
    d.meta.procedure.year === 2026 &&
    d.meta.procedure.subject === 'Математика' &&
    d.meta.procedure.grade === 5,
)!;
const pupils = analyzeProcedure(ds);
/** The procedure as the app names it everywhere: «ВПР · Математика · 5 класс · 2026». */
const MATH5 = procedureTitle(ds.meta.procedure);

test('school packages exported on the school side rebuild the municipality', async () => {
  const context = await newContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });

  await page.goto(`${BASE_URL}#/exchange`);
  await page.waitForSelector('[data-testid="exchange-procedure"]', { timeout: 60_000 });
  await page.selectOption('[data-testid="exchange-procedure"]', { label: MATH5 });
  const options = page.locator('[data-testid="exchange-school-select"] option');
  await expect.poll(() => options.count(), { timeout: 60_000 }).toBe(20);
  const logins = await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

  const files: { name: string; mimeType: string; buffer: Buffer }[] = [];
  // Chromium holds back a page's second download that does not follow a fresh click, so each
  // school is exported from its own page (the data stay in IndexedDB).
  for (const login of logins) {
    const p = await context.newPage();
    const pageErrors = collectPageErrors(p);
    await p.goto(`${BASE_URL}#/exchange`);
    await p.waitForSelector('[data-testid="exchange-procedure"]', { timeout: 60_000 });
    await p.selectOption('[data-testid="exchange-procedure"]', { label: MATH5 });
    const opts = p.locator('[data-testid="exchange-school-select"] option');
    await expect.poll(() => opts.count(), { timeout: 60_000 }).toBe(20);
    await p.selectOption('[data-testid="exchange-school-select"]', login);
    const [download] = await Promise.all([
      p.waitForEvent('download', { timeout: 30_000 }),
      p.click('[data-testid="exchange-export"]'),
    ]);
    const name = download.suggestedFilename();
    expect(name.startsWith('ВПР 2026, Математика, 5 класс — ')).toBe(true);
    expect(name.endsWith(`(${login}).oko-aggregate.json`)).toBe(true);
    const buffer = readFileSync(await download.path());
    // No pupil code in what leaves the school.
    const text = buffer.toString('utf8');
    for (let i = 0; i < ds.pupils.n; i += 97) expect(text.includes(`"${ds.pupils.code[i]}"`)).toBe(false);
    files.push({ name, mimeType: 'application/json', buffer });
    expect(pageErrors).toEqual([]);
    await p.close();
  }
  files.push({
    name: 'hostile.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"oko-aggregate/v1","__proto__":{"polluted":true}}'),
  });

  await page.setInputFiles('[data-testid="exchange-upload"]', files);
  await page.waitForSelector('[data-testid="exchange-table"]', { timeout: 60_000 });
  expect(await page.locator('[data-testid="exchange-rejected"]').textContent()).toContain('hostile.json');
  expect(await page.locator('h3').allTextContents()).toEqual([`${MATH5} — пакетов: ${logins.length}`]);

  const rows = await page.locator('[data-testid="exchange-row"]').evaluateAll((trs) =>
    trs.map((tr) => ({
      level: (tr as HTMLElement).dataset.level,
      id: (tr as HTMLElement).dataset.id,
      written: Number((tr.querySelector('[data-testid="exchange-written"]') as HTMLElement).dataset.value),
      u: Number((tr.querySelector('[data-testid="exchange-u"]') as HTMLElement).dataset.value),
    })),
  );
  expect(rows.filter((r) => r.level === 'school')).toHaveLength(20);
  for (const r of rows) {
    const u = pupils.units.find((x) => x.level === r.level && x.id === r.id)!;
    expect(r.written, `${r.level} ${r.id}`).toBe(u.written);
    expect(Math.abs(r.u - u.uspevaemost!), `${r.level} ${r.id}`).toBeLessThan(1e-9);
  }
  await page.screenshot({ path: '/tmp/oko-exchange.png', fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
});
