// «Объективность»: load the demo, compute the signs for Математика in the worker, open a school
// with signs (the demo plants inflation in «СОШ № 12»), download the JSON and check that every
// signal row on the detail page carries exactly the JSON's effect, interval and q.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ObjectivityReport } from '../../src/domain/objectivity/types';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';
import type { Browser } from 'playwright-core';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

async function checkLayout(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/oko-objectivity-${name}.png`, fullPage: true });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
      .slice(0, 8),
  );
  expect(wide, `${name}: no element wider than the window`).toEqual([]);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, `${name}: no horizontal page scroll`).toBe(true);
  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'main button, main a, main select, main summary, main label.button',
      ),
    ]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ text: e.textContent?.trim() || e.tagName, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ text, r }) => `${text} ${Math.round(r.width)}×${Math.round(r.height)}`),
  );
  expect(small, `${name}: touch targets`).toEqual([]);
}

/** Exactly equal, or within 1e-12 (the attribute is String(number), which round-trips). */
function same(attr: string | null, value: number | null | undefined): boolean {
  if (value === null || value === undefined) return attr === '' || attr === null;
  const x = Number(attr);
  return x === value || Math.abs(x - value) <= 1e-12;
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 360, height: 740 },
]) {
  test(`objectivity at ${viewport.width} px: signs of a school equal the JSON`, async () => {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(BASE_URL);
    await page.click('[data-testid="load-demo"]');
    await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });

    await page.goto(`${BASE_URL}#/objectivity`);
    await page.waitForSelector('[data-testid="objectivity-subject"] option[value="Математика"]', {
      state: 'attached',
      timeout: 60_000,
    });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('признаки');
    expect(text).not.toMatch(/доказано|нарушител/i);
    await page.selectOption('[data-testid="objectivity-subject"]', 'Математика');
    await page.click('[data-testid="objectivity-run"]');
    await page.waitForSelector('[role="progressbar"]', { timeout: 10_000 }).catch(() => {});
    const result = page.locator('[data-testid="objectivity-result"][data-subject="Математика"]');
    await result.waitFor({ timeout: 120_000 });
    const workerMs = Number(await result.getAttribute('data-worker-ms'));
    console.log(`objectivity worker time at ${viewport.width} px: ${workerMs.toFixed(0)} ms`);
    expect(workerMs).toBeGreaterThan(0);

    const links = page.locator('[data-testid="school-link"]');
    expect(await links.count()).toBeGreaterThan(0);
    // Missing inputs (no re-check, no context) are said in a status region.
    expect(await page.locator('[data-testid="objectivity-notes"][role="status"]').textContent()).toContain(
      'перепроверки',
    );
    await checkLayout(page, `list-${viewport.width}`);

    // The JSON of the whole report.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="objectivity-json"]'),
    ]);
    const report = JSON.parse(await readFile((await download.path())!, 'utf8')) as ObjectivityReport;
    expect(report.format).toBe('oko-objectivity/v1');

    // «СОШ № 12» if it is listed (the planted inflation), else the first school with signs.
    const planted = links.filter({ hasText: 'СОШ № 12' });
    const link = (await planted.count()) > 0 ? planted.first() : links.first();
    const login = (await link.getAttribute('data-school'))!;
    await link.click();
    await page.waitForSelector(`[data-testid="school-detail"][data-school="${login}"]`);

    const rows = await page.locator('[data-testid="signal-row"]').evaluateAll((els) =>
      els.map((e) => {
        const d = (e as HTMLElement).dataset;
        return {
          id: d.signalId!,
          procedure: d.procedure!,
          unit: d.unit!,
          effect: d.effect ?? null,
          ciLow: d.ciLow ?? null,
          ciHigh: d.ciHigh ?? null,
          q: d.q ?? null,
        };
      }),
    );
    const inJson = report.signals.filter((s) => s.school === login);
    expect(rows.length).toBe(inJson.length);
    expect(inJson.some((s) => s.flagged)).toBe(true);
    for (const r of rows) {
      const s = inJson.find((x) => x.id === r.id && x.procedure === r.procedure && x.unit === r.unit);
      expect(s, `${r.id} ${r.procedure} ${r.unit} in the JSON`).toBeDefined();
      expect(same(r.effect, s!.effect), `${r.id} effect ${r.effect} vs ${s!.effect}`).toBe(true);
      expect(same(r.ciLow, s!.ci95?.[0]), `${r.id} ci low`).toBe(true);
      expect(same(r.ciHigh, s!.ci95?.[1]), `${r.id} ci high`).toBe(true);
      expect(same(r.q, s!.q), `${r.id} q ${r.q} vs ${s!.q}`).toBe(true);
    }
    const detailText = (await page.locator('[data-testid="school-detail"]').textContent()) ?? '';
    expect(detailText).not.toMatch(/доказано|нарушител/i);
    await checkLayout(page, `detail-${viewport.width}`);

    expect(errors).toEqual([]);
    await context.close();
  });
}
