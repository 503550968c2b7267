// Page-side handle on the exchange worker. Comlink stays behind this module so it can be swapped.
import { type Remote } from 'comlink';
import { WorkerConnection } from './worker-connection';
import type {
  ExchangeApi,
  MunicipalResult,
  Outcome,
  PackageFile,
  SchoolOption,
  StoredProcedure,
} from '../../../workers/exchange.api';

const connection = new WorkerConnection<ExchangeApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/exchange.worker.ts', import.meta.url), {
      type: 'module',
      name: 'exchange',
    }),
  'Не удалось запустить модуль обмена. Обновите страницу и повторите.',
);
const call = <T>(run: (a: Remote<ExchangeApi>) => Promise<T>): Promise<T> => connection.call(run);

export const exchangeClient = {
  catalog(): Promise<Outcome<StoredProcedure[]>> {
    return call<Outcome<StoredProcedure[]>>((a) => a.catalog());
  },
  schools(key: string): Promise<Outcome<SchoolOption[]>> {
    return call<Outcome<SchoolOption[]>>((a) => a.schools(key));
  },
  exportPackage(key: string, login: string): Promise<Outcome<PackageFile>> {
    return call<Outcome<PackageFile>>((a) => a.exportPackage(key, login));
  },
  municipality(files: PackageFile[]): Promise<Outcome<MunicipalResult>> {
    return call<Outcome<MunicipalResult>>((a) => a.municipality(files));
  },
  /** Stop the worker; the next call starts a fresh one. */
  stop(): void {
    connection.stop(new Error('Операция отменена'));
  },
};
