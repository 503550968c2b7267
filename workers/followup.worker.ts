// The follow-up worker: check sheets (XLSX written and read here, off the page) over the one Dexie
// connection of workers/storage.ts.
import { expose } from 'comlink';
import { getFollowup, listFollowups, putFollowup } from '../src/db/followups-repo';
import { createFollowupApi } from './followup.api';
import { database, storedDataset, storedProcedures } from './storage';

/** The device's local date: a check done this evening is dated today, not tomorrow (UTC). */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

expose(
  createFollowupApi({
    loadDataset: (key) => storedDataset(key, false),
    listProcedures: () => storedProcedures(),
    getFollowup: async (id) => getFollowup(await database(), id),
    listFollowups: async (key, school) => listFollowups(await database(), key, school),
    putFollowup: async (sheet) => putFollowup(await database(), sheet),
    today,
    now: () => new Date().toISOString(),
  }),
);
