// The analysis engine against an independent, deliberately naive reference written here:
// pupils as objects, textbook formulas, sorting for ranks, per-pair loops for κ. It shares no code
// with src/domain/report or src/domain/stats. Checked on (a) a hand-built dataset with the
// arithmetic in the comments, (b) seeded random datasets, (c) the real 26 000-pupil file.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClassInfo, Dataset, MarkScale, ProcedureSpec, TaskSpec } from '../../src/domain/model.ts';
import {
  AnalysisCancelledError,
  analyzeProcedure,
  buildReport,
  compareProcedures,
  pupilResults,
  type ProcedureReport,
  type UnitReport,
} from '../../src/domain/report/index.ts';

// ---------------------------------------------------------------- pupils → Dataset (test input)

interface P {
  code: string;
  school: string;
  cls: string | null; // class label, null = empty class cell
  absent: boolean;
  scores: number[];
  journal: number; // 0 = none
}

interface World {
  spec: ProcedureSpec;
  /** login → municipality id (undefined = none). */
  schools: [string, string | undefined][];
  municipalities: string[];
  pupils: P[];
}

function toDataset(w: World): Dataset {
  const schoolIdx = new Map(w.schools.map(([l], i) => [l, i]));
  const classes: ClassInfo[] = [];
  const classIdx = new Map<string, number>();
  for (const p of w.pupils)
    if (p.cls !== null && !classIdx.has(`${p.school}/${p.cls}`)) {
      classIdx.set(`${p.school}/${p.cls}`, classes.length);
      classes.push({ id: `${p.school}/${p.cls}`, school: schoolIdx.get(p.school)!, label: p.cls });
    }
  const n = w.pupils.length;
  const T = w.spec.tasks.length;
  return {
    meta: {
      file: 'test.xlsx',
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: w.spec,
      maximaSource: 'spec',
      taskHeaders: w.spec.tasks.map((t) => t.id),
      rows: n,
      municipalities: w.municipalities.map((id) => ({ id, name: `Район ${id}` })),
      schools: w.schools.map(([login, municipalityId]) => ({
        login,
        name: `Школа ${login}`,
        municipalityId,
      })),
      classes,
      warnings: [
        {
          kind: 'above-max',
          file: 'test.xlsx',
          sheet: 'Лист1',
          row: 3,
          column: '2 (1б)',
          message: 'больше максимума',
        },
      ],
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(w.pupils, (_, i) => i + 2),
      code: w.pupils.map((p) => p.code),
      school: Uint32Array.from(w.pupils, (p) => schoolIdx.get(p.school)!),
      classIdx: Int32Array.from(w.pupils, (p) =>
        p.cls === null ? -1 : classIdx.get(`${p.school}/${p.cls}`)!,
      ),
      absent: Uint8Array.from(w.pupils, (p) => (p.absent ? 1 : 0)),
      variant: new Uint16Array(n),
      journal: Uint8Array.from(w.pupils, (p) => p.journal),
      sex: new Uint8Array(n),
      scores: Array.from({ length: T }, (_, t) =>
        Uint8Array.from(w.pupils, (p) => (p.absent ? 0 : p.scores[t])),
      ),
      codes: Array.from({ length: T }, () => new Uint8Array(n)),
    },
  };
}

/** Dataset → pupil objects: how the reference sees any dataset (the real one included). */
function toWorld(ds: Dataset): World {
  const p = ds.pupils;
  const pupils: P[] = [];
  for (let i = 0; i < p.n; i++)
    pupils.push({
      code: p.code[i],
      school: ds.meta.schools[p.school[i]].login,
      cls: p.classIdx[i] < 0 ? null : ds.meta.classes[p.classIdx[i]].label,
      absent: p.absent[i] === 1,
      scores: p.scores.map((col) => col[i]),
      journal: p.journal[i],
    });
  return {
    spec: ds.meta.procedure,
    schools: ds.meta.schools.map((s) => [s.login, s.municipalityId]),
    municipalities: ds.meta.municipalities.map((m) => m.id),
    pupils,
  };
}

// ---------------------------------------------------------------- the naive reference

const Z = 1.96;

function naiveMark(score: number, scale: MarkScale | null | undefined): number {
  let m = 0;
  (scale ?? []).forEach(([lo, hi], i) => {
    if (score >= lo && score <= hi) m = i + 2; // later (higher) ranges win an overlap
  });
  return m;
}

function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function sd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = avg(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
function wilsonPct(x: number, n: number): [number, number] {
  const p = x / n;
  const mid = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
  return [100 * (mid - half), 100 * (mid + half)];
}
function ranksBySorting(xs: number[]): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  return xs.map((x) => (sorted.indexOf(x) + sorted.lastIndexOf(x)) / 2 + 1);
}
function corr(x: number[], y: number[]): number | null {
  if (x.length < 2) return null;
  const mx = avg(x);
  const my = avg(y);
  let a = 0;
  let b = 0;
  let c = 0;
  x.forEach((_, i) => {
    a += (x[i] - mx) * (y[i] - my);
    b += (x[i] - mx) ** 2;
    c += (y[i] - my) ** 2;
  });
  return b === 0 || c === 0 ? null : a / Math.sqrt(b * c);
}
/** ФИОКО status decided exactly in integers: twice the thresholds (120/114, 60/57) are whole. */
function status(points: number, n: number, parts: TaskSpec[]): string {
  const basic = (t: TaskSpec) => t.level !== 'П' && t.level !== 'В';
  const bar = (hi: boolean) =>
    parts.reduce((a, t) => a + t.max * (basic(t) ? (hi ? 120 : 114) : hi ? 60 : 57), 0);
  return 200 * points >= n * bar(true)
    ? 'sufficient'
    : 200 * points < n * bar(false)
      ? 'insufficient'
      : 'uncertain';
}

function naiveFigures(ps: P[], spec: ProcedureSpec): Record<string, unknown> {
  const wrote = ps.filter((p) => !p.absent);
  const absent = ps.length - wrote.length;
  const n = wrote.length;
  if (n === 0) return { written: 0, absent };
  const hasScale = !!spec.scale && spec.scale.length > 0;
  const total = (p: P) => p.scores.reduce((a, b) => a + b, 0);
  const totals = wrote.map(total);
  const mean = avg(totals);
  const s = sd(totals);
  const mark = (p: P) => naiveMark(total(p), spec.scale);
  const count = (m: number) => wrote.filter((p) => mark(p) === m).length;
  const [n2, n3, n4, n5] = [count(2), count(3), count(4), count(5)];
  const maxScore = spec.tasks.reduce((a, t) => a + t.max, 0);
  const out: Record<string, unknown> = {
    written: n,
    absent,
    score: {
      mean,
      sd: s,
      ci95: s === null ? null : [mean - (Z * s) / Math.sqrt(n), mean + (Z * s) / Math.sqrt(n)],
    },
    uspevaemost: hasScale ? ((n3 + n4 + n5) / n) * 100 : null,
    kachestvo: hasScale ? ((n4 + n5) / n) * 100 : null,
    sou: hasScale ? (100 * n5 + 64 * n4 + 36 * n3 + 16 * n2) / n : null,
    meanMark:
      hasScale && n2 + n3 + n4 + n5 > 0 ? (2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) / (n2 + n3 + n4 + n5) : null,
  };
  if (hasScale) out.marks = { '2': n2, '3': n3, '4': n4, '5': n5 };
  out.tasks = spec.tasks.map((t, k) => {
    const xs = wrote.map((p) => p.scores[k]);
    const completion = (xs.reduce((a, b) => a + b, 0) / (n * t.max)) * 100;
    let ci: [number, number] | null;
    if (t.max === 1)
      ci = wilsonPct(
        xs.reduce((a, b) => a + b, 0),
        n,
      );
    else {
      const ys = xs.map((x) => x / t.max);
      const sy = sd(ys);
      ci =
        sy === null
          ? null
          : [
              Math.max(0, avg(ys) - (Z * sy) / Math.sqrt(n)) * 100,
              Math.min(1, avg(ys) + (Z * sy) / Math.sqrt(n)) * 100,
            ];
    }
    const r: Record<string, unknown> = {
      id: t.id,
      completion,
      ci95: ci,
      status: status(
        xs.reduce((a, b) => a + b, 0),
        n,
        [t],
      ),
    };
    if (hasScale) {
      const byMark: Record<string, number | null> = {};
      for (const m of [2, 3, 4, 5]) {
        const g = wrote.filter((p) => mark(p) === m);
        byMark[m] = g.length ? (g.reduce((a, p) => a + p.scores[k], 0) / (g.length * t.max)) * 100 : null;
      }
      r.byMark = byMark;
    }
    return r;
  });
  // Journal: pairs of pupils with a journal mark (and a ВПР mark when there is a scale).
  const pairs = wrote.filter((p) => p.journal >= 2 && p.journal <= 5 && (!hasScale || mark(p) > 0));
  const lower = pairs.filter((p) => mark(p) < p.journal).length;
  const same = pairs.filter((p) => mark(p) === p.journal).length;
  const higher = pairs.filter((p) => mark(p) > p.journal).length;
  let kappa: number | null = null;
  if (hasScale && pairs.length > 0) {
    const w = (a: number, b: number) => 1 - (a - b) ** 2 / 9;
    const po = avg(pairs.map((p) => w(p.journal, mark(p))));
    let pe = 0;
    for (let a = 2; a <= 5; a++)
      for (let b = 2; b <= 5; b++)
        pe +=
          (pairs.filter((p) => p.journal === a).length / pairs.length) *
          (pairs.filter((p) => mark(p) === b).length / pairs.length) *
          w(a, b);
    kappa = 1 - pe === 0 ? null : (po - pe) / (1 - pe);
  }
  const pct = (x: number) => (hasScale && pairs.length ? (100 * x) / pairs.length : null);
  out.journal = {
    n: pairs.length,
    lower: hasScale ? lower : null,
    same: hasScale ? same : null,
    higher: hasScale ? higher : null,
    spearman: corr(ranksBySorting(pairs.map((p) => p.journal)), ranksBySorting(pairs.map(total))),
    lowerPct: pct(lower),
    samePct: pct(same),
    higherPct: pct(higher),
    gap2: hasScale ? pairs.filter((p) => Math.abs(mark(p) - p.journal) >= 2).length : null,
    kappaWeighted: kappa,
  };
  out.histogram = Array.from({ length: maxScore + 1 }, (_, v) => totals.filter((x) => x === v).length);
  // Deficits: insufficient tasks, then skill/КЭС/КТ groups with point-weighted thresholds.
  const tasks = out.tasks as { id: string; completion: number; status: string }[];
  const deficits: Record<string, unknown>[] = tasks
    .filter((t) => t.status === 'insufficient')
    .map((t) => ({ kind: 'task', id: t.id, completion: t.completion, tasks: [t.id] }));
  const groups: { kind: string; id: string; idx: number[] }[] = [];
  const put = (kind: string, id: string | undefined, k: number) => {
    if (!id || !id.trim()) return;
    let g = groups.find((x) => x.kind === kind && x.id === id.trim());
    if (!g) groups.push((g = { kind, id: id.trim(), idx: [] }));
    if (!g.idx.includes(k)) g.idx.push(k);
  };
  spec.tasks.forEach((t, k) => put('skill', t.skill, k));
  spec.tasks.forEach((t, k) => (t.kes ?? []).forEach((e) => put('kes', e, k)));
  spec.tasks.forEach((t, k) => (t.kt ?? []).forEach((e) => put('kt', e, k)));
  // The engine lists groups in first-seen order over tasks, skill/kes/kt interleaved per task.
  const order = new Map<string, number>();
  spec.tasks.forEach((t, k) => {
    for (const [kind, ids] of [
      ['skill', [t.skill]],
      ['kes', t.kes ?? []],
      ['kt', t.kt ?? []],
    ] as const)
      for (const id of ids)
        if (id && id.trim() && !order.has(`${kind}|${id.trim()}`))
          order.set(`${kind}|${id.trim()}`, k * 1000 + order.size);
  });
  groups.sort((a, b) => order.get(`${a.kind}|${a.id}`)! - order.get(`${b.kind}|${b.id}`)!);
  for (const g of groups) {
    const max = g.idx.reduce((a, k) => a + spec.tasks[k].max, 0);
    const got = g.idx.reduce((a, k) => a + wrote.reduce((b, p) => b + p.scores[k], 0), 0);
    const completion = (got / (n * max)) * 100;
    const st = status(
      got,
      n,
      g.idx.map((k) => spec.tasks[k]),
    );
    if (st === 'insufficient')
      deficits.push({ kind: g.kind, id: g.id, completion, tasks: g.idx.map((k) => spec.tasks[k].id) });
  }
  out.deficits = deficits;
  return out;
}

interface NaiveUnit {
  level: string;
  id: string;
  parent: string | null;
  pupils: P[];
}

function naiveUnits(w: World): NaiveUnit[] {
  const muniOf = new Map(w.schools);
  const known = new Set(w.municipalities);
  const out: NaiveUnit[] = [{ level: 'all', id: 'all', parent: null, pupils: w.pupils }];
  for (const m of w.municipalities)
    out.push({
      level: 'municipality',
      id: m,
      parent: 'all',
      pupils: w.pupils.filter((p) => muniOf.get(p.school) === m),
    });
  for (const [login, m] of w.schools) {
    const ps = w.pupils.filter((p) => p.school === login);
    out.push({ level: 'school', id: login, parent: m && known.has(m) ? m : 'all', pupils: ps });
  }
  for (const [login] of w.schools)
    out.push({
      level: 'parallel',
      id: `${login}#${w.spec.grade}`,
      parent: login,
      pupils: w.pupils.filter((p) => p.school === login),
    });
  const classes: string[] = [];
  for (const p of w.pupils)
    if (p.cls !== null && !classes.includes(`${p.school}/${p.cls}`)) classes.push(`${p.school}/${p.cls}`);
  const bySchoolClass = new Map<string, P[]>();
  for (const p of w.pupils)
    if (p.cls !== null)
      bySchoolClass.set(`${p.school}/${p.cls}`, [...(bySchoolClass.get(`${p.school}/${p.cls}`) ?? []), p]);
  for (const c of classes) {
    const ps = bySchoolClass.get(c)!;
    out.push({ level: 'class', id: c, parent: `${ps[0].school}#${w.spec.grade}`, pupils: ps });
  }
  return out;
}

/** Deep comparison: numbers within tol (absolute, or relative for large values), the rest exactly. */
function expectMatch(got: unknown, want: unknown, path: string, tol: number): void {
  if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    const d = Math.abs((got as number) - want);
    expect(d <= tol * Math.max(1, Math.abs(want)), `${path}: ${got} vs ${want}`).toBe(true);
  } else if (want === null || typeof want !== 'object') expect(got, path).toBe(want);
  else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, `${path}.length`).toBe(want.length);
    want.forEach((v, i) => expectMatch((got as unknown[])[i], v, `${path}[${i}]`, tol));
  } else {
    const g = got as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) expectMatch(g?.[k], v, `${path}.${k}`, tol);
  }
}

function checkAgainstReference(w: World, report: ProcedureReport, tol = 1e-6): void {
  const want = naiveUnits(w);
  expect(report.units.map((u) => `${u.level}:${u.id}`)).toEqual(want.map((u) => `${u.level}:${u.id}`));
  want.forEach((nu, i) => {
    const u = report.units[i];
    const path = `${nu.level}:${nu.id}`;
    expect(u.parent, path).toBe(nu.parent);
    const figures = naiveFigures(nu.pupils, w.spec);
    expectMatch(u, figures, path, tol);
    if (figures.written === 0)
      expect(Object.keys(u).sort(), path).toEqual(['absent', 'id', 'level', 'name', 'parent', 'written']);
    if (!figures.marks) expect(u.marks, path).toBeUndefined();
  });
}

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
    // Task 2 (2 points): 2 + 0 + 1 + 0 = 3 of 8 → 37.5 %; y = 1, 0, .5, 0: sd = √(.6875/3) = 0.478714,
    // .375 ± 1.96·.478714/2 = .375 ± .469139 → [−.094 → 0, .844139]. П: 37.5 ≥ 30 → sufficient.
    expect(t2.completion).toBe(37.5);
    expect(t2.ci95![0]).toBe(0);
    expect(t2.ci95![1]).toBeCloseTo(84.41392828006057, 10);
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
    expect(b.tasks![1].ci95).toBeNull();
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

/** numpy.quantile(method='linear'), written again: sort, h = (n − 1)p, interpolate. */
function numpyQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const f = Math.floor(h);
  return f + 1 < s.length ? s[f] + (h - f) * (s[f + 1] - s[f]) : s[f];
}

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
