// Issue #14 points 5 and 6 in the browser: a class list with an «АООП» column on «Данные», then the
// class's справка on «Документы» (print view): the section «Обучающиеся по адаптированным
// программам» beside the binding figures, the choice «без учёта», said under the title, with the
// figures of the independent naive reference (tests/unit/naive-report.ts); «Динамика результатов»
// with the demo's cohort. The marks stay on the device (not in the JSON export's codes).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { num } from '../../src/domain/text/format';
import { procedureId } from '../../src/domain/model';
import { naiveFigures, toWorld } from '../unit/naive-report';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Figures {
  written: number;
  uspevaemost: number | null;
  kachestvo: number | null;
  sou: number | null;
  score: { mean: number };
  marks: Record<string, number>;
}

test('АООП marks from the class list: the справка beside and without them; dynamics of the cohort', async () => {
  const demo = generateDemo();
  const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
  const key = procedureId(ds.meta.procedure);
  const spec = ds.meta.procedure;
  const world = toWorld(ds);
  const cls = ds.meta.classes[0];
  const login = ds.meta.schools[cls.school].login;
  const wrote = world.pupils.filter((x) => x.school === login && x.cls === cls.label && !x.absent);
  const marked = wrote.slice(0, 3);
  const rest = wrote.filter((x) => !marked.includes(x));
  const without = naiveFigures(rest, spec) as unknown as Figures;
  const share2 = (100 * without.marks['2']) / without.written;
  const row = [
    'Без учёта 3 обучающихся по АООП',
    String(without.written),
    num(share2),
    num(without.uspevaemost),
    num(without.kachestvo),
    num(without.sou),
    num(without.score.mean),
  ].join('\t');

  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  await page.click('nav a[href="#/data"]');
  await page.fill('[data-testid="roster-school"]', login);
  const csv = [
    'Код участника;ФИО;АООП',
    ...wrote.map((p, i) => `${p.code};Ученик ${i + 1};${i < 3 ? 'да' : 'нет'}`),
  ];
  await page.setInputFiles('[data-testid="roster-file"]', {
    name: 'список.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv.join('\n') + '\n', 'utf8'),
  });
  const notice = await page.locator('[data-testid="roster-notice"]').innerText();
  expect(notice).toContain('Отмечено обучающихся по АООП: 3.');

  await page.click('nav a[href="#/documents"]');
  await page.waitForSelector('[data-testid="documents-procedure"]');
  await page.selectOption('[data-testid="documents-procedure"]', key);
  await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
  await page.click('[data-testid="doc-level-class"]');
  await page.selectOption('[data-testid="doc-school"]', login);
  await page.selectOption('[data-testid="doc-class"]', cls.id);
  await page.waitForSelector('[data-testid="doc-without-adapted"]');

  const printed = async () => {
    await page.click('[data-testid="doc-print"]');
    await page.waitForSelector('[data-testid="print-view"]', { timeout: 120_000 });
    const t = await page.locator('[data-testid="print-doc"]').innerText();
    await page.click('[data-testid="print-view"] button:has-text("Закрыть")');
    await page.waitForSelector('[data-testid="print-view"]', { state: 'detached' });
    return t;
  };
  const beside = await printed();
  expect(beside).toContain('Обучающиеся по адаптированным программам');
  expect(beside).toContain(row);
  expect(beside).not.toContain('Показатели приведены без учёта');
  expect(beside).toContain('Динамика результатов');
  expect(beside).toContain('Когорта (класс');

  await page.check('[data-testid="doc-without-adapted"]');
  const withoutDoc = await printed();
  expect(withoutDoc).toContain('Показатели приведены без учёта 3 обучающихся по АООП');
  expect(withoutDoc).toContain(row);
  expect(errors).toEqual([]);
  await context.close();
}, 400_000);
