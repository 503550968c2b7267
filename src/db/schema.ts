// IndexedDB schema: tables, keys, indexes and the migrations between versions.
// Scores are stored columnar, one ChunkRow per [procedure, import, school], never one row per cell.
import type { Transaction } from 'dexie';
import type {
  ImportSummary,
  ImportWarning,
  LayoutId,
  MarkScale,
  MunicipalityInfo,
  PupilColumns,
  SchoolInfo,
  TaskSpec,
} from '../domain/model.ts';

/** One per procedure id (`ВПР-2021-Математика-5`): its definition; the first import defines it. */
export interface ProcedureRow {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
  tasks: TaskSpec[];
  scale: MarkScale | null;
  /** ГИА (absent for other kinds): ЕГЭ test scale and minimum; the maximum of a protocol without masks. */
  testScale?: number[] | null;
  minimum?: number | null;
  maxScore?: number;
  createdAt: string;
}

/** The file an import or a re-check was read from. */
export interface SourceRow {
  id: number;
  procedureKey: string;
  fileHash?: string;
  file: string;
  sheet: string;
  layout: LayoutId;
  /** Header text of each task column, in the procedure's task order. */
  taskHeaders: string[];
}

/** One per imported file/sheet. Small on purpose: listProcedures reads all of them. */
export interface ImportRow extends SourceRow {
  maximaSource: 'header' | 'spec' | 'observed';
  rows: number;
  /** Pupils stored (pupils.n of the imported dataset). */
  n: number;
  summary: ImportSummary;
  municipalities: MunicipalityInfo[];
  createdAt: string;
  /** Approximate stored size of the import's chunks in bytes (added in v2). */
  bytes?: number;
}

/** Which import owns a school inside a procedure: makes the conflict check one keyed lookup. */
export interface SchoolRow {
  procedureKey: string;
  login: string;
  importId: number;
  name?: string;
  municipalityId?: string;
  n: number;
}

export interface ChunkClass {
  id: string;
  label: string;
  /** Index of the class in the imported dataset's meta.classes (restores the order on load). */
  idx: number;
}

/**
 * The pupils of one school from one import, columnar, as PupilColumns describes them (every per-pupil
 * array has length n; scores/codes per task in the procedure's task order).
 */
export interface ChunkRow extends Omit<PupilColumns, 'school'> {
  procedureKey: string;
  importId: number;
  school: string;
  /** Index of the school in the imported dataset's meta.schools. */
  schoolIdx: number;
  schoolInfo: SchoolInfo;
  /** The school's classes; classIdx below indexes this list (-1: no class). */
  classes: ChunkClass[];
  /** Index of each pupil in the imported dataset (restores the file order on load). */
  pos: Uint32Array;
}

export interface WarningsRow {
  importId: number;
  warnings: ImportWarning[];
}

/**
 * A re-check (перепроверка): the commission's scores for works already stored in a procedure's
 * protocol. Kept in its own table so that nothing that counts pupils (lists, analysis, conflicts)
 * ever sees it; only the objectivity engine reads it. Holds the matched works only, columnar.
 */
export interface RecheckRow extends SourceRow {
  /** Data rows read from the file (works of the file, matched or not). */
  rows: number;
  /** Works stored: found in the protocol by school login and participant code. */
  n: number;
  /** Works of the file whose code was not in the protocol (not stored; reported as warnings). */
  notFound: number;
  /** Logins of the schools the works belong to (deleting a protocol import of one drops the re-check). */
  schools: string[];
  createdAt: string;
  /** Per work: index into `schools`, participant code, row in the file, absent flag. */
  school: Uint32Array;
  code: string[];
  sourceRow: Uint32Array;
  absent: Uint8Array;
  /** Per task in the procedure's task order: commission scores and raw cell codes. */
  scores: Uint8Array[];
  codes: Uint8Array[];
  /** The file's warnings plus one per code not found in the protocol. */
  warnings: ImportWarning[];
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export const SCHEMA_V1 = {
  procedures: 'key',
  // fileHash+sheet is unique: the same sheet of the same bytes is never stored twice.
  imports: '++id, procedureKey, &[fileHash+sheet]',
  schools: '[procedureKey+login], importId, login',
  chunks: '[procedureKey+importId+school], procedureKey, importId, [procedureKey+school]',
  warnings: 'importId',
} as const;

/** v2: key-value app settings (lastBackupAt, …) and `imports.bytes` for the storage-use display. */
export const SCHEMA_V2 = { ...SCHEMA_V1, settings: 'key' } as const;

/** v3: re-checks (перепроверка) in a table of their own, apart from the protocol's pupils. */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  rechecks: '++id, procedureKey, &[fileHash+sheet], *schools',
} as const;

export const LATEST_VERSION = 3;
export type SchemaVersion = 1 | 2 | 3;

/** Fill `bytes` of imports written by v1 from their chunks. Runs once, inside the upgrade transaction. */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const bytes = new Map<number, number>();
  await tx
    .table<ChunkRow>('chunks')
    .each((c) => bytes.set(c.importId, (bytes.get(c.importId) ?? 0) + safeChunkBytes(c)));
  await tx
    .table<ImportRow>('imports')
    .toCollection()
    .modify((imp) => {
      imp.bytes ??= bytes.get(imp.id) ?? 0;
    });
}

// A damaged row must not make the upgrade (and so the whole app) fail: it is reported on load.
function safeChunkBytes(c: ChunkRow): number {
  try {
    return chunkBytes(c);
  } catch {
    return 0;
  }
}

/** Approximate payload size: typed arrays plus UTF-16 code strings. */
export function chunkBytes(c: Omit<ChunkRow, 'importId'>): number {
  let b =
    c.pos.byteLength +
    c.sourceRow.byteLength +
    c.classIdx.byteLength +
    c.absent.byteLength +
    c.variant.byteLength +
    c.journal.byteLength +
    c.sex.byteLength;
  for (const a of c.scores) b += a.byteLength;
  for (const a of c.codes) b += a.byteLength;
  for (const s of c.code) b += 2 * s.length;
  return b;
}
