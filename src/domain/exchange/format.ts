// `oko-aggregate/v1`: an anonymised aggregate package of one school for one procedure.
// It holds additive sufficient statistics only (no pupil rows, codes or names), so that a
// municipality can add the packages of its schools up and get exactly the figures that
// analyzeProcedure gives on the pupil-level data. Described in full in ./README.md.
import type { MarkScale, TaskSpec } from '../model.ts';

export const AGGREGATE_FORMAT = 'oko-aggregate/v1';
/** Cells (and class units) with 1..4 pupils are not published. */
export const SUPPRESSION_THRESHOLD = 5;

/** A task as the package states it: the spec's fields, listed here so the format changes only on purpose. */
export type PackageTask = Pick<TaskSpec, 'id' | 'max' | 'level' | 'skill' | 'kes' | 'kt'>;

export interface PackageProcedure {
  kind: string;
  subject: string;
  grade: number;
  year: number;
  tasks: PackageTask[];
  scale: MarkScale | null;
}

/** A block of a unit that may be withheld as a whole. */
export type BlockName = 'absent' | 'histogram' | 'marks' | 'journal';

/**
 * One unit (the school, or one of its classes). Every count is a non-negative integer.
 * `null` in a block means «withheld» only when the block is listed in `suppressedBlocks`
 * (or the whole unit is `suppressed`); otherwise null means «not applicable» (no scale).
 */
export interface PackageUnit {
  level: 'school' | 'class';
  /** School: its login; class: `<login>/<label>` as in the report. */
  id: string;
  /** School: its name; class: the class label (`5А`). */
  name: string;
  /** The whole unit is withheld: every figure below is null. */
  suppressed: boolean;
  suppressedBlocks: BlockName[];
  written: number | null;
  absent: number | null;
  /** Σ primary score and Σ primary score² of the pupils who wrote. */
  sum: number | null;
  sumSq: number | null;
  /** Pupils by primary score 0..maxScore. */
  histogram: number[] | null;
  /** Pupils with ВПР mark 2, 3, 4, 5 (null without a scale). */
  marks: number[] | null;
  /** Per task: Σ score and Σ score². */
  taskSum: number[] | null;
  taskSq: number[] | null;
  /** 4 × T: Σ task score of the pupils with ВПР mark 2..5 (null without a scale). */
  taskByMark: number[][] | null;
  /** 4 × (maxScore + 1): pupils by journal mark 2..5 × primary score (Spearman input). */
  journal: number[][] | null;
  /** 4 × 4: journal mark 2..5 × ВПР mark 2..5 (a function of `journal` and the scale; null without a scale). */
  journalMarks: number[][] | null;
}

export interface AggregatePackage {
  format: typeof AGGREGATE_FORMAT;
  procedure: PackageProcedure;
  municipality: { id: string; name: string } | null;
  school: { login: string; name: string };
  threshold: number;
  /** The school unit first, then its classes. */
  units: PackageUnit[];
}

/** A package failed validation or packages do not fit together; the message is Russian. */
export class ExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExchangeError';
  }
}
