// A page client derived from a worker's API type: every method of the API, called through the
// worker connection (so a cancel rejects it), plus cancel(). Nothing is re-declared per method.
// Callback arguments (progress) cross as Comlink proxies; bytes are transferred only for the
// methods listed in `transfer` (the caller hands them over and must not use them afterwards).
import { proxy, transfer as transferList } from 'comlink';
import type { WorkerConnection } from './worker-connection';

/** A method as the page calls it: the same arguments, the answer as a promise. */
type Remoted<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/**
 * The API's methods as the page calls them (Comlink's Remote<Api> for plain data, written out so
 * that the result types stay exact), plus cancel().
 */
export type WorkerClient<Api> = {
  [K in keyof Api as Api[K] extends (...args: never[]) => unknown ? K : never]: Remoted<Api[K]>;
} & {
  /** Stop whatever the worker is doing: pending calls reject; the next call starts a fresh worker. */
  cancel(): void;
};

export interface ClientOptions<Api> {
  /** Methods about state the worker holds: not sent (and their failures ignored) when none runs. */
  idle?: readonly (keyof Api & string)[];
  /** Methods whose Uint8Array arguments are transferred, not copied. */
  transfer?: readonly (keyof Api & string)[];
}

function prepared(arg: unknown, transfer: boolean): unknown {
  if (typeof arg === 'function') return proxy(arg);
  if (transfer && arg instanceof Uint8Array) return transferList(arg, [arg.buffer]);
  return arg;
}

export function workerClient<Api>(
  connection: WorkerConnection<Api>,
  cancelled: () => Error,
  options?: ClientOptions<Api> & { part?: undefined },
): WorkerClient<Api>;
/** A client of one part of a worker that serves several screens (engine.worker.ts). */
export function workerClient<Api, K extends keyof Api & string>(
  connection: WorkerConnection<Api>,
  cancelled: () => Error,
  options: ClientOptions<Api[K]> & { part: K },
): WorkerClient<Api[K]>;
export function workerClient<Api>(
  connection: WorkerConnection<Api>,
  cancelled: () => Error,
  options: { part?: string; idle?: readonly string[]; transfer?: readonly string[] } = {},
): unknown {
  const idle = new Set<string>(options.idle ?? []);
  const transfer = new Set<string>(options.transfer ?? []);
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const method =
    (name: string) =>
    (...args: unknown[]): Promise<unknown> => {
      if (idle.has(name)) {
        if (!connection.running) return Promise.resolve(undefined);
        return call(name, args).catch(() => undefined);
      }
      return call(name, args);
    };
  const call = (name: string, args: unknown[]) =>
    connection.call((api) => {
      type Methods = Record<string, (...a: unknown[]) => Promise<unknown>>;
      const target = options.part
        ? (api as unknown as Record<string, Methods>)[options.part]
        : (api as Methods);
      return target[name](...args.map((a) => prepared(a, transfer.has(name))));
    });
  return new Proxy(
    {},
    {
      get(_, name) {
        if (name === 'cancel') return () => connection.stop(cancelled());
        // Not a thenable: `await client` must not call the worker.
        if (typeof name !== 'string' || name === 'then') return undefined;
        let m = methods.get(name);
        if (!m) methods.set(name, (m = method(name)));
        return m;
      },
    },
  );
}
