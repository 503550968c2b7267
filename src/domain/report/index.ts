// Public API of the analysis engine.
export {
  analyzeProcedure,
  AnalysisCancelledError,
  findUnit,
  maxScoreOf,
  parallelId,
  ALL_UNIT_ID,
} from './analyze.ts';
export type { AnalyzeOptions } from './analyze.ts';
export {
  buildReport,
  officialBasis,
  officialSigns,
  reportOf,
  type BuildReportOptions,
} from './build-report.ts';
export { compareProcedures, type Compatibility } from './compare.ts';
export { pupilResults, unformed, type PupilResult } from './pupils.ts';
export { cohortPredecessor, cohortSigns, referenceUnit, schoolSigns, type ReferenceGroup } from './signs.ts';
export { exportUnitXlsx, type UnitXlsxOptions } from './xlsx-export.ts';
export {
  objectivitySigns,
  reportSchools,
  schoolsOfUnit,
  signRows,
  signsSheet,
  signsWorkbook,
  withSchools,
  FAMILY_NAMES_RU,
  SIGNAL_NAMES_RU,
  SIGNS_HEADER,
  SIGNS_SHEET,
  type ExportSignal,
  type ObjectivitySigns,
  type SignRow,
  type SignsForExport,
} from './objectivity-export.ts';
export type * from './types.ts';
export {
  LEVEL_NAMES,
  LEVEL_ORDER,
  LEVEL_PLURALS,
  MARK_KEYS,
  UnitIndex,
  unitIndexOf,
  unitKey,
  unitTitle,
  type PupilRow,
  type UnitKey,
} from './units.ts';
export { sortBy, type SortDirection } from './sort.ts';
