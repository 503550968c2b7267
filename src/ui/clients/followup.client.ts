// Page-side handle on the follow-up worker (контрольные точки), derived from its API type.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { FollowupApi } from '../../../workers/followup.api';

export type {
  ClassOption,
  LaterPreview,
  MadeFile,
  Outcome,
  SchoolView,
  SheetView,
} from '../../../workers/followup.api';

const connection = new WorkerConnection<FollowupApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/followup.worker.ts', import.meta.url), {
      type: 'module',
      name: 'followup',
    }),
  'Не удалось запустить модуль контрольных точек. Обновите страницу и повторите.',
);

export const followupClient = workerClient(connection, () => new Error('Операция отменена'), {
  transfer: ['importXlsx'],
});
