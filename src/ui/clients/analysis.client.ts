// Page-side handle on the analysis part of the engine worker. Comlink stays behind this module.
// Cancel = terminate the engine (Squoosh-style): a running analysis cannot be interrupted otherwise,
// and the next call simply starts a fresh engine (which re-reads the dataset from IndexedDB).
import { engine } from './engine-connection';
import { workerClient } from './worker-client';

export type {
  Analysis,
  ChildrenPage,
  ChildrenQuery,
  Outcome,
  ReferenceImport,
  UnitRef,
  UnitView,
} from '../../../workers/analysis.api';

export class AnalysisCancelledError extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'AnalysisCancelledError';
  }
}

export const analysisClient = workerClient(engine, () => new AnalysisCancelledError(), {
  part: 'analysis',
  // Only a running engine holds analyses to forget.
  idle: ['forget'],
  // A ФИС ОКО report's bytes are handed over (unusable on the page afterwards).
  transfer: ['importReference'],
});
