// Page-side handle on the documents worker (Comlink behind this module). Cancel = terminate the
// worker; the next call starts a fresh one, which re-reads the dataset from IndexedDB.
import { type Remote } from 'comlink';
import { WorkerConnection, progressProxy } from './worker-connection';
import type { DocModel } from '../../domain/documents/model';
import type { ProgressFn } from '../../domain/model';
import type { People } from '../../domain/roadmap/build-roadmap';
import type { Roadmap } from '../../domain/roadmap/types';
import type { MunicipalFigures, ObservationTable, TemplateName } from '../../domain/documents';
import type {
  DocumentFile,
  DocumentKind,
  DocumentRequest,
  DocumentsApi,
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

export type {
  DocumentFile,
  DocumentKind,
  DocumentRequest,
  MeasureEdit,
  NewSchoolMeasure,
  SchoolMeasureEdit,
  MunicipalFigures,
  MunicipalKind,
  MunicipalOutline,
  MunicipalRequest,
  ObservationTable,
  Outcome,
  Outline,
  OutlinePupil,
  TemplateName,
};

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
  pupils(procedureKey: string, classId: string): Promise<Outcome<OutlinePupil[]>> {
    return call<Outcome<OutlinePupil[]>>((a) => a.pupils(procedureKey, classId));
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
    patch: SchoolMeasureEdit,
  ): Promise<Outcome<Roadmap>> {
    return call<Outcome<Roadmap>>((a) => a.updateMeasure(procedureKey, request, measureId, patch));
  },
  addMeasure(
    procedureKey: string,
    request: DocumentRequest,
    stageId: string,
    fields: NewSchoolMeasure,
  ): Promise<Outcome<Roadmap>> {
    return call<Outcome<Roadmap>>((a) => a.addMeasure(procedureKey, request, stageId, fields));
  },
  removeMeasure(
    procedureKey: string,
    request: DocumentRequest,
    measureId: string,
  ): Promise<Outcome<Roadmap>> {
    return call<Outcome<Roadmap>>((a) => a.removeMeasure(procedureKey, request, measureId));
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
  municipalOutline(): Promise<Outcome<MunicipalOutline>> {
    return call<Outcome<MunicipalOutline>>((a) => a.municipalOutline());
  },
  observation(municipalityId: string): Promise<Outcome<ObservationTable>> {
    return call<Outcome<ObservationTable>>((a) => a.observation(municipalityId));
  },
  saveObservation(municipalityId: string, table: ObservationTable): Promise<Outcome<true>> {
    return call<Outcome<true>>((a) => a.saveObservation(municipalityId, table));
  },
  municipalPlan(
    request: MunicipalRequest,
  ): Promise<Outcome<{ roadmap: Roadmap; figures: MunicipalFigures; stored: boolean }>> {
    return call<Outcome<{ roadmap: Roadmap; figures: MunicipalFigures; stored: boolean }>>((a) =>
      a.municipalPlan(request),
    );
  },
  updateMunicipalMeasure(
    request: MunicipalRequest,
    measureId: string,
    patch: MeasureEdit,
  ): Promise<Outcome<Roadmap>> {
    return call<Outcome<Roadmap>>((a) => a.updateMunicipalMeasure(request, measureId, patch));
  },
  resetMunicipalPlan(request: MunicipalRequest): Promise<Outcome<true>> {
    return call<Outcome<true>>((a) => a.resetMunicipalPlan(request));
  },
  generateMunicipal(
    kind: MunicipalKind,
    request: MunicipalRequest,
    onProgress?: ProgressFn,
  ): Promise<Outcome<DocumentFile>> {
    return call<Outcome<DocumentFile>>((a) => a.generateMunicipal(kind, request, progressProxy(onProgress)));
  },
  template(name: TemplateName): Promise<Outcome<{ json: string; custom: boolean }>> {
    return call<Outcome<{ json: string; custom: boolean }>>((a) => a.template(name));
  },
  saveTemplate(name: TemplateName, text: string): Promise<Outcome<{ problems: string[] }>> {
    return call<Outcome<{ problems: string[] }>>((a) => a.saveTemplate(name, text));
  },
  resetTemplate(name: TemplateName): Promise<Outcome<true>> {
    return call<Outcome<true>>((a) => a.resetTemplate(name));
  },
  forget(): void {
    if (connection.running) void call((a) => a.forget()).catch(() => undefined);
  },
  cancel(): void {
    connection.stop(new DocumentsCancelledError());
  },
};
