// Page-side handle on the objectivity part of the engine worker. Comlink stays behind this module.
// Stop = terminate the engine (and the report it holds); the next call starts a fresh one.
import { engine } from './engine-connection';
import { workerClient } from './worker-client';

export type { ObjectivitySigns } from '../../domain/report/objectivity-export';
export type { ObjectivityWork, Outcome, RunSummary, SchoolDetail } from '../../../workers/objectivity.api';

export const objectivityClient = workerClient(engine, () => new Error('Операция отменена'), {
  part: 'objectivity',
});
