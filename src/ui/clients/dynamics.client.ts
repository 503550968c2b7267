// Page-side handle on the dynamics worker, derived from its API type (Comlink stays behind this
// module). Cancel = terminate the worker (and the reports it holds); the next call starts a fresh one.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { DynamicsApi } from '../../../workers/dynamics.api';

const connection = new WorkerConnection<DynamicsApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/dynamics.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dynamics',
    }),
  'Не удалось запустить модуль динамики. Обновите страницу и повторите.',
);

export type {
  Outcome,
  SeriesQuery,
  SeriesResult,
  SeriesScope,
  StoredWork,
  UnitOption,
} from '../../../workers/dynamics.api';
export type { CohortStart } from '../../domain/dynamics';

export const dynamicsClient = workerClient(connection, () => new Error('Операция отменена'));
