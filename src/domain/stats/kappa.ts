// Cohen's kappa and weighted kappa on a square table of two ratings with fixed levels, as
// psych::cohen.kappa(cbind(a, b), levels = 2:5): agreement weights 1 − (i−j)²/(K−1)²
// (quadratic, psych's default) or 1 − |i−j|/(K−1) (linear). Fixing the levels matters: weights
// depend on K, so a class without a «2» must still use K = 4.

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export function agreementWeight(i: number, j: number, k: number, weights: KappaWeights): number {
  if (weights === 'none' || k < 2) return i === j ? 1 : 0;
  const d = Math.abs(i - j) / (k - 1);
  return weights === 'linear' ? 1 - d : 1 - d * d;
}

/** κ_w = (p_o − p_e)/(1 − p_e); null for an empty table or when p_e = 1 (no variation). */
export function weightedKappa(
  table: ArrayLike<number>[],
  weights: KappaWeights = 'quadratic',
): number | null {
  const k = table.length;
  const rowN = new Float64Array(k);
  const colN = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      rowN[i] += table[i][j];
      colN[j] += table[i][j];
      n += table[i][j];
    }
  if (n === 0) return null;
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = agreementWeight(i, j, k, weights);
      po += (w * table[i][j]) / n;
      pe += (w * rowN[i] * colN[j]) / (n * n);
    }
  if (Math.abs(1 - pe) < 1e-15) return null;
  return (po - pe) / (1 - pe);
}
