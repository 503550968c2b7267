// Unusually similar answer patterns inside a class (shared/domain/statistics.md §4, §11 #7), scores
// only, conditioned on ability: two strong pupils match on most tasks by default, so the match
// probability of a task comes from the region's PCM at each pupil's own θ̂ (WLE).
//   pair (a, b): s_i = 1[x_ai = x_bi], M = Σ s_i, p_i = Σ_k P_ik(θ̂_a)·P_ik(θ̂_b);
//   GBT p = P(M′ ≥ M), M′ Poisson-binomial(p) — exact by dynamic programming (aberrance GBT_S).
// θ̂ depends on the raw score only, so the Poisson-binomial tail is computed once per pair of raw
// scores. Links: pairs with p < 1e-6 (statistics.md §4; on ВПР's 10–20 tasks of 0–2 points it is
// seldom reachable — only long identical blocks get there); cliques: ≥ 3 pupils pairwise linked.
// Class: C = #pairs with p < .001. Its null (a documented approximation instead of 1,000 class
// simulations): each pair's test is discrete, so its exact size under the PCM at (θ̂_a, θ̂_b) is
// α_ab = P(M′ ≥ m*_ab) ≤ .001 (m*_ab the smallest count with tail < .001); E[C] = λ_c = Σ α_ab, and
// C ≈ Poisson(λ_c) under the PCM: pairs are dependent only through shared pupils, which for rare
// events leaves the Poisson approximation (Chen–Stein) good — tests/unit check it by simulation.
// Real classes are not a PCM (shared teacher, unequal discriminations): more pairs than λ and an
// over-dispersed count. So the null is C ~ NB(mean φ·λ_c, size k), φ ≥ 1 and k fitted to the
// region's classes by maximum likelihood with counts ≥ 3 censored — the few classes with very many
// pairs weigh only as «≥ 3» and do not widen the null (k = ∞: Poisson). p = P(C′ ≥ C); BH.
// Flag: q < .05, n_c ≥ 10, and C − φλ_c ≥ 3 pairs or a clique of ≥ 3 linked pupils.
import { lnGamma } from '../psychometrics/fdist.ts';
import { categoryProbs } from '../psychometrics/pcm.ts';
import { groupBy, type ProcView } from './data.ts';
import { roundTo } from './evidence.ts';
import { fixed } from '../text/format.ts';
import { benjaminiHochberg } from './math.ts';
import type { RegionPcm } from './region-pcm.ts';
import type { Evidence, Signal } from './types.ts';

export interface SimilarityOptions {
  minN?: number;
  alpha?: number;
  /** Pair p of a counted pair. */
  pairAlpha?: number;
  /** Pair p of a link (clique edge). */
  linkAlpha?: number;
  /** Flag threshold: pairs beyond the expected count. */
  minExcess?: number;
}

/** Poisson-binomial distribution of Σ Bernoulli(p_i), as upper tails U[m] = P(M ≥ m), m = 0..I+1. */
export function poissonBinomialTails(p: ArrayLike<number>): Float64Array {
  const I = p.length;
  let dist = new Float64Array(I + 1);
  dist[0] = 1;
  for (let i = 0; i < I; i++) {
    const next = new Float64Array(I + 1);
    for (let j = 0; j <= i; j++) {
      next[j] += dist[j] * (1 - p[i]);
      next[j + 1] += dist[j] * p[i];
    }
    dist = next;
  }
  const tail = new Float64Array(I + 2);
  for (let m = I; m >= 0; m--) tail[m] = tail[m + 1] + dist[m];
  for (let m = 0; m <= I; m++) tail[m] = Math.min(1, tail[m]);
  return tail;
}

/**
 * P(X ≥ c) for a negative binomial with mean μ and size k (variance μ + μ²/k); Poisson when k = ∞.
 * Summed upwards from c, so that small tails keep their digits.
 */
export function negBinomialUpper(c: number, mu: number, k: number): number {
  if (!Number.isFinite(k)) return poissonUpper(c, mu);
  if (c <= 0) return 1;
  if (!(mu > 0)) return 0;
  const lq = Math.log(mu / (k + mu));
  const base = k * Math.log(k / (k + mu)) - lnGamma(k);
  let s = 0;
  for (let j = c; j < c + 100000; j++) {
    const t = Math.exp(base + lnGamma(j + k) - lnGamma(j + 1) + j * lq);
    s += t;
    if (t < 1e-17 * s && j > mu + (k + mu) / k) break;
  }
  return Math.min(1, s);
}

/**
 * The null of the class counts: C_c ~ NB(mean φ·λ_c, size k) (Poisson when k = ∞), φ ≥ 1 and k by
 * maximum likelihood on a log grid with counts ≥ cap censored: the few classes with very many pairs
 * — the ones the signal is for — weigh only as «≥ cap» and do not widen the null.
 */
export function fitCountNull(
  lambdas: readonly number[],
  counts: readonly number[],
  cap = 3,
): { phi: number; size: number } {
  const pmfBelow = (mu: number, k: number, out: Float64Array) => {
    let t = Number.isFinite(k) ? Math.exp(k * Math.log(k / (k + mu))) : Math.exp(-mu);
    for (let j = 0; j < cap; j++) {
      out[j] = t;
      t *= Number.isFinite(k) ? ((j + k) / (j + 1)) * (mu / (k + mu)) : mu / (j + 1);
    }
  };
  const buf = new Float64Array(cap);
  const loglik = (phi: number, k: number) => {
    let ll = 0;
    lambdas.forEach((l, c) => {
      pmfBelow(phi * l, k, buf);
      if (counts[c] < cap) ll += Math.log(Math.max(buf[counts[c]], 1e-300));
      else ll += Math.log(Math.max(1 - buf.reduce((a, b) => a + b, 0), 1e-300));
    });
    return ll;
  };
  let best = { phi: 1, size: Infinity, ll: -Infinity };
  for (let a = 0; a <= 40; a++) {
    const phi = 30 ** (a / 40);
    for (let b = 0; b <= 30; b++) {
      const k = b === 30 ? Infinity : 0.05 * 20000 ** (b / 29);
      const ll = loglik(phi, k);
      if (ll > best.ll) best = { phi, size: k, ll };
    }
  }
  return { phi: best.phi, size: best.size };
}

/** P(X ≥ k), X ~ Poisson(λ), summed on the short side so that small tails keep their digits. */
export function poissonUpper(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (!(lambda > 0)) return 0;
  const lnPmf = (j: number) => -lambda + j * Math.log(lambda) - lnFactorial(j);
  if (k > lambda) {
    let s = 0;
    for (let j = k; ; j++) {
      const t = Math.exp(lnPmf(j));
      s += t;
      if (t < 1e-17 * s || j > k + 10000) break;
    }
    return Math.min(1, s);
  }
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(lnPmf(j));
  return Math.max(0, 1 - s);
}

function lnFactorial(j: number): number {
  let s = 0;
  for (let i = 2; i <= j; i++) s += Math.log(i);
  return s;
}

/** Size of the largest clique of an undirected graph (adjacency sets), Bron–Kerbosch with pivoting. */
export function largestClique(adj: readonly Set<number>[]): number {
  let best = 0;
  const expand = (size: number, cand: number[], excl: number[]) => {
    if (cand.length === 0 && excl.length === 0) {
      best = Math.max(best, size);
      return;
    }
    if (size + cand.length <= best) return;
    const pool = cand.concat(excl);
    let pivot = pool[0];
    for (const u of pool) if (adj[u].size > adj[pivot].size) pivot = u;
    for (const u of cand.filter((w) => !adj[pivot].has(w))) {
      expand(
        size + 1,
        cand.filter((w) => adj[u].has(w)),
        excl.filter((w) => adj[u].has(w)),
      );
      cand = cand.filter((w) => w !== u);
      excl = excl.concat(u);
    }
  };
  expand(
    0,
    adj.map((_, i) => i),
    [],
  );
  return best;
}

interface PairTable {
  tail: Float64Array;
  expected: number;
  /** Exact size of the test «p < pairAlpha» under the PCM. */
  size: number;
}

export interface PairResult {
  a: number;
  b: number;
  matches: number;
  expected: number;
  p: number;
}

/**
 * Pair tests of one class (indices of present pupils), with a per-raw-score-pair cache. Returns the
 * pairs with p < keep (all pairs with keep > 1), λ = Σ exact sizes of «p < pairAlpha», the least p.
 */
export function classPairs(
  v: ProcView,
  rp: RegionPcm,
  idx: readonly number[],
  pairAlpha: number,
  cache: Map<number, PairTable> = new Map(),
  keep = pairAlpha,
): { pairs: PairResult[]; lambda: number; minP: number } {
  const R = rp.maxRaw;
  const I = rp.items.length;
  const probs = new Map<number, Float64Array[]>();
  const probsAt = (r: number) => {
    let pr = probs.get(r);
    if (!pr) {
      pr = rp.items.map((b) => {
        const out = new Float64Array(b.length);
        categoryProbs(rp.pcm.wle[r], b, out);
        return out;
      });
      probs.set(r, pr);
    }
    return pr;
  };
  const table = (ra: number, rb: number): PairTable => {
    const key = Math.min(ra, rb) * (R + 1) + Math.max(ra, rb);
    let t = cache.get(key);
    if (!t) {
      const pa = probsAt(ra);
      const pb = probsAt(rb);
      const p = new Float64Array(I);
      let expected = 0;
      for (let i = 0; i < I; i++) {
        for (let k = 0; k < pa[i].length; k++) p[i] += pa[i][k] * pb[i][k];
        expected += p[i];
      }
      const tail = poissonBinomialTails(p);
      let size = 0;
      for (let m = 0; m <= I; m++)
        if (tail[m] < pairAlpha) {
          size = tail[m];
          break;
        }
      t = { tail, expected, size };
      cache.set(key, t);
    }
    return t;
  };
  const pairs: PairResult[] = [];
  let lambda = 0;
  let minP = 1;
  const cols = rp.tasks.map((t) => v.scores[t]);
  for (let x = 0; x < idx.length; x++)
    for (let y = x + 1; y < idx.length; y++) {
      const a = idx[x];
      const b = idx[y];
      let m = 0;
      for (const col of cols) if (col[a] === col[b]) m++;
      const t = table(rp.raw[a], rp.raw[b]);
      lambda += t.size;
      const p = t.tail[m];
      if (p < minP) minP = p;
      if (p < keep) pairs.push({ a: x, b: y, matches: m, expected: t.expected, p });
    }
  return { pairs, lambda, minP };
}

export function similaritySignals(v: ProcView, rp: RegionPcm, opts: SimilarityOptions = {}): Signal[] {
  const minN = opts.minN ?? 10;
  const alpha = opts.alpha ?? 0.05;
  const pairAlpha = opts.pairAlpha ?? 0.001;
  const linkAlpha = opts.linkAlpha ?? 1e-6;
  const minExcess = opts.minExcess ?? 3;
  if (v.n < 50 || rp.items.length < 4) return [];
  const classes = [...groupBy(v.classId)].filter(([, idx]) => idx.length >= minN);
  if (classes.length < 5) return [];
  const cache = new Map<number, PairTable>();
  const stats = classes.map(([id, idx]) => {
    const { pairs: counted, lambda, minP } = classPairs(v, rp, idx, pairAlpha, cache);
    const adj = idx.map(() => new Set<number>());
    let links = 0;
    for (const e of counted) {
      if (e.p < linkAlpha) {
        adj[e.a].add(e.b);
        adj[e.b].add(e.a);
        links++;
      }
    }
    const adj3 = idx.map(() => new Set<number>());
    for (const e of counted) {
      adj3[e.a].add(e.b);
      adj3[e.b].add(e.a);
    }
    return {
      id,
      idx,
      counted,
      lambda,
      links,
      minP,
      clique: links > 0 ? largestClique(adj) : links,
      group: counted.length > 0 ? largestClique(adj3) : 0,
    };
  });
  const { phi, size } = fitCountNull(
    stats.map((s) => s.lambda),
    stats.map((s) => s.counted.length),
  );
  const rows = stats.map((s): Omit<Signal, 'q' | 'flagged'> => {
    const exp = phi * s.lambda;
    const c = s.counted.length;
    return {
      id: 'similar-pairs',
      family: 'pattern',
      procedure: v.id,
      unitKind: 'class',
      unit: s.id,
      school: v.school[s.idx[0]],
      n: s.idx.length,
      effect: c - exp,
      effectUnit: 'пар сверх ожидаемого',
      ci95: null,
      p: negBinomialUpper(c, exp, size),
      minN,
      threshold: minExcess,
      caveats: [
        'Совпадение баллов сравнивается с ожидаемым для учеников того же уровня (модель Раша региона); при 10–20 заданиях с малым максимумом обнаружимы только длинные совпадающие блоки.',
        'Ожидаемое число пар — точный уровень теста каждой пары по модели с поправкой на избыток совпадений в регионе; распределение числа пар — пуассоновское приближение.',
      ],
      explanation: '',
      details: {
        pairs: c,
        expected: exp,
        linkedPairs: s.links,
        largestClique: s.clique,
        largestGroup: s.group,
        minPairP: s.minP,
        dispersion: phi,
        nbSize: Number.isFinite(size) ? size : null,
      },
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, j): Signal => {
    const s = stats[j];
    const flagged = q[j] < alpha && r.n >= minN && (r.effect >= minExcess || s.clique >= 3);
    const group = s.group >= 3 ? ` Наибольшая группа попарно похожих учеников — ${s.group} чел.` : '';
    return {
      ...r,
      q: q[j],
      flagged,
      ...(flagged ? { evidence: pairsEvidence(v, s.idx, s.counted) } : {}),
      explanation:
        `В классе ${s.counted.length} пар учеников с необычно совпадающими баллами по заданиям (p < 0,001 с учётом уровня каждого), ` +
        `ожидалось около ${fixed(r.details!.expected as number, 1)}.${group} ` +
        (flagged
          ? 'Возможные причины — списывание, подсказки группе учеников или единый «образец» ответов; возможны и безобидные: ученики готовились вместе или у одного репетитора. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: работы учеников из совпадающих пар (граф пар), рассадку, совпадение ошибок и формулировок в развёрнутых ответах.'
          : 'Совпадений не больше обычного для учеников того же уровня.'),
    };
  });
}

function pairsEvidence(v: ProcView, idx: readonly number[], edges: PairResult[]): Evidence {
  return {
    kind: 'pairs',
    nodes: idx.map((i) => ({ code: v.code[i], total: v.total[i] })),
    edges: edges.map((e) => ({
      a: e.a,
      b: e.b,
      matches: e.matches,
      expected: roundTo(e.expected),
      p: e.p,
    })),
  };
}
