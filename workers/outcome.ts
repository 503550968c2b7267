// One result shape for every worker call, and the one guard that produces it. A worker writes its
// handlers as plain async functions that return a value or throw; `guard` wraps the whole map once,
// so a thrown error reaches the page as `{ ok: false, error }` with a Russian message (Comlink would
// otherwise rethrow only name and message, and lose the kind, the code and the file's place).
import { transfer } from 'comlink';
import { DbError } from '../src/db/errors';
import { ImportError } from '../src/domain/model';

/** A failure, flattened for the page: `message` is Russian and shown as is. */
export interface Failure {
  kind: 'input' | 'import' | 'storage' | 'backup' | 'package' | 'unexpected';
  message: string;
  /** The storage or backup error's code (`conflict`, `quota`, `wrong-passphrase`…) when known. */
  code?: string;
  /** Where the import failed, when it is known. */
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** Another tab upgraded the schema and this worker's connection was closed (see OkoDb). */
export const STORAGE_CLOSED =
  'Хранилище закрыто: в другой вкладке открыта новая версия приложения. Откройте приложение заново.';

/** A wrong request (missing date, unknown document): its message is meant for the user. */
export class InputError extends Error {}

/** An error that already carries its Failure (e.g. with the file it concerns): passed on as is. */
export class Failed extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

const transfers = new WeakMap<object, Transferable[]>();

/** Marks a handler's result: its buffers are transferred to the page, not copied. */
export function transferred<T extends object>(value: T, list: Transferable[]): T {
  transfers.set(value, list);
  return value;
}

/**
 * The common part of every worker's error classifier: storage errors and InputError carry a
 * Russian message already; anything else is unexpected and gets `unexpected` as its lead-in.
 */
export function failureOf(e: unknown, unexpected: string, file?: string): Failure {
  const at = file === undefined ? {} : { file };
  if (e instanceof Failed) return e.failure;
  if (e instanceof ImportError)
    return { kind: 'import', message: e.message, file: e.file, sheet: e.sheet, row: e.row, column: e.column };
  if (e instanceof DbError) return { kind: 'storage', message: e.message, code: e.code, ...at };
  if (e instanceof InputError) return { kind: 'input', message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'unexpected', message: `${unexpected}: ${err.message}`, ...at };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any argument list is allowed here
type Handler = (...args: any[]) => unknown;

/** The handlers as the page sees them: the same arguments, an Outcome of the value. */
export type Guarded<H> = {
  [K in keyof H]: H[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Outcome<Awaited<R>>>
    : never;
};

/** Wraps a map of handlers once: a value becomes `{ ok: true, value }`, a throw `{ ok: false, error }`. */
export function guard<H extends Record<string, Handler>>(
  handlers: H,
  fail: (e: unknown, args: unknown[]) => Failure,
): Guarded<H> {
  const out: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    out[name] = async (...args: unknown[]) => {
      try {
        const value = await handler(...args);
        const outcome = { ok: true as const, value };
        const list = typeof value === 'object' && value !== null ? transfers.get(value) : undefined;
        // Comlink looks the transfer list up on the object the call returns.
        return list ? transfer(outcome, list) : outcome;
      } catch (e) {
        return { ok: false as const, error: fail(e, args) };
      }
    };
  }
  return out as Guarded<H>;
}
