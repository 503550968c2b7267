// Dynamics series on hand-built reports: every expected value below is worked out by hand.
import { describe, expect, it } from 'vitest';
import {
  classLetter,
  cohortSeries,
  cohortStarts,
  yearSeries,
  type DynamicsSeries,
} from '../../src/domain/dynamics/index.ts';
import type { MarkCounts, ProcedureReport, UnitReport } from '../../src/domain/report/types.ts';

const TASKS_A = [
  { id: '1', max: 1, level: 'Б' as const },
  { id: '2', max: 2, level: 'Б' as const },
];
const TASKS_B = [
  { id: '1', max: 1, level: 'Б' as const },
  { id: '2', max: 3, level: 'Б' as const },
];

/** A unit with marks counts; У, КЗ, СОУ from the definitions (computed here, checked by hand below). */
function unit(
  level: UnitReport['level'],
  id: string,
  name: string,
  parent: string | null,
  m: [number, number, number, number],
  mean: number,
): UnitReport {
  const written = m[0] + m[1] + m[2] + m[3];
  const marks: MarkCounts = { '2': m[0], '3': m[1], '4': m[2], '5': m[3] };
  return {
    level,
    id,
    name,
    parent,
    written,
    absent: 0,
    score: { mean, sd: null, ci95: null },
    marks,
    uspevaemost: (100 * (m[1] + m[2] + m[3])) / written,
    kachestvo: (100 * (m[2] + m[3])) / written,
    sou: (16 * m[0] + 36 * m[1] + 64 * m[2] + 100 * m[3]) / written,
    tasks: [
      { id: '1', completion: 50, ci95: null, status: 'insufficient' },
      { id: '2', completion: 70, ci95: null, status: 'sufficient' },
    ],
  };
}

function report(
  year: number,
  grade: number,
  tasks: typeof TASKS_A,
  schoolMarks: [number, number, number, number],
  schoolMean: number,
  letter = 'А',
): ProcedureReport {
  const maxScore = tasks.reduce((s, t) => s + t.max, 0);
  return {
    id: `ВПР-${year}-Математика-${grade}`,
    kind: 'ВПР',
    subject: 'Математика',
    grade,
    year,
    maxScore,
    tasks,
    scale: [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, maxScore],
    ],
    units: [
      unit('all', 'all', 'Все участники', null, [2, 3, 3, 2], 2),
      unit('school', 'sch1', 'Школа 1', 'all', schoolMarks, schoolMean),
      unit('parallel', `sch1#${grade}`, `${grade} классы`, 'sch1', schoolMarks, schoolMean),
      unit('class', `sch1/${grade}${letter}`, `${grade}${letter}`, `sch1#${grade}`, schoolMarks, schoolMean),
    ],
  };
}

const texts = (s: DynamicsSeries, kind?: string) =>
  s.notes.filter((n) => !kind || n.kind === kind).map((n) => n.text);

describe('yearSeries', () => {
  // 2024: marks 2/3/4/5 = 1, 4, 4, 1 (10 wrote), mean 1.5 of 3.
  // 2025: 3, 3, 3, 1 → share of «2» 30 % (+20 pp: negative), mean 1.2 of 3; same tasks.
  // 2026: 1, 4, 4, 1, mean 2 of 4; task 2 max 3 → incompatible with 2025.
  const reports = [
    report(2026, 4, TASKS_B, [1, 4, 4, 1], 2),
    report(2024, 4, TASKS_A, [1, 4, 4, 1], 1.5),
    report(2025, 4, TASKS_A, [3, 3, 3, 1], 1.2),
    report(2025, 5, TASKS_A, [0, 0, 0, 5], 3), // another grade: not in the series
  ];
  const s = yearSeries(
    reports,
    { kind: 'ВПР', subject: 'Математика', grade: 4 },
    { level: 'school', id: 'sch1' },
  );

  it('has one point per year, oldest first, with the hand-checked indicators', () => {
    expect(s.points.map((p) => p.year)).toEqual([2024, 2025, 2026]);
    const [a, b, c] = s.points;
    expect(a.written).toBe(10);
    expect(a.uspevaemost).toBeCloseTo(90, 12); // 9 of 10
    expect(a.kachestvo).toBeCloseTo(50, 12); // 5 of 10
    expect(a.sou).toBeCloseTo((16 + 144 + 256 + 100) / 10, 12); // 51.6
    expect(a.meanPct).toBeCloseTo(50, 12); // 1.5 / 3
    expect(a.share2).toBeCloseTo(10, 12);
    expect(b.uspevaemost).toBeCloseTo(70, 12);
    expect(b.share2).toBeCloseTo(30, 12);
    expect(b.meanPct).toBeCloseTo(40, 12); // 1.2 / 3
    expect(c.meanPct).toBeCloseTo(50, 12); // 2 / 4
    expect(c.share2).toBeCloseTo(10, 12);
  });

  it('offers per-task data only between identical task sets and says why not otherwise', () => {
    const [a, b, c] = s.points;
    expect([a.comparableWithPrevious, b.comparableWithPrevious, c.comparableWithPrevious]).toEqual([
      null,
      true,
      false,
    ]);
    expect(a.tasks?.map((t) => t.id)).toEqual(['1', '2']);
    expect(b.tasks?.length).toBe(2);
    expect(c.tasks).toBeUndefined();
    const inc = texts(s, 'incompatible');
    expect(inc).toHaveLength(1);
    expect(inc[0]).toContain('2025 г. → 2026 г.');
    expect(inc[0]).toContain('Задание 2: максимальный балл 2 и 3.');
    expect(inc[0]).toContain('сравнение по заданиям не проводится');
  });

  it('flags a rise of the share of «2» by ≥ 10 pp as negative dynamics', () => {
    const neg = texts(s, 'negative');
    expect(neg).toHaveLength(1);
    expect(neg[0]).toContain('2024 г. → 2025 г.');
    expect(neg[0]).toContain('20,0 п. п.');
    expect(neg[0]).toContain('отрицательная динамика');
  });

  it('flags exactly +10 pp but not +9', () => {
    const ten = [report(2024, 4, TASKS_A, [1, 4, 4, 1], 1.5), report(2025, 4, TASKS_A, [2, 3, 4, 1], 1.5)];
    const key = { kind: 'ВПР', subject: 'Математика', grade: 4 };
    expect(texts(yearSeries(ten, key, { level: 'all', id: 'all' }), 'negative')).toHaveLength(0);
    expect(texts(yearSeries(ten, key, { level: 'school', id: 'sch1' }), 'negative')).toHaveLength(1);
    const nine = [
      report(2024, 4, TASKS_A, [10, 40, 40, 10], 1.5),
      report(2025, 4, TASKS_A, [19, 31, 40, 10], 1.5),
    ];
    expect(texts(yearSeries(nine, key, { level: 'school', id: 'sch1' }), 'negative')).toHaveLength(0);
  });

  it('the level-all unit and a missing unit', () => {
    const all = yearSeries(
      reports,
      { kind: 'ВПР', subject: 'Математика', grade: 4 },
      { level: 'all', id: 'all' },
    );
    expect(all.points.map((p) => p.uspevaemost)).toEqual([80, 80, 80]);
    const none = yearSeries(
      reports,
      { kind: 'ВПР', subject: 'Математика', grade: 4 },
      { level: 'school', id: 'x' },
    );
    expect(none.points).toEqual([]);
  });
});

describe('cohortSeries', () => {
  // 2024 grade 4 → 2025 grade 5 (next year) → 2025 grade 6 is not there; 2025 grade 4 starts another.
  const reports = [
    report(2024, 4, TASKS_A, [1, 4, 4, 1], 1.5, 'А'),
    report(2025, 5, TASKS_B, [3, 3, 3, 1], 2, 'А'),
    report(2025, 4, TASKS_A, [0, 5, 5, 0], 1.5, 'Б'),
    report(2024, 5, TASKS_A, [0, 5, 5, 0], 1.5, 'А'),
  ];
  const key = { kind: 'ВПР', subject: 'Математика' };

  it('lists the cohorts with two or more works', () => {
    const starts = cohortStarts(reports, key);
    // 2024-4 → 2025-5; 2024-5 has no grade 6; 2025-5 belongs to the 2024-4 cohort (next year first).
    expect(starts.map((s) => s.steps.map((x) => `${x.grade}/${x.year}`))).toEqual([['4/2024', '5/2025']]);
  });

  it('follows the school by login across grades and says the task sets differ', () => {
    const s = cohortSeries(
      reports,
      { ...key, start: { grade: 4, year: 2024 } },
      { level: 'school', id: 'sch1' },
    );
    expect(s.points.map((p) => [p.grade, p.year])).toEqual([
      [4, 2024],
      [5, 2025],
    ]);
    expect(s.points[1].uspevaemost).toBeCloseTo(70, 12);
    expect(s.points[1].share2).toBeCloseTo(30, 12);
    expect(s.points[1].meanPct).toBeCloseTo(50, 12); // 2 / 4
    expect(s.points[1].comparableWithPrevious).toBe(false);
    expect(s.points.every((p) => p.tasks === undefined)).toBe(true);
    expect(texts(s, 'incompatible')[0]).toContain('4 кл. 2024 г. → 5 кл. 2025 г.');
    expect(texts(s, 'negative')).toHaveLength(1);
  });

  it('matches a class by its letter, says so, and stops when the letter is gone', () => {
    const s = cohortSeries(
      reports,
      { ...key, start: { grade: 4, year: 2024 } },
      { level: 'class', id: 'sch1/4А' },
    );
    expect(s.points.map((p) => p.unitId)).toEqual(['sch1/4А', 'sch1/5А']);
    expect(texts(s, 'by-letter')[0]).toContain('4А → 5А');
    const other = [
      report(2024, 4, TASKS_A, [1, 4, 4, 1], 1.5, 'А'),
      report(2025, 5, TASKS_A, [1, 4, 4, 1], 1.5, 'Б'),
    ];
    const lost = cohortSeries(other, key, { level: 'class', id: 'sch1/4А' });
    expect(lost.points).toHaveLength(1);
  });

  it('takes the same year when there is no next-year work', () => {
    const same = [report(2025, 4, TASKS_A, [1, 4, 4, 1], 1.5), report(2025, 5, TASKS_A, [1, 4, 4, 1], 1.5)];
    const s = cohortSeries(same, key, { level: 'school', id: 'sch1' });
    expect(s.points.map((p) => [p.grade, p.year])).toEqual([
      [4, 2025],
      [5, 2025],
    ]);
    expect(s.points[1].comparableWithPrevious).toBe(true);
    expect(s.points[0].tasks).toHaveLength(2);
  });

  it('reads class letters', () => {
    expect(classLetter('4А', 4)).toBe('А');
    expect(classLetter('4 б', 4)).toBe('Б');
    expect(classLetter('4-В', 4)).toBe('В');
    expect(classLetter('5А', 4)).toBeNull();
    expect(classLetter('нет', 4)).toBeNull();
  });
});
