// Over 400 lines: lzp, G*p and their simulated null at each raw score are one method (statistics.md
// §3, §11 #6); the pupil statistics are meaningless without the null they are compared with.
// Excess of misfitting pupils in a class (shared/domain/statistics.md §3, §11 #6), scores only.
//
// Per pupil, over the tasks of the region's PCM (θ̂ = ML θ of the raw score r):
//   lzp (Drasgow et al. 1985, the polytomous lz — our tasks have different maxima, so the document's
//     polytomous form, not a dichotomised one): l₀ = Σ_i ln P_{i,x_i}(θ̂), E = Σ_iΣ_k P_ik ln P_ik,
//     V = Σ_i Var_k(ln P_ik);  lzp = (l₀ − E)/√V.
//   G*p (Emons 2008): steps y_ih = 1[x_i ≥ h] ordered by regional popularity π_ih = share(x_i ≥ h)
//     (ties: task order, then h); Gp = #(more popular step failed, less popular passed)
//     = Σ_{passed steps} rank − r(r−1)/2; G*p = Gp / maxG(r), maxG by a knapsack over tasks
//     (each task passes a prefix of its steps) — our generalisation to unequal maxima.
// Null: statistics.md §3 says lz* has an unchecked polytomous correction and asks for a parametric
// bootstrap, with cut-offs simulated «at each θ̂ (or at each r)». We simulate at each raw score r
// from the PCM conditional on r (P(X_i = x | rest) ∝ ε_ix γ^{(i+1..I)}_{s−x}): given r the PCM
// pattern law is free of θ, so the cut-offs are exact (up to Monte Carlo) on a short test, where
// the normal lz* cut-off −1.645 is not. A pupil misfits when lzp is below the simulated 5 %
// quantile or G*p above the simulated 95 % quantile; π_sim(r) = the simulated rate of that rule.
// Real answers are not a PCM (discriminations differ), so the per-pupil null rate is
// π0(r) = max(π_sim(r), π_R(r)), π_R(r) the region's observed rate at that score (pooled over
// neighbouring scores to ≥ 100 pupils): a class is compared with the region, never with the model
// alone. Class: k_c misfitting of n_c, p = P(K ≥ k_c), K Poisson-binomial(π0(r_n)) (the binomial of
// §3 with a rate per pupil; extreme scores have a single pattern and π0 = 0); BH across classes.
// Flag: q < .05, n_c ≥ 10 and the excess share (k_c − Σπ0)/n_c ≥ 15 п.п.
import { mulberry32 } from '../demo/prng.ts';
import { categoryProbs } from '../psychometrics/pcm.ts';
import { wilson } from '../stats/proportion.ts';
import { groupBy, type ProcView } from './data.ts';
import { roundTo } from './evidence.ts';
import { fixed } from '../text/format.ts';
import { benjaminiHochberg, poissonBinomialUpper } from './math.ts';
import type { RegionPcm } from './region-pcm.ts';
import type { Evidence, Signal } from './types.ts';

export interface PersonFitOptions {
  minN?: number;
  alpha?: number;
  /** Flag threshold of the excess share of misfitting pupils, п.п. */
  minExcess?: number;
  /** Simulated patterns per raw score. */
  sims?: number;
  seed?: number;
  /** One-sided level of the per-pupil cut-offs (each of lzp and G*p). */
  level?: number;
}

/**
 * Popularity rank of every step (0 = most popular): rank[i][h − 1] for step h of item i.
 * popularity[i][h − 1] = share of pupils with x_i ≥ h. Ties: item order, then h.
 */
export function stepRanks(popularity: readonly (readonly number[])[]): number[][] {
  const steps: { i: number; h: number; p: number }[] = [];
  popularity.forEach((ps, i) => ps.forEach((p, h) => steps.push({ i, h, p })));
  steps.sort((a, b) => b.p - a.p || a.i - b.i || a.h - b.h);
  const rank = popularity.map((ps) => new Array<number>(ps.length).fill(0));
  steps.forEach((s, k) => (rank[s.i][s.h] = k));
  return rank;
}

/** Gp of a pattern: Σ over passed steps of their rank − r(r − 1)/2 (steps are nested within a task). */
export function guttmanGp(x: ArrayLike<number>, rank: readonly (readonly number[])[]): number {
  let s = 0;
  let r = 0;
  for (let i = 0; i < rank.length; i++)
    for (let h = 0; h < x[i]; h++) {
      s += rank[i][h];
      r++;
    }
  return s - (r * (r - 1)) / 2;
}

/** maxG(r), r = 0..Σm: the largest Gp of any pattern with total r (knapsack over tasks). */
export function maxGuttman(rank: readonly (readonly number[])[]): Float64Array {
  const R = rank.reduce((a, r) => a + r.length, 0);
  let best = new Float64Array(R + 1).fill(-Infinity);
  best[0] = 0;
  let reach = 0;
  for (const rk of rank) {
    const next = new Float64Array(R + 1).fill(-Infinity);
    for (let s = 0; s <= reach; s++) {
      if (best[s] === -Infinity) continue;
      let add = 0;
      for (let x = 0; x <= rk.length; x++) {
        if (x > 0) add += rk[x - 1];
        if (best[s] + add > next[s + x]) next[s + x] = best[s] + add;
      }
    }
    reach += rk.length;
    best = next;
  }
  return best.map((b, r) => b - (r * (r - 1)) / 2);
}

export interface LzParts {
  l0: number;
  e: number;
  v: number;
  lz: number;
}

/** Polytomous lz (lzp) of pattern x at θ for items with cumulative easiness b. */
export function lzPoly(x: ArrayLike<number>, theta: number, items: readonly Float64Array[]): LzParts {
  const buf = new Float64Array(64);
  let l0 = 0;
  let e = 0;
  let v = 0;
  items.forEach((b, i) => {
    categoryProbs(theta, b, buf);
    let m1 = 0;
    let m2 = 0;
    for (let k = 0; k < b.length; k++) {
      const lp = Math.log(buf[k]);
      m1 += buf[k] * lp;
      m2 += buf[k] * lp * lp;
    }
    l0 += Math.log(buf[x[i]]);
    e += m1;
    v += m2 - m1 * m1;
  });
  return { l0, e, v, lz: (l0 - e) / Math.sqrt(v) };
}

/** Suffix products γ^{(i..I−1)} of Π_j Σ_x ε_jx z^x, each rescaled (only ratios within one are used). */
export function suffixGamma(items: readonly Float64Array[]): Float64Array[] {
  const I = items.length;
  const out: Float64Array[] = new Array<Float64Array>(I + 1);
  out[I] = new Float64Array([1]);
  for (let i = I - 1; i >= 0; i--) {
    const b = items[i];
    const prev = out[i + 1];
    const c = new Float64Array(prev.length + b.length - 1);
    for (let x = 0; x < b.length; x++) {
      const eps = Math.exp(b[x]);
      for (let s = 0; s < prev.length; s++) c[s + x] += eps * prev[s];
    }
    let mx = 0;
    for (const y of c) if (y > mx) mx = y;
    for (let s = 0; s < c.length; s++) c[s] /= mx;
    out[i] = c;
  }
  return out;
}

/** Draw a PCM pattern with total r given (θ-free): sequential conditional sampling; eps_ix = e^{b_ix}. */
export function samplePatternGivenTotal(
  r: number,
  eps: readonly Float64Array[],
  suffix: readonly Float64Array[],
  u: () => number,
  out: Int32Array,
  w: Float64Array = new Float64Array(64),
): void {
  let s = r;
  for (let i = 0; i < eps.length; i++) {
    const b = eps[i];
    const rest = suffix[i + 1];
    let tot = 0;
    for (let x = 0; x < b.length; x++) {
      const j = s - x;
      w[x] = j >= 0 && j < rest.length ? b[x] * rest[j] : 0;
      tot += w[x];
    }
    let t = u() * tot;
    let x = 0;
    while (x < b.length - 1 && (t -= w[x]) > 0) x++;
    while (w[x] === 0) x--; // guard against float dust at the upper end
    out[i] = x;
    s -= x;
  }
}

export interface PersonFitTables {
  rank: number[][];
  maxG: Float64Array;
  /** Per raw score: lzp cut-off (misfit when lzp < cut), G*p cut-off (misfit when G*p > cut), π_sim. */
  lzCut: Float64Array;
  gCut: Float64Array;
  piSim: Float64Array;
}

export interface PupilFit {
  lz: Float64Array;
  gStar: Float64Array;
  misfit: Uint8Array;
  /** Null misfit rate of each pupil: max(π_sim(r), π_R(r)). */
  pi0: Float64Array;
  tables: PersonFitTables;
  /** Region: observed misfit rate and the mean simulated one. */
  regionRate: number;
  simRate: number;
}

/** Simulated cut-offs per raw score (deterministic: one seeded stream per r). */
export function personFitTables(
  items: readonly Float64Array[],
  mlTheta: ArrayLike<number>,
  rank: number[][],
  sims: number,
  seed: number,
  level: number,
): PersonFitTables {
  const R = items.reduce((a, b) => a + b.length - 1, 0);
  const maxG = maxGuttman(rank);
  const suffix = suffixGamma(items);
  const lzCut = new Float64Array(R + 1).fill(-Infinity);
  const gCut = new Float64Array(R + 1).fill(Infinity);
  const piSim = new Float64Array(R + 1);
  const x = new Int32Array(items.length);
  const lnP = items.map((b) => new Float64Array(b.length));
  const lz = new Float64Array(sims);
  const g = new Float64Array(sims);
  const buf = new Float64Array(64);
  const w = new Float64Array(64);
  const eps = items.map((b) => b.map(Math.exp));
  for (let r = 1; r < R; r++) {
    const th = mlTheta[r];
    let e = 0;
    let v = 0;
    items.forEach((b, i) => {
      categoryProbs(th, b, buf);
      let m1 = 0;
      let m2 = 0;
      for (let k = 0; k < b.length; k++) {
        lnP[i][k] = Math.log(buf[k]);
        m1 += buf[k] * lnP[i][k];
        m2 += buf[k] * lnP[i][k] * lnP[i][k];
      }
      e += m1;
      v += m2 - m1 * m1;
    });
    const sd = Math.sqrt(v);
    const rng = mulberry32((seed ^ Math.imul(r + 1, 0x9e3779b1)) >>> 0);
    for (let s = 0; s < sims; s++) {
      samplePatternGivenTotal(r, eps, suffix, rng.next, x, w);
      let l0 = 0;
      for (let i = 0; i < items.length; i++) l0 += lnP[i][x[i]];
      lz[s] = (l0 - e) / sd;
      g[s] = maxG[r] > 0 ? guttmanGp(x, rank) / maxG[r] : 0;
    }
    const k = Math.floor(level * sims);
    const lzSorted = Float64Array.from(lz).sort();
    const gSorted = Float64Array.from(g).sort();
    lzCut[r] = lzSorted[k];
    gCut[r] = gSorted[sims - 1 - k];
    let hit = 0;
    for (let s = 0; s < sims; s++) if (lz[s] < lzCut[r] || g[s] > gCut[r]) hit++;
    piSim[r] = hit / sims;
  }
  return { rank, maxG, lzCut, gCut, piSim };
}

/** lzp, G*p and the misfit flag of every present pupil, with the region-calibrated null rates. */
export function pupilFit(v: ProcView, rp: RegionPcm, opts: PersonFitOptions = {}): PupilFit {
  const sims = opts.sims ?? 1000;
  const level = opts.level ?? 0.05;
  const { items, tasks, raw } = rp;
  const R = rp.maxRaw;
  const popularity = items.map((b, k) => {
    const col = v.scores[tasks[k]];
    const c = new Float64Array(b.length);
    for (let i = 0; i < v.n; i++) c[col[i]]++;
    const out: number[] = [];
    let atLeast = v.n;
    for (let h = 1; h < b.length; h++) {
      atLeast -= c[h - 1];
      out.push(atLeast / v.n);
    }
    return out;
  });
  const rank = stepRanks(popularity);
  const tables = personFitTables(items, rp.pcm.ml, rank, sims, opts.seed ?? 20260401, level);
  // Per-r lookups of ln P at ML θ(r), E and √V.
  const buf = new Float64Array(64);
  const lnP: Float64Array[][] = [];
  const eR = new Float64Array(R + 1);
  const sdR = new Float64Array(R + 1);
  for (let r = 1; r < R; r++) {
    lnP[r] = items.map((b) => {
      categoryProbs(rp.pcm.ml[r], b, buf);
      const l = new Float64Array(b.length);
      let m1 = 0;
      let m2 = 0;
      for (let k = 0; k < b.length; k++) {
        l[k] = Math.log(buf[k]);
        m1 += buf[k] * l[k];
        m2 += buf[k] * l[k] * l[k];
      }
      eR[r] += m1;
      sdR[r] += m2 - m1 * m1;
      return l;
    });
    sdR[r] = Math.sqrt(sdR[r]);
  }
  const lz = new Float64Array(v.n).fill(NaN);
  const gStar = new Float64Array(v.n).fill(NaN);
  const misfit = new Uint8Array(v.n);
  const x = new Int32Array(items.length);
  const count = new Float64Array(R + 1);
  const hits = new Float64Array(R + 1);
  for (let n = 0; n < v.n; n++) {
    const r = raw[n];
    count[r]++;
    if (r === 0 || r === R) continue;
    let l0 = 0;
    for (let k = 0; k < items.length; k++) {
      x[k] = v.scores[tasks[k]][n];
      l0 += lnP[r][k][x[k]];
    }
    lz[n] = (l0 - eR[r]) / sdR[r];
    gStar[n] = tables.maxG[r] > 0 ? guttmanGp(x, rank) / tables.maxG[r] : 0;
    if (lz[n] < tables.lzCut[r] || gStar[n] > tables.gCut[r]) {
      misfit[n] = 1;
      hits[r]++;
    }
  }
  // π_R(r): the region's observed rate, pooled over neighbouring non-extreme scores to ≥ 100 pupils.
  const piR = new Float64Array(R + 1);
  for (let r = 1; r < R; r++) {
    let nn = count[r];
    let hh = hits[r];
    for (let k = 1; nn < 100 && k < R; k++) {
      if (r - k >= 1) {
        nn += count[r - k];
        hh += hits[r - k];
      }
      if (r + k <= R - 1) {
        nn += count[r + k];
        hh += hits[r + k];
      }
    }
    piR[r] = nn > 0 ? hh / nn : 0;
  }
  const pi0 = new Float64Array(v.n);
  let totalHits = 0;
  let simExp = 0;
  for (let n = 0; n < v.n; n++) {
    const r = raw[n];
    pi0[n] = r === 0 || r === R ? 0 : Math.max(tables.piSim[r], piR[r]);
    totalHits += misfit[n];
    simExp += tables.piSim[r];
  }
  return { lz, gStar, misfit, pi0, tables, regionRate: totalHits / v.n, simRate: simExp / v.n };
}

/** Standardised PCM residuals (x − E)/√V at each pupil's WLE θ, pupils × tasks (easy tasks first). */
export function residualEvidence(v: ProcView, rp: RegionPcm, idx: readonly number[]): Evidence {
  const buf = new Float64Array(64);
  const order = rp.tasks
    .map((t, k) => {
      let s = 0;
      for (let i = 0; i < v.n; i++) s += v.scores[t][i];
      return { k, t, p: s / (v.n * (rp.items[k].length - 1)) };
    })
    .sort((a, b) => b.p - a.p || a.t - b.t);
  const pupils = [...idx].sort((a, b) => v.total[b] - v.total[a] || (v.code[a] < v.code[b] ? -1 : 1));
  const values: number[] = [];
  const sums = new Float64Array(order.length);
  for (const i of pupils)
    order.forEach(({ k, t }, j) => {
      const b = rp.items[k];
      categoryProbs(rp.theta[i], b, buf);
      let e = 0;
      let e2 = 0;
      for (let x = 1; x < b.length; x++) {
        e += x * buf[x];
        e2 += x * x * buf[x];
      }
      const z = (v.scores[t][i] - e) / Math.sqrt(Math.max(e2 - e * e, 1e-9));
      values.push(roundTo(z));
      sums[j] += z;
    });
  return {
    kind: 'residuals',
    tasks: order.map(({ t }) => v.taskIds[t] ?? String(t + 1)),
    pupils: pupils.map((i) => v.code[i]),
    values,
    classMean: Array.from(sums, (s) => roundTo(s / pupils.length)),
  };
}

export function personFitSignals(v: ProcView, rp: RegionPcm, opts: PersonFitOptions = {}): Signal[] {
  const minN = opts.minN ?? 10;
  const alpha = opts.alpha ?? 0.05;
  const minExcess = opts.minExcess ?? 15;
  if (v.n < 50 || rp.items.length < 4) return [];
  const classes = [...groupBy(v.classId)].filter(([, idx]) => idx.length >= minN);
  if (classes.length < 5) return [];
  const fit = pupilFit(v, rp, opts);
  const rows = classes.map(([id, idx]): Omit<Signal, 'q' | 'flagged'> => {
    let k = 0;
    let exp = 0;
    const probs: number[] = [];
    for (const i of idx) {
      k += fit.misfit[i];
      exp += fit.pi0[i];
      probs.push(fit.pi0[i]);
    }
    const n = idx.length;
    const w = wilson(k, n);
    return {
      id: 'person-misfit',
      family: 'pattern',
      procedure: v.id,
      unitKind: 'class',
      unit: id,
      school: v.school[idx[0]],
      n,
      effect: (100 * (k - exp)) / n,
      effectUnit: 'п.п.',
      ci95: w ? [100 * (w[0] - exp / n), 100 * (w[1] - exp / n)] : null,
      p: poissonBinomialUpper(probs, k),
      minN,
      threshold: minExcess,
      caveats: [
        'Заданий мало: необычная картина ответов одного ученика — не доказательство; признак — только избыток таких учеников в классе.',
        'Пороги lz и ошибок Гуттмана получены моделированием ответов по модели Раша при том же первичном балле; ожидаемая доля — не ниже фактической доли по региону при том же балле.',
      ],
      explanation: '',
      details: {
        misfitting: k,
        expected: exp,
        regionRate: fit.regionRate,
        simulatedRate: fit.simRate,
      },
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  const members = new Map(classes);
  return rows.map((r, j): Signal => {
    const flagged = q[j] < alpha && r.effect >= minExcess && r.n >= minN;
    const k = r.details!.misfitting as number;
    const e = r.details!.expected as number;
    return {
      ...r,
      q: q[j],
      flagged,
      ...(flagged ? { evidence: residualEvidence(v, rp, members.get(r.unit)!) } : {}),
      explanation:
        `В классе ${k} из ${r.n} учеников с необычной для своего первичного балла картиной ответов (решены трудные задания при нерешённых лёгких); ` +
        `при обычной для региона доле ожидалось около ${fixed(e, 1)}. ` +
        (flagged
          ? 'Возможные причины — помощь на отдельных заданиях (подсказки, списывание, исправление баллов); возможны и безобидные: угадывание, невнимательность на лёгких заданиях, необычная подготовка. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: какие задания решены «не по уровню» (карта остатков), работы этих учеников, условия проведения и проверки в классе.'
          : 'Доля учеников с необычной картиной ответов не выходит за обычные для региона пределы.'),
    };
  });
}
