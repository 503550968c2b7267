// What every worker reads of IndexedDB the same way: its one lazily opened connection, the stored
// procedures as small rows, and a procedure's data version.
import { listProcedures, loadDataset, openDb } from '../src/db';
import type { Dataset } from '../src/domain/model';

/** A stored procedure as the workers need it (no counts, no tasks). */
export interface StoredProcedureRow {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
  /** Changes whenever the procedure's data change: a cached analysis is then stale. */
  updatedAt: string;
}

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
export const database = () => (db ??= openDb());

/**
 * The stored procedures; `updatedAt` is the data version: the newest import's time with the import
 * and pupil counts (deleting an older import leaves the time as it was).
 */
export async function storedProcedures(): Promise<StoredProcedureRow[]> {
  return (await listProcedures(await database())).map((p) => ({
    key: p.key,
    kind: p.kind,
    subject: p.subject,
    grade: p.grade,
    year: p.year,
    updatedAt: dataVersion(p),
  }));
}

/** A procedure's data version (see storedProcedures). */
export const dataVersion = (p: { updatedAt: string; counts: { imports: number; written: number } }) =>
  `${p.updatedAt}|${p.counts.imports}|${p.counts.written}`;

/** A full dataset; without the import warnings when the worker never shows them. */
export async function storedDataset(key: string, warnings = true): Promise<Dataset> {
  return loadDataset(await database(), key, warnings ? undefined : { warnings: false });
}
