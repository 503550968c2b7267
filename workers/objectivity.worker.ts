// The objectivity worker: loading from IndexedDB and the objectivity engine run here, off the page.
import { expose, transfer } from 'comlink';
import { listProcedures, loadDataset, loadRecheck, openDb } from '../src/db';
import { createObjectivityApi, type ObjectivityApi, type StoredContext } from './objectivity.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

/** The settings key of the uploaded school context file (not one of the typed AppSettings). */
const CONTEXT_KEY = 'schoolContext';

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
  getContext: async () => {
    const row = await (await database()).settings.get(CONTEXT_KEY);
    return row?.value as StoredContext | undefined;
  },
  setContext: async (value) => {
    await (await database()).settings.put({ key: CONTEXT_KEY, value } as never);
  },
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
