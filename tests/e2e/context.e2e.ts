// «Контекст школ»: the demo's context form (official 2022 layout) is stored with the demo; a 2021
// form with personal data is uploaded; the groups, ШНОР and the programme come from the worker; the
// personal data is nowhere in IndexedDB.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { writeForm2021 } from '../../src/domain/context/form-writer';
import { syntheticSchool } from '../../src/domain/context/synthetic';
import { mulberry32 } from '../../src/domain/demo/prng';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('context screen: demo form, a 2021 form with PII, groups, ШНОР, programme; no PII stored', async () => {
  const context = await newContext(browser, { width: 1280, height: 900 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  await page.goto(`${BASE_URL}#/context`);
  await page.waitForSelector('[data-testid="context-status"]:has-text("20 школ")', { timeout: 60_000 });
  expect(await page.textContent('[data-testid="context-status"]')).toContain('годы 2026');

  const rng = mulberry32(4);
  const logins = generateDemoBundle().datasets[0].meta.schools.map((s) => s.login);
  const form = logins.map((login, i) => ({
    ...syntheticSchool(rng, i, i < 9 ? 'town' : 'rural', 'Демо'),
    login,
  }));
  await page.setInputFiles('[data-testid="context-form-file"]', {
    name: 'Сбор контекстных данных об ОО (2021).xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: Buffer.from(writeForm2021(form)),
  });
  await page.waitForSelector('[data-testid="context-status"]:has-text("прочитано 20 школ")', {
    timeout: 60_000,
  });

  // The user's thresholds of the rule (1 procedure in 1 year, lowest 20 %).
  await page.click('.rule-form summary');
  const rule = page.locator('.rule-form input');
  await rule.nth(0).fill('20');
  await rule.nth(2).fill('1');
  await rule.nth(3).fill('1');
  await page.click('[data-testid="context-analyse"]');
  await page.waitForSelector('[data-testid="context-k"]', { timeout: 240_000 });
  // Partners are chosen without the schools with red objectivity signs (computed as on «Объективность»).
  expect(await page.textContent('[data-testid="context-red"]')).toMatch(
    /не назначаются школы с «красными» признаками[\s\S]*: 2\s+школы/,
  );
  expect(await page.locator('table[data-testid="context-low"] tbody tr').count()).toBeGreaterThan(0);
  expect(await page.textContent('.rule')).toMatch(/порогами пользователя/);
  expect(await page.textContent('[data-testid="context-k"]')).toMatch(/Групп: \d, средний силуэт \d,\d\d/);
  expect(await page.locator('table').first().textContent()).toMatch(/сельские малокомплектные/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="context-docx"]'),
  ]);
  expect(download.suggestedFilename()).toBe('программа-поддержки-ШНОР.docx');

  // The support programme's measures are edited and kept.
  await page.click('[data-testid="support-measures"] summary');
  await page
    .locator('[data-testid="support-measures"] textarea')
    .first()
    .fill('Семинар для учителей школ с низкими результатами');
  await page.click('[data-testid="support-measures-save"]');
  await page.waitForSelector(
    '[data-testid="support-measures"] [role="status"]:has-text("Мероприятия сохранены")',
  );

  const stored = await page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('oko-analytics');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('settings').objectStore('settings').getAll();
          all.onsuccess = () =>
            resolve(
              JSON.stringify(all.result, (_, v) =>
                v instanceof Uint8Array ? new TextDecoder().decode(v) : v,
              ),
            );
        };
      }),
  );
  expect(stored).toContain(logins[0]);
  expect(stored).toContain('Семинар для учителей школ с низкими результатами');
  expect(stored).toContain('"key":"contextSummary"');
  for (const f of form)
    for (const x of [f.director, f.phone, f.email, f.inn]) expect(stored).not.toContain(x);
  expect(errors).toEqual([]);
  await context.close();
}, 400_000);
