// Page-side handle on the dynamics worker. Comlink stays behind this module so it can be swapped.
import { releaseProxy, wrap, type Remote } from 'comlink';
import type {
  DynamicsApi,
  Outcome,
  SeriesQuery,
  SeriesResult,
  SeriesScope,
  StoredWork,
  UnitOption,
} from '../../../workers/dynamics.api';
import type { CohortStart } from '../../domain/dynamics';

let worker: Worker | undefined;
// Kept in a long-lived variable: a garbage-collected wrap() can leave a call pending forever (comlink#692).
let api: Remote<DynamicsApi> | undefined;
const pending = new Set<(e: Error) => void>();

function remote(): Remote<DynamicsApi> {
  if (!api) {
    // The URL must be written inline for Vite to bundle the worker as its own chunk.
    worker = new Worker(new URL('../../../workers/dynamics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dynamics',
    });
    // A worker that fails to load never answers: reject the pending calls instead of waiting forever.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      stop(new Error('Не удалось запустить модуль динамики. Обновите страницу и повторите.'));
    });
    api = wrap<DynamicsApi>(worker);
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

function call<T>(run: (a: Remote<DynamicsApi>) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    pending.add(reject);
    run(remote())
      .then(resolve, reject)
      .finally(() => pending.delete(reject));
  });
}

export const dynamicsClient = {
  catalog(): Promise<Outcome<StoredWork[]>> {
    return call<Outcome<StoredWork[]>>((a) => a.catalog());
  },
  cohorts(kind: string, subject: string): Promise<Outcome<CohortStart[]>> {
    return call<Outcome<CohortStart[]>>((a) => a.cohorts(kind, subject));
  },
  units(scope: SeriesScope): Promise<Outcome<UnitOption[]>> {
    return call<Outcome<UnitOption[]>>((a) => a.units(scope));
  },
  series(query: SeriesQuery): Promise<Outcome<SeriesResult>> {
    return call<Outcome<SeriesResult>>((a) => a.series(query));
  },
  /** Stop the worker (and with it the reports it holds); the next call starts a fresh one. */
  stop(): void {
    stop(new Error('Операция отменена'));
  },
};
