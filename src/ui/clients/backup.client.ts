// Page-side handle on the backup worker. Comlink stays behind this module so it can be swapped.
// Cancel = terminate the worker: an export simply stops; a restore is one IndexedDB transaction,
// which the browser aborts with the worker, so the database stays as it was.
import { transfer, type Remote } from 'comlink';
import { WorkerConnection, progressProxy } from './worker-connection';
import type { ProgressFn } from '../../domain/model';
import type {
  BackupApi,
  ExportOutcome,
  ExportRequest,
  InspectOutcome,
  RestoreOutcome,
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
const call = <T>(run: (a: Remote<BackupApi>) => Promise<T>): Promise<T> => connection.call(run);

async function readFile(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

export const backupClient = {
  /** Make a backup file in the worker; its bytes arrive transferred (not copied). */
  exportBackup(req: ExportRequest, onProgress?: ProgressFn): Promise<ExportOutcome> {
    return call<ExportOutcome>((a) => a.exportBackup(req, progressProxy(onProgress)));
  },
  /** Read what a file holds. The bytes are transferred: the page keeps only the File handle. */
  async inspect(file: Blob): Promise<InspectOutcome> {
    const bytes = await readFile(file);
    return call<InspectOutcome>((a) => a.inspect(transfer(bytes, [bytes.buffer])));
  },
  async restore(file: Blob, req: RestoreRequest, onProgress?: ProgressFn): Promise<RestoreOutcome> {
    const bytes = await readFile(file);
    return call<RestoreOutcome>((a) =>
      a.restore(transfer(bytes, [bytes.buffer]), req, progressProxy(onProgress)),
    );
  },
  /** Stop whatever the worker is doing; the next call starts a fresh worker. */
  cancel(): void {
    connection.stop(new BackupCancelledError());
  },
};
