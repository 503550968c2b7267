// ГИА figures on top of the engine's units: marks from the protocol's «Оценка», the ЕГЭ test
// score (mean, sd, ci95), the count below the minimum, high scorers, part 1 vs part 2 completion.
// The primary score itself is already the protocol's (accumulate.ts, primaryScores).
import type { Dataset } from '../model.ts';
import { ci95, sampleSdFromSums } from '../stats/descriptive.ts';
import type { ProcedureReport, UnitReport } from './types.ts';

interface GiaAcc {
  marks: number[];
  tn: number;
  tsum: number;
  tsq: number;
  below: number;
  high: number;
  hundred: number;
}

const empty = (): GiaAcc => ({ marks: [0, 0, 0, 0], tn: 0, tsum: 0, tsq: 0, below: 0, high: 0, hundred: 0 });

function add(t: GiaAcc, s: GiaAcc): void {
  for (let k = 0; k < 4; k++) t.marks[k] += s.marks[k];
  t.tn += s.tn;
  t.tsum += s.tsum;
  t.tsq += s.tsq;
  t.below += s.below;
  t.high += s.high;
  t.hundred += s.hundred;
}

const SOU = [16, 36, 64, 100];

export const GIA_KINDS = new Set(['ОГЭ', 'ЕГЭ', 'ГВЭ']);

export function isGiaProcedure(p: { kind: string }): boolean {
  return GIA_KINDS.has(p.kind.toUpperCase());
}

/** Adds the ГИА fields to every unit of `report` (the procedure of `ds`). */
export function addGiaFigures(ds: Dataset, report: ProcedureReport): void {
  const official = ds.pupils.official;
  if (!official) return;
  const { n, absent, school, classIdx } = ds.pupils;
  const minimum = ds.meta.procedure.minimum ?? null;
  const bySchool = ds.meta.schools.map(empty);
  const byClass = ds.meta.classes.map(empty);
  let hasMarks = false;
  let hasTest = false;
  for (let i = 0; i < n; i++) {
    if (absent[i]) continue;
    const parts = classIdx[i] >= 0 ? [bySchool[school[i]], byClass[classIdx[i]]] : [bySchool[school[i]]];
    const m = official.mark[i];
    const t = official.test[i];
    if (m >= 2) hasMarks = true;
    if (t >= 0) hasTest = true;
    for (const a of parts) {
      if (m >= 2) a.marks[m - 2]++;
      if (t < 0) continue;
      a.tn++;
      a.tsum += t;
      a.tsq += t * t;
      if (minimum !== null && t < minimum) a.below++;
      if (t >= 81) a.high++;
      if (t === 100) a.hundred++;
    }
  }
  const isEge = report.kind.toUpperCase() === 'ЕГЭ';
  if (isEge) report.minimum = minimum;
  const loginIdx = new Map(ds.meta.schools.map((s, k) => [s.login, k]));
  const classById = new Map(ds.meta.classes.map((c, k) => [c.id, k]));
  const sum = (pred: (k: number) => boolean) => {
    const a = empty();
    bySchool.forEach((s, k) => pred(k) && add(a, s));
    return a;
  };
  const partOf = ds.meta.procedure.tasks.map((t) => t.part ?? 1);

  for (const u of report.units) {
    if (u.written === 0) continue;
    let a: GiaAcc | undefined;
    if (u.level === 'all') a = sum(() => true);
    else if (u.level === 'municipality') a = sum((k) => ds.meta.schools[k].municipalityId === u.id);
    else if (u.level === 'school') a = bySchool[loginIdx.get(u.id)!];
    else if (u.level === 'parallel') a = bySchool[loginIdx.get(u.parent!)!];
    else if (u.level === 'class') a = byClass[classById.get(u.id)!];
    if (!a) continue;
    setFigures(u, a, { hasMarks, hasTest: hasTest || isEge, minimum, partOf, report });
  }
}

function setFigures(
  u: UnitReport,
  a: GiaAcc,
  o: {
    hasMarks: boolean;
    hasTest: boolean;
    minimum: number | null;
    partOf: number[];
    report: ProcedureReport;
  },
): void {
  const w = u.written;
  if (o.hasMarks) {
    const [n2, n3, n4, n5] = a.marks;
    const given = n2 + n3 + n4 + n5;
    u.marks = { '2': n2, '3': n3, '4': n4, '5': n5 };
    u.uspevaemost = (100 * (n3 + n4 + n5)) / w;
    u.kachestvo = (100 * (n4 + n5)) / w;
    u.sou = (SOU[0] * n2 + SOU[1] * n3 + SOU[2] * n4 + SOU[3] * n5) / w;
    u.meanMark = given > 0 ? (2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) / given : null;
  }
  if (o.hasTest) {
    if (a.tn > 0) {
      const mean = a.tsum / a.tn;
      const sd = sampleSdFromSums(a.tn, a.tsum, a.tsq);
      u.testScore = { mean, sd, ci95: ci95(mean, sd, a.tn) };
    } else u.testScore = null;
    u.belowMinimum = o.minimum !== null ? a.below : null;
    u.highScorers = a.high;
    u.hundredScorers = a.hundred;
  }
  // Part completion = Σ points / (written · Σ max) over the part's tasks, from the task figures.
  const part = (p: number): number | null => {
    let pts = 0;
    let max = 0;
    o.report.tasks.forEach((t, k) => {
      if (o.partOf[k] !== p) return;
      pts += ((u.tasks?.[k].completion ?? 0) * t.max) / 100;
      max += t.max;
    });
    return max > 0 ? (100 * pts) / max : null;
  };
  u.parts = { '1': part(1), '2': part(2) };
}
