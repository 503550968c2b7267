// Re-check (перепроверка) through the page: import the synthetic region's 2023 protocol, then its
// re-check file marked as «Результаты перепроверки»; «Данные» shows it apart from the pupils;
// «Объективность» uses it: no «нет данных перепроверки» for that procedure, and a school's page shows
// the re-check row whose mean downgrade equals a naive computation from the two files.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importFile } from '../../src/domain/import/import-file';
import type { Dataset } from '../../src/domain/model';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext, waitForList } from './browser';

const PROTOCOL = new URL('synthetic/vpr-ma4-2023-protocol.xlsx', FIXTURES);
const RECHECK = new URL('synthetic/vpr-ma4-2023-recheck.xlsx', FIXTURES);
const KEY = 'ВПР-2023-Математика-4';
/** A school of the region with re-checked works (lenient grading planted in 2023, truth.json). */
const SCHOOL = 'edu993006';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Per work of the school: protocol total − commission total, matched by code (written by hand). */
async function downgrades(): Promise<number[]> {
  const read = (u: URL) => importFile(new Uint8Array(readFileSync(fileURLToPath(u))), { fileName: 'f.xlsx' });
  const totals = (ds: Dataset) => {
    const m = new Map<string, number>();
    for (let i = 0; i < ds.pupils.n; i++) {
      if (ds.meta.schools[ds.pupils.school[i]].login !== SCHOOL || ds.pupils.absent[i]) continue;
      m.set(
        ds.pupils.code[i],
        ds.pupils.scores.reduce((s, col) => s + col[i], 0),
      );
    }
    return m;
  };
  const orig = totals(await read(PROTOCOL));
  return [...totals(await read(RECHECK))].map(([code, t]) => orig.get(code)! - t);
}

test('a protocol and its re-check: stored apart, used by «Объективность»', async () => {
  const d = await downgrades();
  expect(d.length).toBeGreaterThanOrEqual(2);
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);

  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(PROTOCOL));
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  // Nothing stored yet: no procedure to re-check, so no choice is offered.
  expect(await page.locator('[data-testid="import-role"]').count()).toBe(0);
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector(`[data-testid="procedure-list"] > li[data-key="${KEY}"]`);
  const written = await page.getAttribute(
    `[data-testid="procedure-list"] > li[data-key="${KEY}"]`,
    'data-written',
  );

  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(RECHECK));
  await page.waitForSelector('[data-testid="import-role"]', { timeout: 60_000 });
  // The file name says «recheck»: offered as a re-check of the stored procedure it names.
  expect(await page.isChecked('[data-testid="import-role-recheck"]')).toBe(true);
  expect(await page.inputValue('[data-testid="import-recheck-target"]')).toBe(KEY);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: '/tmp/oko-recheck-preview-360.png', fullPage: true });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(fits, 'preview at 360 px: no horizontal page scroll').toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('[data-testid="import-confirm"]');
  const notice = page.locator('[data-testid="import-notice"]');
  await notice.waitFor({ timeout: 60_000 });
  expect(await notice.textContent()).toMatch(
    /Сохранено как перепроверка «ВПР-2023-Математика-4».*сопоставлено с протоколом работ: 158 из 158\./,
  );

  // «Данные»: the re-check is listed with its role; the pupils' counts did not change.
  await page.goto(`${BASE_URL}#/data`);
  const item = page.locator(`[data-testid="procedure-list"] > li[data-key="${KEY}"]`);
  await item.locator('[data-testid="recheck-item"]').waitFor();
  expect(await item.getAttribute('data-written')).toBe(written);
  expect(await item.locator('[data-testid="recheck-item"]').getAttribute('data-works')).toBe('158');
  expect(await item.locator('[data-testid="recheck-item"]').textContent()).toContain('Перепроверка');

  await page.goto(`${BASE_URL}#/objectivity`);
  await page.waitForSelector('[data-testid="objectivity-subject"] option[value="Математика"]', {
    state: 'attached',
    timeout: 60_000,
  });
  await page.selectOption('[data-testid="objectivity-subject"]', 'Математика');
  await page.click('[data-testid="objectivity-run"]');
  await page.waitForSelector('[data-testid="objectivity-result"][data-subject="Математика"]', {
    timeout: 150_000,
  });
  const notes = (await page.locator('[data-testid="objectivity-notes"]').textContent()) ?? '';
  expect(notes).not.toContain('нет данных перепроверки');

  await page.selectOption('[data-testid="objectivity-own"]', SCHOOL);
  await page.waitForSelector(`[data-testid="school-detail"][data-school="${SCHOOL}"]`);
  const row = page.locator(
    `[data-testid="signal-row"][data-signal-id="recheck-downgrade"][data-procedure="${KEY}"]`,
  );
  expect(await row.count()).toBe(1);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  expect(Math.abs(Number(await row.getAttribute('data-effect')) - mean)).toBeLessThan(1e-12);
  expect(await row.textContent()).toContain('Снижение баллов при перепроверке');
  expect(await row.textContent()).toContain(`по ${d.length} работам`);
  expect(errors).toEqual([]);
  await context.close();
});
