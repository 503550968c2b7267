// Small numeric kernel of the objectivity engine (shared/domain/statistics.md §5, §7, §8): normal
// and binomial tails, the Poisson-binomial tail, Benjamini–Hochberg q-values, Bland–Altman limits,
// empirical-Bayes shrinkage, least squares (Householder QR) and robust location/scale. Pure.
import { lnGamma } from '../psychometrics/fdist.ts';

/** erfc(x) for x ≥ 0 by the Numerical Recipes Chebyshev fit (relative error < 1.2e-7). */
function erfcPos(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return y;
}

/** P(Z > z) for a standard normal Z. */
export function normalUpper(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const v = 0.5 * erfcPos(Math.abs(z) / Math.SQRT2);
  return z >= 0 ? v : 1 - v;
}

function lnChoose(n: number, k: number): number {
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

/** Binomial pmf P(X = k), X ~ Bin(n, p). */
export function binomPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** One-sided binomial p-value P(X ≥ k), X ~ Bin(n, p) (R: binom.test(k, n, p, alternative = "greater")). */
export function binomUpper(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let s = 0;
  for (let j = k; j <= n; j++) s += binomPmf(j, n, p);
  return Math.min(1, s);
}

/** Poisson-binomial P(Σ Bernoulli(p_i) ≥ k), exact by dynamic programming. */
export function poissonBinomialUpper(probs: ArrayLike<number>, k: number): number {
  if (k <= 0) return 1;
  const n = probs.length;
  if (k > n) return 0;
  let dist = new Float64Array(n + 1);
  dist[0] = 1;
  for (let i = 0; i < n; i++) {
    const p = probs[i];
    const next = new Float64Array(n + 1);
    for (let j = 0; j <= i; j++) {
      next[j] += dist[j] * (1 - p);
      next[j + 1] += dist[j] * p;
    }
    dist = next;
  }
  let s = 0;
  for (let j = k; j <= n; j++) s += dist[j];
  return Math.min(1, Math.max(0, s));
}

/**
 * Benjamini–Hochberg q-values, as R p.adjust(p, "BH"): q_(i) = min_{j ≥ i} min(1, m·p_(j)/j).
 * NaN p-values are passed through as NaN and do not count in m.
 */
export function benjaminiHochberg(ps: readonly number[]): number[] {
  const idx = ps.map((_, i) => i).filter((i) => !Number.isNaN(ps[i]));
  idx.sort((a, b) => ps[a] - ps[b]);
  const m = idx.length;
  const q = ps.map(() => NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r];
    running = Math.min(running, (m * ps[i]) / (r + 1));
    q[i] = Math.min(1, running);
  }
  return q;
}

export interface BlandAltman {
  n: number;
  mean: number;
  sd: number;
  /** mean ± 1.96·sd. */
  lower: number;
  upper: number;
}

/** Bland–Altman limits of agreement of paired differences d (sd with n − 1). null when n < 2. */
export function blandAltman(d: ArrayLike<number>): BlandAltman | null {
  const n = d.length;
  if (n < 2) return null;
  let s = 0;
  for (let i = 0; i < n; i++) s += d[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (d[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { n, mean, sd, lower: mean - 1.96 * sd, upper: mean + 1.96 * sd };
}

export interface Shrunk {
  /** Reliability weight w_j = τ²/(τ² + σ²/n_j). */
  w: number;
  /** θ̂_j = w_j·ȳ_j + (1 − w_j)·μ. */
  theta: number;
  /** Posterior variance (1/τ² + n_j/σ²)⁻¹. */
  postVar: number;
}

/** Empirical-Bayes shrinkage of one unit mean (statistics.md §8) given the variance components. */
export function ebShrink(ybar: number, n: number, mu: number, tau2: number, sigma2: number): Shrunk {
  if (!(tau2 > 0)) return { w: 0, theta: mu, postVar: 0 };
  const w = tau2 / (tau2 + sigma2 / n);
  return { w, theta: w * ybar + (1 - w) * mu, postVar: 1 / (1 / tau2 + n / sigma2) };
}

/**
 * Weighted least squares min Σ w_i (y_i − x_iᵀβ)² by Householder QR (stable for polynomial designs).
 * Returns β, or null when the design is rank-deficient.
 */
export function leastSquares(x: number[][], y: ArrayLike<number>, w?: ArrayLike<number>): number[] | null {
  const n = x.length;
  if (n === 0) return null;
  const p = x[0].length;
  if (n < p) return null;
  const a = x.map((row, i) => row.map((v) => v * Math.sqrt(w ? w[i] : 1)));
  const b = Array.from({ length: n }, (_, i) => y[i] * Math.sqrt(w ? w[i] : 1));
  let scale = 0;
  for (const row of a) for (const v of row) scale = Math.max(scale, Math.abs(v));
  for (let k = 0; k < p; k++) {
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i][k] * a[i][k];
    norm = Math.sqrt(norm);
    if (norm <= 1e-12 * (scale || 1)) return null;
    const alpha = a[k][k] > 0 ? -norm : norm;
    const v = new Float64Array(n);
    for (let i = k; i < n; i++) v[i] = a[i][k];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let j = k; j < p; j++) {
      let dot = 0;
      for (let i = k; i < n; i++) dot += v[i] * a[i][j];
      const f = (2 * dot) / vv;
      for (let i = k; i < n; i++) a[i][j] -= f * v[i];
    }
    let dot = 0;
    for (let i = k; i < n; i++) dot += v[i] * b[i];
    const f = (2 * dot) / vv;
    for (let i = k; i < n; i++) b[i] -= f * v[i];
  }
  const beta = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[k][j] * beta[j];
    beta[k] = s / a[k][k];
  }
  return beta;
}

export function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Normal-consistent MAD: 1.4826 · median |x − median|. */
export function mad(xs: ArrayLike<number>): number {
  const m = median(xs);
  return 1.4826 * median(Array.from(xs, (v) => Math.abs(v - m)));
}

/** −log10 q, capped (q = 0 → cap). */
export function evidence(q: number, cap = 10): number {
  if (!(q >= 0)) return 0;
  if (q <= 0) return cap;
  return Math.min(cap, Math.max(0, -Math.log10(q)));
}

/** The series Σ xⁿ / (a (a+1) … (a+n)) of the lower incomplete gamma (accurate below x = a + 1). */
function gammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let del = sum;
  for (let n = 1; n < 10000; n++) {
    del *= x / (a + n);
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
  }
  return sum;
}

/** Regularised lower incomplete gamma P(a, x), by the series where it is accurate for small values. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= a + 1) return 1 - gammaQ(a, x);
  return Math.min(1, gammaSeries(a, x) * Math.exp(-x + a * Math.log(x) - lnGamma(a)));
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lnFront = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) return Math.max(0, 1 - gammaSeries(a, x) * Math.exp(lnFront));
  const TINY = 1e-300;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(lnFront) * h);
}

/** P(χ²_k > x). */
export function chiSquareUpper(x: number, k: number): number {
  return gammaQ(k / 2, x / 2);
}
