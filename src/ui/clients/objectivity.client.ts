// Page-side handle on the objectivity worker. Comlink stays behind this module so it can be swapped.
import { type Remote } from 'comlink';
import { progressProxy, WorkerConnection } from './worker-connection';
import type { ProgressFn } from '../../domain/model';
import type { ObjectivitySigns } from '../../domain/report/objectivity-export';
import type {
  ObjectivityApi,
  ObjectivityWork,
  Outcome,
  RunSummary,
  SchoolDetail,
} from '../../../workers/objectivity.api';

const connection = new WorkerConnection<ObjectivityApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/objectivity.worker.ts', import.meta.url), {
      type: 'module',
      name: 'objectivity',
    }),
  'Не удалось запустить модуль объективности. Обновите страницу и повторите.',
);
const call = <T>(run: (a: Remote<ObjectivityApi>) => Promise<T>): Promise<T> => connection.call(run);

export const objectivityClient = {
  catalog(): Promise<Outcome<ObjectivityWork[]>> {
    return call<Outcome<ObjectivityWork[]>>((a) => a.catalog());
  },
  context(): Promise<Outcome<{ fileName: string; schools: number } | null>> {
    return call<Outcome<{ fileName: string; schools: number } | null>>((a) => a.context());
  },
  saveContext(bytes: Uint8Array, fileName: string): Promise<Outcome<{ fileName: string; schools: number }>> {
    return call<Outcome<{ fileName: string; schools: number }>>((a) => a.saveContext(bytes, fileName));
  },
  run(kind: string, subject: string, onProgress?: ProgressFn): Promise<Outcome<RunSummary>> {
    return call<Outcome<RunSummary>>((a) => a.run(kind, subject, progressProxy(onProgress)));
  },
  school(login: string): Promise<Outcome<SchoolDetail>> {
    return call<Outcome<SchoolDetail>>((a) => a.school(login));
  },
  json(): Promise<Outcome<Uint8Array>> {
    return call<Outcome<Uint8Array>>((a) => a.json());
  },
  /** The signs of `kind` + `subject` for the report exports; null when they must be computed first. */
  exportSigns(kind: string, subject: string): Promise<Outcome<ObjectivitySigns | null>> {
    return call<Outcome<ObjectivitySigns | null>>((a) => a.exportSigns(kind, subject));
  },
  /** The sheet «Признаки» of the computed report as XLSX bytes. */
  signsXlsx(): Promise<Outcome<Uint8Array>> {
    return call<Outcome<Uint8Array>>((a) => a.signsXlsx());
  },
  /** Stop the worker (and the report it holds); the next call starts a fresh one. */
  stop(): void {
    connection.stop(new Error('Операция отменена'));
  },
};
