// Mean, sample standard deviation and the normal-approximation 95% interval of a mean,
// as the report spec defines them (sd with n − 1; ci95 = mean ± 1.96·sd/√n).

export const Z95 = 1.96;

export type Interval = [number, number];

export function mean(xs: ArrayLike<number>): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Sample sd (n − 1); null when n < 2. Two-pass, so it stays exact-ish for large offsets. */
export function sampleSd(xs: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const m = mean(xs) as number;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Sample sd from n, Σx and Σx². The engine feeds integer sums (scores are integers), so
 * n·Σx² − (Σx)² is computed exactly while it stays below 2⁵³ — no cancellation error.
 */
export function sampleSdFromSums(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  const num = n * sumSq - sum * sum;
  return Math.sqrt(Math.max(0, num) / (n * (n - 1)));
}

/** mean ± 1.96·sd/√n; null when sd is undefined. */
export function ci95(m: number, sd: number | null, n: number): Interval | null {
  if (sd === null || n < 2) return null;
  const h = (Z95 * sd) / Math.sqrt(n);
  return [m - h, m + h];
}
