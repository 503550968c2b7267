// Two tabs (or a tab and its workers) share one IndexedDB. Writes that matter — storing an import,
// restoring a backup, deleting a procedure — take one Web Lock, so that two of them never interleave
// across tabs, and say «changed» on a BroadcastChannel afterwards, so that every other tab re-reads
// its lists. Works in the page and in workers; where an API is missing (Node tests, old browsers)
// the write simply runs unlocked / unannounced.

export const DB_WRITE_LOCK = 'oko-db-write';
export const DB_CHANNEL = 'oko-db';
export const DB_CHANGED = 'changed';

interface LockManagerLike {
  request<T>(name: string, cb: () => Promise<T>): Promise<T>;
}

/** Run a write under the app-wide exclusive lock (waits for a write in another tab to finish). */
export function withDbWriteLock<T>(write: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? locks.request(DB_WRITE_LOCK, write) : write();
}

/** Tell every other tab (and this one's other contexts) that stored data changed. */
export function announceDbChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const ch = new BroadcastChannel(DB_CHANNEL);
  try {
    ch.postMessage(DB_CHANGED);
  } finally {
    ch.close();
  }
}

/** Call `cb` whenever another context announces a change; returns the unsubscribe function. */
export function onDbChange(cb: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const ch = new BroadcastChannel(DB_CHANNEL);
  ch.onmessage = (e: MessageEvent) => {
    if (e.data === DB_CHANGED) cb();
  };
  return () => ch.close();
}

/** A write under the lock, announced when it succeeded. */
export async function lockedWrite<T>(write: () => Promise<T>): Promise<T> {
  const result = await withDbWriteLock(write);
  announceDbChange();
  return result;
}
