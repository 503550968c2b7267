// The oko-report/v1 types the analysis screens display. They are the engine's own (the JSON is
// the contract, shared/spec/oko-report-v1.md); this module is the one place the UI imports them
// from, plus the pupil rows the analysis worker builds for the class heat map.
export type {
  Deficit,
  JournalResult,
  MarkCounts,
  MarkKey,
  OkoReport,
  ProcedureReport,
  ReportTask,
  SignEntry,
  TaskResult,
  UnitLevel,
  UnitReport,
} from '../../domain/report/types';
export type { PupilResult } from '../../domain/report/pupils';
export type { FiokoStatus } from '../../domain/stats/fioko';
export type { Interval } from '../../domain/stats/descriptive';

import type { PupilResult } from '../../domain/report/pupils';
import type { MarkKey } from '../../domain/report/types';
export const MARK_KEYS: readonly MarkKey[] = ['2', '3', '4', '5'];

/**
 * One pupil of a class as the heat map shows it: the engine's PupilResult plus the raw cell codes
 * (X, Н, «не пройд.»…: CellCode per task), which the engine folds into a score of 0.
 */
export type PupilRow = PupilResult & {
  /** Row index in the dataset: a stable id within one analysis. */
  index: number;
  /** CellCode per task, in task order. */
  cells: number[];
};
