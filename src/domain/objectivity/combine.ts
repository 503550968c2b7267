// Per-school summary of the signals: evidence families, level and a risk score (statistics.md §11).
// red = flags in ≥ 2 independent families, amber = 1. The risk score orders schools for checking
// only: Σ over families of the strongest −log10 q (capped at 10 per family). It is not a rating.
import { evidence } from './math.ts';
import type { SchoolObjectivity, Signal, SignalFamily } from './types.ts';

/** Joint findings and their pieces from another family (joint.ts). */
const OTHER_PIECE: Partial<Record<Signal['id'], Signal['id'][]>> = {
  'inflation-then-fall': ['cohort-drop', 'journal-higher'],
  'lenient-marking': ['multi-over-single'],
};

/**
 * Whether a flagged signal raises its family. A joint finding rests on a piece of another family too:
 * when that piece is already flagged on its own, the finding adds no second family — the same
 * evidence is not counted twice.
 */
function countsFor(s: Signal, all: readonly Signal[]): boolean {
  const other = OTHER_PIECE[s.id];
  return !other || !all.some((o) => other.includes(o.id) && o.flagged);
}

export const FAMILIES: SignalFamily[] = ['distribution', 'external', 'pattern', 'context'];

export function combine(signals: readonly Signal[], schools: readonly string[] = []): SchoolObjectivity[] {
  const by = new Map<string, Signal[]>();
  for (const s of schools) by.set(s, []);
  for (const s of signals) {
    const list = by.get(s.school);
    if (list) list.push(s);
    else by.set(s.school, [s]);
  }
  const out: SchoolObjectivity[] = [];
  for (const [id, list] of by) {
    let riskScore = 0;
    const families: SignalFamily[] = [];
    for (const f of FAMILIES) {
      const inF = list.filter((s) => s.family === f);
      if (inF.length === 0) continue;
      riskScore += Math.max(...inF.map((s) => evidence(s.q)));
      if (inF.some((s) => s.flagged && countsFor(s, list))) families.push(f);
    }
    out.push({
      id,
      riskScore,
      level: families.length >= 2 ? 'red' : families.length === 1 ? 'amber' : 'none',
      families,
      signals: list.map((s) => ({
        id: s.id,
        family: s.family,
        procedure: s.procedure,
        unit: s.unit,
        effect: s.effect,
        ci95: s.ci95,
        p: s.p,
        q: s.q,
        flagged: s.flagged,
      })),
    });
  }
  return out;
}
