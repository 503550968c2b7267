// Small-school tests (issue #15, point 2): a school of 5–20 pupils has a mean whose null law is not
// normal enough for a one-sided p of 1e-3 (the score distribution is discrete and skewed, and the
// tails are what BH needs). The null of a school-mean statistic is simulated instead:
//   stat = u + Σ_k sign_k · mean of n_k draws from pool_k,   u ~ N(0, τ²),
// with pool_k the region's within-school deviations of pupil z-scores (each school's own mean removed,
// scaled by √(n/(n−1)) so their variance is the within-school variance) — the pupils' real score
// shape, not a normal one. p = (1 + #{stat ≥ obs}) / (B + 1), B grown from 2 000 up to 200 000 while
// fewer than 20 simulated values reach obs (so small p are resolved well enough for BH).
import { mulberry32 } from '../demo/prng.ts';
import { groupBy, totalMoments, type ProcView } from './data.ts';

/** Within-school deviations of the pupils' z-scored totals (z over the region), small-sample scaled. */
export function withinDeviations(v: ProcView): Float64Array {
  const { sd } = totalMoments(v);
  const out: number[] = [];
  for (const idx of groupBy(v.school).values()) {
    if (idx.length < 2) continue;
    let t = 0;
    for (const i of idx) t += v.total[i];
    const mean = t / idx.length;
    const k = Math.sqrt(idx.length / (idx.length - 1));
    for (const i of idx) out.push((k * (v.total[i] - mean)) / sd);
  }
  return Float64Array.from(out);
}

export interface SimPart {
  pool: Float64Array;
  n: number;
  sign: 1 | -1;
}

/** P(stat ≥ obs) under the simulated null above (seeded: the same inputs give the same p). */
export function simulatedUpper(obs: number, tau2: number, parts: readonly SimPart[], seed: number): number {
  const rng = mulberry32(seed >>> 0);
  const tau = Math.sqrt(Math.max(0, tau2));
  let B = 0;
  let hit = 0;
  for (let target = 2000; ; target *= 10) {
    for (; B < target; B++) {
      let stat = tau > 0 ? tau * rng.normal() : 0;
      for (const p of parts) {
        let t = 0;
        for (let k = 0; k < p.n; k++) t += p.pool[Math.floor(rng.next() * p.pool.length)];
        stat += (p.sign * t) / p.n;
      }
      if (stat >= obs) hit++;
    }
    if (hit >= 20 || target >= 200000) break;
  }
  return (1 + hit) / (B + 1);
}

/** A stable seed per school login (FNV-1a), so that each school gets its own simulation stream. */
export function seedOf(login: string, base = 1): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < login.length; i++) h = Math.imul(h ^ login.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return x;
}
