// Page-side handle on the context worker, derived from its API type (Comlink stays behind this module).
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { ContextApi } from '../../../workers/context.api';

const connection = new WorkerConnection<ContextApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/context.worker.ts', import.meta.url), {
      type: 'module',
      name: 'context',
    }),
  'Не удалось запустить модуль контекста школ. Обновите страницу и повторите.',
);

export type { ContextStatus, ContextView, ImportedForm, Outcome } from '../../../workers/context.api';

export const contextClient = workerClient(connection, () => new Error('Операция отменена'), {
  transfer: ['importForm'],
});
