// Two tabs of one profile share the database: a write in one (an import in its worker, a delete on the
// page) takes the 'oko-db-write' Web Lock and says «changed» on BroadcastChannel('oko-db'); the other
// tab's «Данные» list follows without a reload.
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BASE_URL,
  FIXTURES,
  collectPageErrors,
  launch,
  newContext,
  procedureKeys,
  waitForList,
} from './browser';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

async function openData(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}#/data`);
  await waitForList(page);
}

test('an import in tab A shows up in tab B, a delete in B disappears from A', async () => {
  const context = await newContext(browser);
  const a = await context.newPage();
  const b = await context.newPage();
  const errorsA = collectPageErrors(a);
  const errorsB = collectPageErrors(b);
  await openData(a);
  await openData(b);
  expect(await procedureKeys(b)).toEqual([]);
  // Both tabs have the Web Locks API (the import worker uses it too).
  expect(await b.evaluate(() => typeof navigator.locks?.request)).toBe('function');

  await a.goto(`${BASE_URL}#/import`);
  await waitForList(a);
  await a.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await a.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  // Tab B holds the write lock: A's worker waits for it and writes nothing meanwhile.
  await b.evaluate(() => {
    const w = window as unknown as { release?: () => void };
    void navigator.locks.request('oko-db-write', () => new Promise<void>((resolve) => (w.release = resolve)));
  });
  await a.click('[data-testid="import-confirm"]');
  await expect
    .poll(() => b.evaluate(async () => (await navigator.locks.query()).pending?.length ?? 0))
    .toBe(1);
  await a.waitForTimeout(500);
  expect(await procedureKeys(a)).toEqual([]);
  await b.evaluate(() => (window as unknown as { release: () => void }).release());
  await a.waitForSelector('[data-testid="procedure-list"] > li', { timeout: 60_000 });
  const [key] = await procedureKeys(a);
  expect(key).toBeTruthy();

  // Tab B, never reloaded.
  await expect.poll(() => procedureKeys(b), { timeout: 10_000 }).toEqual([key]);

  await b.click('[data-testid="procedure-delete"]');
  await b.click('dialog[open] [data-testid="confirm-yes"]');
  await expect.poll(() => procedureKeys(b), { timeout: 10_000 }).toEqual([]);
  // Tab A is still on «Импорт», whose list is the same state.
  await expect.poll(() => procedureKeys(a), { timeout: 10_000 }).toEqual([]);

  expect([...errorsA, ...errorsB]).toEqual([]);
  await context.close();
});

test('a class list loaded in one tab is listed in the other; names only on this device', async () => {
  const context = await newContext(browser);
  const a = await context.newPage();
  const b = await context.newPage();
  const errors = collectPageErrors(a);
  await openData(a);
  await openData(b);
  expect(await a.locator('[data-testid="roster-privacy"]').textContent()).toContain(
    'ФИО хранятся только на этом устройстве',
  );
  await a.fill('[data-testid="roster-school"]', 'sch010101');
  await a.setInputFiles('[data-testid="roster-file"]', {
    name: 'список 4А.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Код участника;ФИО\n10001;Иванов Иван\n10002;Петрова Анна\n', 'utf8'),
  });
  await a.waitForSelector('[data-testid="roster-notice"]');
  const item = '[data-testid="roster-list"] li[data-login="sch010101"]';
  expect(await a.locator(item).getAttribute('data-count')).toBe('2');
  await b.waitForSelector(item, { timeout: 10_000 });
  await a.screenshot({ path: '/tmp/oko-roster.png', fullPage: true });

  // A backup made without the tick has no names; the tick is there for a copy of everything.
  await b.goto(`${BASE_URL}#/safety`);
  await b.waitForSelector('[data-testid="backup-include-names"]');
  expect(await b.locator('[data-testid="backup-include-names"]').isChecked()).toBe(false);

  await a.click(`${item} [data-testid="roster-delete"]`);
  await a.waitForSelector(item, { state: 'detached' });
  expect(errors).toEqual([]);
  await context.close();
});
