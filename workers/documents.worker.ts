// The documents worker: loading from IndexedDB, the analysis, the document builders and the DOCX/XLSX
// writers run here. Settings (people, edited roadmaps) are read and written through its own Dexie
// connection.
import { expose } from 'comlink';
import { deleteSetting, getSetting, listProcedures, loadDataset, openDb, setSetting } from '../src/db';
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
    getSetting: async (key) => getSetting(await database(), key),
    setSetting: async (key, value) => setSetting(await database(), key, value),
    deleteSetting: async (key) => deleteSetting(await database(), key),
    charts: spravkaCharts,
  }),
);
