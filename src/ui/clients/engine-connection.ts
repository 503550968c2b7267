// The one engine worker behind the analysis, documents and objectivity clients: they share its
// analyses (workers/analysis-cache.ts). Cancelling any of them stops the engine, and with it the
// others' calls in flight; the next call starts a fresh engine.
import { WorkerConnection } from './worker-connection';
import type { EngineApi } from '../../../workers/engine.worker';

export const engine = new WorkerConnection<EngineApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'engine',
    }),
  'Не удалось запустить модуль анализа. Обновите страницу и повторите.',
);
