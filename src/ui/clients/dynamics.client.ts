// Page-side handle on the dynamics worker. Comlink stays behind this module so it can be swapped.
import { type Remote } from 'comlink';
import { WorkerConnection } from './worker-connection';
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

const connection = new WorkerConnection<DynamicsApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/dynamics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dynamics',
    }),
  'Не удалось запустить модуль динамики. Обновите страницу и повторите.',
);
const call = <T>(run: (a: Remote<DynamicsApi>) => Promise<T>): Promise<T> => connection.call(run);

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
    connection.stop(new Error('Операция отменена'));
  },
};
