// «Документы» at the levels documents.e2e.ts leaves out: the справка for a pupil, a parallel, the
// municipality and all participants; routes and the program appendix at the class (the only level
// the screen offers them at); routes and the pupil справка with and without names from the local
// roster. Every DOCX goes through LibreOffice in one call; the PDF text (pdftotext) must carry the
// unit's У, КЗ, СОУ, mean mark, mean score and deficit skills as computed by the independent naive
// reference (tests/unit/naive-report.ts) and formatted as the documents format them.
// (The municipal plan on objectivity, a municipality-level document, is covered by
// documents-municipal.e2e.ts.)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { num, pct } from '../../src/domain/text/format';
import { procedureId } from '../../src/domain/model';
import { naiveFigures, naiveMark, naiveUnits, toWorld, type P } from '../unit/naive-report';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';
import {
  docxText,
  downloadDoc,
  fold,
  hasPdftotext,
  pdfText,
  requireLibreOffice,
  toPdfs,
} from './documents-helpers';

let browser: Browser;
let tmp: string;
beforeAll(async () => {
  browser = await launch();
  tmp = process.env.OKO_DOCS_OUT ?? mkdtempSync(join(tmpdir(), 'oko-docs-levels-e2e-'));
  mkdirSync(tmp, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (tmp && !process.env.OKO_DOCS_OUT) rmSync(tmp, { recursive: true, force: true });
});

interface Figures {
  written: number;
  uspevaemost: number | null;
  kachestvo: number | null;
  sou: number | null;
  meanMark: number | null;
  score: { mean: number };
  deficits: { kind: string; id: string; completion: number }[];
}

/** The sentences of section 3 and the deficit list of a unit's справка, from the naive figures. */
function expectedSpravka(f: Figures, maxScore: number): string[] {
  return [
    `Успеваемость — ${pct(f.uspevaemost)}`,
    `Качество знаний — ${pct(f.kachestvo)}`,
    `Степень обученности (СОУ) — ${pct(f.sou)}`,
    `Средняя отметка — ${num(f.meanMark)}`,
    `Средний первичный балл (из ${maxScore}) — ${num(f.score.mean)}`,
    ...f.deficits.filter((d) => d.kind === 'skill').map((d) => `«${d.id}» — выполнение ${pct(d.completion)}`),
  ].map(fold);
}

async function toDocuments(page: Page, key: string): Promise<void> {
  await page.click('nav a[href="#/documents"]');
  await page.waitForSelector('[data-testid="documents-procedure"]');
  await page.selectOption('[data-testid="documents-procedure"]', key);
  await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
}

test('справка for a pupil, parallel, municipality and all; routes, appendix; roster names by choice', async () => {
  requireLibreOffice();
  const demo = generateDemo();
  const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
  const key = procedureId(ds.meta.procedure);
  const spec = ds.meta.procedure;
  const maxScore = spec.tasks.reduce((s, t) => s + t.max, 0);
  const world = toWorld(ds);
  const units = naiveUnits(world);
  const naive = (level: string, id: string) => {
    const u = units.find((x) => x.level === level && x.id === id)!;
    return naiveFigures(u.pupils, spec) as unknown as Figures;
  };

  // The class: the first class of the first school; two of its pupils get names in the roster.
  const cls = ds.meta.classes[0];
  const login = ds.meta.schools[cls.school].login;
  const municipalityId = ds.meta.municipalities[0].id;
  const inClass = world.pupils.filter((x) => x.school === login && x.cls === cls.label);
  const wrote = inClass.filter((x) => !x.absent);
  // Skills where the pupil got less than half of the points (the rule of the documents).
  const skills = [...new Set(spec.tasks.map((x) => x.skill).filter((x): x is string => !!x))];
  const unformedOf = (p: P) =>
    skills.filter((s) => {
      const idx = spec.tasks.flatMap((x, k) => (x.skill === s ? [k] : []));
      const got = idx.reduce((a, k) => a + p.scores[k], 0);
      return 2 * got < idx.reduce((a, k) => a + spec.tasks[k].max, 0);
    });
  const pupil = wrote.find((x) => unformedOf(x).length > 0)!;
  const NAMES: [string, string][] = [
    [pupil.code, 'Тестова Мария Ивановна'],
    [wrote.find((x) => x !== pupil)!.code, 'Проверкин Иван Петрович'],
  ];

  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(BASE_URL);
  await page.click('[data-testid="load-demo"]');
  await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
  await page.click('nav a[href="#/data"]');
  await page.fill('[data-testid="roster-school"]', login);
  await page.setInputFiles('[data-testid="roster-file"]', {
    name: 'список.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`Код участника;ФИО\n${NAMES.map((x) => x.join(';')).join('\n')}\n`, 'utf8'),
  });
  await page.waitForSelector('[data-testid="roster-notice"]');

  await toDocuments(page, key);
  const docs: Record<string, string> = {};
  const timings: Record<string, { ms: number; appMs: number }> = {};
  const get = async (testId: string, name: string) => {
    const r = await downloadDoc(page, tmp, testId, `${name}.docx`);
    docs[name] = r.path;
    timings[name] = { ms: r.ms, appMs: r.appMs };
  };

  // Parallel, municipality, all: the справка only (routes and the appendix are class documents).
  await page.click('[data-testid="doc-level-parallel"]');
  await page.selectOption('[data-testid="doc-school"]', login);
  expect(await page.locator('[data-testid="doc-routes"]').isDisabled()).toBe(true);
  expect(await page.locator('[data-testid="doc-appendix"]').isDisabled()).toBe(true);
  await get('doc-spravka', 'spravka-parallel');
  await page.click('[data-testid="doc-level-school"]');
  expect(await page.locator('[data-testid="doc-routes"]').isDisabled()).toBe(true);
  expect(await page.locator('[data-testid="doc-appendix"]').isDisabled()).toBe(true);
  await page.click('[data-testid="doc-level-municipality"]');
  await page.selectOption('[data-testid="doc-municipality"]', municipalityId);
  await get('doc-spravka', 'spravka-municipality');
  await page.click('[data-testid="doc-level-all"]');
  await get('doc-spravka', 'spravka-all');

  // A class of another school has no roster: the names choice is off and says why.
  await page.click('[data-testid="doc-level-class"]');
  const other = ds.meta.schools.find(
    (s, k) => k !== cls.school && ds.meta.classes.some((c) => c.school === k),
  )!;
  await page.selectOption('[data-testid="doc-school"]', other.login);
  await page.waitForSelector('[data-testid="doc-pupil"]');
  expect(await page.locator('[data-testid="doc-names"]').isDisabled()).toBe(true);
  expect(await page.locator('[data-testid="doc-names-hint"]').innerText()).toContain('нет списка с ФИО');

  // The class with a roster: names are offered, off by default.
  await page.selectOption('[data-testid="doc-school"]', login);
  await page.selectOption('[data-testid="doc-class"]', cls.id);
  await page.waitForSelector('[data-testid="doc-names"]:not([disabled])');
  expect(await page.locator('[data-testid="doc-names"]').isChecked()).toBe(false);
  await get('doc-routes', 'routes-codes');
  await get('doc-appendix', 'appendix');
  await page.selectOption('[data-testid="doc-pupil"]', NAMES[0][0]);
  await get('doc-pupil-spravka', 'spravka-pupil');
  await page.check('[data-testid="doc-names"]');
  await get('doc-routes', 'routes-names');
  await get('doc-pupil-spravka', 'spravka-pupil-named');
  // The print view of the pupil справка (names still chosen).
  await page.click('[data-testid="doc-pupil-print"]');
  await page.waitForSelector('[data-testid="print-view"]');
  const printed = await page.locator('[data-testid="print-doc"]').innerText();
  expect(printed).toContain(`${NAMES[0][1]} (код участника ${NAMES[0][0]})`);
  console.log('documents, ms (click → download; worker):', timings);

  // Names: never without the choice, both (and only on their pupils' pages) with it.
  for (const f of ['routes-codes', 'spravka-pupil']) {
    const t = docxText(docs[f]);
    for (const [, name] of NAMES) expect(t, f).not.toContain(name.split(' ')[0]);
  }
  const routesNamed = docxText(docs['routes-names']);
  for (const [code, name] of NAMES) expect(routesNamed).toContain(`${name} (код ${code})`);
  expect(docxText(docs['spravka-pupil-named'])).toContain(`${NAMES[0][1]} (код участника ${NAMES[0][0]})`);
  // A route for each pupil who needs one (issue #11: the one criterion, written out here on its
  // own): mark «2», or at least a quarter of the work's skills unformed.
  const minUnformed = Math.max(1, Math.ceil(skills.length / 4));
  const needRoute = wrote.filter(
    (x) =>
      naiveMark(
        x.scores.reduce((a, b) => a + b, 0),
        spec.scale,
      ) === 2 || unformedOf(x).length >= minUnformed,
  );
  const pages = routesNamed.match(/Индивидуальный образовательный маршрут: /g)?.length ?? 0;
  expect(needRoute.length).toBeGreaterThan(0);
  expect(pages).toBe(needRoute.length);

  // Every DOCX → PDF in one LibreOffice call; the figures are read from the PDF text.
  const started = Date.now();
  const names = Object.keys(docs);
  const pdfs = toPdfs(
    names.map((n) => docs[n]),
    tmp,
  );
  console.log(`LibreOffice: ${names.length} DOCX → PDF in ${Date.now() - started} ms`);
  const text = (name: string) =>
    fold(hasPdftotext() ? pdfText(pdfs[names.indexOf(name)]) : docxText(docs[name]));

  for (const [name, level, id] of [
    ['spravka-parallel', 'parallel', `${login}#${spec.grade}`],
    ['spravka-municipality', 'municipality', municipalityId],
    ['spravka-all', 'all', 'all'],
  ] as const) {
    const f = naive(level, id);
    expect(f.written).toBeGreaterThan(0);
    const t = text(name);
    for (const s of expectedSpravka(f, maxScore)) expect(t, `${name}: ${s}`).toContain(s);
    if (level === 'municipality') expect(t).toContain('Признаки необъективности результатов');
    else expect(t).not.toContain('Признаки необъективности результатов');
  }

  // The pupil: score, mark, journal, the class and all means, unformed skills, dynamics.
  const score = pupil.scores.reduce((a, b) => a + b, 0);
  const mark = naiveMark(score, spec.scale);
  const t = text('spravka-pupil');
  const classMean = naive('class', cls.id).score.mean;
  const allMean = naive('all', 'all').score.mean;
  const expected = [
    `Обучающийся: код участника ${pupil.code}`,
    `Первичный балл — ${score} из ${maxScore} (${pct((100 * score) / maxScore)}), отметка «${mark}».`,
    `среднего по классу (${num(classMean)})`,
    `среднего по всей выборке (${num(allMean)})`,
    pupil.journal >= 2
      ? `отметка по журналу «${pupil.journal}»`
      : 'Отметки по журналу в загруженных данных нет.',
    // The demo's 4th-grade codes differ from the 5th-grade ones: the text says the code is not found.
    `участника с кодом ${pupil.code} в этой школе нет`,
  ].map(fold);
  for (const s of expected) expect(t, s).toContain(s);
  const unformedSkills = unformedOf(pupil);
  expect(t).toContain(fold(`Не сформировано ${unformedSkills.length} `));
  for (const s of unformedSkills) expect(t).toContain(fold(s));
  expect(t).not.toContain('Признаки необъективности');

  expect(errors).toEqual([]);
  await context.close();
});
