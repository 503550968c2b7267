// «Динамика»: load the demo, follow Математика grade 4 of one school over the years and the
// 2025 grade 4 cohort into 2026 grade 5. The У on screen equals a naive count in Node from the
// same generated datasets; the cohort pair has different task sets, and the screen says so.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import type { Dataset } from '../../src/domain/model';
import { BASE_URL, collectPageErrors, launch, loadDemo, newContext } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

const demo = generateDemo();

/** У of a school: % of the pupils who wrote whose primary score earns «3» or better on the spec scale. */
function naiveU(year: number, subject: string, grade: number, login: string): number {
  const ds = demo.find(
    (d: Dataset) =>
      d.meta.procedure.year === year &&
      d.meta.procedure.subject === subject &&
      d.meta.procedure.grade === grade,
  )!;
  const scale = ds.meta.procedure.scale!;
  const s = ds.meta.schools.findIndex((x) => x.login === login);
  let wrote = 0;
  let passed = 0;
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.absent[i] || ds.pupils.school[i] !== s) continue;
    let score = 0;
    for (const col of ds.pupils.scores) score += col[i];
    wrote++;
    // Marks from the scale: the mark whose range holds the score, «3», «4» or «5» means passed.
    const mark = scale.findIndex(([lo, hi]) => score >= lo && score <= hi) + 2;
    if (mark >= 3) passed++;
  }
  return (100 * passed) / wrote;
}

async function waitResult(page: Page, attrs: Record<string, string>): Promise<void> {
  const sel = Object.entries(attrs)
    .map(([k, v]) => `[data-${k}="${v}"]`)
    .join('');
  await page.waitForSelector(`[data-testid="dynamics-result"]${sel}[aria-busy="false"]`, {
    timeout: 120_000,
  });
}

async function rows(page: Page) {
  return page.locator('[data-testid="dynamics-table"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      year: Number((tr as HTMLElement).dataset.year),
      grade: Number((tr as HTMLElement).dataset.grade),
      u: Number((tr.querySelector('[data-indicator="uspevaemost"]') as HTMLElement).dataset.value),
    })),
  );
}

/** The printed У and its change against the row above: «90,0» and «−0,7» (text of the cell). */
async function printedU(page: Page): Promise<{ value: string; change: string | null }[]> {
  return page
    .locator('[data-testid="dynamics-table"] tbody [data-indicator="uspevaemost"]')
    .evaluateAll((tds) =>
      tds.map((td) => ({
        value: td.querySelector('.val')?.textContent?.trim() ?? '',
        change: td.querySelector('.sub:not(.ref)')?.textContent?.trim() ?? null,
      })),
    );
}

/**
 * A second, naive rule: the value printed with one decimal, the change as the difference of the
 * printed values in tenths (integers, so no rounding noise), with its sign.
 */
// Tenths, rounding half up the decimal as written (toPrecision drops the binary noise of x·10).
const tenths = (x: number) => Math.round(Number((x * 10).toPrecision(12)));
const printed = (x: number) => `${Math.floor(tenths(x) / 10)},${tenths(x) % 10}\u00a0%`;
function printedChange(a: number, b: number): string {
  const d = tenths(b) - tenths(a);
  const abs = Math.abs(d);
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.floor(abs / 10)},${abs % 10} п. п.`;
}

async function checkLayout(page: Page, name: string): Promise<void> {
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, `${name}: no horizontal page scroll`).toBe(true);
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main button, main a, main select, main .segmented label')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ text: e.textContent?.trim() || e.tagName, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  expect(small, `${name}: touch targets`).toEqual([]);
  await page.screenshot({ path: `/tmp/oko-dynamics-${name}.png`, fullPage: true });
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 360, height: 740 },
]) {
  test(`dynamics at ${viewport.width} px: years of one school, then a cohort`, async () => {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(BASE_URL);
    await loadDemo(page);

    await page.goto(`${BASE_URL}#/dynamics`);
    await page.waitForSelector('[data-testid="dynamics-controls"]', { timeout: 60_000 });
    await waitResult(page, { level: 'all' });

    await page.selectOption('[data-testid="dynamics-subject"]', 'Математика');
    await page.selectOption('[data-testid="dynamics-grade"]', '4');
    await waitResult(page, { subject: 'Математика', grade: '4', level: 'all' });
    await page.selectOption('[data-testid="dynamics-level"]', 'school');
    const logins = await page
      .locator('[data-testid="dynamics-school"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    const login = logins[1];
    await page.selectOption('[data-testid="dynamics-school"]', login);
    await waitResult(page, {
      mode: 'years',
      subject: 'Математика',
      grade: '4',
      level: 'school',
      unit: login,
    });

    const years = await rows(page);
    expect(years.map((r) => r.year)).toEqual([2025, 2026]);
    for (const r of years) expect(Math.abs(r.u - naiveU(r.year, 'Математика', 4, login))).toBeLessThan(1e-9);
    // What a завуч checks by hand: the change is the difference of the printed values.
    const shownU = await printedU(page);
    expect(shownU.map((x) => x.value)).toEqual(years.map((r) => printed(r.u)));
    expect(shownU[0].change).toBeNull();
    expect(shownU[1].change?.replace(/\s/g, ' ')).toBe(printedChange(years[0].u, years[1].u));
    // Same work both years: the per-task comparison is offered, no incompatibility note.
    expect(await page.locator('[data-testid="dynamics-tasks"]').count()).toBe(1);
    expect(await page.locator('[data-testid="dynamics-notes"] [data-kind="incompatible"]').count()).toBe(0);
    const chart = page.locator('[data-testid="dynamics-chart"] svg[role="img"]');
    await chart.first().waitFor();
    expect(await chart.count()).toBe(5);
    expect(await chart.first().getAttribute('aria-label')).toContain('2025');
    await checkLayout(page, `years-${viewport.width}`);

    // The cohort: 2025 grade 4 → 2026 grade 5 of the same school.
    await page.click('label:has([data-testid="dynamics-mode-cohort"])');
    await waitResult(page, { mode: 'cohort', subject: 'Математика', level: 'school', unit: login });
    const cohort = await rows(page);
    expect(cohort.map((r) => [r.grade, r.year])).toEqual([
      [4, 2025],
      [5, 2026],
    ]);
    expect(Math.abs(cohort[0].u - naiveU(2025, 'Математика', 4, login))).toBeLessThan(1e-9);
    expect(Math.abs(cohort[1].u - naiveU(2026, 'Математика', 5, login))).toBeLessThan(1e-9);
    // Математика 4 and 5 have different tasks: indicators only, and the screen says why.
    const note = page.locator('[data-testid="dynamics-notes"][role="status"] [data-kind="incompatible"]');
    expect(await note.count()).toBe(1);
    expect(await note.textContent()).toContain('сравнение по заданиям не проводится');
    expect(await page.locator('[data-testid="dynamics-tasks"]').count()).toBe(0);
    await checkLayout(page, `cohort-${viewport.width}`);

    // A class of the cohort follows its letter.
    await page.selectOption('[data-testid="dynamics-level"]', 'class');
    await waitResult(page, { mode: 'cohort', level: 'class' });
    expect((await rows(page)).length).toBe(2);
    expect(await page.locator('[data-testid="dynamics-notes"] [data-kind="by-letter"]').count()).toBe(1);
    await checkLayout(page, `class-${viewport.width}`);

    expect(errors).toEqual([]);
    await context.close();
  });
}
