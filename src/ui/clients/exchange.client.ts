// Page-side handle on the exchange worker. Comlink stays behind this module so it can be swapped.
import { releaseProxy, wrap, type Remote } from 'comlink';
import type {
  ExchangeApi,
  MunicipalResult,
  Outcome,
  PackageFile,
  SchoolOption,
  StoredProcedure,
} from '../../../workers/exchange.api';

let worker: Worker | undefined;
// Kept in a long-lived variable: a garbage-collected wrap() can leave a call pending forever (comlink#692).
let api: Remote<ExchangeApi> | undefined;
const pending = new Set<(e: Error) => void>();

function remote(): Remote<ExchangeApi> {
  if (!api) {
    // The URL must be written inline for Vite to bundle the worker as its own chunk.
    worker = new Worker(new URL('../../../workers/exchange.worker.ts', import.meta.url), {
      type: 'module',
      name: 'exchange',
    });
    // A worker that fails to load never answers: reject the pending calls instead of waiting forever.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      stop(new Error('Не удалось запустить модуль обмена. Обновите страницу и повторите.'));
    });
    api = wrap<ExchangeApi>(worker);
  }
  return api;
}

function stop(reason: Error): void {
  if (!worker) return;
  api?.[releaseProxy]();
  worker.terminate();
  api = undefined;
  worker = undefined;
  for (const reject of pending) reject(reason);
  pending.clear();
}

function call<T>(run: (a: Remote<ExchangeApi>) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.add(reject);
    run(remote())
      .then(resolve, reject)
      .finally(() => pending.delete(reject));
  });
}

export const exchangeClient = {
  catalog(): Promise<Outcome<StoredProcedure[]>> {
    return call<Outcome<StoredProcedure[]>>((a) => a.catalog());
  },
  schools(key: string): Promise<Outcome<SchoolOption[]>> {
    return call<Outcome<SchoolOption[]>>((a) => a.schools(key));
  },
  exportPackage(key: string, login: string): Promise<Outcome<PackageFile>> {
    return call<Outcome<PackageFile>>((a) => a.exportPackage(key, login));
  },
  municipality(files: PackageFile[]): Promise<Outcome<MunicipalResult>> {
    return call<Outcome<MunicipalResult>>((a) => a.municipality(files));
  },
  /** Stop the worker; the next call starts a fresh one. */
  stop(): void {
    stop(new Error('Операция отменена'));
  },
};
