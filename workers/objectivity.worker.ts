// The objectivity worker: loading from IndexedDB and the objectivity engine run here, off the page.
import { expose, transfer } from 'comlink';
import {
  getSetting,
  listProcedures,
  loadDataset,
  loadRecheck,
  openDb,
  setSetting,
  settingKeys,
} from '../src/db';
import { saveContextRecords } from '../src/db/context-repo';
import { createObjectivityApi, type ObjectivityApi } from './objectivity.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

const api = createObjectivityApi({
  listProcedures: async () =>
    (await listProcedures(await database())).map((p) => ({
      key: p.key,
      kind: p.kind,
      subject: p.subject,
      grade: p.grade,
      year: p.year,
    })),
  loadDataset: async (key) => loadDataset(await database(), key, { warnings: false }),
  loadRecheck: async (key) => loadRecheck(await database(), key),
  getContext: async () => getSetting(await database(), settingKeys.schoolContext),
  setContext: async (value) => setSetting(await database(), settingKeys.schoolContext, value),
  saveContextRecords: async (parsed) => saveContextRecords(await database(), parsed),
});

const exposed: ObjectivityApi = {
  ...api,
  // The JSON can be megabytes: its buffer is moved to the page, not copied.
  json() {
    const out = api.json();
    return out.ok ? transfer(out, [out.value.buffer]) : out;
  },
};

expose(exposed);
