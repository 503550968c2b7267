// Storing the demo municipality: its procedures, their re-checks and the school context table in ONE
// read-write transaction, so that a closed tab or an error never leaves re-checks without their
// protocol or half of the demo. saveDataset and saveRecheck run as sub-transactions of this one.
import type { Dataset, ProgressFn } from '../domain/model.ts';
import type { ContextRecord } from '../domain/context/types.ts';
import { saveContextRecords } from './context-repo.ts';
import type { OkoDb } from './database.ts';
import { toDbError } from './errors.ts';
import { saveDataset } from './imports-repo.ts';
import { saveRecheck } from './rechecks-repo.ts';
import { addMissingFollowups } from './followups-repo.ts';
import type { FollowupSheet } from '../domain/followup/types.ts';
import { settingKeys } from './settings-keys.ts';
import { getSetting, setSetting } from './settings-repo.ts';

export interface DemoToStore {
  datasets: Dataset[];
  /** Each re-check with the key of the procedure (among `datasets`) whose protocol it re-scores. */
  rechecks: { procedureKey: string; dataset: Dataset }[];
  context: { fileName: string; bytes: Uint8Array };
  /** The demo's context form as read (no personal data): its answers per school and year. */
  contextForm?: { fileName: string; records: ContextRecord[] };
  /** Follow-up check sheets: added when the class has none (a sheet the user edited stays). */
  followups?: FollowupSheet[];
}

export interface DemoSaveResult {
  stored: number;
  duplicates: number;
  rechecksStored: number;
  rechecksDuplicate: number;
  /**
   * 'stored': the demo's table is now the context; 'present': it already was;
   * 'kept': another context file (the user's) was there and stays.
   */
  context: 'stored' | 'present' | 'kept';
}

/**
 * Store the demo atomically. Loading it again stores nothing new (every part has a stable pseudo
 * file hash); a re-check deleted with its procedure comes back with it. A context table the user
 * uploaded is never replaced by the demo's.
 */
export async function saveDemo(
  db: OkoDb,
  demo: DemoToStore,
  opts: { onProgress?: ProgressFn; now?: () => Date } = {},
): Promise<DemoSaveResult> {
  const progress = opts.onProgress ?? (() => {});
  const parts = demo.datasets.length + demo.rechecks.length + 1;
  const result: DemoSaveResult = {
    stored: 0,
    duplicates: 0,
    rechecksStored: 0,
    rechecksDuplicate: 0,
    context: 'kept',
  };
  try {
    await db.transaction(
      'rw',
      [db.procedures, db.imports, db.schools, db.chunks, db.warnings, db.rechecks, db.settings, db.followups],
      async () => {
        let done = 0;
        const part = (f: number, stage: string) => progress((done + f) / parts, stage);
        for (const ds of demo.datasets) {
          const r = await saveDataset(db, ds, { onProgress: part });
          if (r.duplicate) result.duplicates++;
          else result.stored++;
          done++;
        }
        // After the protocols: a re-check is matched to its stored procedure.
        for (const rc of demo.rechecks) {
          const r = await saveRecheck(db, rc.dataset, rc.procedureKey, { onProgress: part });
          if (r.duplicate) result.rechecksDuplicate++;
          else result.rechecksStored++;
          done++;
        }
        // The same key and value shape as an upload on «Объективность» (workers/engine.worker.ts, objectivity API).
        const had = await getSetting(db, settingKeys.schoolContext);
        if (had) result.context = had.fileName === demo.context.fileName ? 'present' : 'kept';
        else {
          const savedAt = (opts.now?.() ?? new Date()).toISOString();
          await setSetting(db, settingKeys.schoolContext, { ...demo.context, savedAt });
          result.context = 'stored';
        }
        if (demo.contextForm)
          await saveContextRecords(db, {
            file: demo.contextForm.fileName,
            layout: 'form-2022',
            records: demo.contextForm.records,
            warnings: [],
          });
        if (demo.followups) await addMissingFollowups(db, demo.followups);
      },
    );
  } catch (e) {
    throw toDbError(e);
  }
  progress(1, 'Сохранено');
  return result;
}
