// Deleting results (an import, a procedure): one read-write transaction over every store that a
// procedure's data lives in, so a deletion that fails half-way leaves no orphan chunks, re-checks or
// check sheets; its errors come out as DbError.
import type { OkoDb } from './database.ts';
import { toDbError } from './errors.ts';

export async function inRemoval<T>(db: OkoDb, work: () => Promise<T>): Promise<T> {
  try {
    return await db.transaction(
      'rw',
      [db.procedures, db.imports, db.schools, db.chunks, db.warnings, db.rechecks, db.followups],
      work,
    );
  } catch (e) {
    throw toDbError(e);
  }
}
