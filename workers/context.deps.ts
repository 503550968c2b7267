// The context API's access to IndexedDB, apart from the worker so that Node tests run the app's
// own wiring on a fake-indexeddb database (context.worker.ts passes its one connection).
import {
  deleteSetting,
  getSetting,
  listProcedures,
  loadDataset,
  loadRecheck,
  setSetting,
  settingKeys,
  type OkoDb,
} from '../src/db';
import { dataVersion } from './storage';
import { loadContextRecords, saveContextRecords } from '../src/db/context-repo';
import { contextTableOf } from '../src/domain/context/read-context';
import type { ContextDeps } from './context.api';

export function contextDeps(database: () => Promise<OkoDb>): ContextDeps {
  return {
    listProcedureKeys: async () => (await listProcedures(await database())).map((p) => p.key),
    loadDataset: async (key) => loadDataset(await database(), key, { warnings: false }),
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
    // The red signs of the partner choice are computed as on «Объективность»: its context table and
    // the stored re-checks.
    objectivityContext: async () => {
      const c = await getSetting(await database(), settingKeys.schoolContext);
      return c ? contextTableOf([{ bytes: c.bytes, file: c.fileName }]) : undefined;
    },
    loadRecheck: async (key) => loadRecheck(await database(), key),
    // The same stamp as the documents worker's municipal analysis (key and data version).
    procedureStamp: async () =>
      (await listProcedures(await database())).map((p) => `${p.key}|${dataVersion(p)}`).join(';'),
    saveSummary: async (s) => setSetting(await database(), settingKeys.contextSummary, s),
    getMeasures: async () => getSetting(await database(), settingKeys.supportMeasures),
    setMeasures: async (m) =>
      m
        ? setSetting(await database(), settingKeys.supportMeasures, m)
        : deleteSetting(await database(), settingKeys.supportMeasures),
  };
}
