// What the imports and the re-checks read the same way: their rows of one procedure (or all),
// newest first, their list entry's head, and the procedure's spec as a dataset's meta states it.
import type { LayoutId, ProcedureSpec } from '../domain/model.ts';
import type { OkoDb } from './database.ts';
import type { ProcedureRow } from './schema.ts';

/** The rows of `table` of one procedure (all when undefined), newest (highest id) first. */
export async function newestFirst<T extends { id: number }>(
  db: OkoDb,
  table: 'imports' | 'rechecks',
  procedureKey?: string,
): Promise<T[]> {
  const t = db.table(table);
  const rows = (
    procedureKey === undefined
      ? await t.toArray()
      : await t.where('procedureKey').equals(procedureKey).toArray()
  ) as T[];
  return rows.sort((a, b) => b.id - a.id);
}

/** Which file of which procedure an import or a re-check row came from (its list entry's head). */
export interface SourceInfo {
  id: number;
  procedureKey: string;
  file: string;
  sheet: string;
  layout: LayoutId;
}

export function sourceInfo(r: SourceInfo): SourceInfo {
  return { id: r.id, procedureKey: r.procedureKey, file: r.file, sheet: r.sheet, layout: r.layout };
}

/** The procedure's spec as a loaded dataset's meta carries it. */
export function specOfRow(proc: ProcedureRow): ProcedureSpec {
  return {
    kind: proc.kind,
    subject: proc.subject,
    grade: proc.grade,
    year: proc.year,
    tasks: proc.tasks,
    scale: proc.scale,
    ...(proc.testScale !== undefined ? { testScale: proc.testScale } : {}),
    ...(proc.minimum !== undefined ? { minimum: proc.minimum } : {}),
    ...(proc.maxScore !== undefined ? { maxScore: proc.maxScore } : {}),
  };
}
