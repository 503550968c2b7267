// Page-side handle on the import worker. Comlink stays behind this module so it can be swapped.
// Cancel = terminate the worker (Squoosh-style): the parser cannot be interrupted mid-sheet otherwise.
import { transfer, type Remote } from 'comlink';
import { WorkerConnection, progressProxy } from './worker-connection';
import type { ProgressFn } from '../../domain/model';
import type {
  DemoOutcome,
  ImportApi,
  ParseOutcome,
  RecheckOutcome,
  SaveOutcome,
} from '../../../workers/import.api';

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
const call = <T>(run: (a: Remote<ImportApi>) => Promise<T>): Promise<T> => connection.call(run);

export const importClient = {
  async parse(file: File, onProgress?: ProgressFn): Promise<ParseOutcome> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // Transferred, not copied: the page has no further use for the bytes.
    return call<ParseOutcome>((a) =>
      a.parse(file.name, transfer(bytes, [bytes.buffer]), progressProxy(onProgress)),
    );
  },
  reparse(token: number, spec: Parameters<ImportApi['reparse']>[1], onProgress?: ProgressFn) {
    return call<ParseOutcome>((a) => a.reparse(token, spec, progressProxy(onProgress)));
  },
  save(token: number, onProgress?: ProgressFn): Promise<SaveOutcome> {
    return call<SaveOutcome>((a) => a.save(token, progressProxy(onProgress)));
  },
  saveRecheck(token: number, procedureKey: string, onProgress?: ProgressFn): Promise<RecheckOutcome> {
    return call<RecheckOutcome>((a) => a.saveRecheck(token, procedureKey, progressProxy(onProgress)));
  },
  discard(token: number): Promise<void> {
    // Nothing to discard when the worker is gone (it took its datasets with it).
    return connection.running ? call((a) => a.discard(token)) : Promise.resolve();
  },
  warningsXlsx(rows: (string | number)[][]): Promise<Uint8Array> {
    return call((a) => a.warningsXlsx(rows));
  },
  loadDemo(onProgress?: ProgressFn): Promise<DemoOutcome> {
    return call<DemoOutcome>((a) => a.loadDemo(progressProxy(onProgress)));
  },
  /** Stop whatever the worker is doing. Held previews die with it; the next call starts a fresh worker. */
  cancel(): void {
    connection.stop(new CancelledError());
  },
};
