// The context worker: the ФИС ОКО context form and the municipal context analysis run here, off the page.
import { expose } from 'comlink';
import { settingKeys } from '../src/db';
import { loadContextRecords, saveContextRecords } from '../src/db/context-repo';
import { createContextApi } from './context.api';
import { database, storedDataset, storedProcedures } from './storage';

expose(
  createContextApi({
    listProcedureKeys: async () => (await storedProcedures()).map((p) => p.key),
    loadDataset: (key) => storedDataset(key, false),
    loadContextRecords: async () => loadContextRecords(await database()),
    saveContextRecords: async (parsed) => saveContextRecords(await database(), parsed),
    // Schools with a stored roadmap (`roadmap:<procedure>:<login>`) are the schools «with measures».
    roadmapSchools: async () => [
      ...new Set(
        (
          await (await database()).settings.where('key').startsWith(settingKeys.roadmap.prefix).primaryKeys()
        ).map((k) => String(k).split(':').at(-1)!),
      ),
    ],
  }),
);
