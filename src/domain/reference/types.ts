// Reference rows: the published results of wider groups (Вся выборка, region, municipality, school)
// that a teacher who has only their own class compares it with.

export type ReferenceReportType = 'marks' | 'journal' | 'scores' | 'tasks' | 'individual';

export type ReferenceLevel = 'russia' | 'region' | 'municipality' | 'school' | 'class' | 'other';

/** Shares of the marks 2..5, % of participants. */
export type MarksPct = Record<2 | 3 | 4 | 5, number>;

/** ВПР mark compared with the journal mark: lower (понизили), same (подтвердили), higher (повысили). */
export interface JournalSplit {
  lower: number;
  same: number;
  higher: number;
}

export interface ReferenceRow {
  level: ReferenceLevel;
  /** Code in parentheses: `reg20_m012`, `edu203389`; `<school>/<class>` for class rows. */
  id?: string;
  /** The name as printed, without the code. */
  name: string;
  /** 1-based row (Excel) or line (CSV) the values come from. */
  row: number;
  /** Кол-во ОО. */
  schools?: number;
  /** Кол-во участников. */
  participants?: number;
  marksPct?: MarksPct;
  journalPct?: JournalSplit;
  journalCount?: JournalSplit;
  /** % of participants per primary score; index = score 0..max. */
  scorePct?: number[];
  /** % completion per normalised task id (`5.1`, `4К1`). */
  taskCompletion?: Record<string, number>;
}

export interface ReferenceSheet {
  type: ReferenceReportType;
  sheet: string;
  /** R1 of the sheet, e.g. `Статистика по отметкам`. */
  title?: string;
  rows: ReferenceRow[];
  /** Task ids in the order of the file (object keys that look like integers would sort first). */
  tasks?: string[];
  /** Task maxima where the report states them (`1 (2б)`, `Макс балл`). */
  taskMax?: Record<string, number>;
}

/** What the header block (R3–R6) says. Unknown values: '' and 0. */
export interface ReferenceProcedure {
  kind: string;
  subject: string;
  grade: number;
  year: number;
  maxScore?: number;
  /** As printed, `20.04.2026`. */
  date?: string;
}

export interface ReferenceReport {
  file: string;
  procedure: ReferenceProcedure;
  reports: ReferenceSheet[];
  /** Non-empty sheets that hold none of the known reports (the file still imports). */
  ignoredSheets: string[];
}

/** One reference unit, ready to sit next to a unit of the analysis screens. */
export interface ReferenceUnit {
  level: ReferenceLevel;
  /** The code, or a name-derived key (`region:чеченская республика`) when the file has none. */
  id: string;
  name: string;
  participants?: number;
  /** Успеваемость = 100 − %«2». */
  uspevaemost?: number;
  /** Качество знаний = %«4» + %«5». */
  kachestvo?: number;
  marksPct?: MarksPct;
  journalPct?: JournalSplit;
  scorePct?: number[];
  taskCompletion?: Record<string, number>;
}
