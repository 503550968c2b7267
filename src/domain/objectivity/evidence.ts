// Shared rules for the chart data attached to signals (`Signal.evidence`).
//
// Size: a region has hundreds of schools and thousands of classes, and the whole report goes into
// the JSON download. Evidence is therefore attached to every flagged signal, and to an unflagged
// one only when it is at most SMALL_EVIDENCE numbers (a crosstab, a few bars, a short histogram);
// pupil-level matrices (residuals, pairs) go with flagged signals only. Fractions are rounded
// (EVIDENCE_DIGITS) — the charts show two decimals, the full-precision figures stay in the signal.
import { benjaminiHochberg } from './math.ts';
import type { Evidence, Signal } from './types.ts';

export const SMALL_EVIDENCE = 50;
export const EVIDENCE_DIGITS = 3;

/** x rounded to `digits` decimals (−0 becomes 0, so the JSON never says -0). */
export function roundTo(x: number, digits = EVIDENCE_DIGITS): number {
  const k = 10 ** digits;
  const r = Math.round(x * k) / k;
  return r === 0 ? 0 : r;
}

/** How many numbers a piece of evidence carries (what SMALL_EVIDENCE counts). */
export function evidenceSize(e: Evidence): number {
  switch (e.kind) {
    case 'histogram':
      return e.counts.length + e.expected.length + e.cuts.length;
    case 'crosstab':
      return e.counts.reduce((a, r) => a + r.length, 0) + 1;
    case 'residuals':
      return e.values.length + e.classMean.length;
    case 'pairs':
      return e.nodes.length * 2 + e.edges.length * 5;
    case 'bars':
      return e.bars.reduce((a, b) => a + (b.ci95 ? 3 : 1), 0);
  }
}

/** Keep evidence on a flagged signal always, on an unflagged one only when it is small. */
export function keepEvidence(e: Evidence | undefined, flagged: boolean): Evidence | undefined {
  if (!e) return undefined;
  return flagged || evidenceSize(e) <= SMALL_EVIDENCE ? e : undefined;
}

/**
 * The rows of one signal with their Benjamini–Hochberg q (over all the rows), flagged where `flag`
 * says so, their evidence kept only where it is needed (keepEvidence).
 */
export function withQ(
  rows: Omit<Signal, 'q' | 'flagged'>[],
  flag: (r: Omit<Signal, 'q' | 'flagged'>, q: number) => boolean,
): Signal[] {
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, k): Signal => {
    const flagged = flag(r, q[k]);
    return { ...r, q: q[k], flagged, evidence: keepEvidence(r.evidence, flagged) };
  });
}
