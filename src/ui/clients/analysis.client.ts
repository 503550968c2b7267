// Page-side handle on the analysis worker. Comlink stays behind this module so it can be swapped.
// Cancel = terminate the worker (Squoosh-style): a running analysis cannot be interrupted otherwise,
// and the next call simply starts a fresh worker (which re-reads the dataset from IndexedDB).
import { transfer, type Remote } from 'comlink';
import { WorkerConnection, progressProxy } from './worker-connection';
import type { ProgressFn } from '../../domain/model';
import type {
  AnalysisApi,
  AnalysisOutcome,
  ChildrenPage,
  ChildrenQuery,
  Outcome,
  ReferenceImport,
  UnitRef,
  UnitView,
} from '../../../workers/analysis.api';
import type { PupilRow } from '../../domain/report/units';
import type { UnitLevel } from '../../domain/report/types';
import type { SignsForExport } from '../../domain/report/objectivity-export';

export class AnalysisCancelledError extends Error {
  constructor() {
    super('Операция отменена');
    this.name = 'AnalysisCancelledError';
  }
}

// A worker that fails to load (e.g. a chunk missing after an update) rejects the pending calls
// instead of leaving them behind a spinning progress bar.
const connection = new WorkerConnection<AnalysisApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/analysis.worker.ts', import.meta.url), {
      type: 'module',
      name: 'analysis',
    }),
  'Не удалось запустить модуль анализа. Обновите страницу и повторите.',
);
const call = <T>(run: (a: Remote<AnalysisApi>) => Promise<T>): Promise<T> => connection.call(run);

export const analysisClient = {
  /** Analyse the procedure in the worker (which keeps the report); answers with its level-all unit. */
  open(procedureKey: string, onProgress?: ProgressFn): Promise<AnalysisOutcome> {
    return call<AnalysisOutcome>((a) => a.open(procedureKey, progressProxy(onProgress)));
  },
  /** One unit of the analysed procedure, with its trail and the reference unit. */
  unit(procedureKey: string, level: UnitLevel, id: string): Promise<Outcome<UnitView>> {
    return call<Outcome<UnitView>>((a) => a.unit(procedureKey, level, id));
  },
  /** One page of a unit's children (light summaries). */
  children(
    procedureKey: string,
    level: UnitLevel,
    id: string,
    query: ChildrenQuery,
  ): Promise<Outcome<ChildrenPage>> {
    return call<Outcome<ChildrenPage>>((a) => a.children(procedureKey, level, id, query));
  },
  /** The oko-report/v1 document as the UTF-8 bytes of its JSON text (with `schools[]` of the unit). */
  fullReportJson(
    procedureKey: string,
    objectivity?: { unit: UnitRef; signs: SignsForExport },
  ): Promise<Outcome<Uint8Array>> {
    return call<Outcome<Uint8Array>>((a) => a.fullReportJson(procedureKey, objectivity));
  },
  classPupils(procedureKey: string, classId: string): Promise<Outcome<PupilRow[]>> {
    return call<Outcome<PupilRow[]>>((a) => a.classPupils(procedureKey, classId));
  },
  unitXlsx(procedureKey: string, unit: UnitRef, signs?: SignsForExport): Promise<Outcome<Uint8Array>> {
    return call<Outcome<Uint8Array>>((a) => a.unitXlsx(procedureKey, unit, signs));
  },
  /** Parse a ФИС ОКО reference report in the worker; `bytes` are transferred (unusable afterwards). */
  importReference(fileName: string, bytes: Uint8Array): Promise<ReferenceImport> {
    return call<ReferenceImport>((a) =>
      a.importReference(fileName, transfer(bytes, [bytes.buffer as ArrayBuffer])),
    );
  },
  /** Let the worker drop the report it holds (the procedure was deleted); no worker is started for it. */
  forget(): void {
    if (connection.running) void call((a) => a.forget()).catch(() => undefined);
  },
  /** Stop whatever the worker is doing; pending calls reject with AnalysisCancelledError. */
  cancel(): void {
    connection.stop(new AnalysisCancelledError());
  },
};
