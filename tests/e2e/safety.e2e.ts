// «Сохранность»: an encrypted and a plain backup of the demo data, restored into wiped profiles (new
// browser contexts); a wrong passphrase changes nothing; the reminder banner comes and goes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, collectPageErrors, launch, loadDemo, newContext, waitForList } from './browser';

const PASSPHRASE = 'Синяя тетрадь 2026';
const ENCRYPTED = '/tmp/oko-safety-encrypted.okobackup';
const PLAIN = '/tmp/oko-safety-plain.okobackup';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Every data-* attribute of every stored procedure, in list order. */
async function listData(page: Page): Promise<Record<string, string>[]> {
  await page.goto(`${BASE_URL}#/data`);
  await waitForList(page);
  return page
    .locator('[data-testid="procedure-list"] > li')
    .evaluateAll((els) => els.map((e) => ({ ...(e as HTMLElement).dataset }) as Record<string, string>));
}

/** The re-checks listed on «Данные» (the demo has two): procedure key and matched works, in list order. */
async function recheckData(page: Page): Promise<string[]> {
  await page.goto(`${BASE_URL}#/data`);
  await waitForList(page);
  return page
    .locator('[data-testid="procedure-list"] > li')
    .evaluateAll((els) =>
      els.flatMap((e) =>
        [...e.querySelectorAll<HTMLElement>('[data-testid="recheck-item"]')].map(
          (r) => `${(e as HTMLElement).dataset.key} ${r.dataset.works}`,
        ),
      ),
    );
}

async function openSafety(page: Page): Promise<void> {
  await page.goto(`${BASE_URL}#/safety`);
  await page.waitForSelector('[data-testid="backup-create"]');
  // Long tasks on the page's main thread from now on: PBKDF2 and gzip must not show up here.
  await page.evaluate(() => {
    const w = window as unknown as { longest?: number };
    if (w.longest !== undefined) return;
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest ?? 0, Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
}

/** A row of the settings table, read with plain IndexedDB. */
function readSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (k) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('oko-analytics');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('settings').objectStore('settings').get(k);
          get.onsuccess = () => (open.result.close(), resolve((get.result as { value?: unknown })?.value));
          get.onerror = () => reject(get.error);
        };
      }),
    key,
  );
}

function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { longest?: number }).longest ?? 0);
}

async function createBackup(page: Page, path: string, passphrase = ''): Promise<number> {
  await openSafety(page);
  await page.fill('[data-testid="backup-passphrase"]', passphrase);
  if (passphrase) await page.fill('[data-testid="backup-passphrase-confirm"]', passphrase);
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.click('[data-testid="backup-create"]'),
  ]);
  const elapsed = Date.now() - started;
  expect(download.suggestedFilename()).toMatch(
    /^ОКО-копия-все-данные-\d\d\.\d\d\.\d{4}-\d\d-\d\d\.okobackup$/,
  );
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="backup-notice"]');
  return elapsed;
}

async function chooseFile(page: Page, path: string): Promise<void> {
  await openSafety(page);
  await page.setInputFiles('[data-testid="backup-file"]', path);
  await page.waitForSelector('[data-testid="backup-info"]');
}

async function fresh(width = 1280, height = 900): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { width, height });
  return { context, page: await context.newPage() };
}

test('encrypted and plain backups restore the demo data into a wiped profile', async () => {
  // ---- profile A: demo data, reminder, two backups ----
  const a = await fresh();
  const errors = collectPageErrors(a.page);
  await a.page.goto(BASE_URL);
  await a.page.waitForSelector('[data-testid="stored-count"]');
  expect(await a.page.locator('[data-testid="backup-reminder"]').count()).toBe(0); // nothing to lose yet
  await loadDemo(a.page);
  const reminder = a.page.locator('[data-testid="backup-reminder"]');
  await reminder.waitFor();
  expect(await reminder.textContent()).toContain('Резервная копия ещё не создавалась');
  await a.page.screenshot({ path: '/tmp/oko-safety-reminder.png' });
  // The first stored data triggers one navigator.storage.persist() request, recorded in settings.
  await expect.poll(() => readSetting(a.page, 'persistRequestedAt')).toMatch(/^\d{4}-/);
  expect(typeof (await readSetting(a.page, 'storagePersisted'))).toBe('boolean');

  const before = await listData(a.page);
  expect(before).toHaveLength(8);
  // The demo carries re-checks of ВПР 2026 Математика 4 and 5 and a school context table: a copy of
  // everything must bring them back.
  const rechecks = await recheckData(a.page);
  expect(rechecks).toHaveLength(2);
  expect(((await readSetting(a.page, 'schoolContext')) as { fileName?: string })?.fileName).toBe(
    'контекст-демо.csv',
  );
  expect(await a.page.locator('[data-testid="backup-reminder"]').count()).toBe(1);

  const exportMs = await createBackup(a.page, ENCRYPTED, PASSPHRASE);
  expect(await a.page.locator('[data-testid="last-backup"]').getAttribute('data-at')).not.toBe('');
  await a.page.screenshot({ path: '/tmp/oko-safety-1280.png', fullPage: true });
  const plainMs = await createBackup(a.page, PLAIN);
  console.log(`export with passphrase: ${exportMs} ms, without: ${plainMs} ms`);
  console.log(`longest main-thread task during the exports: ${await longestTask(a.page)} ms`);

  // One procedure: its own file name; the reminder's date stays that of the full copy.
  const lastFull = await a.page.locator('[data-testid="last-backup"]').getAttribute('data-at');
  await a.page.check('input[name="backup-scope"][value="one"]');
  const key = await a.page.locator('[data-testid="backup-procedure"]').inputValue();
  const [single] = await Promise.all([
    a.page.waitForEvent('download'),
    a.page.click('[data-testid="backup-create"]'),
  ]);
  expect(single.suggestedFilename()).toContain(key.replace(/\s+/g, '_'));
  await a.page.waitForSelector('[data-testid="backup-notice"]');
  expect(await a.page.locator('[data-testid="last-backup"]').getAttribute('data-at')).toBe(lastFull);

  // The reminder is gone everywhere once a full backup exists.
  await a.page.goto(`${BASE_URL}#/data`);
  await waitForList(a.page);
  expect(await a.page.locator('[data-testid="backup-reminder"]').count()).toBe(0);

  await a.page.setViewportSize({ width: 360, height: 740 });
  await openSafety(a.page);
  await a.page.screenshot({ path: '/tmp/oko-safety-360.png', fullPage: true });
  expect(errors).toEqual([]);
  await a.context.close();

  // ---- profile B: wrong passphrase, then the right one ----
  const b = await fresh();
  const errorsB = collectPageErrors(b.page);
  await chooseFile(b.page, ENCRYPTED);
  const info = b.page.locator('[data-testid="backup-info"]');
  expect(await info.getAttribute('data-encrypted')).toBe('true');
  expect(await info.getAttribute('data-procedures')).toBe('8');
  await b.page.fill('[data-testid="restore-passphrase"]', 'не тот пароль');
  await b.page.check('[data-testid="restore-replace"]');
  await b.page.click('[data-testid="restore-start"]');
  const alert = b.page.locator('[role="alert"][data-testid="restore-error"]');
  await alert.waitFor({ timeout: 60_000 });
  expect(await alert.getAttribute('data-code')).toBe('wrong-passphrase');
  expect(await alert.textContent()).toContain('Неверный пароль');
  // The passphrase field gets focus back for a second try.
  expect(await b.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'restore-passphrase',
  );
  await b.page.screenshot({ path: '/tmp/oko-safety-wrong-passphrase.png', fullPage: true });
  expect(await listData(b.page)).toEqual([]);

  await chooseFile(b.page, ENCRYPTED);
  await b.page.fill('[data-testid="restore-passphrase"]', PASSPHRASE);
  await b.page.check('[data-testid="restore-replace"]');
  const started = Date.now();
  await b.page.click('[data-testid="restore-start"]'); // empty database: nothing to confirm
  const result = b.page.locator('[data-testid="restore-result"]');
  await result.waitFor({ timeout: 60_000 });
  const restoreMs = Date.now() - started;
  console.log(
    `restore with passphrase: ${restoreMs} ms; longest main-thread task: ${await longestTask(b.page)} ms`,
  );
  expect(await result.getAttribute('data-procedures')).toBe('8');
  await b.page.screenshot({ path: '/tmp/oko-safety-restored.png', fullPage: true });
  expect(await listData(b.page)).toEqual(before);
  expect(await recheckData(b.page)).toEqual(rechecks);
  expect(((await readSetting(b.page, 'schoolContext')) as { fileName?: string })?.fileName).toBe(
    'контекст-демо.csv',
  );
  // The restored data carries its backup date: no reminder.
  expect(await b.page.locator('[data-testid="backup-reminder"]').count()).toBe(0);

  // Replacing existing data asks first.
  await chooseFile(b.page, PLAIN);
  await b.page.check('[data-testid="restore-replace"]');
  await b.page.click('[data-testid="restore-start"]');
  await b.page.waitForSelector('dialog[open]');
  await b.page.screenshot({ path: '/tmp/oko-safety-confirm.png' });
  await b.page.click('dialog[open] [data-testid="confirm-yes"]');
  await b.page.locator('[data-testid="restore-result"]').waitFor({ timeout: 60_000 });
  expect(await listData(b.page)).toEqual(before);
  expect(errorsB).toEqual([]);
  await b.context.close();

  // ---- profile C: the plain copy, merged into an empty database ----
  const c = await fresh(360, 740);
  const errorsC = collectPageErrors(c.page);
  await chooseFile(c.page, PLAIN);
  expect(await c.page.locator('[data-testid="backup-info"]').getAttribute('data-encrypted')).toBe('false');
  expect(await c.page.locator('[data-testid="restore-passphrase"]').count()).toBe(0);
  await c.page.click('[data-testid="restore-start"]'); // «Добавить недостающее» is the default
  await c.page.locator('[data-testid="restore-result"]').waitFor({ timeout: 60_000 });
  await c.page.screenshot({ path: '/tmp/oko-safety-restored-360.png', fullPage: true });
  expect(await listData(c.page)).toEqual(before);
  expect(await recheckData(c.page)).toEqual(rechecks);
  expect(errorsC).toEqual([]);
  await c.context.close();
});

test('a file that is not a backup: Russian alert, nothing to restore', async () => {
  const { context, page } = await fresh();
  await openSafety(page);
  await page.setInputFiles('[data-testid="backup-file"]', {
    name: 'протокол.xlsx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('PK\u0003\u0004 не копия'),
  });
  const alert = page.locator('[role="alert"][data-testid="restore-error"]');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Это не резервная копия ОКО-Аналитики.');
  expect(await page.locator('[data-testid="restore-start"]').count()).toBe(0);
  // Storage facts are shown (persist() answered on this main thread).
  await page.waitForSelector('[data-testid="storage-usage"]');
  expect(await page.locator('[data-testid="storage-usage"]').textContent()).toMatch(/ из /);
  await page.click('[data-testid="storage-persist"]');
  const answer = await page.locator('[data-testid="persist-message"]').textContent();
  console.log(
    'persist():',
    await page.locator('[data-testid="storage-persisted"]').getAttribute('data-persisted'),
  );
  expect(answer).toMatch(/Браузер/);

  // The reminder interval is a stored setting.
  await page.selectOption('[data-testid="backup-interval"]', '30');
  await page.waitForTimeout(200);
  await openSafety(page);
  expect(await page.locator('[data-testid="backup-interval"]').inputValue()).toBe('30');
  await context.close();
});
