// Checking the rows of an `oko-backup/v1` copy before a restore writes anything (src/db/backup.ts):
// shapes with the storage's own validators, unique keys, references between tables, the scope.
import { corruptBackup, type BackupHeader, type BackupTables } from '../domain/backup/index.ts';
import { DbError } from './errors.ts';
import {
  chunkBytes,
  type ChunkRow,
  type ImportRow,
  type ProcedureRow,
  type FollowupRow,
  type RecheckRow,
  type SchoolRow,
  type SettingRow,
  type WarningsRow,
} from './schema.ts';
import { checkRecheckRow } from './rechecks-repo.ts';
import { followupProblem } from './followups-repo.ts';
import { validateChunk, validateImportRow, validateProcedureRow } from './validate.ts';

export const TABLES = [
  'procedures',
  'imports',
  'schools',
  'chunks',
  'warnings',
  'settings',
  'rechecks',
  'followups',
] as const;

export interface BackupRows {
  procedures: ProcedureRow[];
  imports: ImportRow[];
  schools: SchoolRow[];
  chunks: ChunkRow[];
  warnings: WarningsRow[];
  /** Re-checks (schema v3; a copy made by an older version has none). */
  rechecks: RecheckRow[];
  /** Follow-up check sheets (schema v4; a copy made by an older version has none). */
  followups: FollowupRow[];
  /** Only in a backup of everything. */
  settings?: SettingRow[];
}

// ---------- checking the rows of a copy ----------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The storage validators speak of "the store"; in a restore the damage is in the file. */
function detail(e: DbError): string {
  const m = /^Данные в хранилище повреждены \((.*)\): (.*?)\. Удалите/s.exec(e.message);
  return m ? `${m[1]}: ${m[2]}` : e.message.replace(/\.$/, '');
}

function guarded(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof DbError) throw corruptBackup(detail(e), e);
    throw e;
  }
}

/**
 * Every row is checked before the transaction: shapes (the same validators as loadDataset), keys unique,
 * references between tables, and the scope. Rows of older schema versions are brought up to date.
 */
export function checkRows(tables: BackupTables, header: BackupHeader): BackupRows {
  const fail = (what: string): never => {
    throw corruptBackup(what);
  };
  for (const name of Object.keys(tables)) {
    if (!(TABLES as readonly string[]).includes(name)) fail(`неизвестная таблица ${name}`);
  }
  const list = <T>(name: (typeof TABLES)[number]): T[] => (tables[name] ?? []) as T[];
  const unique = (seen: Set<string>, key: unknown[], what: string): void => {
    const k = JSON.stringify(key);
    if (seen.has(k)) fail(`${what} повторяется`);
    seen.add(k);
  };

  const procedures = list<ProcedureRow>('procedures');
  const procs = new Map<string, ProcedureRow>();
  for (const p of procedures) {
    if (!isObject(p) || typeof p.key !== 'string' || !p.key) fail('запись процедуры');
    if (procs.has(p.key)) fail(`процедура «${p.key}» повторяется`);
    guarded(() => validateProcedureRow(p, p.key));
    const ok =
      typeof p.kind === 'string' &&
      typeof p.subject === 'string' &&
      Number.isFinite(p.grade) &&
      Number.isFinite(p.year) &&
      (p.scale === null || Array.isArray(p.scale));
    if (!ok) fail(`процедура «${p.key}»: описание`);
    procs.set(p.key, p);
  }
  if (header.scope !== 'all') {
    const key = header.scope.procedureKey;
    if (procedures.some((p) => p.key !== key)) fail('процедура вне заявленной в заголовке');
    if (tables.settings) fail('настройки в копии одной процедуры');
  }

  const imports = list<ImportRow>('imports');
  const imps = new Map<number, ImportRow>();
  const hashes = new Set<string>();
  for (const imp of imports) {
    if (!isObject(imp) || !Number.isSafeInteger(imp.id) || imp.id <= 0) fail('номер импорта');
    if (imps.has(imp.id)) fail(`импорт №${imp.id} повторяется`);
    if (!procs.has(imp.procedureKey)) fail(`импорт №${imp.id}: нет его процедуры`);
    guarded(() => validateImportRow(imp));
    if (typeof imp.file !== 'string' || typeof imp.sheet !== 'string') fail(`импорт №${imp.id}: файл`);
    if (imp.fileHash !== undefined) {
      if (typeof imp.fileHash !== 'string') fail(`импорт №${imp.id}: хэш файла`);
      unique(hashes, [imp.fileHash, imp.sheet], `файл импорта №${imp.id}`);
    }
    imps.set(imp.id, imp);
  }
  const importOf = (row: { importId?: unknown; procedureKey?: unknown }, what: string): ImportRow => {
    const imp = imps.get(row.importId as number);
    if (!imp || (row.procedureKey !== undefined && row.procedureKey !== imp.procedureKey)) {
      fail(`${what}: нет импорта №${String(row.importId)}`);
    }
    return imp!;
  };

  const schools = list<SchoolRow>('schools');
  const schoolKeys = new Set<string>();
  for (const s of schools) {
    if (!isObject(s) || typeof s.login !== 'string' || !Number.isSafeInteger(s.n)) fail('запись школы');
    importOf(s, `школа ${s.login}`);
    unique(schoolKeys, [s.procedureKey, s.login], `школа ${s.login}`);
  }

  const chunks = list<ChunkRow>('chunks');
  const chunkKeys = new Set<string>();
  const pupils = new Map<number, number>();
  for (const c of chunks) {
    if (!isObject(c) || typeof c.school !== 'string') fail('запись учеников школы');
    const imp = importOf(c, `ученики школы ${c.school}`);
    unique(chunkKeys, [c.procedureKey, c.importId, c.school], `школа ${c.school} в импорте №${c.importId}`);
    guarded(() => validateChunk(c, procs.get(c.procedureKey)!));
    if (c.schoolInfo.login !== c.school || !Number.isSafeInteger(c.schoolIdx))
      fail(`школа ${c.school}: описание`);
    // assembleDataset places pupils by `pos`: it must point inside the import.
    for (let j = 0; j < c.n; j++) if (c.pos[j] >= imp.n) fail(`школа ${c.school}: позиция ученика`);
    pupils.set(imp.id, (pupils.get(imp.id) ?? 0) + c.n);
  }
  for (const imp of imports) {
    if ((pupils.get(imp.id) ?? 0) !== imp.n) fail(`импорт №${imp.id}: число учеников не совпадает`);
    // Schema v1 had no `bytes`; the storage-use display needs it.
    imp.bytes ??= chunks.filter((c) => c.importId === imp.id).reduce((b, c) => b + chunkBytes(c), 0);
  }

  const warnings = list<WarningsRow>('warnings');
  const warningKeys = new Set<string>();
  for (const w of warnings) {
    if (!isObject(w) || !Array.isArray(w.warnings)) fail('предупреждения импорта');
    importOf(w, 'предупреждения');
    unique(warningKeys, [w.importId], `предупреждения импорта №${w.importId}`);
  }

  const rechecks = list<RecheckRow>('rechecks');
  const recheckIds = new Set<string>();
  const recheckHashes = new Set<string>();
  for (const r of rechecks) {
    if (!isObject(r) || !Number.isSafeInteger(r.id) || r.id <= 0) fail('номер перепроверки');
    unique(recheckIds, [r.id], `перепроверка №${r.id}`);
    const proc = procs.get(r.procedureKey);
    if (!proc) fail(`перепроверка №${r.id}: нет её процедуры`);
    if (typeof r.file !== 'string' || typeof r.sheet !== 'string') fail(`перепроверка №${r.id}: файл`);
    if (!Number.isSafeInteger(r.rows) || !Number.isSafeInteger(r.notFound))
      fail(`перепроверка №${r.id}: счётчики`);
    if (!Array.isArray(r.taskHeaders) || r.taskHeaders.length !== proc!.tasks.length)
      fail(`перепроверка №${r.id}: заголовки заданий`);
    if (r.fileHash !== undefined) {
      if (typeof r.fileHash !== 'string') fail(`перепроверка №${r.id}: хэш файла`);
      unique(recheckHashes, [r.fileHash, r.sheet], `файл перепроверки №${r.id}`);
    }
    guarded(() => checkRecheckRow(r, proc!));
  }

  const followups = list<FollowupRow>('followups');
  const followupIds = new Set<string>();
  for (const f of followups) {
    const problem = followupProblem(f);
    if (problem) fail(`лист контрольных точек: ${problem}`);
    if (!procs.has(f.procedureKey)) fail(`лист контрольных точек ${f.id}: нет его процедуры`);
    unique(followupIds, [f.id], `лист контрольных точек ${f.id}`);
  }

  const rows: BackupRows = { procedures, imports, schools, chunks, warnings, rechecks, followups };
  if (tables.settings) {
    const settings = list<SettingRow>('settings');
    const keys = new Set<string>();
    for (const s of settings) {
      if (!isObject(s) || typeof s.key !== 'string') fail('настройка');
      unique(keys, [s.key], `настройка ${s.key}`);
    }
    rows.settings = settings;
  }
  return rows;
}
