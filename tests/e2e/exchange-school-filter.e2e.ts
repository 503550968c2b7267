// «Обмен», school side: a file with schools of several municipalities (the real ФИС ОКО 2022
// protocol of Математика 4: four schools, four municipalities) gets a municipality filter over
// the school picker, remembered across a reload like the filters of Объективность and Документы.
// Then the plain-words legends of the municipal summary and of the task table, on a phone.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, FIXTURES, collectPageErrors, launch, newContext, waitForList } from './browser';

const MA4 = new URL('real/vpr2022-ma4-fisoko-protocol.xlsx', FIXTURES);

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('the school picker of «Обмен» filters by municipality, and the choice is remembered', async () => {
  const context = await newContext(browser, { width: 360, height: 740 });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${BASE_URL}#/import`);
  await waitForList(page);
  await page.setInputFiles('[data-testid="import-file"]', fileURLToPath(MA4));
  await page.waitForSelector('[data-testid="import-confirm"]', { timeout: 60_000 });
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="procedure-list"] > li');

  await page.goto(`${BASE_URL}#/exchange`);
  const schools = page.locator('[data-testid="exchange-school-select"] option');
  await expect.poll(() => schools.count(), { timeout: 60_000 }).toBe(4);
  const filter = '[data-testid="exchange-school-municipality"]';
  // Read off the file: «Все муниципалитеты» and the four municipalities, by name.
  expect(await page.locator(`${filter} option`).allTextContents()).toEqual([
    'Все муниципалитеты',
    'город Новоалтайск',
    'город Славгород',
    'Каменский муниципальный район',
    'Красногорский муниципальный район',
  ]);
  await page.selectOption(filter, 'reg22_m016');
  await expect.poll(() => schools.count()).toBe(1);
  expect(await page.locator('[data-testid="exchange-school-select"]').inputValue()).toBe('edu223318');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

  await page.reload();
  await expect.poll(() => schools.count(), { timeout: 60_000 }).toBe(1);
  expect(await page.locator(filter).inputValue()).toBe('reg22_m016');
  await page.selectOption(filter, '');
  await expect.poll(() => schools.count()).toBe(4);

  // The school's package, loaded back on the municipal side: the indicators are explained in words.
  await page.selectOption('[data-testid="exchange-school-select"]', 'edu223318');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.click('[data-testid="exchange-export"]'),
  ]);
  await page.setInputFiles('[data-testid="exchange-upload"]', (await download.path())!);
  await page.waitForSelector('[data-testid="exchange-table"]', { timeout: 60_000 });
  const legend = (await page.locator('[data-testid="exchange-legend"]').textContent()) ?? '';
  for (const words of ['У (успеваемость)', 'КЗ (качество знаний)', 'СОУ (степень обученности)', '«<5»'])
    expect(legend).toContain(words);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

  // «Анализ» of the same file: the task table says what «Ур.», «95 % ДИ» and the threshold mean.
  await page.goto(`${BASE_URL}#/analysis`);
  await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
  expect(await page.locator('[data-testid="task-levels-explained"]').first().textContent()).toContain(
    'Б — базовый',
  );
  expect(await page.locator('[data-testid="task-interval-rule"]').first().textContent()).toContain('95 % ДИ');
  expect(errors).toEqual([]);
  await context.close();
});
