// Writing and removing imports. Every write is one 'rw' transaction over all the tables it touches:
// a closed tab, a quota error or any exception leaves nothing partial.
import {
  procedureId,
  type Dataset,
  type ImportSummary,
  type ImportWarning,
  type ProgressFn,
  summarize,
} from '../domain/model.ts';
import { splitIntoChunks, type NewChunk } from './columns.ts';
import type { OkoDb } from './database.ts';
import { inRemoval } from './removal.ts';
import { DbError, ImportConflictError, toDbError } from './errors.ts';
import { chunkBytes, type ImportRow, type ProcedureRow } from './schema.ts';
import { validateDataset } from './validate.ts';
import { newestFirst, sourceInfo, type SourceInfo } from './by-procedure.ts';

export interface SaveOptions {
  onProgress?: ProgressFn;
}

export interface SaveResult {
  importId: number;
  procedureKey: string;
  /** The same sheet of the same file (SHA-256) was stored before: nothing was written. */
  duplicate: boolean;
}

export interface ImportInfo extends SourceInfo {
  fileHash?: string;
  createdAt: string;
  summary: ImportSummary;
  bytes: number;
}

/** Chunks per bulkAdd: small enough to report progress, large enough to keep the call count low. */
const WRITE_BATCH = 100;
const STAGE = 'Сохранение в хранилище браузера';

/**
 * Store a dataset atomically.
 * - Same `fileHash` + sheet as an earlier import → `duplicate: true`, nothing written.
 * - The procedure already holds one of the file's schools from another import → ImportConflictError
 *   (nothing written; the user deletes the old import first): stored pupils are never silently replaced.
 * - The procedure exists with other tasks/maxima → DbError 'task-mismatch'.
 * - Quota exhausted → StorageQuotaError, nothing written.
 */
export async function saveDataset(db: OkoDb, ds: Dataset, opts: SaveOptions = {}): Promise<SaveResult> {
  const progress = opts.onProgress ?? (() => {});
  progress(0, 'Проверка данных');
  validateDataset(ds);
  const procedureKey = procedureId(ds.meta.procedure);
  const chunks = splitIntoChunks(ds, procedureKey);
  const createdAt = new Date().toISOString();
  const { fileHash, sheet } = ds.meta;

  let result: SaveResult;
  try {
    result = await db.transaction(
      'rw',
      [db.procedures, db.imports, db.schools, db.chunks, db.warnings],
      async (): Promise<SaveResult> => {
        if (fileHash !== undefined) {
          const dup = await db.imports.where('[fileHash+sheet]').equals([fileHash, sheet]).first();
          if (dup) return { importId: dup.id, procedureKey: dup.procedureKey, duplicate: true };
        }

        const proc = await db.procedures.get(procedureKey);
        let taskHeaders = ds.meta.taskHeaders;
        if (proc) {
          const order = matchTasks(proc, ds);
          for (const c of chunks) reorderTasks(c, order);
          taskHeaders = order.map((k) => ds.meta.taskHeaders[k] ?? proc.tasks[k].id);
        }

        const owners = await db.schools.bulkGet(chunks.map((c) => [procedureKey, c.school]));
        const taken = owners.filter((o) => o !== undefined);
        if (taken.length > 0) {
          const earlier = await db.imports.get(taken[0].importId);
          const name = taken[0].name ? ` (${taken[0].name})` : '';
          const more = taken.length > 1 ? ` и ещё ${taken.length - 1}` : '';
          throw new ImportConflictError(
            procedureKey,
            `${taken[0].login}${name}${more}`,
            taken[0].importId,
            earlier?.file ?? '?',
            reserveDayHint(ds),
          );
        }

        if (!proc) await db.procedures.add(newProcedureRow(ds, procedureKey, createdAt));
        const importRow: Omit<ImportRow, 'id'> = {
          procedureKey,
          file: ds.meta.file,
          sheet,
          layout: ds.meta.layout,
          maximaSource: ds.meta.maximaSource,
          taskHeaders,
          rows: ds.meta.rows,
          n: ds.pupils.n,
          summary: summarize(ds),
          municipalities: ds.meta.municipalities,
          createdAt,
          bytes: chunks.reduce((b, c) => b + chunkBytes(c), 0),
        };
        // An absent key must stay absent (not undefined) or IndexedDB would reject the compound index.
        if (fileHash !== undefined) importRow.fileHash = fileHash;
        const importId = (await db.imports.add(importRow as ImportRow)) as number;

        await db.schools.bulkAdd(
          chunks.map((c) => ({
            procedureKey,
            login: c.school,
            importId,
            ...(c.schoolInfo.name !== undefined && { name: c.schoolInfo.name }),
            ...(c.schoolInfo.municipalityId !== undefined && { municipalityId: c.schoolInfo.municipalityId }),
            n: c.n,
          })),
        );
        await db.warnings.add({ importId, warnings: ds.meta.warnings });
        for (let i = 0; i < chunks.length; i += WRITE_BATCH) {
          await db.chunks.bulkAdd(chunks.slice(i, i + WRITE_BATCH).map((c) => ({ ...c, importId })));
          progress(0.05 + (0.95 * Math.min(chunks.length, i + WRITE_BATCH)) / chunks.length, STAGE);
        }
        return { importId, procedureKey, duplicate: false };
      },
    );
  } catch (e) {
    throw toDbError(e);
  }
  progress(1, result.duplicate ? 'Этот файл уже загружен' : 'Сохранено');
  return result;
}

/**
 * ГИА: a subject's reserve day is the same procedure as its main day, so a reserve-day protocol
 * meets the schools already stored from the main-day file. The app keeps one file per school and
 * procedure: both days must come in together.
 */
function reserveDayHint(ds: Dataset): string {
  if (!/^(ОГЭ|ЕГЭ|ГВЭ)$/.test(ds.meta.procedure.kind)) return '';
  return (
    `Если «${ds.meta.file}» — протокол резервного дня того же экзамена (${ds.meta.procedure.kind} ` +
    `«${ds.meta.procedure.subject}» ${ds.meta.procedure.year}), его строки нельзя добавить к уже загруженным: ` +
    'соберите основной и резервный дни в один файл (строки резервного дня — под строками основного) и загрузите его ' +
    'вместо прежнего, либо передайте оба файла вместе команде «npm run oko -- analyze».'
  );
}

function newProcedureRow(ds: Dataset, key: string, createdAt: string): ProcedureRow {
  const p = ds.meta.procedure;
  return {
    key,
    kind: p.kind,
    subject: p.subject,
    grade: p.grade,
    year: p.year,
    tasks: p.tasks,
    scale: p.scale ?? null,
    // ГИА only: absent keys stay absent, so ВПР rows (and backups) are unchanged.
    ...(p.testScale !== undefined ? { testScale: p.testScale } : {}),
    ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
    ...(p.maxScore !== undefined ? { maxScore: p.maxScore } : {}),
    createdAt,
  };
}

/**
 * Imports of one procedure share one task list so that their columns can be merged.
 * Returns, per procedure task, the dataset's task index (the file may list tasks in another order).
 */
function matchTasks(proc: ProcedureRow, ds: Dataset): number[] {
  const tasks = ds.meta.procedure.tasks;
  const byId = new Map(tasks.map((t, k) => [t.id, k]));
  const problems: string[] = [];
  const order = proc.tasks.map((t) => {
    const k = byId.get(t.id);
    if (k === undefined) problems.push(`нет задания ${t.id}`);
    else if (tasks[k].max !== t.max)
      problems.push(`задание ${t.id}: максимум ${tasks[k].max}, а не ${t.max}`);
    return k ?? -1;
  });
  if (tasks.length !== proc.tasks.length) problems.push(`заданий ${tasks.length}, а не ${proc.tasks.length}`);
  if (problems.length > 0) {
    throw new DbError(
      `Файл «${ds.meta.file}» не совпадает по заданиям с уже загруженной процедурой «${proc.key}»: ` +
        `${problems.slice(0, 3).join('; ')}. Ничего не сохранено.`,
      'task-mismatch',
    );
  }
  return order;
}

function reorderTasks(c: NewChunk, order: number[]): void {
  const { scores, codes } = c;
  c.scores = order.map((k) => scores[k]);
  c.codes = order.map((k) => codes[k]);
}

/**
 * Remove one import (its chunks, schools, warnings), the re-checks of its schools, and the procedure
 * when it was its last import.
 */
export async function deleteImport(db: OkoDb, importId: number): Promise<boolean> {
  return inRemoval(db, async () => {
    const imp = await db.imports.get(importId);
    if (!imp) return false;
    // A re-check of works of these schools has nothing left to compare with.
    const logins = (await db.schools.where('importId').equals(importId).toArray()).map((s) => s.login);
    await db.rechecks
      .where('schools')
      .anyOf(logins)
      .distinct()
      .filter((r) => r.procedureKey === imp.procedureKey)
      .delete();
    await db.chunks.where('importId').equals(importId).delete();
    await db.schools.where('importId').equals(importId).delete();
    await db.warnings.delete(importId);
    await db.imports.delete(importId);
    if ((await db.imports.where('procedureKey').equals(imp.procedureKey).count()) === 0) {
      await db.procedures.delete(imp.procedureKey);
      await db.rechecks.where('procedureKey').equals(imp.procedureKey).delete();
      await db.followups.where('procedureKey').equals(imp.procedureKey).delete();
    }
    return true;
  });
}

/** The warnings found when the import was read (for the preview and the export). */
export async function getImportWarnings(db: OkoDb, importId: number): Promise<ImportWarning[]> {
  const row = await db.warnings.get(importId);
  if (!row) throw new DbError(`Импорт №${importId} не найден в хранилище.`, 'not-found');
  if (!Array.isArray(row.warnings))
    throw new DbError(`Предупреждения импорта №${importId} повреждены.`, 'corrupt');
  return row.warnings;
}

/** Imports, newest first; optionally of one procedure. Reads only the small import rows. */
export async function listImports(db: OkoDb, procedureKey?: string): Promise<ImportInfo[]> {
  const rows = await newestFirst<ImportRow>(db, 'imports', procedureKey);
  return rows.map((r) => ({
    ...sourceInfo(r),
    ...(r.fileHash !== undefined && { fileHash: r.fileHash }),
    createdAt: r.createdAt,
    summary: r.summary,
    bytes: r.bytes ?? 0,
  }));
}
