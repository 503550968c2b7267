// Quantile with linear interpolation between order statistics: numpy.quantile's default
// (method='linear', R type 7): h = (n − 1)·p, Q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).

export function quantileLinear(xs: ArrayLike<number>, p: number): number | null {
  const n = xs.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return null;
  const sorted = Float64Array.from(xs).sort();
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
