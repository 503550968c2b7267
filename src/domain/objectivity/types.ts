// Objectivity signals («признаки», shared/domain/statistics.md §11): each is evidence to check,
// never a verdict or a ranking. Families are the four independent kinds of evidence.
import type { Interval } from '../stats/descriptive.ts';

export type SignalFamily = 'distribution' | 'external' | 'pattern' | 'context';

export type SignalId =
  | 'bunching' // §5 school-level binomial test at mark cut-offs
  | 'journal-higher' // §7 ВПР mark above the journal mark
  | 'recheck-downgrade' // §7 re-check: original − commission
  | 'cohort-drop' // §6/§11 #4: spike in grade N, drop in grade N+1
  | 'hard-over-easy' // §6 item-difficulty slope: hard tasks better than easy ones
  | 'common-pattern' // §6 A2: class-wide common residual pattern
  | 'context-overperformance' // §9 EB value-added z
  | 'context-jump' // §9 unexpected year-on-year jump of VA
  | 'person-misfit' // §3 / §11 #6: excess of misfitting pupils (lz*, Guttman G*p) in a class
  | 'similar-pairs' // §4 / §11 #7: pairs of unusually similar answer patterns, cliques
  | 'homogeneity' // §11 #8: implausibly homogeneous class (variance below the simulated one)
  | 'inflation-then-fall' // #15: context over-performance in grade N and cohort fall into N+1, one test
  | 'recheck-tasks' // #15: re-check, multi-point tasks marked higher than the commission (shrunken rate)
  | 'multi-over-single' // #15: multi-point tasks above what the one-point tasks predict (school)
  | 'lenient-marking' // #15: recheck-tasks and multi-over-single as one hypothesis
  | 'overfit'; // §3 / #15: class answers fit the model too well (MSQ well under 1): smoothed marks

export type UnitKind = 'school' | 'class';

export interface Signal {
  id: SignalId;
  family: SignalFamily;
  /** Procedure id the signal was computed on (the later one for two-year signals). */
  procedure: string;
  unitKind: UnitKind;
  /** School login, or class id `<login>/<label>`. */
  unit: string;
  /** School login of the unit. */
  school: string;
  /** Pupils (or works, or pairs of years) the signal rests on. */
  n: number;
  /** Effect size in the unit named by `effectUnit`. */
  effect: number;
  effectUnit: string;
  ci95: Interval | null;
  /** One-sided p-value of the test of the signal's direction. */
  p: number;
  /** Benjamini–Hochberg q across the units of its level (one procedure, one signal). */
  q: number;
  flagged: boolean;
  /** The smallest n for which the signal is computed at all. */
  minN: number;
  /** The effect threshold of a flag, in `effectUnit`. */
  threshold: number;
  caveats: string[];
  /** Russian: what the signal means for this unit and what to check next. */
  explanation: string;
  /** Extra figures (κ_w, Bland–Altman limits, odds ratio …). */
  details?: Record<string, number | null>;
  /** Data of the detail page's chart (kept only where it helps: flagged or small). */
  evidence?: Evidence;
}

/**
 * Chart data behind a signal. Pupils are referred to by their participant code only.
 * - histogram: counts of primary scores 0..max against the counterfactual, with the mark cut-offs;
 * - crosstab: ВПР mark (rows 2..5) × journal mark (columns 2..5) counts;
 * - residuals: pupils × tasks residual matrix of a class (rows = pupil codes, values row-major);
 * - pairs: pupils as nodes, unusually similar pairs as edges (p of the pair test);
 * - bars: the unit's figures (signed; some with an interval) against the expected ones.
 */
export type Evidence =
  | { kind: 'histogram'; counts: number[]; expected: number[]; cuts: number[] }
  | { kind: 'crosstab'; marks: number[]; counts: number[][]; expectedHigherPct: number | null }
  | { kind: 'residuals'; tasks: string[]; pupils: string[]; values: number[]; classMean: number[] }
  | {
      kind: 'pairs';
      nodes: { code: string; total: number }[];
      edges: { a: number; b: number; matches: number; expected: number; p: number }[];
    }
  | {
      kind: 'bars';
      unit: string;
      /** `ci95`: the bar's 95 % interval, drawn as a whisker (the context value added). */
      bars: { label: string; value: number; expected?: boolean; ci95?: Interval }[];
    };

export type RiskLevel = 'red' | 'amber' | 'none';

export interface SignalSummary {
  id: SignalId;
  family: SignalFamily;
  procedure: string;
  unit: string;
  effect: number;
  ci95: Interval | null;
  p: number;
  q: number;
  flagged: boolean;
}

export interface SchoolObjectivity {
  /** School login. */
  id: string;
  /** Σ over families of the strongest −log10 q (each capped at 10): higher = more evidence. */
  riskScore: number;
  /** red: flags in ≥ 2 families; amber: in 1; none. */
  level: RiskLevel;
  families: SignalFamily[];
  signals: SignalSummary[];
}

export interface ObjectivityReport {
  format: 'oko-objectivity/v1';
  schools: SchoolObjectivity[];
  /** Region-level bunching diagnostics, one per procedure and cut-off. */
  region: RegionBunching[];
  /** Every signal in full (with explanations and caveats). */
  signals: Signal[];
  /** Russian notes on signals that could not be computed (no re-check, no context …). */
  notes: string[];
}

export interface RegionBunching {
  procedure: string;
  /** Cut-off score c (lowest score of the mark). */
  cut: number;
  mark: number;
  /** Excess mass B = Σ_{c..c+U} (N_s − Ĉ_s) and missing mass M = Σ_{c−L..c−1} (Ĉ_s − N_s). */
  excess: number;
  missing: number;
  /** M / Σ_{c−L..c−1} Ĉ_s: share of works just below c that were moved up. */
  shareMoved: number;
  ci95: Interval | null;
  degree: number;
  window: [number, number];
}
