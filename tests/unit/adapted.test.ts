// Pupils on adapted programmes (АООП): the class list's column, the figures without and only them
// (checked against a naive computation from the rows), and the справка that says so.
import { describe, expect, it } from 'vitest';
import { buildSpravka } from '../../src/domain/documents/spravka.ts';
import type { Block } from '../../src/domain/documents/model.ts';
import { adaptedKey, adaptedSplit, withAdaptedUnits } from '../../src/domain/report/adapted.ts';
import { analyzeProcedure } from '../../src/domain/report/analyze.ts';
import { pupilResults } from '../../src/domain/report/pupils.ts';
import { exportUnitXlsx } from '../../src/domain/report/xlsx-export.ts';
import type { OkoReport } from '../../src/domain/report/types.ts';
import { procedureId } from '../../src/domain/model.ts';
import { createAnalysisApi } from '../../workers/analysis.api.ts';
import { parseRoster } from '../../src/domain/roster/parse-roster.ts';
import type { MarkScale, TaskSpec } from '../../src/domain/model.ts';
import { spread, tinyDataset, type TinyPupil } from './helpers/tiny-dataset.ts';

const TASKS: TaskSpec[] = [
  { id: '1', max: 2 },
  { id: '2', max: 2 },
  { id: '3', max: 4 },
];
const SCALE: MarkScale = [
  [0, 2],
  [3, 4],
  [5, 6],
  [7, 8],
];
const markOf = (s: number) => (s <= 2 ? 2 : s <= 4 ? 3 : s <= 6 ? 4 : 5);

// Two classes of sch1 and one of sch2, which reuses sch1's codes (a mark is per school).
const TOTALS: [string, string, string, number][] = [
  ['sch1', '7А', '101', 8],
  ['sch1', '7А', '102', 6],
  ['sch1', '7А', '103', 1], // АООП
  ['sch1', '7А', '104', 5],
  ['sch1', '7А', '105', 2], // АООП
  ['sch1', '7А', '106', 7],
  ['sch1', '7Б', '201', 3], // АООП
  ['sch1', '7Б', '202', 4],
  ['sch1', '7Б', '203', 8],
  ['sch2', '7А', '101', 1],
  ['sch2', '7А', '103', 0],
];
const MARKED = new Set([adaptedKey('sch1', '103'), adaptedKey('sch1', '105'), adaptedKey('sch1', '201')]);
const rows: TinyPupil[] = [
  ...TOTALS.map(([school, cls, code, t]) => ({ school, cls, code, scores: spread(t, TASKS) })),
  { school: 'sch1', cls: '7А', code: '107', scores: [0, 0, 0], absent: true },
];
const ds = tinyDataset({ grade: 7, year: 2026, tasks: TASKS, scale: SCALE }, rows);

/** The figures the plain way, from the totals of the kept rows. */
function naive(keep: (r: (typeof TOTALS)[number]) => boolean) {
  const t = TOTALS.filter(keep).map((r) => r[3]);
  const m = t.map(markOf);
  const n = t.length;
  return {
    written: n,
    u: (100 * m.filter((x) => x >= 3).length) / n,
    kz: (100 * m.filter((x) => x >= 4).length) / n,
    sou: m.reduce((s, x) => s + ({ 2: 16, 3: 36, 4: 64, 5: 100 } as Record<number, number>)[x], 0) / n,
    mean: t.reduce((a, b) => a + b, 0) / n,
  };
}
const isMarked = (r: (typeof TOTALS)[number]) => MARKED.has(adaptedKey(r[0], r[2]));

describe('АООП: figures without and only the marked pupils', () => {
  const split = adaptedSplit(ds, MARKED);
  const cases: [string, string, (r: (typeof TOTALS)[number]) => boolean][] = [
    ['school', 'sch1', (r) => r[0] === 'sch1'],
    ['class', 'sch1/7А', (r) => r[0] === 'sch1' && r[1] === '7А'],
    ['class', 'sch1/7Б', (r) => r[0] === 'sch1' && r[1] === '7Б'],
    ['all', 'all', () => true],
  ];
  for (const [level, id, inUnit] of cases)
    it(`${level} ${id}: without = naive, only = naive`, () => {
      for (const [rep, keep] of [
        [split.without, (r: (typeof TOTALS)[number]) => inUnit(r) && !isMarked(r)],
        [split.only, (r: (typeof TOTALS)[number]) => inUnit(r) && isMarked(r)],
      ] as const) {
        const u = rep.units.find((x) => x.level === level && x.id === id)!;
        const e = naive(keep);
        expect(u.written).toBe(e.written);
        expect(u.uspevaemost!).toBeCloseTo(e.u, 10);
        expect(u.kachestvo!).toBeCloseTo(e.kz, 10);
        expect(u.sou!).toBeCloseTo(e.sou, 10);
        expect(u.score!.mean).toBeCloseTo(e.mean, 10);
      }
    });

  it('sch2 has the same codes unmarked: nothing of it is taken out', () => {
    const u = split.without.units.find((x) => x.level === 'school' && x.id === 'sch2')!;
    expect(u.written).toBe(2);
    expect(split.only.units.find((x) => x.level === 'school' && x.id === 'sch2')!.written).toBe(0);
  });
});

const blocksOf = (bs: Block[], title: string) => {
  const i = bs.findIndex((b) => b.kind === 'heading' && b.text.endsWith(title));
  const j = bs.findIndex((b, k) => k > i && b.kind === 'heading');
  return i < 0 ? null : bs.slice(i + 1, j < 0 ? undefined : j);
};
const texts = (bs: Block[]) =>
  bs.flatMap((b) =>
    b.kind === 'paragraph' ? [b.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')] : [],
  );

describe('АООП in the справка', () => {
  const all = analyzeProcedure(ds);
  const split = adaptedSplit(ds, MARKED);
  // sch1 7А: 6 writers, 2 marked. Without: 8,6,5,7 → 5,4,4,5: У 100, КЗ 100, СОУ 82, mean 6,5, «2» 0.
  // Only: 1,2 → 2,2: У 0, КЗ 0, СОУ 16, mean 1,5, «2» 100. All: У 66,7, КЗ 66,7, СОУ 60, mean 4,8, «2» 33,3.
  it('beside the binding figures', () => {
    const doc = buildSpravka({
      procedure: all,
      level: 'class',
      unitId: 'sch1/7А',
      resultsDate: '2026-05-12',
      adapted: { all, ...split, excluded: false, contextCount: 12 },
    });
    const bs = blocksOf(doc.blocks, 'Обучающиеся по адаптированным программам')!;
    const table = bs.find((b) => b.kind === 'table') as { rows: string[][] };
    expect(table.rows).toEqual([
      ['Все обучающиеся', '6', '33,3', '66,7', '66,7', '60,0', '4,8'],
      ['Без учёта 2 обучающихся по АООП', '4', '0,0', '100,0', '100,0', '82,0', '6,5'],
      ['Обучающиеся по АООП', '2', '100,0', '0,0', '0,0', '16,0', '1,5'],
    ]);
    const t = texts(bs).join('\n');
    expect(t).toContain('обучаются 12 человек (все классы)');
    expect(t).toContain('отмечены 2 обучающихся из 6 писавших (33,3');
    expect(t).toContain('остальные разделы справки приведены по всем обучающимся');
    expect(t).toContain('Группа обучающихся по АООП мала (2)');
    expect(texts(doc.blocks).some((x) => x.startsWith('Показатели приведены без учёта'))).toBe(false);
  });

  it('the справка without them says so under the title, and its figures are those without them', () => {
    const doc = buildSpravka({
      procedure: split.without,
      level: 'class',
      unitId: 'sch1/7А',
      resultsDate: '2026-05-12',
      adapted: { all, ...split, excluded: true },
    });
    const first = doc.blocks.findIndex((b) => b.kind === 'heading' && b.level === 2);
    const head = texts(doc.blocks.slice(0, first));
    expect(head).toContain(
      'Показатели приведены без учёта 2 обучающихся по АООП; показатели всех обучающихся — в разделе «Обучающиеся по адаптированным программам».',
    );
    // The marks table's unit row counts the 4 pupils without АООП.
    const marks = blocksOf(doc.blocks, 'Результаты: отметки и показатели')!.find(
      (b) => b.kind === 'table',
    ) as {
      rows: string[][];
    };
    expect(marks.rows[0].slice(0, 2)).toEqual(['7А класс (Школа sch1)', '4']);
    expect(texts(blocksOf(doc.blocks, 'Обучающиеся по адаптированным программам')!).join('\n')).toContain(
      'по выбору составителя остальные разделы справки приведены без них',
    );
  });

  it('no marked pupil in the unit: said so', () => {
    const doc = buildSpravka({
      procedure: all,
      level: 'class',
      unitId: 'sch2/7А',
      resultsDate: '2026-05-12',
      adapted: { all, ...split, excluded: false },
    });
    expect(texts(blocksOf(doc.blocks, 'Обучающиеся по адаптированным программам')!)).toEqual([
      'Среди писавших работу нет обучающихся, отмеченных в списке класса как обучающиеся по АООП.',
    ]);
  });
});

describe('the class list column «АООП»', () => {
  it('reads yes/no marks; without the column there are none', () => {
    const r = parseRoster([
      ['Код', 'ФИО', 'АООП'],
      [101, 'Иванов Иван', 'да'],
      ['102', 'Петров Пётр', 'нет'],
      ['103', 'Сидорова Анна', '+'],
      ['104', 'Козлов Олег', ''],
    ]);
    expect(r.adapted).toEqual({ '101': true, '102': false, '103': true, '104': false });
    expect(
      parseRoster([
        ['Код участника', 'ОВЗ / АООП', 'Фамилия', 'Имя'],
        ['7', 'Да', 'А', 'Б'],
      ]).adapted,
    ).toEqual({
      '7': true,
    });
    expect(
      parseRoster([
        ['Код', 'ФИО'],
        ['1', 'А'],
      ]).adapted,
    ).toBeUndefined();
  });
});

describe('АООП in the JSON report', () => {
  it('binding units stay those of all pupils; the addition carries without/only per unit with marked writers', () => {
    const all = analyzeProcedure(ds);
    const p = withAdaptedUnits(all, ds, MARKED);
    expect(p.units).toEqual(all.units);
    expect(p.adapted!.units.map((u) => [u.level, u.id, u.marked])).toEqual([
      ['all', 'all', 3],
      ['municipality', 'm1', 3],
      ['school', 'sch1', 3],
      ['parallel', 'sch1#7', 3],
      ['class', 'sch1/7А', 2],
      ['class', 'sch1/7Б', 1],
    ]);
    const school = p.adapted!.units.find((u) => u.id === 'sch1')!;
    const e = naive((r) => r[0] === 'sch1' && !isMarked(r));
    expect(school.without.written).toBe(e.written);
    expect(school.without.kachestvo!).toBeCloseTo(e.kz, 10);
    expect(school.without.sou!).toBeCloseTo(e.sou, 10);
    expect(school.only.written).toBe(3);
    // Codes never appear in the addition.
    expect(JSON.stringify(p.adapted)).not.toMatch(/"10[35]"|"201"/);
    expect(withAdaptedUnits(all, ds, new Set())).toBe(all);
  });
});

describe('АООП in the analysis API JSON', () => {
  it('the page sends codes by login; the JSON gains procedures[].adapted, units unchanged', async () => {
    const api = createAnalysisApi({
      loadDataset: async () => ds,
      analyzeProcedure: (d, opts) => analyzeProcedure(d, opts),
      pupilResults: (d, classId) => pupilResults(d, classId),
      exportUnitXlsx: (p, level, id, opts) => exportUnitXlsx(p, level, id, opts),
    });
    const key = procedureId(ds.meta.procedure);
    const read = async (marks?: Record<string, string[]>) => {
      const out = await api.fullReportJson(key, undefined, marks);
      if (!out.ok) throw new Error(out.error.message);
      return JSON.parse(new TextDecoder().decode(out.value)) as OkoReport;
    };
    const plain = await read();
    const marked = await read({ sch1: ['103', '105', '201'], sch2: [] });
    expect(plain.procedures[0].adapted).toBeUndefined();
    expect(marked.procedures[0].units).toEqual(plain.procedures[0].units);
    expect(marked.procedures[0].adapted!.units.find((u) => u.id === 'sch1')!.marked).toBe(3);
  });
});
