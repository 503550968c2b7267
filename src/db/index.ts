// Public API of the storage layer.
export { DEFAULT_DB_NAME, OkoDb, openDb, type OpenDbOptions } from './database.ts';
export {
  CorruptDataError,
  DbError,
  ImportConflictError,
  StorageQuotaError,
  isQuotaError,
  type DbErrorCode,
} from './errors.ts';
export {
  deleteImport,
  getImportWarnings,
  listImports,
  saveDataset,
  type ImportInfo,
  type SaveOptions,
  type SaveResult,
} from './imports-repo.ts';
export {
  deleteProcedure,
  listProcedures,
  loadDataset,
  type LoadFilter,
  type ProcedureInfo,
} from './procedures-repo.ts';
export {
  deleteRecheck,
  listRechecks,
  loadRecheck,
  saveRecheck,
  type RecheckInfo,
  type RecheckSaveResult,
} from './rechecks-repo.ts';
export { saveDatasets } from './save-file.ts';
export { saveDemo, type DemoSaveResult, type DemoToStore } from './demo-repo.ts';
export { deleteSetting, getSetting, setSetting, type AppSettings } from './settings-repo.ts';
export {
  appSettingKeys,
  readSetting,
  settingKeys,
  type SettingKey,
  type SettingValue,
  type StoredSchoolContext,
} from './settings-keys.ts';
export { LATEST_VERSION, type SchemaVersion } from './schema.ts';
export * from './backup.ts';
export * from './specs-repo.ts';
export * from './reference-repo.ts';
export * from './roster-repo.ts';
