// Page-side handle on the import worker. Comlink stays behind this module so it can be swapped.
// Cancel = terminate the worker (Squoosh-style): the parser cannot be interrupted mid-sheet otherwise.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { ProgressFn } from '../../domain/model';
import type { DemoOutcome, ImportApi, ParseOutcome, SaveOutcome } from '../../../workers/import.api';

export class CancelledError extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'CancelledError';
  }
}

let worker: Worker | undefined;
// Kept in a long-lived variable: a garbage-collected wrap() can leave a call pending forever (comlink#692).
let api: Remote<ImportApi> | undefined;
const pending = new Set<(e: Error) => void>();

function remote(): Remote<ImportApi> {
  if (!api) {
    // The URL must be written inline for Vite to bundle the worker as its own chunk.
    worker = new Worker(new URL('../../../workers/import.worker.ts', import.meta.url), {
      type: 'module',
      name: 'import',
    });
    api = wrap<ImportApi>(worker);
  }
  return api;
}

/** Race a worker call against cancel(), which otherwise would leave it pending forever. */
function call<T>(run: (a: Remote<ImportApi>) => Promise<T>): Promise<T> {
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
  discard(token: number): Promise<void> {
    // Nothing to discard when the worker is gone (it took its datasets with it).
    return api ? call((a) => a.discard(token)) : Promise.resolve();
  },
  warningsXlsx(rows: (string | number)[][]): Promise<Uint8Array> {
    return call((a) => a.warningsXlsx(rows));
  },
  loadDemo(onProgress?: ProgressFn): Promise<DemoOutcome> {
    return call<DemoOutcome>((a) => a.loadDemo(progressProxy(onProgress)));
  },
  /** Stop whatever the worker is doing. Held previews die with it; the next call starts a fresh worker. */
  cancel(): void {
    if (!worker) return;
    api?.[releaseProxy]();
    worker.terminate();
    api = undefined;
    worker = undefined;
    for (const reject of pending) reject(new CancelledError());
    pending.clear();
  },
};
