// A page-side Dexie connection opened on first use; a failed open is not kept (the next call retries).
import { openDb } from '../../db';

type Db = Awaited<ReturnType<typeof openDb>>;

/** Each caller gets its own lazily opened connection (closed like db.client's on a schema upgrade). */
export function lazyConnection(): () => Promise<Db> {
  let db: Promise<Db> | undefined;
  return () =>
    (db ??= openDb().catch((e: unknown) => {
      db = undefined; // let the next call retry
      throw e;
    }));
}
