// Issue #14 point 7 in the browser: the demo, then an olympiad and a diagnostic of the same subject
// and year imported as CSV (region layout; the kind comes from the file name), one pupil planted
// with an olympiad far above the usual picture. «Объективность» → «Сопоставить работы» lists exactly
// the pupils the domain function lists on the same data in Node, the planted one among them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { importFile } from '../../src/domain/import/import-file';
import { farResults } from '../../src/domain/objectivity/far-results';
import { BASE_URL, collectPageErrors, launch, newContext, procedureKeys, waitForList } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

test('olympiad and diagnostic against the pupils’ other works: the planted pupil is listed', async () => {
  const demo = generateDemo();
  const vpr = demo.find(
    (d) =>
      d.meta.procedure.year === 2026 &&
      d.meta.procedure.grade === 5 &&
      d.meta.procedure.subject === 'Математика',
  )!;
  const login = vpr.meta.schools[0].login;
  const p = vpr.pupils;
  const pupils: { cls: string; code: string; s: number }[] = [];
  for (let i = 0; i < p.n; i++)
    if (p.school[i] === 0 && !p.absent[i]) {
      let s = 0;
      for (const c of p.scores) s += c[i];
      pupils.push({ cls: vpr.meta.classes[p.classIdx[i]].label, code: p.code[i], s });
    }
  const planted = pupils.reduce((a, b) => (b.s < a.s ? b : a));
  const csv = (olympiad: boolean) =>
    [
      'логин школы;класс;код обучающегося;вариант;балл за 1;балл за 2;балл за 3;балл за 4',
      ...pupils.map((x) => {
        const t = Math.round(x.s / 2);
        const scores =
          olympiad && x === planted
            ? [5, 5, 5, 5]
            : [0, 1, 2, 3].map((k) => Math.min(5, Math.max(0, t - 5 * k)));
        return [login, x.cls, x.code, '1', ...scores].join(';');
      }),
    ].join('\n') + '\n';
  const files = [
    { name: 'Олимпиада математика 5 класс 2026.csv', text: csv(true) },
    { name: 'Диагностика математика 5 класс 2026.csv', text: csv(false) },
  ];

  // The same check in Node on the same data: every stored work of Математика 2026.
  const imported = await Promise.all(
    files.map((f) => importFile(new TextEncoder().encode(f.text), { fileName: f.name })),
  );
  const works = [
    ...demo.filter((d) => d.meta.procedure.year === 2026 && d.meta.procedure.subject === 'Математика'),
    ...imported,
  ];
  const expected = farResults(works);
  const olympiadId = 'Олимпиада-2026-Математика-5';
  expect(expected.pupils.some((x) => x.code === planted.code && x.work === olympiadId)).toBe(true);

  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  for (const f of files) {
    await page.goto(`${BASE_URL}#/import`);
    await waitForList(page);
    await page.setInputFiles('[data-testid="import-file"]', {
      name: f.name,
      mimeType: 'text/csv',
      buffer: Buffer.from(f.text, 'utf8'),
    });
    await page.waitForSelector('[data-testid="import-preview"][data-maxima-source="observed"]', {
      timeout: 60_000,
    });
    // The maxima the data show, confirmed as they are (year, subject and kind from the file name).
    await page.click('[data-testid="maxima-recalc"]');
    await page.waitForSelector('[data-testid="import-preview"][data-maxima-source="spec"]', {
      timeout: 60_000,
    });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-notice"]', { timeout: 60_000 });
  }
  await expect.poll(() => procedureKeys(page)).toContain(olympiadId);

  await page.click('nav a[href="#/objectivity"]');
  await page.waitForSelector('[data-testid="far-scope"]', { timeout: 60_000 });
  await page.selectOption('[data-testid="far-scope"]', 'Математика\t2026');
  await page.click('[data-testid="far-run"]');
  await page.waitForSelector('[data-testid="far-summary"]', { timeout: 120_000 });
  expect(Number(await page.getAttribute('[data-testid="far-summary"]', 'data-matched'))).toBe(
    expected.matched,
  );
  const rows = await page
    .locator('[data-testid="far-pupil"]')
    .evaluateAll((els) =>
      els.map((e) => `${(e as HTMLElement).dataset.code}|${(e as HTMLElement).dataset.work}`),
    );
  expect(rows).toEqual(expected.pupils.map((x) => `${x.code}|${x.work}`));
  const text = await page.locator('[data-testid="far-results"]').innerText();
  expect(text).toContain('Признак, нужна проверка');
  expect(text).toContain('Олимпиада · Математика · 5 класс · 2026');
  expect(errors).toEqual([]);
  await context.close();
}, 400_000);
