// Wilson score interval for a binomial proportion (no continuity correction), equal to
// R's prop.test(x, n, correct = FALSE)$conf.int and statsmodels' method='wilson'.
import { Z95, type Interval } from './descriptive.ts';

export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp float dust: the exact bounds lie in [0, 1].
  return [Math.max(0, (centre - half) / denom), Math.min(1, (centre + half) / denom)];
}

/**
 * The task interval of oko-report/v1, in %: Wilson (z = 1.96) of p = completion / 100 with
 * n = written, for every task. For a multi-point task p is a mean share, not a count of
 * successes; its variance is at most p(1 − p)/n, so the interval is conservative, and unlike
 * mean ± 1.96·sd/√n it never collapses to a point (all pupils 0 or all full marks).
 */
export function taskInterval(p: number, written: number): Interval | null {
  const w = wilson(p * written, written);
  if (!w) return null;
  return [100 * w[0], 100 * w[1]];
}
