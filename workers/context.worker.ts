// The context worker: the ФИС ОКО context form and the municipal context analysis run here, off the page.
import { expose, transfer } from 'comlink';
import { listProcedures, loadDataset, openDb, settingKeys } from '../src/db';
import { loadContextRecords, saveContextRecords } from '../src/db/context-repo';
import { createContextApi, type ContextApi } from './context.api';

let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

const api = createContextApi({
  listProcedureKeys: async () => (await listProcedures(await database())).map((p) => p.key),
  loadDataset: async (key) => loadDataset(await database(), key, { warnings: false }),
  loadContextRecords: async () => loadContextRecords(await database()),
  saveContextRecords: async (parsed) => saveContextRecords(await database(), parsed),
  roadmapSchools: async () => [
    ...new Set(
      (
        await (await database()).settings.where('key').startsWith(settingKeys.roadmap.prefix).primaryKeys()
      ).map((k) => String(k).split(':').at(-1)!),
    ),
  ],
});

const exposed: ContextApi = {
  ...api,
  async programme(format, schoolYear) {
    const out = await api.programme(format, schoolYear);
    return out.ok ? transfer(out, [out.value.buffer]) : out;
  },
};

expose(exposed);
