// Official objectivity signs (Rosobrnadzor's method, as pinned by oko-report/v1):
// inflated-mean, journal-mismatch per school, cohort-rise / cohort-fall across two grades.
import { quantileLinear } from '../stats/quantile.ts';
import { ALL_UNIT_ID, findUnit } from './analyze.ts';
import type { ProcedureReport, SignEntry, UnitReport } from './types.ts';

export type ReferenceGroup = { kind: 'all' } | { kind: 'municipality'; id: string };

/** Fences multiplier of the cohort signs: K outside [Q25 − 3·IQR, Q75 + 3·IQR]. */
const COHORT_IQR_FACTOR = 3;

function schools(p: ProcedureReport): UnitReport[] {
  return p.units.filter((u) => u.level === 'school' && u.written >= 1);
}

export function referenceUnit(p: ProcedureReport, ref: ReferenceGroup): UnitReport | undefined {
  return ref.kind === 'all' ? findUnit(p, 'all', ALL_UNIT_ID) : findUnit(p, 'municipality', ref.id);
}

/** inflated-mean and journal-mismatch for every school of one procedure. */
export function schoolSigns(p: ProcedureReport, ref: ReferenceGroup = { kind: 'all' }): SignEntry[] {
  const out: SignEntry[] = [];
  const r = referenceUnit(p, ref);
  const rci = r?.score?.ci95 ?? null;
  for (const s of schools(p)) {
    const ci = s.score?.ci95 ?? null;
    if (r?.score && rci && ci)
      out.push({
        procedure: p.id,
        school: s.id,
        sign: 'inflated-mean',
        value: s.score!.mean - r.score.mean,
        flagged: ci[0] > rci[1],
      });
    const rho = s.journal?.spearman ?? null;
    if (rho !== null)
      out.push({ procedure: p.id, school: s.id, sign: 'journal-mismatch', value: rho, flagged: rho < 0 });
  }
  return out;
}

/**
 * The earlier procedure a later one is compared with: same kind and subject, one grade lower,
 * the previous year (the same cohort) preferred over the same year.
 */
export function cohortPredecessor(
  later: ProcedureReport,
  all: ProcedureReport[],
): ProcedureReport | undefined {
  const candidates = all.filter(
    (e) =>
      e !== later &&
      e.kind === later.kind &&
      e.subject === later.subject &&
      e.grade === later.grade - 1 &&
      (e.year === later.year - 1 || e.year === later.year),
  );
  return candidates.find((e) => e.year === later.year - 1) ?? candidates[0];
}

/** cohort-rise and cohort-fall entries (one each per matched school) for the later procedure. */
export function cohortSigns(earlier: ProcedureReport, later: ProcedureReport): SignEntry[] {
  const before = new Map(schools(earlier).map((u) => [u.id, u]));
  const ks: { school: string; k: number }[] = [];
  for (const u of schools(later)) {
    const e = before.get(u.id);
    if (!e?.score || !u.score || earlier.maxScore <= 0 || later.maxScore <= 0) continue;
    const sLater = u.score.mean / later.maxScore;
    if (!(sLater > 0)) continue;
    ks.push({ school: u.id, k: e.score.mean / earlier.maxScore / sLater });
  }
  if (ks.length === 0) return [];
  const values = ks.map((x) => x.k);
  const q25 = quantileLinear(values, 0.25) as number;
  const q75 = quantileLinear(values, 0.75) as number;
  const iqr = q75 - q25;
  const upper = q75 + COHORT_IQR_FACTOR * iqr;
  const lower = q25 - COHORT_IQR_FACTOR * iqr;
  const out: SignEntry[] = [];
  for (const { school, k } of ks) {
    const base = { procedure: later.id, school, value: k, earlierProcedure: earlier.id };
    out.push({ ...base, sign: 'cohort-rise', flagged: k < lower, fence: lower });
    out.push({ ...base, sign: 'cohort-fall', flagged: k > upper, fence: upper });
  }
  return out;
}
