// Page-side handle on the documents worker (Comlink behind this module). Cancel = terminate the
// worker; the next call starts a fresh one, which re-reads the dataset from IndexedDB.
import { WorkerConnection } from './worker-connection';
import { workerClient } from './worker-client';
import type { DocumentsApi } from '../../../workers/documents.api';

export type {
  DocumentFile,
  DocumentKind,
  DocumentRequest,
  MeasureEdit,
  NewSchoolMeasure,
  SchoolMeasureEdit,
  MunicipalKind,
  MunicipalOutline,
  MunicipalRequest,
  Outcome,
  Outline,
  OutlinePupil,
} from '../../../workers/documents.api';
export type { MunicipalFigures, ObservationTable, TemplateName } from '../../domain/documents';

export class DocumentsCancelledError extends Error {
  constructor() {
    super('Составление документа отменено');
    this.name = 'DocumentsCancelledError';
  }
}

const connection = new WorkerConnection<DocumentsApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/documents.worker.ts', import.meta.url), {
      type: 'module',
      name: 'documents',
    }),
  'Не удалось запустить модуль документов. Обновите страницу и повторите.',
);

export const documentsClient = workerClient(connection, () => new DocumentsCancelledError(), {
  // Only a running worker holds analyses to forget.
  idle: ['forget'],
});
