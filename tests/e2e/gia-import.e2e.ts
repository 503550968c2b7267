// ГИА in the browser: an ОГЭ protocol `.xls` with two exams imports through the UI as two
// procedures; a second file whose second exam meets schools already stored is refused as a whole
// (its first, new exam is not stored either) with a message naming the earlier file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SHAPES, generateExam, ogeProtocolXls } from '../../src/domain/demo/gia-protocols';
import { BASE_URL, collectPageErrors, launch, newContext, procedureKeys, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Choose a file and wait for the preview; maxima inferred from the masks are confirmed as shown. */
async function preview(page: Page, file: string): Promise<void> {
  await page.setInputFiles('[data-testid="import-file"]', file);
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  if ((await page.locator('[data-testid="maxima-editor"]').count()) > 0) {
    await page.locator('[data-testid="maxima-recalc"]').first().click();
    await page
      .locator('[data-testid="import-preview"][data-maxima-source="spec"]')
      .first()
      .waitFor({ timeout: 60_000 });
  }
}

test('two exams of one .xls → two procedures; a conflicting file stores nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oko-gia-e2e-'));
  const first = join(dir, 'oge-2024.xls');
  writeFileSync(
    first,
    ogeProtocolXls([generateExam(SHAPES.ogeMath, { seed: 11 }), generateExam(SHAPES.ogeRus, { seed: 12 })]),
  );
  const second = join(dir, 'oge-2024-bio-rus.xls');
  writeFileSync(
    second,
    ogeProtocolXls([generateExam(SHAPES.ogeBio, { seed: 13 }), generateExam(SHAPES.ogeRus, { seed: 14 })]),
  );

  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);

  await preview(page, first);
  await page.click('[data-testid="import-confirm"]');
  await expect.poll(async () => (await procedureKeys(page)).length, { timeout: 60_000 }).toBe(2);
  const keys = (await procedureKeys(page)).sort();
  expect(keys.join(' | ')).toMatch(/ОГЭ-2024-Математика-9/);
  expect(keys.join(' | ')).toMatch(/ОГЭ-2024-Русский язык-9/);

  await preview(page, second);
  await page.click('[data-testid="import-confirm"]');
  await expect
    .poll(() => page.locator('[data-testid="import-error"]').textContent(), { timeout: 60_000 })
    .toContain('«oge-2024.xls»');
  expect(await page.locator('[data-testid="import-error"]').textContent()).toContain('Ничего не сохранено');
  // Биология (the file's first exam) was not stored: still the two procedures of the first file.
  expect((await procedureKeys(page)).sort()).toEqual(keys);
  expect(errors).toEqual([]);
  await context.close();
});
