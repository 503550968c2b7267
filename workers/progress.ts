// Progress callbacks that cross a worker boundary: throttled and released when done.
import { releaseProxy } from 'comlink';
import type { ProgressFn } from '../src/domain/model';

/** Every postMessage costs main-thread time, so report at most ~10 times a second. */
const MIN_INTERVAL_MS = 100;

export interface ThrottledProgress {
  report: ProgressFn;
  /** Send the final value (if any was held back) and release the Comlink proxy. */
  done(): void;
  /** A sub-range of the bar, e.g. parsing 0..0.9 and saving 0.9..1. */
  scaled(from: number, to: number): ProgressFn;
}

export function throttleProgress(target?: ProgressFn, now: () => number = Date.now): ThrottledProgress {
  let last = -Infinity;
  let pending: [number, string] | undefined;
  const send = (fraction: number, stage: string) => {
    last = now();
    pending = undefined;
    // A proxied call returns a promise that rejects if the page went away; nobody is listening then.
    Promise.resolve(target?.(Math.min(1, Math.max(0, fraction)), stage)).catch(() => {});
  };
  const report: ProgressFn = (fraction, stage) => {
    if (!target) return;
    if (now() - last >= MIN_INTERVAL_MS || fraction >= 1) send(fraction, stage);
    else pending = [fraction, stage];
  };
  return {
    report,
    done() {
      if (pending) send(...pending);
      // Comlink keeps a MessagePort per proxied callback alive until it is released (comlink#556).
      const release = (target as unknown as Record<symbol, unknown> | undefined)?.[releaseProxy];
      if (typeof release === 'function') (release as () => void)();
    },
    scaled(from, to) {
      return (fraction, stage) => report(from + (to - from) * fraction, stage);
    },
  };
}
