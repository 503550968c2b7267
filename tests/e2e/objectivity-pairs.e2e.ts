// The pair graph with real data: import the ФИС ОКО protocol of tests/fixtures/objectivity-pairs (ВПР
// 2021 Математика 5, 40 schools simulated from a PCM, five pupils of one class with one answer
// pattern) through «Импорт», run «Объективность», open the planted school and check the «похожие
// пары» row: the graph is drawn (an SVG image with a line per pair and a dot per pupil), its list of
// pairs says exactly the JSON's edges (codes, totals, matches, expected, p as the page prints them),
// and at 360 px the graph and its labels stay inside the window.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Evidence, ObjectivityReport } from '../../src/domain/objectivity/types';
import { generate } from '../fixtures/objectivity-pairs/generate';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext, waitForList } from './browser';

const FILE = new URL('objectivity-pairs/vpr2021-ma5-pairs-protocol.csv', FIXTURES);
const planted = generate();
const login = planted.classId.split('/')[0];

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** p as the graph prints it, written again here: «< 0,001» style above, «6,9·10⁻⁵» (cut) below. */
function pText(p: number): string {
  if (p >= 0.001) return new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }).format(p);
  const [m, e] = p.toExponential(8).split('e');
  const mantissa = (Math.floor(Number(m) * 10) / 10).toString().replace('.', ',');
  return `${mantissa}·10⁻${[...String(-Number(e))].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
}
const two = (x: number) => String(Math.round(x * 100) / 100).replace('.', ',');

for (const viewport of [
  { width: 360, height: 740 },
  { width: 1280, height: 900 },
]) {
  test(`pair graph at ${viewport.width} px: drawn, its pairs equal the JSON evidence`, async () => {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${BASE_URL}#/import`);
    await waitForList(page);
    await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(FILE));
    await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="procedure-list"] > li[data-key="ВПР-2021-Математика-5"]');

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
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="objectivity-json"]'),
    ]);
    const report = JSON.parse(await readFile((await download.path())!, 'utf8')) as ObjectivityReport;
    const pairsSignals = report.signals.filter((s) => s.id === 'similar-pairs');
    expect(pairsSignals.filter((s) => s.flagged).map((s) => s.unit)).toEqual([planted.classId]);
    const signal = pairsSignals.find((s) => s.unit === planted.classId)!;
    const ev = signal.evidence as Extract<Evidence, { kind: 'pairs' }>;
    expect(ev.kind).toBe('pairs');

    await page.locator(`[data-testid="school-link"][data-school="${login}"]`).click();
    await page.waitForSelector(`[data-testid="school-detail"][data-school="${login}"]`);
    const row = page.locator(
      `[data-testid="signal-row"][data-signal-id="similar-pairs"][data-unit="${planted.classId}"]`,
    );
    expect(await row.getAttribute('data-flagged')).toBe('true');
    const box = row.locator('[data-testid="evidence"][data-kind="pairs"]');
    expect(await box.getAttribute('data-source')).toBe('evidence');
    const svg = box.locator('svg[role="img"]');
    await svg.waitFor();
    await svg.scrollIntoViewIfNeeded();

    // One dot per pupil of the class, one line per pair; the label names every pair.
    expect(await svg.locator('circle').count()).toBe(ev.nodes.length);
    expect(await svg.locator('line').count()).toBe(ev.edges.length);
    const sorted = [...ev.edges].sort((a, b) => a.p - b.p);
    const who = (i: number) => `${ev.nodes[i].code} (${ev.nodes[i].total} б.)`;
    const want = sorted.map(
      (e) =>
        `${who(e.a)} и ${who(e.b)}: совпадений ${e.matches} (ожидалось ${two(e.expected)}), p ${pText(e.p)}`,
    );
    // The planted group: its ten pairs, every one of them in the list.
    const inGroup = (e: (typeof sorted)[number]) =>
      planted.clique.includes(ev.nodes[e.a].code) && planted.clique.includes(ev.nodes[e.b].code);
    expect(sorted.filter(inGroup)).toHaveLength(10);
    expect(want.length).toBeLessThanOrEqual(12);
    const list = await box
      .locator('ul.pairs > li')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
    expect(list).toEqual(want);
    expect(list[0]).toMatch(/p \d,\d·10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    const label = (await svg.getAttribute('aria-label')) ?? '';
    for (const e of sorted) expect(label).toContain(`${who(e.a)} и ${who(e.b)}: совпадений ${e.matches}`);

    // The data table says the same pairs.
    await box.locator('details.chart-data > summary').click();
    const cells = await box
      .locator('details.chart-data tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
      );
    expect(cells).toEqual(
      sorted.map((e) => [who(e.a), who(e.b), String(e.matches), two(e.expected), pText(e.p)]),
    );

    // Inside the window: the SVG and every dot and code label of it; no horizontal page scroll.
    const out = await svg.evaluate((el) => {
      const w = window.innerWidth;
      const r = el.getBoundingClientRect();
      const parts = [...el.querySelectorAll('circle, text')].map((e) => e.getBoundingClientRect());
      return {
        svg: [r.left, r.right],
        outside: parts.filter((p) => p.left < -0.5 || p.right > w + 0.5).length,
        parts: parts.length,
        scroll: document.documentElement.scrollWidth - w,
      };
    });
    expect(out.svg[0]).toBeGreaterThanOrEqual(0);
    expect(out.svg[1]).toBeLessThanOrEqual(viewport.width);
    expect(out.parts).toBeGreaterThan(ev.nodes.length);
    expect(out.outside).toBe(0);
    expect(out.scroll).toBeLessThanOrEqual(0);
    await box.screenshot({ path: `/tmp/oko-objectivity-pairs-${viewport.width}.png` });

    expect(errors).toEqual([]);
    await context.close();
  });
}
