// Over 400 lines: the region fit, the school model (Lord–Wingersky) and the signals are one method
// (statistics.md §5); each part exists only for the next.
// Bunching just above mark cut-offs (shared/domain/statistics.md §5).
//
// Region: N_s = Σ_{p≤q} β_p s̃^p + Σ_{j∈window} γ_j·1[s=j] + ε_s, fitted jointly over all cut-offs;
// the counterfactual Ĉ_s = Σ β̂_p s̃^p; excess B = Σ_{c..c+U}(N_s − Ĉ_s), missing M = Σ_{c−L..c−1}(Ĉ_s − N_s);
// share moved = M / Σ_{c−L..c−1} Ĉ_s with a residual-bootstrap CI (seeded PRNG).
//
// School: the counterfactual comes from a model: the region's PCM pushed through the Lord–Wingersky
// recursion over the school's ability distribution N(μ_j, σ_w²) (μ_j matched to the school's mean
// total), which adjusts for the school's level. In the window W = [c−L, c] the share at c under the
// model is π₀; pooled over cut-offs, the count a at c is Poisson-binomial under the null.
// Flag: BH q < .05, OR ≥ 2, n_W ≥ 10.
import { fixedSigned } from '../text/format.ts';
import { mulberry32 } from '../demo/prng.ts';
import { abilities, categoryProbs, fitPcm, PcmError, type PcmResult } from '../psychometrics/pcm.ts';
import type { Interval } from '../stats/descriptive.ts';
import { groupBy, matrixOf, type ProcView } from './data.ts';
import { roundTo, withQ } from './evidence.ts';
import { leastSquares, poissonBinomialUpper } from './math.ts';
import type { Evidence, RegionBunching, Signal } from './types.ts';

export interface RegionFitOptions {
  degree?: number;
  below?: number;
  above?: number;
  boot?: number;
  seed?: number;
}

export interface RegionFit {
  counterfactual: Float64Array;
  degree: number;
  perCut: { cut: number; excess: number; missing: number; shareMoved: number; ci95: Interval | null }[];
}

function design(maxScore: number, degree: number, dummies: number[]): number[][] {
  const half = maxScore / 2 || 1;
  const rows: number[][] = [];
  for (let s = 0; s <= maxScore; s++) {
    const st = (s - half) / half;
    const row: number[] = [];
    for (let p = 0; p <= degree; p++) row.push(st ** p);
    for (const j of dummies) row.push(s === j ? 1 : 0);
    rows.push(row);
  }
  return rows;
}

function windowsOf(cuts: number[], maxScore: number, below: number, above: number): number[] {
  const set = new Set<number>();
  for (const c of cuts) for (let s = c - below; s <= c + above; s++) if (s >= 0 && s <= maxScore) set.add(s);
  return [...set].sort((a, b) => a - b);
}

function measures(hist: ArrayLike<number>, cf: ArrayLike<number>, c: number, below: number, above: number) {
  let excess = 0;
  let missing = 0;
  let base = 0;
  for (let s = c - below; s <= c - 1; s++) {
    if (s < 0) continue;
    missing += cf[s] - hist[s];
    base += cf[s];
  }
  for (let s = c; s <= c + above && s < hist.length; s++) excess += hist[s] - cf[s];
  return { excess, missing, shareMoved: base > 0 ? missing / base : NaN };
}

/** Region-level polynomial counterfactual around all cut-offs at once, with a residual bootstrap. */
export function regionBunchingFit(
  hist: ArrayLike<number>,
  cuts: number[],
  opts: RegionFitOptions = {},
): RegionFit | null {
  const maxScore = hist.length - 1;
  const below = opts.below ?? 2;
  const above = opts.above ?? 0;
  const dummies = windowsOf(cuts, maxScore, below, above);
  const free = hist.length - dummies.length;
  const degree = Math.min(opts.degree ?? 5, free - 3);
  if (degree < 1) return null;
  const x = design(maxScore, degree, dummies);
  const fit = (y: ArrayLike<number>) => {
    const beta = leastSquares(x, y);
    if (!beta) return null;
    const cf = new Float64Array(hist.length);
    const fitted = new Float64Array(hist.length);
    for (let s = 0; s <= maxScore; s++) {
      for (let p = 0; p <= degree; p++) cf[s] += beta[p] * x[s][p];
      fitted[s] = cf[s];
      for (let d = 0; d < dummies.length; d++) fitted[s] += beta[degree + 1 + d] * x[s][degree + 1 + d];
    }
    return { cf, fitted };
  };
  const base = fit(hist);
  if (!base) return null;
  const inWindow = new Set(dummies);
  const resid: number[] = [];
  for (let s = 0; s <= maxScore; s++) if (!inWindow.has(s)) resid.push(hist[s] - base.fitted[s]);
  const boot = opts.boot ?? 1000;
  const rng = mulberry32(opts.seed ?? 20260301);
  const samples: number[][] = cuts.map(() => []);
  const y = new Float64Array(hist.length);
  for (let b = 0; b < boot && resid.length > 0; b++) {
    for (let s = 0; s <= maxScore; s++) y[s] = base.fitted[s] + resid[Math.floor(rng.next() * resid.length)];
    const f = fit(y);
    if (!f) continue;
    cuts.forEach((c, k) => {
      const m = measures(y, f.cf, c, below, above);
      if (Number.isFinite(m.shareMoved)) samples[k].push(m.shareMoved);
    });
  }
  return {
    counterfactual: base.cf,
    degree,
    perCut: cuts.map((c, k) => {
      const m = measures(hist, base.cf, c, below, above);
      const sm = samples[k].sort((a, b) => a - b);
      const ci: Interval | null =
        sm.length >= 20
          ? [sm[Math.floor(0.025 * (sm.length - 1))], sm[Math.ceil(0.975 * (sm.length - 1))]]
          : null;
      return { cut: c, ...m, ci95: ci };
    }),
  };
}

/** Score distribution P(r | θ) by the Lord–Wingersky recursion over PCM items (cumulative easiness b). */
export function lordWingersky(theta: number, items: Float64Array[]): Float64Array {
  const w = new LwWork(items);
  return w.run(theta).slice(0, w.length);
}

/**
 * The same recursion with its buffers allocated once: the school counterfactual calls it hundreds of
 * thousands of times (bisection × quadrature nodes), and a fresh array per item per call was most of
 * the objectivity run's time. Same operations in the same order, so the same numbers.
 */
class LwWork {
  readonly length: number;
  private a: Float64Array;
  private b: Float64Array;
  private buf = new Float64Array(64);
  constructor(private items: Float64Array[]) {
    this.length = 1 + items.reduce((s, it) => s + it.length - 1, 0);
    this.a = new Float64Array(this.length);
    this.b = new Float64Array(this.length);
  }
  /** P(r | θ) for r = 0 … length − 1 in a buffer that the next call overwrites. */
  run(theta: number): Float64Array {
    let dist = this.a;
    let next = this.b;
    dist[0] = 1;
    let len = 1;
    for (const b of this.items) {
      const m = b.length - 1;
      categoryProbs(theta, b, this.buf);
      next.fill(0, 0, len + m);
      for (let r = 0; r < len; r++) for (let x = 0; x <= m; x++) next[r + x] += dist[r] * this.buf[x];
      [dist, next] = [next, dist];
      len += m;
    }
    return dist;
  }
}

/** Items of a PCM result as cumulative-easiness arrays b (b[0] = 0), in task order of the kept items. */
function easiness(res: PcmResult): Float64Array[] {
  return res.items.map((it) => {
    const b = new Float64Array(it.m + 1);
    for (let x = 1; x <= it.m; x++) b[x] = b[x - 1] - it.thresholds[x - 1];
    return b;
  });
}

const NODES = 41;

/** Marginal score distribution over θ ~ N(mu, sd²) (grid quadrature on ±4 sd). */
function marginal(mu: number, sd: number, work: LwWork, maxScore: number): Float64Array {
  const out = new Float64Array(maxScore + 1);
  let wsum = 0;
  for (let k = 0; k < NODES; k++) {
    const z = -4 + (8 * k) / (NODES - 1);
    const w = Math.exp(-0.5 * z * z);
    wsum += w;
    const d = work.run(mu + sd * z);
    for (let r = 0; r < work.length && r <= maxScore; r++) out[r] += w * d[r];
  }
  for (let r = 0; r <= maxScore; r++) out[r] /= wsum;
  return out;
}

function meanOf(d: Float64Array): number {
  let s = 0;
  for (let r = 0; r < d.length; r++) s += r * d[r];
  return s;
}

export interface BunchingModel {
  /** Region PCM (null: fell back to the region polynomial counterfactual shape). */
  pcm: PcmResult | null;
  items: Float64Array[];
  /** Within-school sd of θ, pooled over the region. */
  sdWithin: number;
  /** Counterfactual score distribution of a school with mean total `mean`. */
  distribution(mean: number): Float64Array;
}

/** The region PCM and the pooled within-school θ spread used by the school-level counterfactual. */
export function bunchingModel(
  v: ProcView,
  regionCf: Float64Array | null,
  /** The region PCM when already fitted (null: the fit failed); fitted here when undefined. */
  given?: PcmResult | null,
): BunchingModel | null {
  const mat = matrixOf(v);
  const ids = mat.ids;
  let pcm: PcmResult | null = given ?? null;
  if (given === undefined)
    try {
      pcm = fitPcm(mat, { maxIter: 60, tol: 1e-6 });
    } catch (e) {
      if (!(e instanceof PcmError)) throw e;
    }
  if (!pcm) {
    if (!regionCf) return null;
    const cf = Float64Array.from(regionCf, (x) => Math.max(x, 1e-9));
    const tot = cf.reduce((a, b) => a + b, 0);
    return {
      pcm: null,
      items: [],
      sdWithin: NaN,
      distribution: () => cf.map((x) => x / tot),
    };
  }
  const theta = abilities(mat, pcm, 'wle');
  const se = pcm.wleSe;
  const keep = new Set(pcm.items.map((it) => it.id));
  const bySchool = groupBy(v.school);
  let ss = 0;
  let df = 0;
  let err = 0;
  let nErr = 0;
  for (const idx of bySchool.values()) {
    if (idx.length < 2) continue;
    let m = 0;
    for (const i of idx) m += theta[i];
    m /= idx.length;
    for (const i of idx) ss += (theta[i] - m) ** 2;
    df += idx.length - 1;
  }
  for (let i = 0; i < v.n; i++) {
    let r = 0;
    for (let t = 0; t < v.scores.length; t++) if (keep.has(ids[t])) r += v.scores[t][i];
    const e = se[r];
    if (Number.isFinite(e)) {
      err += e * e;
      nErr++;
    }
  }
  const vw = df > 0 ? ss / df : 1;
  const sdWithin = Math.sqrt(Math.max(0.05, vw - (nErr ? err / nErr : 0)));
  const items = easiness(pcm);
  const work = new LwWork(items);
  const cache = new Map<number, Float64Array>();
  const distribution = (mean: number): Float64Array => {
    const key = Math.round(mean * 20) / 20;
    const hit = cache.get(key);
    if (hit) return hit;
    let lo = -6;
    let hi = 6;
    for (let it = 0; it < 30; it++) {
      const mid = (lo + hi) / 2;
      if (meanOf(marginal(mid, sdWithin, work, v.maxScore)) < key) lo = mid;
      else hi = mid;
    }
    const d = marginal((lo + hi) / 2, sdWithin, work, v.maxScore);
    cache.set(key, d);
    return d;
  };
  return { pcm, items, sdWithin, distribution };
}

export interface BunchingOptions {
  /** The region PCM fitted once per procedure (objectivityReport shares it with the pattern signals). */
  pcm?: PcmResult | null;
  below?: number;
  minWindow?: number;
  minOdds?: number;
  alpha?: number;
  regionBoot?: number;
  seed?: number;
}

export const BUNCHING_DEFAULTS = { below: 2, minWindow: 10, minOdds: 2, alpha: 0.05 };

/** Region diagnostics and school-level bunching signals of one procedure. */
export function bunchingSignals(
  v: ProcView,
  opts: BunchingOptions = {},
): { region: RegionBunching[]; signals: Signal[] } {
  const below = opts.below ?? BUNCHING_DEFAULTS.below;
  const minWindow = opts.minWindow ?? BUNCHING_DEFAULTS.minWindow;
  const minOdds = opts.minOdds ?? BUNCHING_DEFAULTS.minOdds;
  const alpha = opts.alpha ?? BUNCHING_DEFAULTS.alpha;
  if (v.cuts.length === 0) return { region: [], signals: [] };
  const hist = new Float64Array(v.maxScore + 1);
  for (let i = 0; i < v.n; i++) hist[v.total[i]]++;
  const cutScores = v.cuts.map((c) => c.score);
  const fit = regionBunchingFit(hist, cutScores, {
    below,
    above: 0,
    boot: opts.regionBoot ?? 1000,
    seed: opts.seed,
  });
  const region: RegionBunching[] = fit
    ? fit.perCut.map((pc, k) => ({
        procedure: v.id,
        cut: pc.cut,
        mark: v.cuts[k].mark,
        excess: pc.excess,
        missing: pc.missing,
        shareMoved: pc.shareMoved,
        ci95: pc.ci95,
        degree: fit.degree,
        window: [pc.cut - below, pc.cut] as [number, number],
      }))
    : [];
  const model = bunchingModel(v, fit?.counterfactual ?? null, opts.pcm);
  if (!model) return { region, signals: [] };

  const rows: Omit<Signal, 'q' | 'flagged'>[] = [];
  for (const [login, idx] of groupBy(v.school)) {
    let sum = 0;
    for (const i of idx) sum += v.total[i];
    const dist = model.distribution(sum / idx.length);
    const probs: number[] = [];
    let a = 0;
    for (const c of cutScores) {
      let den = 0;
      for (let s = Math.max(0, c - below); s <= c; s++) den += dist[s];
      const pi0 = den > 0 ? dist[c] / den : 0;
      for (const i of idx) {
        const r = v.total[i];
        if (r >= c - below && r <= c) {
          probs.push(pi0);
          if (r === c) a++;
        }
      }
    }
    const nW = probs.length;
    if (nW < minWindow) continue;
    const e = probs.reduce((s, x) => s + x, 0);
    const pBar = e / nW;
    const or = a >= nW ? Infinity : a / (nW - a) / (pBar / (1 - pBar));
    const p = poissonBinomialUpper(probs, a);
    rows.push({
      id: 'bunching',
      family: 'distribution',
      procedure: v.id,
      unitKind: 'school',
      unit: login,
      school: login,
      n: nW,
      effect: or,
      effectUnit: 'отношение шансов',
      ci95: null,
      p,
      minN: minWindow,
      threshold: minOdds,
      caveats: [
        model.pcm
          ? 'Ожидаемое распределение баллов (без «подтягивания») построено по статистической модели заданий региона (модель Раша, PCM) для уровня этой школы; если модель плохо описывает данные, оценка смещена.'
          : 'Статистическая модель заданий (PCM) не построена: форма ожидаемого распределения взята из сглаживания распределения по региону без поправки на уровень школы.',
        `Окно: ${below} балла ниже границы отметки и сама граница; работ в окнах: ${nW}.`,
      ],
      explanation: '',
      details: { atCut: a, expectedAtCut: e, windowWorks: nW },
      evidence: schoolHistogram(v, idx, dist, cutScores),
    });
  }
  const flag = (r: Omit<Signal, 'q' | 'flagged'>, q: number) =>
    q < alpha && r.effect >= minOdds && r.n >= minWindow;
  const signals = withQ(rows, flag).map((r): Signal => {
    const a = r.details!.atCut as number;
    const e = r.details!.expectedAtCut as number;
    return {
      ...r,
      explanation:
        `Ровно на границе отметки (${cutScores.join(', ')} б.) — ${a} из ${r.n} работ окна, ожидалось около ${fixedSigned(e, 1)} ` +
        `при уровне этой школы (отношение шансов, ОШ: ${Number.isFinite(r.effect) ? fixedSigned(r.effect, 2) : '∞'}; 1 — как ожидалось). ` +
        (r.flagged
          ? 'Возможная причина — «подтягивание» баллов до границы отметки при проверке; возможны и другие: подготовка, нацеленная на порог отметки, случайное совпадение. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: перепроверить работы с баллом ровно на границе, сверить баллы за задания с развёрнутым ответом с критериями.'
          : 'Избытка работ на границе отметки, превышающего порог признака, нет.'),
    };
  });
  return { region, signals };
}

/** The school's works by primary score 0..max against its model counterfactual (dist × n). */
function schoolHistogram(v: ProcView, idx: number[], dist: ArrayLike<number>, cuts: number[]): Evidence {
  const counts: number[] = new Array<number>(v.maxScore + 1).fill(0);
  for (const i of idx) counts[Math.min(v.total[i], v.maxScore)]++;
  const expected = counts.map((_, s) => roundTo((dist[s] ?? 0) * idx.length));
  return { kind: 'histogram', counts, expected, cuts: cuts.slice() };
}
