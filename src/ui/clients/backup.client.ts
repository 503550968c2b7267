// Page-side handle on the backup worker, derived from its API type (Comlink stays behind this module).
// Cancel = terminate the worker: an export simply stops; a restore is one IndexedDB transaction,
// which the browser aborts with the worker, so the database stays as it was.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { ProgressFn } from '../../domain/model';
import type { BackupApi, RestoreRequest } from '../../../workers/backup.api';

export type {
  ExportRequest,
  MadeBackup,
  Outcome,
  Restored,
  RestoreRequest,
} from '../../../workers/backup.api';

export class BackupCancelledError extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'BackupCancelledError';
  }
}

const connection = new WorkerConnection<BackupApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/backup.worker.ts', import.meta.url), {
      type: 'module',
      name: 'backup',
    }),
  'Не удалось запустить модуль резервного копирования. Обновите страницу и повторите.',
);

// The file's bytes are transferred: the page keeps only the File handle.
const worker = workerClient(connection, () => new BackupCancelledError(), {
  transfer: ['inspect', 'restore'],
});
const bytesOf = async (file: Blob) => new Uint8Array(await file.arrayBuffer());

export const backupClient = {
  /** Make a backup file in the worker; its bytes arrive transferred (not copied). */
  exportBackup: worker.exportBackup,
  /** Read what a file holds. */
  inspect: async (file: Blob) => worker.inspect(await bytesOf(file)),
  restore: async (file: Blob, req: RestoreRequest, onProgress?: ProgressFn) =>
    worker.restore(await bytesOf(file), req, onProgress),
  cancel: () => worker.cancel(),
};
