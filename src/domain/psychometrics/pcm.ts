// Over 400 lines: fitPcm's Newton steps, the γ polynomials and the person estimates share one
// parametrisation and its buffers; split apart they would each need the whole derivation above.
// Rasch partial-credit model (PCM) by conditional maximum likelihood, shared/domain/statistics.md §2,
// as eRm::PCM(X) does it. Pure numeric code: runs in a worker and in Node.
//
// Parametrisation: cumulative easiness β_ix = −Σ_{k≤x} δ_ik (x = 1..m_i, β_i0 = 0), eRm's betapar.
// The conditional likelihood depends on the data only through the category counts n_ix and the
// score-group sizes N_r of the persons kept (0 < r < R), so one pass over the matrix suffices and
// the Newton iterations cost O(I²·R²) regardless of the number of pupils:
//   log L_c = Σ_ix n_ix β_ix − Σ_r N_r ln γ_r,   γ = Π_i (1 + ε_i1 z + … + ε_im z^m), ε_ix = e^{β_ix}
//   ∂/∂β_ix = n_ix − Σ_r N_r P(X_i = x | r),     P(X_i = x | r) = ε_ix γ^{(i)}_{r−x} / γ_r
//   ∂²/∂β_ix∂β_jy = −Σ_r N_r Cov(1[X_i = x], 1[X_j = y] | r)  (γ^{(i,j)} for i ≠ j).
// Identification during the fit: β_11 = 0. The result is then shifted along the model's invariance
// β_ix → β_ix + x·c so that Σ β = 0 (eRm's sum0 = TRUE); thresholds δ_ik = β_i,k−1 − β_ik.
// γ polynomials are rescaled after every convolution (coefficients ÷ max, log-scale kept), and the
// thresholds are centred before each evaluation (the same invariance), so nothing overflows.
//
// Persons: ML θ (as eRm person.parameter for non-extreme scores) and WLE (Warm 1989), both
// per raw score. Item fit: eRm itemfit() — outfit = Σz²/N, infit = Σ(x − E)²/ΣV, Wilson–Hilferty Z —
// with ML θ over the persons kept (eRm excludes extreme scores from itemfit).
import { totals, type ScoreMatrix } from './matrix.ts';

export interface PcmOptions {
  /** Stop when the gradient norm (Euclidean, over the free β) is below this; default 1e-8. */
  tol?: number;
  /** Newton iterations; default 100. */
  maxIter?: number;
}

export interface PcmItem {
  id: string;
  /** Categories used: the observed maximum (eRm does the same); ≤ the task maximum. */
  m: number;
  /** Thresholds δ_i1..δ_im (eRm thresholds(res)$threshpar order and normalisation). */
  thresholds: number[];
  /** Mean threshold (eRm's item "Location"). */
  location: number;
  /** Persons kept (0 < r < R) who contribute to the fit statistics. */
  fitN: number;
  outfitMsq: number;
  infitMsq: number;
  outfitZ: number;
  infitZ: number;
}

export interface PcmResult {
  items: PcmItem[];
  /** Tasks left out of the calibration (no variance: the observed maximum is 0). */
  excluded: { id: string; reason: string }[];
  /** eRm betapar (cumulative easiness, Σ = 0), item by item, category by category. */
  beta: Float64Array;
  /** Conditional log-likelihood at the estimate (eRm res$loglik). */
  loglik: number;
  /** Number of free parameters (Σ m_i − 1). */
  npar: number;
  iterations: number;
  gradNorm: number;
  converged: boolean;
  /** Persons used in the CML (0 < r < R) and persons dropped with an extreme score. */
  nUsed: number;
  nExtreme: number;
  /** Maximum total over the calibrated tasks R = Σ m_i. */
  maxScore: number;
  /** Per raw score 0..R: ML θ (NaN at 0 and R) and WLE θ with its standard error 1/√I(θ). */
  ml: Float64Array;
  wle: Float64Array;
  wleSe: Float64Array;
}

export class PcmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PcmError';
  }
}

/** A polynomial with its log scale: true coefficient = c[r]·e^s. */
interface Poly {
  c: Float64Array;
  s: number;
}

function mul(a: Poly, b: Poly): Poly {
  const c = new Float64Array(a.c.length + b.c.length - 1);
  for (let i = 0; i < a.c.length; i++) {
    const ai = a.c[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.c.length; j++) c[i + j] += ai * b.c[j];
  }
  let mx = 0;
  for (let i = 0; i < c.length; i++) if (c[i] > mx) mx = c[i];
  if (mx > 0) for (let i = 0; i < c.length; i++) c[i] /= mx;
  return { c, s: a.s + b.s + Math.log(mx) };
}

const ONE: Poly = { c: new Float64Array([1]), s: 0 };

/** Category probabilities P_x(θ), x = 0..m, for cumulative easiness b (b[0] = 0). */
export function categoryProbs(theta: number, b: ArrayLike<number>, out: Float64Array): void {
  const m = b.length - 1;
  let mx = -Infinity;
  for (let x = 0; x <= m; x++) {
    out[x] = x * theta + b[x];
    if (out[x] > mx) mx = out[x];
  }
  let s = 0;
  for (let x = 0; x <= m; x++) {
    out[x] = Math.exp(out[x] - mx);
    s += out[x];
  }
  for (let x = 0; x <= m; x++) out[x] /= s;
}

/** Σ_i E, Σ_i V and Σ_i third central moment at θ. */
function moments(theta: number, bs: Float64Array[], buf: Float64Array): { e: number; v: number; j: number } {
  let e = 0;
  let v = 0;
  let j = 0;
  for (const b of bs) {
    categoryProbs(theta, b, buf);
    let ei = 0;
    for (let x = 1; x < b.length; x++) ei += x * buf[x];
    let vi = 0;
    let ji = 0;
    for (let x = 0; x < b.length; x++) {
      const d = x - ei;
      vi += d * d * buf[x];
      ji += d * d * d * buf[x];
    }
    e += ei;
    v += vi;
    j += ji;
  }
  return { e, v, j };
}

/** Root of a decreasing function on [−40, 40] by bisection to machine precision. */
function bisect(f: (t: number) => number): number {
  let lo = -40;
  let hi = 40;
  if (f(lo) <= 0) return lo;
  if (f(hi) >= 0) return hi;
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Cholesky solve of A x = y for symmetric positive definite A (dim q, row-major); null if not PD. */
function choleskySolve(a: Float64Array, y: Float64Array, q: number): Float64Array | null {
  const l = new Float64Array(q * q);
  for (let i = 0; i < q; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * q + j];
      for (let t = 0; t < j; t++) s -= l[i * q + t] * l[j * q + t];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * q + i] = Math.sqrt(s);
      } else l[i * q + j] = s / l[j * q + j];
    }
  const z = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = y[i];
    for (let t = 0; t < i; t++) s -= l[i * q + t] * z[t];
    z[i] = s / l[i * q + i];
  }
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = z[i];
    for (let t = i + 1; t < q; t++) s -= l[t * q + i] * x[t];
    x[i] = s / l[i * q + i];
  }
  return x;
}

/**
 * Fit the PCM by CML. Tasks whose observed maximum is 0 are excluded (listed in `excluded`);
 * every other task must show every category 0..m_i among the persons kept, else PcmError
 * (a null category makes the CML estimate not exist — collapse categories first).
 */
export function fitPcm(mat: ScoreMatrix, opts: PcmOptions = {}): PcmResult {
  const tol = opts.tol ?? 1e-8;
  const maxIter = opts.maxIter ?? 100;

  // Observed maxima over all present pupils (eRm: apply(X, 2, max)).
  const excluded: PcmResult['excluded'] = [];
  const itemIdx: number[] = [];
  const ms: number[] = [];
  for (let t = 0; t < mat.k; t++) {
    let mx = 0;
    const c = mat.cols[t];
    for (let r = 0; r < mat.n; r++) if (c[r] > mx) mx = c[r];
    if (mx === 0) excluded.push({ id: mat.ids[t], reason: 'нет ни одного ненулевого балла' });
    else {
      itemIdx.push(t);
      ms.push(mx);
    }
  }
  const I = itemIdx.length;
  if (I < 2) throw new PcmError('Для модели Раша нужно хотя бы два задания с разбросом баллов.');
  const R = ms.reduce((a, b) => a + b, 0);
  const off: number[] = [];
  let P = 0;
  for (const m of ms) {
    off.push(P);
    P += m;
  }

  // Sufficient statistics over the persons kept: N_r and n_ix; plus per-(item, r, x) counts for fit.
  const tot = new Uint16Array(mat.n);
  for (const t of itemIdx) {
    const c = mat.cols[t];
    for (let r = 0; r < mat.n; r++) tot[r] += c[r];
  }
  const Nr = new Float64Array(R + 1);
  for (let r = 0; r < mat.n; r++) Nr[tot[r]]++;
  const nExtreme = Nr[0] + Nr[R];
  Nr[0] = 0;
  Nr[R] = 0;
  const nUsed = mat.n - nExtreme;
  // cnt[i][r·(m+1) + x]
  const cnt: Float64Array[] = [];
  const nix = new Float64Array(P);
  for (let ii = 0; ii < I; ii++) {
    const m = ms[ii];
    const c = mat.cols[itemIdx[ii]];
    const tab = new Float64Array((R + 1) * (m + 1));
    for (let r = 0; r < mat.n; r++) {
      const s = tot[r];
      if (s === 0 || s === R) continue;
      tab[s * (m + 1) + c[r]]++;
    }
    cnt.push(tab);
    const n0 = new Float64Array(m + 1);
    for (let s = 1; s < R; s++) for (let x = 0; x <= m; x++) n0[x] += tab[s * (m + 1) + x];
    const empty: number[] = [];
    for (let x = 0; x <= m; x++) if (n0[x] === 0) empty.push(x);
    if (empty.length > 0)
      throw new PcmError(
        `Задание ${mat.ids[itemIdx[ii]]}: нет участников с баллом ${empty.join(', ')} (среди неэкстремальных). ` +
          'Объедините пустые категории перед калибровкой.',
      );
    for (let x = 1; x <= m; x++) nix[off[ii] + x - 1] = n0[x];
  }
  if (nUsed < 2) throw new PcmError('Слишком мало участников с неэкстремальным суммарным баллом.');

  // Cumulative easiness from the parameter vector.
  const cum = (beta: Float64Array, ii: number): Float64Array => {
    const b = new Float64Array(ms[ii] + 1);
    for (let x = 1; x <= ms[ii]; x++) b[x] = beta[off[ii] + x - 1];
    return b;
  };

  /** log L, gradient (P) and Hessian (P×P) at β. */
  const evaluate = (beta: Float64Array, withHessian: boolean) => {
    // Centre the thresholds (β_ix + x·c leaves every conditional probability unchanged).
    let sumX = 0;
    let sumB = 0;
    for (let ii = 0; ii < I; ii++) {
      sumX += (ms[ii] * (ms[ii] + 1)) / 2;
      for (let x = 1; x <= ms[ii]; x++) sumB += beta[off[ii] + x - 1];
    }
    const shift = -sumB / sumX;
    const eps: Float64Array[] = [];
    const polys: Poly[] = [];
    for (let ii = 0; ii < I; ii++) {
      const e = new Float64Array(ms[ii] + 1);
      e[0] = 1;
      for (let x = 1; x <= ms[ii]; x++) e[x] = Math.exp(beta[off[ii] + x - 1] + x * shift);
      eps.push(e);
      let mx = 0;
      for (const v of e) if (v > mx) mx = v;
      polys.push({ c: e.map((v) => v / mx), s: Math.log(mx) });
    }
    // Prefix/suffix products: γ, γ^(i), γ^(i,j).
    const pre: Poly[] = [ONE];
    for (let ii = 0; ii < I; ii++) pre.push(mul(pre[ii], polys[ii]));
    const suf: Poly[] = new Array<Poly>(I + 1);
    suf[I] = ONE;
    for (let ii = I - 1; ii >= 0; ii--) suf[ii] = mul(polys[ii], suf[ii + 1]);
    const gamma = pre[I];
    const logGamma = (r: number): number => Math.log(gamma.c[r]) + gamma.s;

    let ll = 0;
    for (let p = 0; p < P; p++) ll += nix[p] * beta[p];
    // With the shift, Σ_ix n_ix (β_ix + x c) − Σ_r N_r ln γ'_r equals the unshifted log L_c.
    let shiftTerm = 0;
    for (let ii = 0; ii < I; ii++)
      for (let x = 1; x <= ms[ii]; x++) shiftTerm += nix[off[ii] + x - 1] * x * shift;
    ll += shiftTerm;
    for (let r = 1; r < R; r++) if (Nr[r] > 0) ll -= Nr[r] * logGamma(r);

    // P(X_i = x | r) for every item, category, r.
    const prob: Float64Array[] = [];
    const loo: Poly[] = [];
    for (let ii = 0; ii < I; ii++) {
      const g = mul(pre[ii], suf[ii + 1]);
      loo.push(g);
      const m = ms[ii];
      const pr = new Float64Array((R + 1) * (m + 1));
      for (let r = 1; r < R; r++) {
        if (Nr[r] === 0) continue;
        for (let x = 0; x <= m; x++) {
          const rr = r - x;
          if (rr < 0 || rr >= g.c.length) continue;
          pr[r * (m + 1) + x] = Math.exp(Math.log((eps[ii][x] * g.c[rr]) / gamma.c[r]) + g.s - gamma.s);
        }
      }
      prob.push(pr);
    }
    const grad = new Float64Array(P);
    for (let ii = 0; ii < I; ii++) {
      const m = ms[ii];
      for (let x = 1; x <= m; x++) {
        let e = 0;
        for (let r = 1; r < R; r++) e += Nr[r] * prob[ii][r * (m + 1) + x];
        grad[off[ii] + x - 1] = nix[off[ii] + x - 1] - e;
      }
    }
    let hess: Float64Array | null = null;
    if (withHessian) {
      hess = new Float64Array(P * P);
      for (let ii = 0; ii < I; ii++) {
        const mi = ms[ii];
        // Diagonal block: −Σ N_r (δ_xy P_x − P_x P_y).
        for (let x = 1; x <= mi; x++)
          for (let y = x; y <= mi; y++) {
            let s = 0;
            for (let r = 1; r < R; r++) {
              if (Nr[r] === 0) continue;
              const px = prob[ii][r * (mi + 1) + x];
              const py = prob[ii][r * (mi + 1) + y];
              s += Nr[r] * ((x === y ? px : 0) - px * py);
            }
            const a = off[ii] + x - 1;
            const b = off[ii] + y - 1;
            hess[a * P + b] = hess[b * P + a] = -s;
          }
        // Off-diagonal blocks with γ^(i,j) = prefix(<i) · middle(i<·<j) · suffix(>j).
        let mid: Poly = ONE;
        for (let jj = ii + 1; jj < I; jj++) {
          const gij = mul(mul(pre[ii], mid), suf[jj + 1]);
          mid = mul(mid, polys[jj]);
          const mj = ms[jj];
          for (let x = 1; x <= mi; x++)
            for (let y = 1; y <= mj; y++) {
              let s = 0;
              for (let r = 1; r < R; r++) {
                if (Nr[r] === 0) continue;
                const rr = r - x - y;
                let pxy = 0;
                if (rr >= 0 && rr < gij.c.length && gij.c[rr] > 0)
                  pxy = Math.exp(
                    Math.log((eps[ii][x] * eps[jj][y] * gij.c[rr]) / gamma.c[r]) + gij.s - gamma.s,
                  );
                s += Nr[r] * (pxy - prob[ii][r * (mi + 1) + x] * prob[jj][r * (mj + 1) + y]);
              }
              const a = off[ii] + x - 1;
              const b = off[jj] + y - 1;
              hess[a * P + b] = hess[b * P + a] = -s;
            }
        }
      }
    }
    return { ll, grad, hess };
  };

  // Start: β_ix = ln(n_ix / n_i0), then anchor β_11 = 0 (shift x·c).
  let beta = new Float64Array(P);
  for (let ii = 0; ii < I; ii++) {
    const m = ms[ii];
    const tab = cnt[ii];
    let n0 = 0;
    for (let s = 1; s < R; s++) n0 += tab[s * (m + 1)];
    for (let x = 1; x <= m; x++) beta[off[ii] + x - 1] = Math.log(nix[off[ii] + x - 1] / n0);
  }
  {
    const c = -beta[0];
    for (let ii = 0; ii < I; ii++) for (let x = 1; x <= ms[ii]; x++) beta[off[ii] + x - 1] += x * c;
  }

  const q = P - 1; // free parameters: all but β_11
  let cur = evaluate(beta, true);
  let iterations = 0;
  let gradNorm = Infinity;
  const normOf = (g: Float64Array): number => {
    let s = 0;
    for (let p = 1; p < P; p++) s += g[p] * g[p];
    return Math.sqrt(s);
  };
  gradNorm = normOf(cur.grad);
  while (gradNorm > tol && iterations < maxIter) {
    iterations++;
    const h = cur.hess as Float64Array;
    const a = new Float64Array(q * q);
    const y = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      y[i] = cur.grad[i + 1];
      for (let j = 0; j < q; j++) a[i * q + j] = -h[(i + 1) * P + (j + 1)];
    }
    let step = choleskySolve(a, y, q);
    if (!step) step = y.map((v) => v / Math.max(1, nUsed)); // fallback: scaled gradient ascent
    let t = 1;
    let next = null;
    for (let half = 0; half < 60; half++) {
      const cand = new Float64Array(beta);
      for (let i = 0; i < q; i++) cand[i + 1] += t * step[i];
      const ev = evaluate(cand, true);
      if (Number.isFinite(ev.ll) && ev.ll >= cur.ll - 1e-12 * Math.abs(cur.ll)) {
        next = { cand, ev };
        break;
      }
      t /= 2;
    }
    if (!next) break;
    beta = next.cand;
    cur = next.ev;
    gradNorm = normOf(cur.grad);
  }

  // eRm normalisation Σβ = 0 via β_ix + x·c.
  {
    let sumB = 0;
    let sumX = 0;
    for (let ii = 0; ii < I; ii++)
      for (let x = 1; x <= ms[ii]; x++) {
        sumB += beta[off[ii] + x - 1];
        sumX += x;
      }
    const c = -sumB / sumX;
    for (let ii = 0; ii < I; ii++) for (let x = 1; x <= ms[ii]; x++) beta[off[ii] + x - 1] += x * c;
  }
  const bs = Array.from({ length: I }, (_, ii) => cum(beta, ii));

  // Person parameters per raw score.
  const maxM = Math.max(...ms);
  const buf = new Float64Array(maxM + 1);
  const ml = new Float64Array(R + 1).fill(NaN);
  const wle = new Float64Array(R + 1);
  const wleSe = new Float64Array(R + 1);
  for (let r = 0; r <= R; r++) {
    if (r > 0 && r < R) ml[r] = newtonMl(r, bs, buf);
    const th = bisect((t) => {
      const mo = moments(t, bs, buf);
      return r - mo.e + mo.j / (2 * mo.v);
    });
    wle[r] = th;
    wleSe[r] = 1 / Math.sqrt(moments(th, bs, buf).v);
  }

  // Item fit from the (item, r, x) counts, ML θ of each kept score.
  const items: PcmItem[] = [];
  for (let ii = 0; ii < I; ii++) {
    const m = ms[ii];
    const tab = cnt[ii];
    const b = bs[ii];
    let sumZ2 = 0;
    let sumSq = 0;
    let sumV = 0;
    let sumCV2 = 0;
    let sumCmV2 = 0;
    let nFit = 0;
    for (let r = 1; r < R; r++) {
      let nr = 0;
      for (let x = 0; x <= m; x++) nr += tab[r * (m + 1) + x];
      if (nr === 0) continue;
      categoryProbs(ml[r], b, buf);
      let e = 0;
      for (let x = 1; x <= m; x++) e += x * buf[x];
      let v = 0;
      let c4 = 0;
      for (let x = 0; x <= m; x++) {
        const d = x - e;
        v += d * d * buf[x];
        c4 += d * d * d * d * buf[x];
      }
      for (let x = 0; x <= m; x++) {
        const w = tab[r * (m + 1) + x];
        if (w === 0) continue;
        const d2 = (x - e) * (x - e);
        sumZ2 += (w * d2) / v;
        sumSq += w * d2;
      }
      sumV += nr * v;
      sumCV2 += (nr * c4) / (v * v);
      sumCmV2 += nr * (c4 - v * v);
      nFit += nr;
    }
    const outfit = sumZ2 / nFit;
    const infit = sumSq / sumV;
    const qOut = Math.sqrt(sumCV2 / (nFit * nFit) - 1 / nFit);
    const qIn = Math.sqrt(sumCmV2 / (sumV * sumV));
    const thresholds: number[] = [];
    for (let x = 1; x <= m; x++) thresholds.push(b[x - 1] - b[x]);
    items.push({
      id: mat.ids[itemIdx[ii]],
      m,
      thresholds,
      location: thresholds.reduce((a, v) => a + v, 0) / m,
      fitN: nFit,
      outfitMsq: outfit,
      infitMsq: infit,
      outfitZ: (Math.cbrt(outfit) - 1) * (3 / qOut) + qOut / 3,
      infitZ: (Math.cbrt(infit) - 1) * (3 / qIn) + qIn / 3,
    });
  }

  return {
    items,
    excluded,
    beta,
    loglik: cur.ll,
    npar: q,
    iterations,
    gradNorm,
    converged: gradNorm <= tol,
    nUsed,
    nExtreme,
    maxScore: R,
    ml,
    wle,
    wleSe,
  };
}

/** ML θ for a non-extreme raw score: Newton on Σ E_i(θ) = r, bisection as a guard. */
function newtonMl(r: number, bs: Float64Array[], buf: Float64Array): number {
  let t = 0;
  for (let it = 0; it < 100; it++) {
    const mo = moments(t, bs, buf);
    const step = (r - mo.e) / mo.v;
    if (!Number.isFinite(step) || Math.abs(step) > 5) return bisect((x) => r - moments(x, bs, buf).e);
    t += step;
    if (Math.abs(step) < 1e-13) return t;
  }
  return t;
}

/** θ of every row of the matrix (WLE by default) from the fitted raw-score table. */
export function abilities(mat: ScoreMatrix, res: PcmResult, kind: 'wle' | 'ml' = 'wle'): Float64Array {
  const keep = new Set(res.items.map((it) => it.id));
  const cols = mat.cols.filter((_, t) => keep.has(mat.ids[t]));
  const tot = totals({ ...mat, cols, k: cols.length });
  const table = kind === 'wle' ? res.wle : res.ml;
  const out = new Float64Array(mat.n);
  for (let r = 0; r < mat.n; r++) out[r] = table[tot[r]];
  return out;
}
