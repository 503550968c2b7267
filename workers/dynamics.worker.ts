// The dynamics worker: loading from IndexedDB and the statistics engine run here, off the page.
import { expose } from 'comlink';
import { listProcedures, loadDataset, openDb } from '../src/db';
import { analyzeProcedure } from '../src/domain/report';
import { createDynamicsApi } from './dynamics.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

expose(
  createDynamicsApi({
    listProcedures: async () =>
      (await listProcedures(await database())).map((p) => ({
        key: p.key,
        kind: p.kind,
        subject: p.subject,
        grade: p.grade,
        year: p.year,
        updatedAt: `${p.updatedAt}|${p.counts.imports}|${p.counts.written}`,
      })),
    // Full datasets, without the import warnings: the reference line needs every school.
    loadDataset: async (key) => loadDataset(await database(), key, { warnings: false }),
    analyzeProcedure: (ds) => analyzeProcedure(ds),
  }),
);
