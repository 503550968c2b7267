// Page-side handle on the documents part of the engine worker (Comlink behind this module).
// Cancel = terminate the engine; the next call starts a fresh one, which re-reads the dataset.
import { engine } from './engine-connection';
import { workerClient } from './worker-client';

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

export const documentsClient = workerClient(engine, () => new DocumentsCancelledError(), {
  part: 'documents',
  // Only a running engine holds analyses to forget.
  idle: ['forget'],
});
