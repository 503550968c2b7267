// The documents worker: loading from IndexedDB, the analysis, the document builders and the DOCX/XLSX
// writers run here. Settings (people, edited roadmaps) are read and written through its own Dexie
// connection.
import { expose } from 'comlink';
import { listProcedures, loadDataset, openDb } from '../src/db';
import { createDocumentsApi } from './documents.api';
import { spravkaCharts } from './documents.charts';

let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

expose(
  createDocumentsApi({
    loadDataset: async (key) => loadDataset(await database(), key),
    listProcedures: async () =>
      (await listProcedures(await database())).map((p) => ({
        key: p.key,
        kind: p.kind,
        subject: p.subject,
        grade: p.grade,
        year: p.year,
        updatedAt: p.updatedAt,
      })),
    getSetting: async (key) => (await (await database()).settings.get(key))?.value,
    setSetting: async (key, value) => {
      await (await database()).settings.put({ key, value });
    },
    deleteSetting: async (key) => {
      await (await database()).settings.delete(key);
    },
    charts: spravkaCharts,
  }),
);
