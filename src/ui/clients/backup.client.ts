// Page-side handle on the backup worker. Comlink stays behind this module so it can be swapped.
// Cancel = terminate the worker: an export simply stops; a restore is one IndexedDB transaction,
// which the browser aborts with the worker, so the database stays as it was.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
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

let worker: Worker | undefined;
// Kept in a long-lived variable: a garbage-collected wrap() can leave a call pending forever (comlink#692).
let api: Remote<BackupApi> | undefined;
const pending = new Set<(e: Error) => void>();

function remote(): Remote<BackupApi> {
  if (!api) {
    // The URL must be written inline for Vite to bundle the worker as its own chunk.
    worker = new Worker(new URL('../../../workers/backup.worker.ts', import.meta.url), {
      type: 'module',
      name: 'backup',
    });
    // A worker that fails to load (e.g. a chunk missing after an update) never answers.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      stop(new Error('Не удалось запустить модуль резервного копирования. Обновите страницу и повторите.'));
    });
    api = wrap<BackupApi>(worker);
  }
  return api;
}

/** Terminate the worker and reject every pending call with `reason`. */
function stop(reason: Error): void {
  if (!worker) return;
  api?.[releaseProxy]();
  worker.terminate();
  api = undefined;
  worker = undefined;
  for (const reject of pending) reject(reason);
  pending.clear();
}

/** Race a worker call against cancel(), which otherwise would leave it pending forever. */
function call<T>(run: (a: Remote<BackupApi>) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.add(reject);
    run(remote())
      .then(resolve, reject)
      .finally(() => pending.delete(reject));
  });
}

function progressProxy(onProgress?: ProgressFn): ProgressFn | undefined {
  return onProgress ? proxy(onProgress) : undefined;
}

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
    stop(new BackupCancelledError());
  },
};
