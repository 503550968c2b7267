// The backup worker: export (read, gzip, PBKDF2 + AES-GCM) and restore run here, off the main thread.
// The one place where it meets the DB layer; if its signatures move, only this file changes.
import { expose } from 'comlink';
import { exportBackup, inspectBackup, openDb, restoreBackup } from '../src/db';
import { createBackupApi } from './backup.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

expose(
  createBackupApi({
    exportBackup: async (opts) => exportBackup(await database(), opts),
    inspectBackup: (bytes) => inspectBackup(bytes),
    restoreBackup: async (bytes, opts) => restoreBackup(await database(), bytes, opts),
  }),
);
