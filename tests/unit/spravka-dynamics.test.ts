// «Динамика результатов» of the справка: three years of a school's grade 4 and a class followed
// 4А → 5А → 6А, on hand-made datasets (analysed by the real engine, with a second school that must
// not leak in); every expected figure is worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { buildSpravka } from '../../src/domain/documents/spravka.ts';
import type { Block } from '../../src/domain/documents/model.ts';
import { analyzeProcedure } from '../../src/domain/report/analyze.ts';
import { schoolsSubset } from '../../src/domain/report/subset.ts';
import type { MarkScale, TaskSpec } from '../../src/domain/model.ts';
import { spread, tinyDataset, type TinyPupil } from './helpers/tiny-dataset.ts';

const T3: TaskSpec[] = [
  { id: '1', max: 1 },
  { id: '2', max: 2 },
];
const T4: TaskSpec[] = [
  { id: '1', max: 1 },
  { id: '2', max: 3 },
];
/** Mark = score + 2 on the 3-point work; 0–1 → «2» … 4 → «5» on the 4-point one. */
const S3: MarkScale = [
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 3],
];
const S4: MarkScale = [
  [0, 1],
  [2, 2],
  [3, 3],
  [4, 4],
];

function work(
  grade: number,
  year: number,
  tasks: TaskSpec[],
  scale: MarkScale,
  mine: number[],
  other: number[],
) {
  const rows: TinyPupil[] = [
    ...mine.map((s, i) => ({ school: 'sch1', cls: `${grade}А`, code: `1${i}`, scores: spread(s, tasks) })),
    ...other.map((s, i) => ({ school: 'sch2', cls: `${grade}Б`, code: `2${i}`, scores: spread(s, tasks) })),
  ];
  return analyzeProcedure(tinyDataset({ grade, year, tasks, scale }, rows));
}

// sch1 4А 2024: totals 0,1,2,3 → marks 2,3,4,5: У 75, КЗ 50, СОУ (16+36+64+100)/4 = 54, mean 1,5 of 3 = 50 %, «2» 25 %.
const g4y24 = work(4, 2024, T3, S3, [0, 1, 2, 3], [3, 3]);
// 2025, another work (task 2 max 3, max 4, other scale): 4,4,2,1 → 5,5,3,2: У 75, КЗ 50,
// СОУ (100+100+36+16)/4 = 63, mean 2,75 of 4 = 68,75 %, «2» 25 %.
const g4y25 = work(4, 2025, T4, S4, [4, 4, 2, 1], [0]);
// 2026: 3,3,2,2,1 → 5,5,4,4,3: У 100, КЗ 80, СОУ (100+100+64+64+36)/5 = 72,8, mean 2,2 of 3 = 73,3 %, «2» 0.
const g4y26 = work(4, 2026, T3, S3, [3, 3, 2, 2, 1], [0, 0]);
// The cohort: 5А 2025: 1,2,3,3,1 → 3,4,5,5,3: У 100, КЗ 60, СОУ 336/5 = 67,2, mean 2 = 66,7 %, «2» 0.
const g5y25 = work(5, 2025, T3, S3, [1, 2, 3, 3, 1], [1]);
// 6А 2026: 2,2,3,0 → 4,4,5,2: У 75, КЗ 75, СОУ 244/4 = 61, mean 1,75 = 58,3 %, «2» 25 %.
const g6y26 = work(6, 2026, T3, S3, [2, 2, 3, 0], [2]);
const history = [g4y24, g4y25, g4y26, g5y25, g6y26];

function dynamicsBlocks(P: typeof g4y24, level: 'class' | 'school', unitId: string, h = history): Block[] {
  const doc = buildSpravka({ procedure: P, level, unitId, resultsDate: '2026-05-12', history: h });
  const i = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text.endsWith('Динамика результатов'));
  expect(i).toBeGreaterThan(0);
  const j = doc.blocks.findIndex((b, k) => k > i && b.kind === 'heading');
  return doc.blocks.slice(i + 1, j < 0 ? undefined : j);
}
const tables = (bs: Block[]) =>
  bs.filter((b) => b.kind === 'table').map((b) => (b as { rows: string[][] }).rows);
const text = (bs: Block[]) =>
  bs
    .flatMap((b) => (b.kind === 'paragraph' ? [b.runs] : b.kind === 'list' ? b.items : []))
    .map((r) => r.map((x) => (typeof x === 'string' ? x : x.text)).join(''))
    .join('\n');

describe('справка: dynamics over years and of the cohort', () => {
  it('grade 4 of a school over three years, with the notes on the other work and scale', () => {
    const bs = dynamicsBlocks(g4y26, 'class', 'sch1/4А');
    const [years, cohort] = tables(bs);
    expect(years).toEqual([
      ['2024 г.', '4', '1,5 из 3', '50,0', '75,0', '50,0', '54,0', '25,0'],
      ['2025 г.', '4', '2,8 из 4', '68,8', '75,0', '50,0', '63,0', '25,0'],
      ['2026 г.', '5', '2,2 из 3', '73,3', '100,0', '80,0', '72,8', '0,0'],
    ]);
    // 4А of 2026 has no earlier work: a one-point cohort, said so.
    expect(cohort).toEqual([['2026 г., 4А', '5', '2,2 из 3', '73,3', '100,0', '80,0', '72,8', '0,0']]);
    const t = text(bs);
    expect(t).toContain('От 2024 г. к 2026 г.: средний балл в % от максимума: рост на 23,3');
    expect(t).toContain('КЗ: рост на 30,0');
    expect(t).toContain('доля «2»: снижение на 25,0');
    expect(t).toContain('Каждый год работу пишут другие обучающиеся');
    expect(t).toContain('2024 г. → 2025 г.: максимальный балл различается (3 и 4)');
    expect(t).toContain('2024 г. → 2025 г.: шкалы перевода баллов в отметки различаются');
    expect(t).toContain('2025 г. → 2026 г.: шкалы перевода баллов в отметки различаются');
    expect(t).toContain('наборы заданий различаются');
    expect(t).toContain('Когорта прослежена только по 1 работе');
    expect(t).not.toContain('Результаты есть только за');
  });

  it('the class 6А followed back to 4А and 5А; its grade 6 has one year only, said so', () => {
    const bs = dynamicsBlocks(g6y26, 'class', 'sch1/6А');
    const [years, cohort] = tables(bs);
    expect(years).toEqual([['2026 г.', '4', '1,8 из 3', '58,3', '75,0', '75,0', '61,0', '25,0']]);
    expect(cohort).toEqual([
      ['2024 г., 4А', '4', '1,5 из 3', '50,0', '75,0', '50,0', '54,0', '25,0'],
      ['2025 г., 5А', '5', '2,0 из 3', '66,7', '100,0', '60,0', '67,2', '0,0'],
      ['2026 г., 6А', '4', '1,8 из 3', '58,3', '75,0', '75,0', '61,0', '25,0'],
    ]);
    const t = text(bs);
    expect(t).toContain('Результаты есть только за 1 год (2026)');
    expect(t).toContain('число писавших 4 → 5 → 4');
    expect(t).toContain('Классы сопоставлены по букве: 4А → 5А → 6А');
    // 50,0 → 58,3: +8,3; КЗ 50 → 75: +25; «2» 25 → 25: unchanged.
    expect(t).toContain('От 4 кл. 2024 г. к 6 кл. 2026 г.: средний балл в % от максимума: рост на 8,3');
    expect(t).toContain('доля «2»: без изменений');
  });

  it('the school level follows the school; one school per year analysed alone gives the same rows', () => {
    const full = tables(dynamicsBlocks(g6y26, 'school', 'sch1'));
    const only = new Set(['sch1']);
    const alone = [
      [4, 2024, T3, S3, [0, 1, 2, 3]],
      [4, 2025, T4, S4, [4, 4, 2, 1]],
      [4, 2026, T3, S3, [3, 3, 2, 2, 1]],
      [5, 2025, T3, S3, [1, 2, 3, 3, 1]],
      [6, 2026, T3, S3, [2, 2, 3, 0]],
    ].map(([g, y, t, s, m]) => {
      const rows: TinyPupil[] = [
        ...(m as number[]).map((x, i) => ({
          school: 'sch1',
          cls: `${g}А`,
          code: `1${i}`,
          scores: spread(x, t as TaskSpec[]),
        })),
        { school: 'sch2', cls: `${g}Б`, code: '20', scores: spread(1, t as TaskSpec[]) },
      ];
      return analyzeProcedure(
        schoolsSubset(
          tinyDataset(
            { grade: g as number, year: y as number, tasks: t as TaskSpec[], scale: s as MarkScale },
            rows,
          ),
          only,
        ),
      );
    });
    const P = alone.find((r) => r.grade === 6)!;
    expect(tables(dynamicsBlocks(P, 'school', 'sch1', alone))).toEqual(full);
    expect(full[1].map((r) => r[0])).toEqual(['2024 г., 4 кл.', '2025 г., 5 кл.', '2026 г., 6 кл.']);
  });

  it('no history: no section', () => {
    const doc = buildSpravka({
      procedure: g6y26,
      level: 'school',
      unitId: 'sch1',
      resultsDate: '2026-05-12',
    });
    expect(doc.blocks.some((b) => b.kind === 'heading' && b.text.includes('Динамика результатов'))).toBe(
      false,
    );
  });
});
