// The documents worker's storage inputs over one Dexie database (fake-indexeddb in the tests), as
// workers/engine.worker.ts wires them in the app.
import {
  deleteSetting,
  getSetting,
  listProcedures,
  loadDataset,
  setSetting,
  type OkoDb,
  type SettingKey,
} from '../../../src/db/index.ts';

export function storedDocumentsDeps(db: OkoDb) {
  return {
    loadDataset: (key: string) => loadDataset(db, key),
    listProcedures: async () => (await listProcedures(db)).map((p) => ({ ...p })),
    getSetting: <T>(key: SettingKey<T>) => getSetting(db, key),
    setSetting: <T>(key: SettingKey<T>, value: T) => setSetting(db, key, value),
    deleteSetting: <T>(key: SettingKey<T>) => deleteSetting(db, key),
  };
}
