// Page-side handle on the context worker. Comlink stays behind this module so it can be swapped.
import { type Remote } from 'comlink';
import { WorkerConnection } from './worker-connection';
import type {
  ContextApi,
  ContextStatus,
  ContextView,
  ImportedForm,
  Outcome,
} from '../../../workers/context.api';

const connection = new WorkerConnection<ContextApi>(
  // Written inline so that Vite bundles the worker as its own chunk.
  () =>
    new Worker(new URL('../../../workers/context.worker.ts', import.meta.url), {
      type: 'module',
      name: 'context',
    }),
  'Не удалось запустить модуль контекста школ. Обновите страницу и повторите.',
);
const call = <T>(run: (a: Remote<ContextApi>) => Promise<T>): Promise<T> => connection.call(run);

export const contextClient = {
  status(): Promise<Outcome<ContextStatus>> {
    return call<Outcome<ContextStatus>>((a) => a.status());
  },
  importForm(bytes: Uint8Array, fileName: string): Promise<Outcome<ImportedForm>> {
    return call<Outcome<ImportedForm>>((a) => a.importForm(bytes, fileName));
  },
  analyse(): Promise<Outcome<ContextView>> {
    return call<Outcome<ContextView>>((a) => a.analyse());
  },
  programme(format: 'docx' | 'xlsx', schoolYear: string): Promise<Outcome<Uint8Array>> {
    return call<Outcome<Uint8Array>>((a) => a.programme(format, schoolYear));
  },
};
