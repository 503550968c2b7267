// The analysis engine against an independent, deliberately naive reference (naive-report.ts):
// pupils as objects, textbook formulas, sorting for ranks, per-pair loops for κ. It shares no code
// with src/domain/report or src/domain/stats. Checked on (a) a hand-built dataset with the
// arithmetic in the comments, (b) seeded random datasets, (c) the real 26 000-pupil file.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarkScale, ProcedureSpec, TaskSpec } from '../../src/domain/model.ts';
import {
  AnalysisCancelledError,
  analyzeProcedure,
  buildReport,
  compareProcedures,
  pupilResults,
  type ProcedureReport,
  type UnitReport,
} from '../../src/domain/report/index.ts';
import {
  avg,
  checkAgainstReference,
  expectMatch,
  naiveFigures,
  numpyQuantile,
  toDataset,
  toWorld,
  type P,
  type World,
} from './naive-report.ts';

// ---------------------------------------------------------------- (a) the hand-built dataset

const handSpec: ProcedureSpec = {
  kind: 'ВПР',
  subject: 'Математика',
  grade: 5,
  year: 2021,
  tasks: [
    { id: '1', max: 1, level: 'Б', skill: 'Счёт' },
    { id: '2', max: 2, level: 'П', skill: 'Счёт' },
  ],
  // mark = score + 2: marks can be checked by eye.
  scale: [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
  ],
};

const hand: World = {
  spec: handSpec,
  schools: [
    ['schA', 'm1'],
    ['schB', 'm1'],
    ['schC', undefined],
  ],
  municipalities: ['m1'],
  pupils: [
    { code: 'p1', school: 'schA', cls: '5А', absent: false, scores: [1, 2], journal: 5 }, // 3 → «5»
    { code: 'p2', school: 'schA', cls: '5А', absent: false, scores: [1, 0], journal: 4 }, // 1 → «3»
    { code: 'p3', school: 'schA', cls: '5А', absent: false, scores: [0, 1], journal: 3 }, // 1 → «3»
    { code: 'p4', school: 'schA', cls: '5А', absent: true, scores: [0, 0], journal: 4 },
    { code: 'p5', school: 'schA', cls: null, absent: false, scores: [0, 0], journal: 0 }, // 0 → «2»
    { code: 'p6', school: 'schB', cls: '5Б', absent: false, scores: [1, 1], journal: 3 }, // 2 → «4»
    { code: 'p7', school: 'schB', cls: '5Б', absent: true, scores: [0, 0], journal: 0 },
    { code: 'p8', school: 'schC', cls: null, absent: true, scores: [0, 0], journal: 0 },
  ],
};

describe('analyzeProcedure on the hand-built dataset', () => {
  const report = analyzeProcedure(toDataset(hand));
  const unit = (level: string, id: string) => report.units.find((u) => u.level === level && u.id === id)!;

  it('lists the units level by level with their parents', () => {
    expect(report.units.map((u) => [u.level, u.id, u.parent])).toEqual([
      ['all', 'all', null],
      ['municipality', 'm1', 'all'],
      ['school', 'schA', 'm1'],
      ['school', 'schB', 'm1'],
      ['school', 'schC', 'all'],
      ['parallel', 'schA#5', 'schA'],
      ['parallel', 'schB#5', 'schB'],
      ['parallel', 'schC#5', 'schC'],
      ['class', 'schA/5А', 'schA#5'],
      ['class', 'schB/5Б', 'schB#5'],
    ]);
    expect(report.maxScore).toBe(3);
  });

  it('school A: hand arithmetic', () => {
    const a = unit('school', 'schA');
    // Present p1, p2, p3, p5 (p5 has no class but counts for the school); p4 absent.
    expect([a.written, a.absent]).toEqual([4, 1]);
    // Scores 3, 1, 1, 0: mean 1.25; sd = √(4.75/3) = 1.2583057392117916; ci = 1.25 ± 1.96·sd/2.
    expect(a.score!.mean).toBe(1.25);
    expect(a.score!.sd).toBeCloseTo(1.2583057392117916, 12);
    expect(a.score!.ci95![0]).toBeCloseTo(0.016860375572444353, 12);
    expect(a.score!.ci95![1]).toBeCloseTo(2.4831396244275554, 12);
    // Marks «2» p5, «3» p2 p3, «5» p1. У = 3/4 = 75 %, КЗ = 1/4 = 25 %,
    // СОУ = (100 + 36·2 + 16)/4 = 188/4 = 47, mean mark = (2 + 3 + 3 + 5)/4 = 3.25.
    expect(a.marks).toEqual({ '2': 1, '3': 2, '4': 0, '5': 1 });
    expect([a.uspevaemost, a.kachestvo, a.sou, a.meanMark]).toEqual([75, 25, 47, 3.25]);
    // Task 1 (1 point): 2 of 4 → 50 %; Wilson 2/4 = 0.150036–0.849964 (see stats.test.ts). Б: 50 < 57.
    const [t1, t2] = a.tasks!;
    expect(t1.completion).toBe(50);
    expect(t1.ci95![0]).toBeCloseTo(15.003570882017145, 10);
    expect(t1.ci95![1]).toBeCloseTo(84.996429117983, 10);
    expect(t1.status).toBe('insufficient');
    // Task 2 (2 points): 2 + 0 + 1 + 0 = 3 of 8 → 37.5 %; Wilson of p = .375, n = 4 (z² = 3.8416):
    // centre .375 + .4802 = .8552, half 1.96·√(.375·.625/4 + 3.8416/64) = .675077, denominator
    // 1.9604 → [.091897, .780578]. П: 37.5 ≥ 30 → sufficient.
    expect(t2.completion).toBe(37.5);
    expect(t2.ci95![0]).toBeCloseTo(9.189704747615087, 10);
    expect(t2.ci95![1]).toBeCloseTo(78.0577957624849, 10);
    expect(t2.status).toBe('sufficient');
    // By mark: «2» = p5 (0 of 1), «3» = p2, p3 (1 of 2), «4» nobody, «5» = p1.
    expect(t1.byMark).toEqual({ '2': 0, '3': 50, '4': null, '5': 100 });
    expect(t2.byMark).toEqual({ '2': 0, '3': 25, '4': null, '5': 100 });
    // Journal pairs (p5 has none): p1 5/5 same, p2 «3» vs 4 lower, p3 3/3 same.
    const j = a.journal!;
    expect([j.n, j.lower, j.same, j.higher, j.gap2]).toEqual([3, 1, 2, 0, 0]);
    // Spearman: journal 5, 4, 3 → ranks 3, 2, 1; score 3, 1, 1 → ranks 3, 1.5, 1.5.
    // dx = 1, 0, −1; dy = 1, −.5, −.5 → Sxy = 1.5, Sxx = 2, Syy = 1.5 → 1.5/√3 = 0.8660254.
    expect(j.spearman).toBeCloseTo(Math.sqrt(3) / 2, 12);
    // κ_w: journal/ВПР pairs (5,5), (4,3), (3,3); p_o = (1 + 8/9 + 1)/3 = 26/27;
    // margins journal 3,4,5 = 1,1,1, ВПР 3 = 2, 5 = 1: p_e = 66/81 = 22/27 → κ = (4/27)/(5/27) = 0.8.
    expect(j.kappaWeighted).toBeCloseTo(0.8, 12);
    expect(a.histogram).toEqual([1, 2, 0, 1]);
    // Deficits: task 1 only; the skill «Счёт» (tasks 1, 2) has (2 + 3)/(4·3) = 41.7 % of its
    // points, above its bar (60 + 2·30)/3 = 40 % → sufficient.
    expect(a.deficits!.map((d) => [d.kind, d.id])).toEqual([['task', '1']]);
  });

  it('school B: one pupil, undefined values are null', () => {
    const b = unit('school', 'schB');
    expect([b.written, b.absent]).toEqual([1, 1]);
    expect(b.score).toEqual({ mean: 2, sd: null, ci95: null });
    // Wilson 1/1: lower = 1/(1 + 3.8416) = 1/4.8416.
    expect(b.tasks![0].ci95![0]).toBeCloseTo(100 / 4.8416, 10);
    // Task 2 (2 points), one pupil with 1 point: p = .5, n = 1 — defined from written = 1:
    // (.5 + 1.9208 ∓ 1.96·√(.25 + .9604)) / 4.8416.
    expect(b.tasks![1].ci95![0]).toBeCloseTo(5.4619065145883505, 10);
    expect(b.tasks![1].ci95![1]).toBeCloseTo(94.53809348541165, 10);
    // Journal 3, ВПР «4»: higher; Spearman needs 2 pairs; κ of a single pair: p_o = p_e = 8/9 → 0.
    expect(b.journal).toMatchObject({ n: 1, lower: 0, same: 0, higher: 1, spearman: null, kappaWeighted: 0 });
  });

  it('a unit nobody wrote carries only written and absent', () => {
    expect(unit('school', 'schC')).toEqual({
      level: 'school',
      id: 'schC',
      name: 'Школа schC',
      parent: 'all',
      written: 0,
      absent: 1,
    });
  });

  it('municipality and all sum their schools', () => {
    // m1: scores 3, 1, 1, 0, 2 → mean 1.4; all adds only schC's absent pupil.
    expect(unit('municipality', 'm1')).toMatchObject({ written: 5, absent: 2, score: { mean: 1.4 } });
    expect(unit('all', 'all')).toMatchObject({ written: 5, absent: 3, score: { mean: 1.4 } });
    expect(unit('class', 'schA/5А')).toMatchObject({ written: 3, absent: 1, histogram: [0, 2, 0, 1] });
  });

  it('matches the naive reference at every unit', () => checkAgainstReference(hand, report, 1e-9));

  it('without a scale: no marks, null mark figures, journal without directions', () => {
    const noScale: World = { ...hand, spec: { ...handSpec, scale: null } };
    const r = analyzeProcedure(toDataset(noScale));
    const a = r.units.find((u) => u.id === 'schA')!;
    expect(a.marks).toBeUndefined();
    expect([a.uspevaemost, a.kachestvo, a.sou, a.meanMark]).toEqual([null, null, null, null]);
    // Pupils with a journal mark: p1, p2, p3 → journal 5,4,3 vs score 3,1,1 (as above).
    expect(a.journal).toMatchObject({ n: 3, lower: null, same: null, higher: null, kappaWeighted: null });
    expect(a.journal!.spearman).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(r.scale).toBeNull();
    checkAgainstReference(noScale, r, 1e-9);
  });

  it('buildReport: format, warnings, official signs', () => {
    const rep = buildReport([toDataset(hand)], { generatedAt: '2026-11-23T00:00:00Z' });
    expect(rep.format).toBe('oko-report/v1');
    expect(rep.generatedAt).toBe('2026-11-23T00:00:00Z');
    expect(rep.warnings).toEqual([
      { file: 'test.xlsx', sheet: 'Лист1', row: 3, column: '2 (1б)', message: 'больше максимума' },
    ]);
    expect(rep.procedures[0].id).toBe('ВПР-2021-Математика-5');
    expect(rep.procedures[0].tasks).toEqual([
      { id: '1', max: 1, level: 'Б' },
      { id: '2', max: 2, level: 'П' },
    ]);
    // all: scores 3, 1, 1, 0, 2 → sd = √(5.2/4) = 1.1401754; ci = [0.400592, 2.399408].
    // schA: ci lower 0.01686 ≤ 2.3994 → not flagged; value 1.25 − 1.4 = −0.15.
    // schB: written 1, no ci → no inflated-mean entry; no spearman → no journal-mismatch entry.
    expect(rep.signs.map((s) => [s.school, s.sign, s.flagged])).toEqual([
      ['schA', 'inflated-mean', false],
      ['schA', 'journal-mismatch', false],
    ]);
    expect(rep.signs[0].value).toBeCloseTo(-0.15, 12);
    expect(rep.signs[1].value).toBeCloseTo(Math.sqrt(3) / 2, 12);
  });

  it('pupil results of a class', () => {
    const rows = pupilResults(toDataset(hand), 'schA/5А');
    expect(rows.map((r) => [r.code, r.score, r.mark, r.journal, r.unformedTasks, r.unformedSkills])).toEqual([
      ['p1', 3, 5, 5, [], []],
      // p2: task 2 got 0 of 2 < half; skill «Счёт» 1 of 3 < 1.5.
      ['p2', 1, 3, 4, ['2'], ['Счёт']],
      // p3: task 1 got 0 of 1; task 2 got 1 of 2 = half → formed.
      ['p3', 1, 3, 3, ['1'], ['Счёт']],
      ['p4', null, null, 4, [], []],
    ]);
    expect(rows[3].absent).toBe(true);
    expect(pupilResults(toDataset(hand), 'нет/такого')).toEqual([]);
  });

  it('progress and cancellation', () => {
    const seen: number[] = [];
    analyzeProcedure(toDataset(hand), { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    expect(() => analyzeProcedure(toDataset(hand), { isCancelled: () => true })).toThrow(
      AnalysisCancelledError,
    );
  });
});

// ---------------------------------------------------------------- (b) seeded random datasets

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomWorld(
  seed: number,
  opts: { grade?: number; year?: number; scale?: MarkScale | null; logins?: string[] } = {},
): World {
  const rnd = lcg(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const tasks: TaskSpec[] = Array.from({ length: 8 }, (_, k) => ({
    id: k === 3 ? '4.1' : String(k + 1),
    max: [1, 1, 2, 1, 3, 1, 2, 1][k],
    level: k < 6 ? 'Б' : 'П',
    skill: ['А', 'Б', 'В'][k % 3],
    kes: [String(1 + (k % 4))],
    kt: k % 2 ? ['1', '2'] : ['2'],
  }));
  const maxScore = tasks.reduce((a, t) => a + t.max, 0); // 12
  const scale =
    opts.scale === undefined
      ? ([
          [0, 3],
          [4, 6],
          [7, 9],
          [10, maxScore],
        ] as MarkScale)
      : opts.scale;
  const logins = opts.logins ?? Array.from({ length: 14 }, (_, i) => `sch${100 + i}`);
  const municipalities = ['m1', 'm2', 'm3'];
  const schools: [string, string | undefined][] = logins.map((l, i) => [
    l,
    i % 5 === 4 ? undefined : municipalities[i % 3],
  ]);
  const pupils: P[] = [];
  logins.forEach((login, si) => {
    const level = rnd() * 0.6 - 0.3 + (si === 0 ? 1 : 0);
    const nClasses = int(0, 3);
    const size = si === 2 ? 1 : int(5, 60);
    for (let i = 0; i < size; i++) {
      const ability = level + rnd();
      const absent = rnd() < 0.08;
      const cls = nClasses === 0 || rnd() < 0.05 ? null : `${opts.grade ?? 5}${'АБВ'[int(0, nClasses - 1)]}`;
      const scores = tasks.map((t) =>
        Math.max(0, Math.min(t.max, Math.floor(rnd() * (t.max + 1) * ability * 1.4))),
      );
      const journal = rnd() < 0.1 ? 0 : Math.max(2, Math.min(5, Math.round(2 + ability * 3 + rnd() - 0.5)));
      pupils.push({ code: `${si}-${i}`, school: login, cls, absent, scores, journal });
    }
  });
  // Shuffle rows: the engine must not rely on pupils being grouped.
  for (let i = pupils.length - 1; i > 0; i--) {
    const j = int(0, i);
    [pupils[i], pupils[j]] = [pupils[j], pupils[i]];
  }
  return {
    spec: {
      kind: 'ВПР',
      subject: 'Математика',
      grade: opts.grade ?? 5,
      year: opts.year ?? 2021,
      tasks,
      scale,
    },
    schools,
    municipalities,
    pupils,
  };
}

describe('analyzeProcedure on seeded random datasets', () => {
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: every unit matches the naive reference`, () => {
      const w = randomWorld(seed);
      checkAgainstReference(w, analyzeProcedure(toDataset(w)));
    });

  it('a scale with a gap: scores in the gap have no mark', () => {
    const w = randomWorld(7, {
      scale: [
        [0, 3],
        [5, 6],
        [7, 9],
        [10, 12],
      ],
    });
    const r = analyzeProcedure(toDataset(w));
    const all = r.units[0];
    const m = all.marks!;
    expect(m['2'] + m['3'] + m['4'] + m['5']).toBe(all.written - all.histogram![4]);
    checkAgainstReference(w, r);
  });

  it('without a scale', () => {
    const w = randomWorld(8, { scale: null });
    checkAgainstReference(w, analyzeProcedure(toDataset(w)));
  });
});

// ---------------------------------------------------------------- official signs

describe('official signs', () => {
  it('inflated-mean and journal-mismatch match a naive decision per school', () => {
    const w = randomWorld(11);
    const rep = buildReport([toDataset(w)]);
    const ref = naiveFigures(w.pupils, w.spec) as { score: { mean: number; ci95: [number, number] } };
    const want: [string, string, boolean, number][] = [];
    for (const [login] of w.schools) {
      const f = naiveFigures(
        w.pupils.filter((p) => p.school === login),
        w.spec,
      ) as {
        written: number;
        score?: { mean: number; ci95: [number, number] | null };
        journal?: { spearman: number | null };
      };
      if (f.written === 0) continue;
      if (f.score!.ci95)
        want.push([
          login,
          'inflated-mean',
          f.score!.ci95[0] > ref.score.ci95[1],
          f.score!.mean - ref.score.mean,
        ]);
      if (f.journal!.spearman !== null)
        want.push([login, 'journal-mismatch', f.journal!.spearman < 0, f.journal!.spearman]);
    }
    expect(rep.signs.map((s) => [s.school, s.sign, s.flagged])).toEqual(want.map((x) => x.slice(0, 3)));
    rep.signs.forEach((s, i) => expect(Math.abs(s.value - want[i][3])).toBeLessThan(1e-9));
    // The planted school sch100 is ahead: its interval lies above the region's.
    expect(rep.signs.find((s) => s.school === 'sch100' && s.sign === 'inflated-mean')!.flagged).toBe(true);
  });

  it('inflated-mean against a municipality reference', () => {
    const w = randomWorld(12);
    const rep = buildReport([toDataset(w)], { reference: { kind: 'municipality', id: 'm2' } });
    const ref = naiveFigures(
      w.pupils.filter((p) => w.schools.find(([l]) => l === p.school)![1] === 'm2'),
      w.spec,
    ) as { score: { mean: number } };
    const s = rep.signs.find((x) => x.sign === 'inflated-mean' && x.school === 'sch101')!;
    const own = naiveFigures(
      w.pupils.filter((p) => p.school === 'sch101'),
      w.spec,
    ) as { score: { mean: number } };
    expect(s.value).toBeCloseTo(own.score.mean - ref.score.mean, 9);
  });

  it('cohort K and numpy-linear quartile fences', () => {
    // Grade 4 in 2020, grade 5 in 2021, the same schools; one school falls sharply in grade 5.
    const logins = Array.from({ length: 14 }, (_, i) => `sch${100 + i}`);
    const g4 = randomWorld(21, { grade: 4, year: 2020, logins });
    const g5 = randomWorld(22, { grade: 5, year: 2021, logins });
    // sch105: full marks in grade 4, one point per pupil in grade 5 (S > 0, K = 12): a sharp fall.
    for (const p of g4.pupils) if (p.school === 'sch105') p.scores = g4.spec.tasks.map((t) => t.max);
    for (const p of g5.pupils)
      if (p.school === 'sch105') p.scores = p.scores.map((_, k) => (k === 0 ? 1 : 0));
    const rep = buildReport([toDataset(g4), toDataset(g5)]);
    const cohort = rep.signs.filter((s) => s.sign.startsWith('cohort'));
    // Naive K per school: (mean4/12)/(mean5/12) over schools written in both with S5 > 0.
    const meanOf = (w: World, l: string) => {
      const xs = w.pupils
        .filter((p) => p.school === l && !p.absent)
        .map((p) => p.scores.reduce((a, b) => a + b, 0));
      return xs.length ? avg(xs) : null;
    };
    const ks: [string, number][] = [];
    for (const l of logins) {
      const a = meanOf(g4, l);
      const b = meanOf(g5, l);
      if (a !== null && b !== null && b > 0) ks.push([l, a / 12 / (b / 12)]);
    }
    const q25 = numpyQuantile(
      ks.map((k) => k[1]),
      0.25,
    );
    const q75 = numpyQuantile(
      ks.map((k) => k[1]),
      0.75,
    );
    const iqr = q75 - q25;
    expect(cohort.length).toBe(2 * ks.length);
    for (const [l, k] of ks) {
      const rise = cohort.find((s) => s.school === l && s.sign === 'cohort-rise')!;
      const fall = cohort.find((s) => s.school === l && s.sign === 'cohort-fall')!;
      expect(rise.procedure).toBe('ВПР-2021-Математика-5');
      expect(rise.value).toBeCloseTo(k, 9);
      expect(rise.flagged).toBe(k < q25 - 3 * iqr);
      expect(fall.flagged).toBe(k > q75 + 3 * iqr);
    }
    expect(cohort.find((s) => s.school === 'sch105' && s.sign === 'cohort-fall')!.flagged).toBe(true);
  });

  it('cohort fences on hand-made K values', () => {
    // Earlier max 10, later max 20; later means 10 (S = .5), earlier means chosen for K:
    // K = S4/S5 = (m4/10)/0.5 → m4 = 5K. K = 0.9, 1, 1, 1.05, 1.1, 3.
    // Sorted: .9, 1, 1, 1.05, 1.1, 3. Q25: h = 5·.25 = 1.25 → 1; Q75: h = 3.75 → 1.05 + .75·.05 = 1.0875.
    // IQR = .0875; upper fence 1.0875 + .2625 = 1.35 (K = 3 → cohort-fall); lower 1 − .2625 = .7375.
    const ks = [0.9, 1, 1, 1.05, 1.1, 3];
    const unit = (id: string, mean: number): UnitReport => ({
      level: 'school',
      id,
      name: id,
      parent: 'all',
      written: 10,
      absent: 0,
      score: { mean, sd: 1, ci95: [mean - 1, mean + 1] },
    });
    const proc = (grade: number, year: number, maxScore: number, means: number[]): ProcedureReport => ({
      id: `ВПР-${year}-Математика-${grade}`,
      kind: 'ВПР',
      subject: 'Математика',
      grade,
      year,
      maxScore,
      tasks: [],
      scale: null,
      units: means.map((m, i) => unit(`s${i}`, m)),
    });
    const earlier = proc(
      4,
      2020,
      10,
      ks.map((k) => 5 * k),
    );
    const later = proc(
      5,
      2021,
      20,
      ks.map(() => 10),
    );
    return import('../../src/domain/report/signs.ts').then(({ cohortSigns, cohortPredecessor }) => {
      expect(cohortPredecessor(later, [earlier, later])).toBe(earlier);
      const s = cohortSigns(earlier, later);
      const fall = s.filter((x) => x.sign === 'cohort-fall');
      expect(fall.map((x) => x.flagged)).toEqual([false, false, false, false, false, true]);
      expect(fall[0].fence).toBeCloseTo(1.35, 12);
      expect(s.filter((x) => x.sign === 'cohort-rise')[0].fence).toBeCloseTo(0.7375, 12);
      expect(s.some((x) => x.sign === 'cohort-rise' && x.flagged)).toBe(false);
    });
  });
});

describe('compareProcedures', () => {
  it('same tasks and maxima are comparable; otherwise it says why', () => {
    const a = {
      subject: 'Математика',
      tasks: [
        { id: '1', max: 1 },
        { id: '2', max: 2 },
      ],
    };
    expect(compareProcedures(a, a)).toEqual({ compatible: true, reasons: [] });
    const b = {
      subject: 'Математика',
      tasks: [
        { id: '1', max: 2 },
        { id: '3', max: 1 },
      ],
    };
    const r = compareProcedures(a, b);
    expect(r.compatible).toBe(false);
    expect(r.reasons).toEqual([
      'Задания только в первой работе: 2.',
      'Задания только во второй работе: 3.',
      'Задание 1: максимальный балл 1 и 2.',
    ]);
  });
});

// ---------------------------------------------------------------- properties (fast-check)

const worldArb = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    pupils: fc.array(
      fc.record({
        school: fc.integer({ min: 0, max: 3 }),
        cls: fc.integer({ min: -1, max: 2 }),
        absent: fc.boolean(),
        scores: fc.tuple(
          fc.integer({ min: 0, max: 1 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        journal: fc.constantFrom(0, 2, 3, 4, 5),
      }),
      { minLength: 0, maxLength: 60 },
    ),
  })
  .map(({ pupils }): World => ({
    spec: {
      kind: 'ВПР',
      subject: 'Математика',
      grade: 5,
      year: 2021,
      tasks: [
        { id: '1', max: 1, level: 'Б' },
        { id: '2', max: 3, level: 'Б' },
        { id: '3', max: 2, level: 'П' },
      ],
      scale: [
        [0, 1],
        [2, 3],
        [4, 4],
        [5, 6],
      ],
    },
    schools: [
      ['s0', 'm'],
      ['s1', 'm'],
      ['s2', undefined],
      ['s3', 'm'],
    ],
    municipalities: ['m'],
    pupils: pupils.map((p, i) => ({
      code: String(i),
      school: `s${p.school}`,
      cls: p.cls < 0 ? null : `5${'АБВ'[p.cls]}`,
      absent: p.absent,
      scores: p.scores,
      journal: p.journal,
    })),
  }));

describe('properties', () => {
  it('completion in 0..100; intervals contain their estimate', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        for (const u of analyzeProcedure(toDataset(w)).units) {
          if (u.written === 0) continue;
          const ci = u.score!.ci95;
          if (ci) expect(ci[0] <= u.score!.mean + 1e-12 && u.score!.mean <= ci[1] + 1e-12).toBe(true);
          for (const t of u.tasks!) {
            expect(t.completion >= 0 && t.completion <= 100).toBe(true);
            if (t.ci95) {
              expect(t.ci95[0] >= 0 && t.ci95[1] <= 100).toBe(true);
              expect(t.ci95[0] <= t.completion + 1e-9 && t.completion <= t.ci95[1] + 1e-9).toBe(true);
            }
            for (const v of Object.values(t.byMark!)) if (v !== null) expect(v >= 0 && v <= 100).toBe(true);
          }
          const rho = u.journal!.spearman;
          if (rho !== null) expect(Math.abs(rho) <= 1 + 1e-12).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('figures do not depend on the order of the pupils', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (w, seed) => {
        const rnd = lcg(seed);
        const shuffled = [...w.pupils];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        const a = analyzeProcedure(toDataset(w));
        const b = analyzeProcedure(toDataset({ ...w, pupils: shuffled }));
        // Class order follows first appearance; compare units by key.
        const key = (u: UnitReport) => `${u.level}:${u.id}`;
        const bm = new Map(b.units.map((u) => [key(u), u]));
        expect(b.units.length).toBe(a.units.length);
        for (const u of a.units) expectMatch(bm.get(key(u)), u, key(u), 1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it('a school is its classes plus its pupils without a class (counts and sums re-aggregate)', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const r = analyzeProcedure(toDataset(w));
        for (const [login] of w.schools) {
          const school = r.units.find((u) => u.level === 'school' && u.id === login)!;
          const classes = r.units.filter((u) => u.level === 'class' && u.parent === `${login}#5`);
          const rest = w.pupils.filter((p) => p.school === login && p.cls === null);
          const restW = naiveFigures(rest, w.spec) as {
            written: number;
            absent: number;
            histogram?: number[];
          };
          const parts = [...classes, { ...restW } as unknown as UnitReport];
          const sum = (f: (u: UnitReport) => number) => parts.reduce((a, u) => a + f(u), 0);
          expect(sum((u) => u.written)).toBe(school.written);
          expect(sum((u) => u.absent)).toBe(school.absent);
          if (school.written === 0) continue;
          for (let s = 0; s <= 6; s++) expect(sum((u) => u.histogram?.[s] ?? 0)).toBe(school.histogram![s]);
          for (const m of ['2', '3', '4', '5'] as const)
            expect(sum((u) => (u as UnitReport).marks?.[m] ?? 0)).toBe(school.marks![m]);
          // Task point sums: completion · written · max / 100 re-aggregates (classes + the rest).
          w.spec.tasks.forEach((t, k) => {
            const restPoints = rest.filter((p) => !p.absent).reduce((a, p) => a + p.scores[k], 0);
            const classPoints = classes.reduce(
              (a, u) => a + (u.written ? (u.tasks![k].completion * u.written * t.max) / 100 : 0),
              0,
            );
            expect(classPoints + restPoints).toBeCloseTo(
              (school.tasks![k].completion * school.written * t.max) / 100,
              9,
            );
          });
          expect(sum((u) => u.journal?.n ?? 0) + 0).toBeLessThanOrEqual(school.journal!.n);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------- (c) the real file

const REAL = resolve(import.meta.dirname, '../fixtures/real');

describe('the real file: ВПР 2021 Математика 5, Алтайский край (26 139 rows)', () => {
  it('every unit matches the naive reference', async () => {
    const { importFile } = await import('../../src/domain/import/import-file.ts');
    const spec = JSON.parse(readFileSync(resolve(REAL, 'specs/vpr2021-ma5.json'), 'utf8')) as ProcedureSpec;
    const bytes = new Uint8Array(readFileSync(resolve(REAL, 'vpr2021-ma5-region-export.xlsx')));
    const ds = await importFile(bytes, { fileName: 'vpr2021-ma5-region-export.xlsx', spec });
    const t0 = performance.now();
    const report = analyzeProcedure(ds);
    const ms = performance.now() - t0;
    console.log(`analyzeProcedure, ${ds.pupils.n} pupils, ${report.units.length} units: ${ms.toFixed(0)} ms`);
    const w = toWorld(ds);
    // Independent head count straight from the sheet cells: pupils = rows with a school login.
    expect(report.units[0].written + report.units[0].absent).toBe(26139);
    checkAgainstReference(w, report);
    const signs = buildReport([ds]).signs;
    expect(signs.filter((s) => s.sign === 'inflated-mean').length).toBeGreaterThan(0);
  }, 300_000);
});
