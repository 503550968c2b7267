// Implausibly homogeneous class (shared/domain/statistics.md §11 #8), scores only: the spread of
// the class's totals against the spread the region's PCM expects for a class of that level.
//
// Expectation that is not circular: the class's own θ̂ are functions of its own totals, so a
// «variance given θ̂» shrinks together with a homogenised class. Instead only the class's LEVEL is
// taken from the class (μ_c such that the model mean total equals the class mean), the SPREAD from
// the region: θ ~ N(μ_c, σ_w²), σ_w² = pooled within-class variance of WLE θ minus the mean error
// variance (WLE SE²). The score distribution of such a class is the Lord–Wingersky recursion mixed
// over that normal (computed once on a θ grid), which also knows the ceiling: a strong class is
// expected to be compressed near the maximum. σ²_exp(μ_c) is its variance.
//   L_c = ln(s_c² / σ²_exp(μ_c)), null shape s²/σ² ≈ χ²_f/f with f = effectiveDf(n_c, level).
// f is NOT the moment-matched 2/(2/(n − 1) + κ/n): for the platykurtic totals of a test (κ ≈ −0.5)
// that gives f ≈ 1.3(n − 1), right in the bulk but far too light in the lower tail (the density of
// s² near 0 falls like x^((n−1)/2) whatever κ), so honest classes got p < .001 2.3× too often. f is
// instead calibrated on a seeded parametric bootstrap: s² of n draws from the model's score
// distribution at the class's level, f such that χ²_f/f has the bootstrap's 1 % quantile relative
// to its median (the same median-centred form the p-value uses). Sampling variance v_c = 2/f.
// Honest classes differ in spread (streaming, profile classes) and the PCM is not the truth, so the
// null is centred on the region: med = median L, τ² = max(0, MAD(L)² − median v) (as pattern.ts).
// Effect: ratio = exp(L_c − med) (class variance over the variance typical for its level in the
// region). p = P(χ²_d/d ≤ ratio·m_d), d = 2/(v_c + τ²), m_d = (1 − 2/(9d))³ the median of χ²_d/d
// (the lower tail of a variance is skewed; a normal on L would be anti-conservative for n ≈ 10).
// Calibration on honest synthetic GPCM regions (tests/unit/objectivity-homogeneity.test.ts).
// Flag: BH q < .05 across classes, n_c ≥ 10, ratio < 0.5. The share at the maximum score is reported
// next to the model's share.
import { mulberry32 } from '../demo/prng.ts';
import { lordWingersky } from './bunching.ts';
import { groupBy, type ProcView } from './data.ts';
import { roundTo } from './evidence.ts';
import { fixed } from '../text/format.ts';
import { benjaminiHochberg, gammaP, mad, median } from './math.ts';
import type { RegionPcm } from './region-pcm.ts';
import type { Evidence, Signal } from './types.ts';

export interface HomogeneityOptions {
  minN?: number;
  alpha?: number;
  /** Flag when the variance ratio is below this. */
  maxRatio?: number;
}

export interface LevelModel {
  sdWithin: number;
  /** Model score distribution, variance, excess kurtosis and share at the maximum for a class mean total. */
  at(meanTotal: number): { dist: Float64Array; variance: number; kurtosis: number; atMax: number };
}

/** Score distributions of classes by level: θ ~ N(μ, σ_w²) pushed through the region PCM. */
export function levelModel(items: readonly Float64Array[], sdWithin: number): LevelModel {
  const R = items.reduce((a, b) => a + b.length - 1, 0);
  const step = 0.05;
  const grid: number[] = [];
  for (let t = -10; t <= 10 + 1e-9; t += step) grid.push(t);
  const lw = grid.map((t) => lordWingersky(t, items as Float64Array[]));
  const mus: number[] = [];
  for (let m = -6; m <= 6 + 1e-9; m += step) mus.push(m);
  const dists = mus.map((mu) => {
    const d = new Float64Array(R + 1);
    let ws = 0;
    grid.forEach((t, g) => {
      const z = (t - mu) / sdWithin;
      if (Math.abs(z) > 6) return;
      const w = Math.exp(-0.5 * z * z);
      ws += w;
      for (let r = 0; r <= R; r++) d[r] += w * lw[g][r];
    });
    for (let r = 0; r <= R; r++) d[r] /= ws;
    return d;
  });
  const means = dists.map((d) => d.reduce((a, p, r) => a + p * r, 0));
  const moments = (d: Float64Array) => {
    const m = d.reduce((a, p, r) => a + p * r, 0);
    let m2 = 0;
    let m4 = 0;
    d.forEach((p, r) => {
      m2 += p * (r - m) ** 2;
      m4 += p * (r - m) ** 4;
    });
    return { variance: m2, kurtosis: m2 > 0 ? m4 / (m2 * m2) - 3 : 0, atMax: d[R] };
  };
  return {
    sdWithin,
    at(meanTotal: number) {
      // means are increasing in μ: locate the class mean and interpolate the distribution.
      let k = 0;
      while (k < means.length - 2 && means[k + 1] < meanTotal) k++;
      const w = Math.min(1, Math.max(0, (meanTotal - means[k]) / (means[k + 1] - means[k] || 1)));
      const dist = dists[k].map((p, r) => (1 - w) * p + w * dists[k + 1][r]);
      return { dist, ...moments(dist) };
    },
  };
}

/** Class sizes at which the bootstrap is run; f/(n − 1) is interpolated linearly between them. */
const N_KNOTS = [10, 13, 17, 22, 28, 36, 48];
const BOOT = 8000;
const TAIL = 0.01;

/** p-value form used by the signal: P(χ²_d/d ≤ ratio·m_d). */
function lowerP(d: number, ratio: number): number {
  const md = (1 - 2 / (9 * d)) ** 3;
  return gammaP(d / 2, (d * ratio * md) / 2);
}

/**
 * Effective df of s²/σ² for n draws from a discrete score distribution: χ²_f/f matched to the
 * seeded bootstrap's TAIL quantile of s² relative to its median (s² floored at 1 % of σ² as L is).
 */
export function bootstrapDf(dist: Float64Array, n: number, seed: number, B = BOOT): number {
  const R = dist.length - 1;
  const cdf = new Float64Array(R + 1);
  let acc = 0;
  let mean = 0;
  for (let r = 0; r <= R; r++) {
    acc += dist[r];
    cdf[r] = acc;
    mean += dist[r] * r;
  }
  let variance = 0;
  for (let r = 0; r <= R; r++) variance += dist[r] * (r - mean) ** 2;
  if (!(variance > 0)) return n - 1;
  // Guide table (cutpoint method): start the inverse-cdf search at the right cell.
  const G = 4 * (R + 1);
  const guide = new Int32Array(G);
  for (let g = 0, x = 0; g < G; g++) {
    while (x < R && cdf[x] < (g / G) * acc) x++;
    guide[g] = x;
  }
  const rng = mulberry32(seed);
  const s2 = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.next();
      const u = v * acc;
      let x = guide[Math.floor(v * G)];
      while (x < R && cdf[x] < u) x++;
      s += x;
      ss += x * x;
    }
    s2[b] = Math.max((ss - (s * s) / n) / (n - 1), 0.01 * variance);
  }
  s2.sort();
  const ratio = s2[Math.floor(TAIL * B)] / median(s2);
  // lowerP(f, ratio) falls as f grows (ratio < 1): bisect on log f.
  let lo = 1;
  let hi = 1e4;
  for (let it = 0; it < 50; it++) {
    const f = Math.sqrt(lo * hi);
    if (lowerP(f, ratio) > TAIL) lo = f;
    else hi = f;
  }
  return Math.sqrt(lo * hi);
}

/** f(n, class mean total): bootstrap on N_KNOTS × mean rounded to 2 points, cached, f/(n − 1) interpolated. */
function dfTable(model: LevelModel): (n: number, meanTotal: number) => number {
  const cache = new Map<string, number>();
  const at = (k: number, level: number) => {
    const key = `${k}:${level}`;
    let f = cache.get(key);
    if (f === undefined) {
      f =
        bootstrapDf(model.at(level).dist, N_KNOTS[k], 1 + 7919 * k + 104729 * (level + 1)) / (N_KNOTS[k] - 1);
      cache.set(key, f);
    }
    return f;
  };
  return (n, meanTotal) => {
    const level = 2 * Math.round(meanTotal / 2);
    let k = 0;
    while (k < N_KNOTS.length - 2 && N_KNOTS[k + 1] < n) k++;
    const w = Math.min(1, Math.max(0, (n - N_KNOTS[k]) / (N_KNOTS[k + 1] - N_KNOTS[k])));
    return (n - 1) * ((1 - w) * at(k, level) + w * at(k + 1, level));
  };
}

/** σ_w: pooled within-class sd of WLE θ, less the mean WLE error variance (floor 0.05 in variance). */
export function withinClassSd(v: ProcView, rp: RegionPcm): number {
  let ss = 0;
  let df = 0;
  for (const idx of groupBy(v.classId).values()) {
    if (idx.length < 2) continue;
    let m = 0;
    for (const i of idx) m += rp.theta[i];
    m /= idx.length;
    for (const i of idx) ss += (rp.theta[i] - m) ** 2;
    df += idx.length - 1;
  }
  let err = 0;
  let nErr = 0;
  for (let i = 0; i < v.n; i++) {
    const e = rp.pcm.wleSe[rp.raw[i]];
    if (Number.isFinite(e)) {
      err += e * e;
      nErr++;
    }
  }
  const vw = df > 0 ? ss / df : 1;
  return Math.sqrt(Math.max(0.05, vw - (nErr ? err / nErr : 0)));
}

export function homogeneitySignals(v: ProcView, rp: RegionPcm, opts: HomogeneityOptions = {}): Signal[] {
  const minN = opts.minN ?? 10;
  const alpha = opts.alpha ?? 0.05;
  const maxRatio = opts.maxRatio ?? 0.5;
  if (v.n < 50 || rp.items.length < 4) return [];
  const classes = [...groupBy(v.classId)].filter(([, idx]) => idx.length >= minN);
  if (classes.length < 5) return [];
  const model = levelModel(rp.items, withinClassSd(v, rp));
  const df = dfTable(model);
  const R = rp.maxRaw;
  const stats = classes.map(([id, idx]) => {
    const n = idx.length;
    let m = 0;
    let atMax = 0;
    for (const i of idx) {
      m += rp.raw[i];
      if (rp.raw[i] === R) atMax++;
    }
    m /= n;
    let s2 = 0;
    for (const i of idx) s2 += (rp.raw[i] - m) ** 2;
    s2 /= n - 1;
    const mod = model.at(m);
    const L = Math.log(Math.max(s2, 0.01 * mod.variance) / mod.variance);
    const vc = 2 / df(n, m);
    return { id, idx, n, mean: m, s2, L, vc, mod, atMax: atMax / n };
  });
  const med = median(stats.map((s) => s.L));
  const tau2 = Math.max(0, mad(stats.map((s) => s.L)) ** 2 - median(stats.map((s) => s.vc)));
  const rows = stats.map((s): Omit<Signal, 'q' | 'flagged'> => {
    const ratio = Math.exp(s.L - med);
    const d = 2 / (s.vc + tau2);
    const h = 1.96 * Math.sqrt(s.vc);
    return {
      id: 'homogeneity',
      family: 'pattern',
      procedure: v.id,
      unitKind: 'class',
      unit: s.id,
      school: v.school[s.idx[0]],
      n: s.n,
      effect: ratio,
      effectUnit: 'отношение дисперсий',
      ci95: [ratio * Math.exp(-h), ratio * Math.exp(h)],
      p: lowerP(d, ratio),
      minN,
      threshold: maxRatio,
      caveats: [
        'Ожидаемый разброс — модель Раша региона для класса того же среднего уровня с типичным для региона разбросом способностей внутри класса; профильные и выровненные по уровню классы однороднее и без нарушений.',
        'Дисперсия малого класса сама по себе неустойчива: признак требует, чтобы разброс был меньше половины ожидаемого.',
      ],
      explanation: '',
      details: {
        variance: s.s2,
        expectedVariance: s.mod.variance * Math.exp(med),
        modelVariance: s.mod.variance,
        regionFactor: Math.exp(med),
        shareAtMax: s.atMax,
        expectedShareAtMax: s.mod.atMax,
        sdWithin: model.sdWithin,
      },
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, j): Signal => {
    const s = stats[j];
    const flagged = q[j] < alpha && r.effect < maxRatio && r.n >= minN;
    const sd = Math.sqrt(s.s2);
    const sdExp = Math.sqrt(r.details!.expectedVariance as number);
    const top =
      s.atMax > 0 ? ` Максимальный балл у ${pct(s.atMax)} класса (модель: ${pct(s.mod.atMax)}).` : '';
    return {
      ...r,
      q: q[j],
      flagged,
      ...(flagged ? { evidence: histogram(v, s.idx, s.mod.dist) } : {}),
      explanation:
        `Разброс первичных баллов в классе: стандартное отклонение ${fixed(sd, 1)} б. при ожидаемом для класса такого уровня ${fixed(sdExp, 1)} б. ` +
        `(отношение дисперсий ${fixed(r.effect, 2)}; 1 — обычный разброс).${top} ` +
        (flagged
          ? 'Ученики разного уровня получили близкие баллы. Возможные причины — подсказки всему классу или выравнивание баллов при проверке; возможны и безобидные: класс набран по уровню, работа оказалась для всех лёгкой или трудной. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: работы слабых учеников класса с высокими баллами, сравнение с текущими отметками и прошлыми результатами класса.'
          : 'Разброс баллов обычный для класса такого уровня.'),
    };
  });
}

function pct(x: number): string {
  return `${Math.round(100 * x)} %`;
}

function histogram(v: ProcView, idx: readonly number[], dist: Float64Array): Evidence {
  const counts = new Array<number>(v.maxScore + 1).fill(0);
  for (const i of idx) counts[Math.min(v.total[i], v.maxScore)]++;
  const expected = counts.map((_, s) => roundTo((dist[s] ?? 0) * idx.length));
  return { kind: 'histogram', counts, expected, cuts: v.cuts.map((c) => c.score) };
}
