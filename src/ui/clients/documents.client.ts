// Page-side handle on the documents worker (Comlink behind this module). Cancel = terminate the
// worker; the next call starts a fresh one, which re-reads the dataset from IndexedDB.
import { type Remote } from 'comlink';
import { WorkerConnection, progressProxy } from './worker-connection';
import type { DocModel } from '../../domain/documents/model';
import type { ProgressFn } from '../../domain/model';
import type { People } from '../../domain/roadmap/build-roadmap';
import type { MeasurePatch } from '../../domain/roadmap/edits';
import type { Roadmap } from '../../domain/roadmap/types';
import type {
  DocumentFile,
  DocumentKind,
  DocumentRequest,
  DocumentsApi,
  Outcome,
  Outline,
} from '../../../workers/documents.api';

export type { DocumentFile, DocumentKind, DocumentRequest, Outcome, Outline };

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
const call = <T>(run: (a: Remote<DocumentsApi>) => Promise<T>): Promise<T> => connection.call(run);

export const documentsClient = {
  outline(procedureKey: string): Promise<Outcome<Outline>> {
    return call<Outcome<Outline>>((a) => a.outline(procedureKey));
  },
  generate(
    procedureKey: string,
    kind: DocumentKind,
    request: DocumentRequest,
    onProgress?: ProgressFn,
  ): Promise<Outcome<DocumentFile>> {
    return call<Outcome<DocumentFile>>((a) =>
      a.generate(procedureKey, kind, request, progressProxy(onProgress)),
    );
  },
  spravkaModel(procedureKey: string, request: DocumentRequest): Promise<Outcome<DocModel>> {
    return call<Outcome<DocModel>>((a) => a.spravkaModel(procedureKey, request));
  },
  roadmap(
    procedureKey: string,
    request: DocumentRequest,
  ): Promise<Outcome<{ roadmap: Roadmap; stored: boolean }>> {
    return call<Outcome<{ roadmap: Roadmap; stored: boolean }>>((a) => a.roadmap(procedureKey, request));
  },
  updateMeasure(
    procedureKey: string,
    request: DocumentRequest,
    measureId: string,
    patch: Pick<MeasurePatch, 'status' | 'deadline'>,
  ): Promise<Outcome<Roadmap>> {
    return call<Outcome<Roadmap>>((a) => a.updateMeasure(procedureKey, request, measureId, patch));
  },
  resetRoadmap(procedureKey: string, request: DocumentRequest): Promise<Outcome<true>> {
    return call<Outcome<true>>((a) => a.resetRoadmap(procedureKey, request));
  },
  people(): Promise<Outcome<People>> {
    return call<Outcome<People>>((a) => a.people());
  },
  savePeople(value: People): Promise<Outcome<true>> {
    return call<Outcome<true>>((a) => a.savePeople(value));
  },
  forget(): void {
    if (connection.running) void call((a) => a.forget()).catch(() => undefined);
  },
  cancel(): void {
    connection.stop(new DocumentsCancelledError());
  },
};
