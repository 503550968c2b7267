// The exchange worker: loading from IndexedDB, packaging and re-aggregation run here, off the page.
import { expose } from 'comlink';
import { listProcedures, loadDataset, openDb } from '../src/db';
import { createExchangeApi } from './exchange.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

expose(
  createExchangeApi({
    listProcedures: async () =>
      (await listProcedures(await database())).map((p) => ({
        key: p.key,
        kind: p.kind,
        subject: p.subject,
        grade: p.grade,
        year: p.year,
      })),
    loadDataset: async (key) => loadDataset(await database(), key, { warnings: false }),
  }),
);
