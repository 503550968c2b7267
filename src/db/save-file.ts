// Storing every dataset of one file (a ГИА protocol holds several exams) in ONE read-write
// transaction: a failure on any exam (a school already loaded, other task maxima, the quota) leaves
// nothing of the file behind. saveDataset runs as a sub-transaction of this one.
import type { Dataset, ProgressFn } from '../domain/model.ts';
import type { OkoDb } from './database.ts';
import { toDbError } from './errors.ts';
import { saveDataset, type SaveResult } from './imports-repo.ts';

export async function saveDatasets(
  db: OkoDb,
  datasets: Dataset[],
  opts: { onProgress?: ProgressFn } = {},
): Promise<SaveResult[]> {
  const progress = opts.onProgress ?? (() => {});
  const results: SaveResult[] = [];
  try {
    await db.transaction('rw', [db.procedures, db.imports, db.schools, db.chunks, db.warnings], async () => {
      for (const [k, ds] of datasets.entries()) {
        const part = (f: number, stage: string) => progress((k + f) / datasets.length, stage);
        results.push(await saveDataset(db, ds, { onProgress: part }));
      }
    });
  } catch (e) {
    throw toDbError(e);
  }
  progress(1, results.every((r) => r.duplicate) ? 'Этот файл уже загружен' : 'Сохранено');
  return results;
}
