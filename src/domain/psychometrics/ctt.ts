// Classical item analysis (CTT) of a polytomous score matrix, shared/domain/statistics.md §1.
// Mirrors psych::alpha(as.data.frame(X), check.keys = FALSE, cumulative = TRUE) on complete data:
// raw_alpha, std.alpha, alpha.drop (raw and std), item.stats r.drop / raw.r, sum-score mean/sd and
// the Feldt CI ($feldt). Zero-variance tasks are left out of α as psych's delete = TRUE does.
// One pass builds the k×k covariance matrix (two-pass, centred); everything else comes from it.
import { fQuantile } from './fdist.ts';
import { totals, type ScoreMatrix } from './matrix.ts';

export interface CttItem {
  id: string;
  max: number;
  /** Mean score and its sd (n − 1). */
  mean: number;
  sd: number;
  /** Difficulty p_i = mean/max (share of the maximum). */
  p: number;
  /** Item–total correlation cor(x_i, r) (psych raw.r); null for a zero-variance task. */
  r: number | null;
  /** Corrected item–total correlation cor(x_i, r − x_i) (psych r.drop). */
  rDrop: number | null;
  /** Upper–lower index (Kelley 27 %): (mean_U − mean_L)/max. */
  d: number | null;
  /** Raw α over the other used tasks (psych alpha.drop raw_alpha); null with < 3 used tasks. */
  alphaIfDeleted: number | null;
  /** Standardized α over the other used tasks (psych alpha.drop std.alpha). */
  stdAlphaIfDeleted: number | null;
  /** False for a zero-variance task, which is left out of α (psych delete = TRUE). */
  used: boolean;
}

export interface CttResult {
  /** Pupils (rows) and tasks used in α (non-zero variance). */
  n: number;
  k: number;
  items: CttItem[];
  /** Cronbach's α (raw, covariances); null when it is undefined (k < 2 or zero total variance). */
  alpha: number | null;
  /** Standardized α from the correlation matrix: k·r̄/(1 + (k − 1)·r̄). */
  stdAlpha: number | null;
  /** Mean inter-item correlation r̄ (psych average_r). */
  averageR: number | null;
  /** Mean and sd (n − 1) of the total score over all tasks. */
  totalMean: number;
  totalSd: number;
  /** SEM = s_r·√(1 − α). */
  sem: number | null;
  /** Feldt 95 % CI of α, as psych::alpha $feldt. */
  feldt: { lower: number; upper: number } | null;
  /** Size g of each Kelley group (round(0.27·n)). */
  groupSize: number;
}

/** Mean, covariance matrix (n − 1) and a few derived sums, over all k columns. */
function covariance(m: ScoreMatrix): { mean: Float64Array; cov: Float64Array } {
  const { n, k, cols } = m;
  const mean = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const c = cols[i];
    let s = 0;
    for (let r = 0; r < n; r++) s += c[r];
    mean[i] = s / n;
  }
  // Centred columns once (k × n doubles), then the k(k+1)/2 dot products.
  const dev: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const c = cols[i];
    const mi = mean[i];
    const d = new Float64Array(n);
    for (let r = 0; r < n; r++) d[r] = c[r] - mi;
    dev.push(d);
  }
  const cov = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const a = dev[i];
    for (let j = i; j < k; j++) {
      const b = dev[j];
      let s = 0;
      for (let r = 0; r < n; r++) s += a[r] * b[r];
      cov[i * k + j] = cov[j * k + i] = s / (n - 1);
    }
  }
  return { mean, cov };
}

/** psych's alpha.1 on the sub-matrix of `idx`: raw α from C, standardized α from R. */
function alphaOf(
  idx: number[],
  cov: Float64Array,
  cor: Float64Array,
  k: number,
): { raw: number; std: number } | null {
  const q = idx.length;
  if (q < 2) return null;
  let tr = 0;
  let sumC = 0;
  let sumR = 0;
  for (const i of idx) {
    tr += cov[i * k + i];
    for (const j of idx) {
      sumC += cov[i * k + j];
      sumR += cor[i * k + j];
    }
  }
  return { raw: (1 - tr / sumC) * (q / (q - 1)), std: (1 - q / sumR) * (q / (q - 1)) };
}

/** The full CTT table; `m.n` ≥ 2 rows. */
export function ctt(m: ScoreMatrix): CttResult {
  const { n, k } = m;
  if (n < 2) throw new RangeError('CTT needs at least 2 pupils');
  const { mean, cov } = covariance(m);
  const used: number[] = [];
  for (let i = 0; i < k; i++) if (cov[i * k + i] > 0) used.push(i);
  const cor = new Float64Array(k * k);
  for (const i of used)
    for (const j of used) cor[i * k + j] = cov[i * k + j] / Math.sqrt(cov[i * k + i] * cov[j * k + j]);

  // Total over all tasks (a zero-variance task adds a constant and no variance).
  let totalVar = 0;
  let totalMean = 0;
  for (let i = 0; i < k; i++) {
    totalMean += mean[i];
    for (let j = 0; j < k; j++) totalVar += cov[i * k + j];
  }
  const totalSd = Math.sqrt(Math.max(totalVar, 0));

  const whole = alphaOf(used, cov, cor, k);
  const alpha = whole && Number.isFinite(whole.raw) ? whole.raw : null;
  const stdAlpha = whole && Number.isFinite(whole.std) ? whole.std : null;
  let averageR: number | null = null;
  if (used.length >= 2) {
    let s = 0;
    for (const i of used) for (const j of used) if (i !== j) s += cor[i * k + j];
    averageR = s / (used.length * (used.length - 1));
  }

  // Kelley 27 % groups: one ascending order by (total, row index); L = first g, U = last g.
  const tot = totals(m);
  const order = orderByTotal(tot);
  const g = Math.round(0.27 * n);
  const upperLower = new Float64Array(k).fill(NaN);
  if (g > 0) {
    for (let i = 0; i < k; i++) {
      const c = m.cols[i];
      let lo = 0;
      let hi = 0;
      for (let t = 0; t < g; t++) {
        lo += c[order[t]];
        hi += c[order[n - 1 - t]];
      }
      upperLower[i] = m.max[i] > 0 ? (hi - lo) / g / m.max[i] : NaN;
    }
  }

  const items: CttItem[] = [];
  for (let i = 0; i < k; i++) {
    const vi = cov[i * k + i];
    const isUsed = vi > 0;
    let rowC = 0;
    for (let j = 0; j < k; j++) rowC += cov[i * k + j];
    let r: number | null = null;
    let rDrop: number | null = null;
    let aDrop: { raw: number; std: number } | null = null;
    if (isUsed) {
      r = rowC / Math.sqrt(vi * totalVar);
      // psych: c.drop = sum(C[, i]) − C[i, i], v.drop = sum(C[−i, −i]).
      const vDrop = totalVar - 2 * rowC + vi;
      rDrop = vDrop > 0 ? (rowC - vi) / Math.sqrt(vi * vDrop) : null;
      if (used.length > 2)
        aDrop = alphaOf(
          used.filter((j) => j !== i),
          cov,
          cor,
          k,
        );
    }
    items.push({
      id: m.ids[i],
      max: m.max[i],
      mean: mean[i],
      sd: Math.sqrt(vi),
      p: m.max[i] > 0 ? mean[i] / m.max[i] : NaN,
      r,
      rDrop,
      d: Number.isFinite(upperLower[i]) ? upperLower[i] : null,
      alphaIfDeleted: aDrop?.raw ?? null,
      stdAlphaIfDeleted: aDrop?.std ?? null,
      used: isUsed,
    });
  }

  const sem = alpha === null ? null : totalSd * Math.sqrt(Math.max(0, 1 - alpha));
  let feldt: CttResult['feldt'] = null;
  if (alpha !== null && used.length >= 2) {
    const d1 = n - 1;
    const d2 = (n - 1) * (used.length - 1);
    feldt = {
      lower: 1 - (1 - alpha) * fQuantile(0.975, d1, d2),
      upper: 1 - (1 - alpha) * fQuantile(0.025, d1, d2),
    };
  }
  return {
    n,
    k: used.length,
    items,
    alpha,
    stdAlpha,
    averageR,
    totalMean,
    totalSd,
    sem,
    feldt,
    groupSize: g,
  };
}

/** Row indices sorted by total ascending, ties by row index (counting sort, stable). */
export function orderByTotal(tot: Uint16Array): Uint32Array {
  let maxT = 0;
  for (let i = 0; i < tot.length; i++) if (tot[i] > maxT) maxT = tot[i];
  const start = new Uint32Array(maxT + 2);
  for (let i = 0; i < tot.length; i++) start[tot[i] + 1]++;
  for (let s = 1; s <= maxT + 1; s++) start[s] += start[s - 1];
  const order = new Uint32Array(tot.length);
  for (let i = 0; i < tot.length; i++) order[start[tot[i]]++] = i;
  return order;
}
