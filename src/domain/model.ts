// The shared vocabulary of OKO Analytics. Every layer (importer, statistics, DB, UI, CLI)
// speaks these types. Pure data: no DOM, no DB, no I/O.

/** Task difficulty level as printed in the обобщённый план варианта. */
export type TaskLevel = 'Б' | 'П' | 'В';

export interface TaskSpec {
  /** Normalised id: `5(1)` → `5.1`, Latin K → Cyrillic К (`4К1`). */
  id: string;
  max: number;
  level?: TaskLevel;
  /** Planned result / skill, in words. */
  skill?: string;
  kes?: string[];
  kt?: string[];
  /** ГИА: part of the work (1 short answers, 2 long answers). */
  part?: 1 | 2;
}

/** Primary-score ranges for the marks 2, 3, 4, 5 (inclusive). */
export type MarkScale = [number, number][];

/** A procedure spec, format of shared/spec/oko-report-v1.md (`spec.json`). */
export interface ProcedureSpec {
  kind: string; // ВПР, ОГЭ, ЕГЭ, НИКО, ДКР, …
  subject: string;
  grade: number;
  year: number;
  tasks: TaskSpec[];
  scale?: MarkScale | null;
  /** ЕГЭ: test score by primary score (index = primary score). */
  testScale?: number[] | null;
  /** ЕГЭ: the minimum test score (threshold). */
  minimum?: number | null;
  /** ГИА protocol without masks (appeal results): the maximum primary score, as there are no tasks. */
  maxScore?: number;
}

export type LayoutId =
  | 'vpr-form' // ВПР collection form 2024–2026 (`Код участника | Вариант | 1 (5б) …`)
  | 'fisoko-protocol' // ФИС ОКО export: `Классы` + `Протокол` with `Пользователь`, `Школа` …
  | 'region-2021' // `логин школы … балл за N`
  | 'region-2020' // `user, code, otc, …, a-N-grade`
  | 'gia-protocol' // РЦОИ protocol of ОГЭ/ЕГЭ/ГВЭ: exam lines «NN - Предмет YYYY.MM.DD», masks
  | 'gia-appeal' // РЦОИ appeal results: «Экзамен», «Состояние апелляции», «Текущие»
  | 'gia-csv'; // РЦОИ CSV with English names: SchoolCode, TestResultBCell, PrimaryMark …

/**
 * What a task cell held, kept next to the score so that the raw code is not lost.
 * NUMBER: a valid number 0..max; the other codes score 0.
 */
export const CellCode = {
  NUMBER: 0,
  EMPTY: 1,
  X: 2, // X, x, Х, х — не приступал / нет ответа
  NOT_TAUGHT: 3, // не пройд.
  N: 4, // Н, н, H, h
  DASH: 5, // -
  INVALID: 6, // above max, negative, fractional or unreadable → 0 and a warning
} as const;
export type CellCode = (typeof CellCode)[keyof typeof CellCode];

export const CELL_CODE_LABELS: Record<CellCode, string> = {
  0: 'число',
  1: 'пусто',
  2: 'X',
  3: 'не пройд.',
  4: 'Н',
  5: '-',
  6: 'ошибка',
};

export type WarningKind =
  | 'above-max'
  | 'negative'
  | 'fractional'
  | 'not-a-number'
  | 'duplicate-code'
  | 'total-mismatch'
  | 'scale'
  | 'other';

/** A problem found in one cell or row: it never stops the import. */
export interface ImportWarning {
  kind: WarningKind;
  file: string;
  sheet: string;
  /** 1-based row number as Excel shows it (CSV: line number). */
  row: number;
  /** Column header as found in the file (e.g. `8 (1б)`), or its letter when there is none. */
  column: string;
  message: string;
}

/** A fatal problem: the file cannot be imported. The message is Russian and names the place. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly sheet?: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface MunicipalityInfo {
  /** e.g. `reg22_m019`, or a name-derived id when the file has no code. */
  id: string;
  name: string;
}

export interface SchoolInfo {
  /** ФИС ОКО login, e.g. `sch220206` / `edu223379`. */
  login: string;
  name?: string;
  municipalityId?: string;
}

export interface ClassInfo {
  /** `<school login>/<label>`, label normalised as in the spec (`5А`). */
  id: string;
  school: number; // index into schools
  label: string;
}

/**
 * One procedure's pupils, columnar. Index i is a pupil row of the file.
 * All typed arrays have length n (scores/codes: one array per task, length n).
 */
export interface PupilColumns {
  n: number;
  /** Source row (1-based) of each pupil, for messages. */
  sourceRow: Uint32Array;
  /** Participant code as text (codes are ids, not numbers). */
  code: string[];
  school: Uint32Array; // index into DatasetMeta.schools
  /** Index into DatasetMeta.classes, or -1 when the class cell is empty. */
  classIdx: Int32Array;
  /** 1 when the pupil was absent (counted only in `absent`). */
  absent: Uint8Array;
  /** Variant number, 0 when unknown/absent. */
  variant: Uint16Array;
  /** Journal (previous period) mark 2..5, 0 = no mark. */
  journal: Uint8Array;
  /** 0 unknown, 1 male, 2 female. */
  sex: Uint8Array;
  /** Per task: the score after the cell rules (0..max). */
  scores: Uint8Array[];
  /** Per task: what the cell held (CellCode). */
  codes: Uint8Array[];
  /** ГИА only: the protocol's official figures (src/domain/import/gia-*.ts). */
  official?: OfficialResults;
}

/** ГИА protocols state the result; these columns win over the sum of the masks. */
export interface OfficialResults {
  /** «Первичный балл». */
  primary: Uint16Array;
  /** «Оценка» 2..5, 0 = none. */
  mark: Uint8Array;
  /** «Тестовый балл» 0..100, -1 = none. */
  test: Int16Array;
}

export interface DatasetMeta {
  file: string;
  sheet: string;
  layout: LayoutId;
  /** What the importer knows of the procedure: from headers, the file name, a spec or flags. */
  procedure: ProcedureSpec;
  /** Where the task maxima come from: the header (`3 (2б)`), a spec, or observed values. */
  maximaSource: 'header' | 'spec' | 'observed';
  /** Where the scale came from: the spec (or a scale typed by the user), or the built-in catalogue. */
  scaleSource?: { kind: 'spec' } | { kind: 'catalogue'; year: number; source: string };
  /** The header text of each task column, in task order. */
  taskHeaders: string[];
  /** Data rows read (pupil rows, absent included). */
  rows: number;
  municipalities: MunicipalityInfo[];
  schools: SchoolInfo[];
  classes: ClassInfo[];
  warnings: ImportWarning[];
  /** Hex SHA-256 of the source bytes: the same file is not stored twice. */
  fileHash?: string;
}

export interface Dataset {
  meta: DatasetMeta;
  pupils: PupilColumns;
}

/** Counts shown in the import preview (data-* attributes of `import-summary`). */
export interface ImportSummary {
  rows: number;
  written: number;
  absent: number;
  schools: number;
  classes: number;
  warnings: number;
}

export function summarize(ds: Dataset): ImportSummary {
  let absent = 0;
  for (let i = 0; i < ds.pupils.n; i++) absent += ds.pupils.absent[i];
  return {
    rows: ds.meta.rows,
    written: ds.pupils.n - absent,
    absent,
    schools: ds.meta.schools.length,
    classes: ds.meta.classes.length,
    warnings: ds.meta.warnings.length,
  };
}

/** Stable id of a procedure, as in the report: `ВПР-2021-Математика-5`. */
export function procedureId(p: Pick<ProcedureSpec, 'kind' | 'year' | 'subject' | 'grade'>): string {
  return `${p.kind}-${p.year}-${p.subject}-${p.grade}`;
}

/** Progress callback used across worker boundaries: 0..1 and a Russian stage label. */
export type ProgressFn = (fraction: number, stage: string) => void;
