// The `oko-report/v1` document (shared/spec/oko-report-v1.md). Binding fields carry the spec's
// names; the others are this project's additions, described in docs/DATA-FORMATS.md.
import type { MarkScale, TaskLevel } from '../model.ts';
import type { Interval } from '../stats/descriptive.ts';
import type { FiokoStatus } from '../stats/fioko.ts';
import type { SchoolObjectivity } from '../objectivity/types.ts';
import type { AdaptedUnit } from './adapted.ts';

export type UnitLevel = 'all' | 'municipality' | 'school' | 'parallel' | 'class';

export type MarkKey = '2' | '3' | '4' | '5';
export type MarkCounts = Record<MarkKey, number>;

export interface TaskResult {
  id: string;
  /** 100 · Σ scores / (written · max). */
  completion: number;
  /** Wilson (z = 1.96) of completion/100 with n = written, every task, in %; null when written = 0. */
  ci95: Interval | null;
  /** Addition: completion among pupils with ВПР mark 2/3/4/5; null for an empty group. */
  byMark?: Record<MarkKey, number | null>;
  /** Addition: ФИОКО status of the completion for the task's level. */
  status: FiokoStatus;
}

export interface JournalResult {
  /** Pupils with both a ВПР mark and a journal mark 2..5 (no scale: with a journal mark). */
  n: number;
  /** null without a scale (there is no ВПР mark to compare). */
  lower: number | null;
  same: number | null;
  higher: number | null;
  /** Rank correlation, average ranks for ties, journal mark vs primary score. */
  spearman: number | null;
  /** Additions: shares of n in %, pupils whose marks differ by ≥ 2 (ФИОКО's rule), κ_w. */
  lowerPct: number | null;
  samePct: number | null;
  higherPct: number | null;
  gap2: number | null;
  /** Quadratic-weighted κ, levels 2..5 (psych::cohen.kappa semantics). */
  kappaWeighted: number | null;
}

/** A deficit: a task, skill, КЭС or КТ element whose completion is ФИОКО-insufficient. */
export interface Deficit {
  kind: 'task' | 'skill' | 'kes' | 'kt';
  id: string;
  completion: number;
  /** Task ids that make up the element. */
  tasks: string[];
}

export interface UnitReport {
  level: UnitLevel;
  id: string;
  name: string;
  parent: string | null;
  written: number;
  absent: number;
  score?: { mean: number; sd: number | null; ci95: Interval | null };
  marks?: MarkCounts;
  uspevaemost?: number | null;
  kachestvo?: number | null;
  sou?: number | null;
  meanMark?: number | null;
  tasks?: TaskResult[];
  journal?: JournalResult;
  histogram?: number[];
  /** Addition: insufficient tasks, then skills/КЭС/КТ when the spec names them. */
  deficits?: Deficit[];
  /** ГИА (gia-figures.ts): ЕГЭ test score of the protocol. */
  testScore?: { mean: number; sd: number | null; ci95: Interval | null } | null;
  /** ЕГЭ: participants with a test score below the minimum; null when the minimum is unknown. */
  belowMinimum?: number | null;
  /** ЕГЭ addition: test score 81..100 (высокобалльники) and exactly 100. */
  highScorers?: number;
  hundredScorers?: number;
  /** ГИА addition: completion (%) of part 1 (short answers) and part 2 (long answers). */
  parts?: { '1': number | null; '2': number | null };
}

export interface ReportTask {
  id: string;
  max: number;
  level: TaskLevel | null;
}

export interface ProcedureReport {
  id: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
  maxScore: number;
  tasks: ReportTask[];
  scale: MarkScale | null;
  /** ГИА addition: the ЕГЭ minimum test score used for `belowMinimum`. */
  minimum?: number | null;
  units: UnitReport[];
  /**
   * Addition (app export only, when the local class lists mark pupils «АООП»): per unit with such
   * writers, its figures without them and of them only; `units` above stay those of all pupils.
   */
  adapted?: { note: string; units: AdaptedUnit[] };
}

export type SignKind = 'inflated-mean' | 'journal-mismatch' | 'cohort-rise' | 'cohort-fall';

export interface SignEntry {
  procedure: string;
  school: string;
  sign: SignKind;
  value: number;
  flagged: boolean;
  /** Addition for cohort signs: the earlier procedure and the fences K was compared with. */
  earlierProcedure?: string;
  fence?: number;
}

export interface ReportWarning {
  file: string;
  sheet: string;
  row: number;
  column: string;
  message: string;
  /** Addition, on the one summary entry of a kind with over 1 000 warnings: the kind and its total. */
  kind?: string;
  count?: number;
}

export interface OkoReport {
  format: 'oko-report/v1';
  generatedAt: string;
  warnings: ReportWarning[];
  procedures: ProcedureReport[];
  signs: SignEntry[];
  /** Addition: objectivity signs per school (objectivity-export.ts), when they were computed. */
  schools?: SchoolObjectivity[];
  /** Addition: what the objectivity analysis could not compute, or why it did not run. */
  objectivityNotes?: string[];
}
