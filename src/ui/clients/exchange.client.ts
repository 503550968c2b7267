// Page-side handle on the exchange worker, derived from its API type (Comlink stays behind this
// module). Cancel = terminate the worker; the next call starts a fresh one.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { ExchangeApi } from '../../../workers/exchange.api';

const connection = new WorkerConnection<ExchangeApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/exchange.worker.ts', import.meta.url), {
      type: 'module',
      name: 'exchange',
    }),
  'Не удалось запустить модуль обмена. Обновите страницу и повторите.',
);

export type {
  MunicipalResult,
  Outcome,
  PackageFile,
  SchoolOption,
  StoredProcedure,
} from '../../../workers/exchange.api';

export const exchangeClient = workerClient(connection, () => new Error('Операция отменена'));
