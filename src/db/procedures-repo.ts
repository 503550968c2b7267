// Reading and deleting procedures. listProcedures reads only the small procedure/import rows;
// loadDataset reads the columnar chunks and reassembles one Dataset for the statistics engine.
import type { Dataset, ImportSummary, ImportWarning, MarkScale, TaskLevel } from '../domain/model.ts';
import { assembleDataset, type LoadedImport } from './columns.ts';
import type { OkoDb } from './database.ts';
import { inRemoval } from './removal.ts';
import { CorruptDataError, toDbError } from './errors.ts';
import type { ChunkRow, ImportRow } from './schema.ts';
import { validateChunk, validateImportRow, validateProcedureRow } from './validate.ts';

export interface ProcedureInfo {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
  /** Summed over the imports (schools never overlap between imports of one procedure). */
  counts: ImportSummary & { imports: number };
  tasks: { id: string; max: number; level?: TaskLevel }[];
  scale: MarkScale | null;
  createdAt: string;
  /** When the last import was added. */
  updatedAt: string;
  /** Approximate stored size in bytes. */
  bytes: number;
}

export interface LoadFilter {
  /** School logins to load; all when absent. Unknown logins are ignored. */
  schools?: string[];
  /** Include the imports' warnings in meta.warnings (default true). */
  warnings?: boolean;
}

/** All procedures, newest year first, then kind, subject, grade. */
export async function listProcedures(db: OkoDb): Promise<ProcedureInfo[]> {
  const [procs, imports] = await db.transaction('r', [db.procedures, db.imports], () =>
    Promise.all([db.procedures.toArray(), db.imports.toArray()]),
  );
  const byProc = new Map<string, ImportRow[]>();
  for (const imp of imports) {
    const list = byProc.get(imp.procedureKey) ?? [];
    list.push(imp);
    byProc.set(imp.procedureKey, list);
  }
  return procs
    .map((p): ProcedureInfo => {
      const imps = byProc.get(p.key) ?? [];
      const counts = {
        rows: 0,
        written: 0,
        absent: 0,
        schools: 0,
        classes: 0,
        warnings: 0,
        imports: imps.length,
      };
      let bytes = 0;
      let updatedAt = p.createdAt;
      for (const i of imps) {
        for (const k of ['rows', 'written', 'absent', 'schools', 'classes', 'warnings'] as const) {
          counts[k] += i.summary?.[k] ?? 0;
        }
        bytes += i.bytes ?? 0;
        if (i.createdAt > updatedAt) updatedAt = i.createdAt;
      }
      return {
        key: p.key,
        kind: p.kind,
        subject: p.subject,
        grade: p.grade,
        year: p.year,
        counts,
        tasks: (p.tasks ?? []).map((t) => ({ id: t.id, max: t.max, ...(t.level && { level: t.level }) })),
        scale: p.scale ?? null,
        createdAt: p.createdAt,
        updatedAt,
        bytes,
      };
    })
    .sort(
      (a, b) =>
        b.year - a.year ||
        a.kind.localeCompare(b.kind, 'ru') ||
        a.subject.localeCompare(b.subject, 'ru') ||
        a.grade - b.grade,
    );
}

/**
 * Reassemble the columnar dataset of a procedure, merged over its imports (indices remapped).
 * Every chunk is validated; a damaged one raises CorruptDataError instead of feeding the statistics.
 * Throws DbError 'not-found' for an unknown procedure.
 */
export async function loadDataset(
  db: OkoDb,
  procedureKey: string,
  filter: LoadFilter = {},
): Promise<Dataset> {
  const filtered = filter.schools !== undefined;
  const withWarnings = filter.warnings ?? true;
  try {
    const { proc, imports, chunks, warnings } = await db.transaction(
      'r',
      [db.procedures, db.imports, db.chunks, db.warnings],
      async () => {
        const proc = validateProcedureRow(await db.procedures.get(procedureKey), procedureKey);
        const imports = await db.imports.where('procedureKey').equals(procedureKey).toArray();
        const chunks: ChunkRow[] = filtered
          ? await db.chunks
              .where('[procedureKey+school]')
              .anyOf(filter.schools!.map((s) => [procedureKey, s]))
              .toArray()
          : await db.chunks.where('procedureKey').equals(procedureKey).toArray();
        const used = new Set(chunks.map((c) => c.importId));
        const ids = imports.map((i) => i.id).filter((id) => !filtered || used.has(id));
        const warnings = withWarnings ? await db.warnings.bulkGet(ids) : [];
        return { proc, imports, chunks, warnings };
      },
    );

    const parts = new Map<number, LoadedImport>();
    for (const imp of imports) {
      validateImportRow(imp);
      parts.set(imp.id, { imp, chunks: [] });
    }
    for (const c of chunks) {
      validateChunk(c, proc);
      const part = parts.get(c.importId);
      // A chunk without its import can only come from a damaged store: report rather than guess.
      if (!part)
        throw new CorruptDataError(`процедура «${procedureKey}», школа ${c.school}`, 'нет записи импорта');
      part.chunks.push(c);
    }
    const loaded = [...parts.values()].filter((p) => !filtered || p.chunks.length > 0);
    const allWarnings: ImportWarning[] = [];
    for (const w of warnings) if (w && Array.isArray(w.warnings)) allWarnings.push(...w.warnings);
    return assembleDataset(proc, loaded, allWarnings, filtered);
  } catch (e) {
    throw toDbError(e);
  }
}

/** Remove a procedure with all its imports, schools, chunks, warnings and re-checks, atomically. */
export async function deleteProcedure(db: OkoDb, procedureKey: string): Promise<boolean> {
  return inRemoval(db, async () => {
    const ids = (await db.imports.where('procedureKey').equals(procedureKey).primaryKeys()) as number[];
    const existed = (await db.procedures.get(procedureKey)) !== undefined || ids.length > 0;
    await db.chunks.where('procedureKey').equals(procedureKey).delete();
    await db.schools.where('importId').anyOf(ids).delete();
    await db.warnings.bulkDelete(ids);
    await db.imports.bulkDelete(ids);
    await db.rechecks.where('procedureKey').equals(procedureKey).delete();
    await db.followups.where('procedureKey').equals(procedureKey).delete();
    await db.procedures.delete(procedureKey);
    return existed;
  });
}
