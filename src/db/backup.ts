// Backup and restore of the database (or of one procedure) as an `oko-backup/v1` file.
// The data lives only in this browser: a backup file is the user's only protection against a wiped device.
// Restores are atomic: the file is decoded and every row checked first, then written in ONE 'rw'
// transaction over all tables, so any failure (a bad row, quota, a closed tab) leaves the DB unchanged.
// Over 400 lines on purpose: export, replace and merge share the one transaction's helpers and are
// read together to see that atomicity; the row checks live apart in backup-rows.ts.
import { version as APP_VERSION } from '../../package.json';
import {
  BackupError,
  corruptBackup,
  readBackupFile,
  readBackupHeader,
  writeBackupFile,
  type BackupHeader,
  type BackupScope,
  type BackupTables,
} from '../domain/backup/index.ts';
import type { ProgressFn } from '../domain/model.ts';
import type { OkoDb } from './database.ts';
import { DbError, isQuotaError, toDbError } from './errors.ts';
import {
  LATEST_VERSION,
  type ChunkRow,
  type ImportRow,
  type ProcedureRow,
  type RecheckRow,
  type SchoolRow,
  type WarningsRow,
} from './schema.ts';
import type { AppSettings } from './settings-repo.ts';
import { isRosterKey } from './roster-repo.ts';
import { checkRows, type BackupRows } from './backup-rows.ts';

export {
  BackupError,
  backupFileName,
  backupIsDue,
  type BackupHeader,
  type BackupScope,
} from '../domain/backup/index.ts';

/** Settings that describe this device, not the data: never carried to another one. */
const DEVICE_SETTINGS: readonly string[] = [
  'storagePersisted',
  'persistRequestedAt',
  'lastPlace',
] satisfies (keyof AppSettings)[];

/** Progress of the writing step alone, 0..1 (mapped onto the overall ProgressFn). */
type Fraction = (fraction: number) => void;

/** Chunks per bulkAdd: small enough to report progress, large enough to keep the call count low. */
const WRITE_BATCH = 100;

export interface ExportOptions {
  /** Everything (default) or one procedure with its imports. */
  scope?: BackupScope;
  /** Encrypt with AES-GCM under this passphrase (PBKDF2, 600 000 iterations). */
  passphrase?: string;
  /** gzip the rows when the platform can (default true). */
  compress?: boolean;
  /**
   * Carry the local class lists (pupil names, settings `roster:*`) in a backup of everything.
   * Default false: names stay on this device unless the user ticks «включить ФИО».
   */
  includeNames?: boolean;
  onProgress?: ProgressFn;
}

/**
 * Read a consistent snapshot (one read transaction) and encode it as a backup file.
 * A backup of everything records `lastBackupAt` (the header's createdAt) for the reminder.
 */
export async function exportBackup(db: OkoDb, opts: ExportOptions = {}): Promise<Uint8Array> {
  const progress = opts.onProgress ?? (() => {});
  const scope = opts.scope ?? 'all';
  // Names travel only in a copy of everything (a one-procedure copy has no settings at all).
  const includeNames = scope === 'all' && opts.includeNames === true;
  progress(0, 'Чтение данных');
  let rows: BackupRows;
  try {
    rows = await readSnapshot(db, scope, includeNames);
  } catch (e) {
    throw toDbError(e);
  }
  progress(0.5, opts.passphrase === undefined ? 'Упаковка' : 'Шифрование');
  const createdAt = new Date().toISOString();
  const bytes = await writeBackupFile(rows as unknown as BackupTables, {
    appVersion: APP_VERSION,
    dbVersion: LATEST_VERSION,
    scope,
    createdAt,
    // Privacy: pupil names (the local class lists, settings `roster:*`) stay out unless the user ticks
    // «включить ФИО»; readSnapshot adds them only then, and this flag says so.
    includesNames: includeNames,
    ...(opts.passphrase !== undefined && { passphrase: opts.passphrase }),
    ...(opts.compress !== undefined && { compress: opts.compress }),
  });
  // Only a copy of everything protects against a wiped device: a one-procedure copy keeps the reminder on.
  if (scope === 'all') await db.settings.put({ key: 'lastBackupAt', value: createdAt });
  progress(1, 'Резервная копия готова');
  return bytes;
}

async function readSnapshot(db: OkoDb, scope: BackupScope, includeNames: boolean): Promise<BackupRows> {
  return db.transaction('r', allTables(db), async (): Promise<BackupRows> => {
    if (scope === 'all') {
      const settings = await db.settings.toArray();
      return {
        procedures: await db.procedures.toArray(),
        imports: await db.imports.toArray(),
        schools: await db.schools.toArray(),
        chunks: await db.chunks.toArray(),
        warnings: await db.warnings.toArray(),
        rechecks: await db.rechecks.toArray(),
        followups: await db.followups.toArray(),
        settings: settings.filter(
          (s) => !DEVICE_SETTINGS.includes(s.key) && (includeNames || !isRosterKey(s.key)),
        ),
      };
    }
    const key = scope.procedureKey;
    const proc = await db.procedures.get(key);
    if (!proc) throw new DbError(`Процедура «${key}» не найдена в хранилище.`, 'not-found');
    const imports = await db.imports.where('procedureKey').equals(key).toArray();
    const ids = imports.map((i) => i.id);
    return {
      procedures: [proc],
      imports,
      schools: await db.schools.where('importId').anyOf(ids).toArray(),
      chunks: await db.chunks.where('procedureKey').equals(key).toArray(),
      warnings: await db.warnings.where('importId').anyOf(ids).toArray(),
      rechecks: await db.rechecks.where('procedureKey').equals(key).toArray(),
      followups: await db.followups.where('procedureKey').equals(key).toArray(),
    };
  });
}

function allTables(db: OkoDb) {
  return [
    db.procedures,
    db.imports,
    db.schools,
    db.chunks,
    db.warnings,
    db.settings,
    db.rechecks,
    db.followups,
  ];
}

/**
 * What a file holds (scope, date, counts, encrypted?) without the passphrase: for the restore dialog.
 * Throws the same BackupErrors as restoreBackup for foreign, truncated-header or newer files.
 */
export function inspectBackup(bytes: Uint8Array): BackupHeader {
  return readBackupHeader(bytes, LATEST_VERSION);
}

export interface RestoreOptions {
  /** Needed for an encrypted file. */
  passphrase?: string;
  /**
   * replace: a copy of everything replaces all data (device settings stay); a one-procedure copy
   *   replaces that procedure only.
   * merge: add the imports that are not here yet (same file SHA-256 + sheet), with new import ids.
   */
  mode: 'replace' | 'merge';
  onProgress?: ProgressFn;
}

export type SkipReason = 'duplicate' | 'school-conflict' | 'task-mismatch';

export interface SkippedImport {
  procedureKey: string;
  file: string;
  sheet: string;
  reason: SkipReason;
  /** Russian, for the result dialog. */
  message: string;
}

export interface RestoreResult {
  header: BackupHeader;
  mode: 'replace' | 'merge';
  added: { procedures: number; imports: number; pupils: number };
  /** Imports of the copy that were not written (merge only). */
  skipped: SkippedImport[];
  /** Removed before writing (replace only). */
  removed: { procedures: number; imports: number };
}

/**
 * Restore a backup file. Errors: BackupError (not a backup, damaged, newer version, wrong passphrase),
 * DbError 'quota'. On any error nothing is changed.
 */
export async function restoreBackup(
  db: OkoDb,
  bytes: Uint8Array,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const progress = opts.onProgress ?? (() => {});
  progress(0, 'Проверка файла');
  // Key derivation takes seconds on a weak tablet: say what is going on.
  if (inspectBackup(bytes).encrypted) progress(0.05, 'Расшифровка');
  const { header, tables } = await readBackupFile(bytes, {
    maxDbVersion: LATEST_VERSION,
    ...(opts.passphrase !== undefined && { passphrase: opts.passphrase }),
  });
  progress(0.2, 'Проверка данных');
  const rows = checkRows(tables, header);
  const result: RestoreResult = {
    header,
    mode: opts.mode,
    added: { procedures: 0, imports: 0, pupils: 0 },
    skipped: [],
    removed: { procedures: 0, imports: 0 },
  };
  const write = (from: number, to: number): Fraction => {
    return (f) => progress(from + (to - from) * f, 'Восстановление данных');
  };
  try {
    await db.transaction('rw', allTables(db), async () => {
      if (opts.mode === 'replace' && header.scope === 'all') {
        await replaceAll(db, rows, header, result, write(0.3, 1));
        return;
      }
      if (opts.mode === 'replace' && header.scope !== 'all') {
        await removeProcedure(db, header.scope.procedureKey, result);
      }
      await mergeRows(db, rows, result, write(0.3, 1));
    });
  } catch (e) {
    throw restoreError(e);
  }
  progress(1, 'Восстановлено');
  return result;
}

function restoreError(e: unknown): unknown {
  if (e instanceof BackupError || e instanceof DbError) return e;
  if (isQuotaError(e)) {
    return new DbError(
      'Недостаточно места в хранилище браузера: восстановление отменено, данные не изменены. ' +
        'Освободите место (удалите ненужные процедуры или данные других сайтов) и повторите.',
      'quota',
      { cause: e },
    );
  }
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'ConstraintError' || name === 'BulkError') {
    return corruptBackup('записи копии противоречат друг другу; данные не изменены', e);
  }
  return toDbError(e);
}

// ---------- writing ----------

async function replaceAll(
  db: OkoDb,
  rows: BackupRows,
  header: BackupHeader,
  result: RestoreResult,
  progress: Fraction,
): Promise<void> {
  result.removed = { procedures: await db.procedures.count(), imports: await db.imports.count() };
  for (const t of [db.procedures, db.imports, db.schools, db.chunks, db.warnings, db.rechecks, db.followups])
    await t.clear();
  // A copy without names leaves this device's class lists alone (they were never in it).
  const keep = (key: string) => DEVICE_SETTINGS.includes(key) || (!header.includesNames && isRosterKey(key));
  await db.settings.filter((s) => !keep(s.key)).delete();
  // Import ids are kept: the restored database is the one that was backed up.
  await db.procedures.bulkAdd(rows.procedures);
  await db.imports.bulkAdd(rows.imports);
  await db.schools.bulkAdd(rows.schools);
  await db.warnings.bulkAdd(rows.warnings);
  await writeChunks(db, rows.chunks, progress);
  await db.rechecks.bulkAdd(rows.rechecks);
  await db.followups.bulkAdd(rows.followups);
  await db.settings.bulkPut((rows.settings ?? []).filter((s) => !keep(s.key)));
  // The data now is exactly what that backup holds.
  await db.settings.put({ key: 'lastBackupAt', value: header.createdAt });
  result.added = {
    procedures: rows.procedures.length,
    imports: rows.imports.length,
    pupils: rows.imports.reduce((s, i) => s + i.n, 0),
  };
}

async function writeChunks(db: OkoDb, chunks: ChunkRow[], progress: Fraction): Promise<void> {
  for (let i = 0; i < chunks.length; i += WRITE_BATCH) {
    await db.chunks.bulkAdd(chunks.slice(i, i + WRITE_BATCH));
    progress(Math.min(chunks.length, i + WRITE_BATCH) / chunks.length);
  }
}

async function removeProcedure(db: OkoDb, key: string, result: RestoreResult): Promise<void> {
  const ids = (await db.imports.where('procedureKey').equals(key).primaryKeys()) as number[];
  result.removed = { procedures: (await db.procedures.get(key)) ? 1 : 0, imports: ids.length };
  await db.chunks.where('procedureKey').equals(key).delete();
  await db.schools.where('importId').anyOf(ids).delete();
  await db.warnings.bulkDelete(ids);
  await db.imports.bulkDelete(ids);
  await db.rechecks.where('procedureKey').equals(key).delete();
  await db.followups.where('procedureKey').equals(key).delete();
  await db.procedures.delete(key);
}

interface ImportParts {
  schools: SchoolRow[];
  chunks: ChunkRow[];
  warnings?: WarningsRow;
}

/** Add, import by import in id order, what is not here yet; the same rules as saveDataset. */
async function mergeRows(
  db: OkoDb,
  rows: BackupRows,
  result: RestoreResult,
  progress: Fraction,
): Promise<void> {
  const procs = new Map(rows.procedures.map((p) => [p.key, p]));
  const parts = new Map<number, ImportParts>(rows.imports.map((i) => [i.id, { schools: [], chunks: [] }]));
  for (const s of rows.schools) parts.get(s.importId)!.schools.push(s);
  for (const c of rows.chunks) parts.get(c.importId)!.chunks.push(c);
  for (const w of rows.warnings) parts.get(w.importId)!.warnings = w;

  const imports = [...rows.imports].sort((a, b) => a.id - b.id);
  for (let i = 0; i < imports.length; i++) {
    const imp = imports[i];
    const skipped = await mergeImport(db, imp, procs.get(imp.procedureKey)!, parts.get(imp.id)!, result);
    if (skipped) result.skipped.push(skipped);
    progress((i + 1) / imports.length);
  }
  for (const r of [...rows.rechecks].sort((a, b) => a.id - b.id)) {
    const skipped = await mergeRecheck(db, r, procs.get(r.procedureKey)!);
    if (skipped) result.skipped.push(skipped);
  }
  // A check sheet joins when its procedure is here and the class has no sheet yet (this device's wins).
  for (const f of rows.followups)
    if ((await db.procedures.get(f.procedureKey)) && !(await db.followups.get(f.id)))
      await db.followups.add(f);
}

/** A re-check is added when its procedure is here (now) and it is not here yet; new id. */
async function mergeRecheck(db: OkoDb, r: RecheckRow, proc: ProcedureRow): Promise<SkippedImport | null> {
  const skip = (reason: SkipReason, message: string): SkippedImport => ({
    procedureKey: r.procedureKey,
    file: r.file,
    sheet: r.sheet,
    reason,
    message,
  });
  const dup =
    r.fileHash !== undefined
      ? await db.rechecks.where('[fileHash+sheet]').equals([r.fileHash, r.sheet]).first()
      : await db.rechecks
          .where('procedureKey')
          .equals(r.procedureKey)
          .filter((x) => x.fileHash === undefined && x.file === r.file && x.sheet === r.sheet && x.n === r.n)
          .first();
  if (dup) return skip('duplicate', `Перепроверка «${r.file}» (лист «${r.sheet}») уже загружена.`);
  const existing = await db.procedures.get(r.procedureKey);
  const order = existing ? taskOrder(existing.tasks, proc.tasks) : null;
  if (!order)
    return skip(
      'task-mismatch',
      `Перепроверка «${r.file}»: процедура «${r.procedureKey}» здесь другая или её нет.`,
    );
  const { id: _oldId, ...row } = r;
  const reorder = <T>(list: T[]): T[] => order.map((k) => list[k]);
  await db.rechecks.add({
    ...row,
    taskHeaders: reorder(r.taskHeaders),
    scores: reorder(r.scores),
    codes: reorder(r.codes),
  } as RecheckRow);
  return null;
}

async function mergeImport(
  db: OkoDb,
  imp: ImportRow,
  proc: ProcedureRow,
  part: ImportParts,
  result: RestoreResult,
): Promise<SkippedImport | null> {
  const key = imp.procedureKey;
  const skip = (reason: SkipReason, message: string): SkippedImport => ({
    procedureKey: key,
    file: imp.file,
    sheet: imp.sheet,
    reason,
    message,
  });
  if (await findDuplicate(db, imp)) {
    return skip('duplicate', `Файл «${imp.file}» (лист «${imp.sheet}») уже загружен.`);
  }
  const existing = await db.procedures.get(key);
  let order: number[] | null = null;
  if (existing) {
    order = taskOrder(existing.tasks, proc.tasks);
    if (!order) return skip('task-mismatch', `Процедура «${key}» уже загружена с другим списком заданий.`);
  }
  const owners = await db.schools.bulkGet(part.schools.map((s) => [key, s.login] as [string, string]));
  const taken = owners.find((o) => o !== undefined);
  if (taken) {
    return skip(
      'school-conflict',
      `Школа ${taken.login} уже загружена в процедуру «${key}» из другого файла: импорт «${imp.file}» пропущен.`,
    );
  }

  if (!existing) {
    await db.procedures.add(proc);
    result.added.procedures++;
  }
  const reorder = <T>(list: T[]): T[] => (order ? order.map((k) => list[k]) : list);
  const { id: _oldId, ...row } = imp;
  const importId = (await db.imports.add({
    ...row,
    taskHeaders: reorder(imp.taskHeaders),
  } as ImportRow)) as number;
  await db.schools.bulkAdd(part.schools.map((s) => ({ ...s, importId })));
  if (part.warnings) await db.warnings.add({ ...part.warnings, importId });
  const chunks = part.chunks.map((c) => ({
    ...c,
    importId,
    scores: reorder(c.scores),
    codes: reorder(c.codes),
  }));
  await writeChunks(db, chunks, () => {});
  result.added.imports++;
  result.added.pupils += imp.n;
  return null;
}

function findDuplicate(db: OkoDb, imp: ImportRow): Promise<ImportRow | undefined> {
  if (imp.fileHash !== undefined) {
    return db.imports.where('[fileHash+sheet]').equals([imp.fileHash, imp.sheet]).first();
  }
  // Without a hash the best identity left is the procedure, the file, the sheet and the pupil count.
  return db.imports
    .where('procedureKey')
    .equals(imp.procedureKey)
    .filter((i) => i.fileHash === undefined && i.file === imp.file && i.sheet === imp.sheet && i.n === imp.n)
    .first();
}

/** Per stored task, its index in the copy's task list; null when ids or maxima differ. */
function taskOrder(stored: ProcedureRow['tasks'], copy: ProcedureRow['tasks']): number[] | null {
  if (stored.length !== copy.length) return null;
  const byId = new Map(copy.map((t, k) => [t.id, k]));
  const order: number[] = [];
  for (const t of stored) {
    const k = byId.get(t.id);
    if (k === undefined || copy[k].max !== t.max) return null;
    order.push(k);
  }
  return order;
}
