// Page-side handle on the import worker, derived from its API type (Comlink stays behind this module).
// Cancel = terminate the worker (Squoosh-style): the parser cannot be interrupted mid-sheet otherwise.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { ProgressFn } from '../../domain/model';
import type { ImportApi } from '../../../workers/import.api';

export class CancelledError extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'CancelledError';
  }
}

const connection = new WorkerConnection<ImportApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    }),
  'Не удалось запустить модуль импорта. Обновите страницу и повторите.',
);

const worker = workerClient(connection, () => new CancelledError(), {
  // Nothing to discard when the worker is gone (it took its datasets with it).
  idle: ['discard'],
  // The file's bytes are transferred, not copied: the page has no further use for them.
  transfer: ['parse'],
});

export const importClient = {
  async parse(file: File, onProgress?: ProgressFn) {
    return worker.parse(file.name, new Uint8Array(await file.arrayBuffer()), onProgress);
  },
  reparse: worker.reparse,
  save: worker.save,
  saveRecheck: worker.saveRecheck,
  discard: worker.discard,
  warningsXlsx: worker.warningsXlsx,
  loadDemo: worker.loadDemo,
  cancel: () => worker.cancel(),
};
