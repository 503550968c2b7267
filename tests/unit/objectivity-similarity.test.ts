// Similar pairs (statistics.md §4): the GBT tail against brute-force enumeration, the match
// probabilities against naive PCM probabilities at the pupils' WLE θ, the Poisson null of the class
// count against honest PCM simulations, and planted copied blocks flagged.
import { describe, expect, it } from 'vitest';
import { poissonBinomialUpper } from '../../src/domain/objectivity/math.ts';
import { fitRegionPcm, regionPcm } from '../../src/domain/objectivity/region-pcm.ts';
import {
  classPairs,
  largestClique,
  fitCountNull,
  negBinomialUpper,
  poissonBinomialTails,
  poissonUpper,
  similaritySignals,
} from '../../src/domain/objectivity/similarity.ts';
import { DELTAS, honestClasses, mulberry32, naiveProbs, viewOfClasses } from './pcm-sim.ts';

describe('pair statistics', () => {
  it('Poisson-binomial tails equal enumeration and math.ts', () => {
    const p = [0.9, 0.2, 0.55, 0.7, 0.35, 0.8];
    const tails = poissonBinomialTails(p);
    for (let m = 0; m <= p.length + 1; m++) {
      let brute = 0;
      for (let mask = 0; mask < 1 << p.length; mask++) {
        let pr = 1;
        let k = 0;
        p.forEach((q, i) => {
          const on = (mask >> i) & 1;
          pr *= on ? q : 1 - q;
          k += on;
        });
        if (k >= m) brute += pr;
      }
      expect(tails[m]).toBeCloseTo(brute, 14);
      expect(tails[m]).toBeCloseTo(poissonBinomialUpper(p, m), 14);
    }
  });

  it('Poisson upper tail equals the naive sum, small tails keep their digits', () => {
    const naive = (k: number, l: number) => {
      let s = 0;
      let t = Math.exp(-l);
      for (let j = 0; j < 400; j++) {
        if (j >= k) s += t;
        t *= l / (j + 1);
      }
      return s;
    };
    for (const [k, l] of [
      [0, 1],
      [1, 0.3],
      [3, 0.3],
      [5, 4.2],
      [12, 3],
    ])
      expect(poissonUpper(k, l)).toBeCloseTo(naive(k, l), 12);
    expect(poissonUpper(30, 0.5) / naive(30, 0.5)).toBeCloseTo(1, 9);
  });

  it('negative binomial tail equals the recursive pmf sum; its size is recovered from the zeros', () => {
    const naive = (c: number, mu: number, k: number) => {
      let t = (k / (k + mu)) ** k;
      let below = 0;
      for (let j = 0; j < c; j++) {
        below += t;
        t *= ((j + k) / (j + 1)) * (mu / (k + mu));
      }
      return 1 - below;
    };
    for (const [c, mu, k] of [
      [1, 0.4, 0.5],
      [3, 0.4, 0.5],
      [4, 2.5, 3],
      [2, 0.2, 50],
    ])
      expect(negBinomialUpper(c, mu, k)).toBeCloseTo(naive(c, mu, k), 12);
    expect(negBinomialUpper(5, 1.2, 1e7)).toBeCloseTo(poissonUpper(5, 1.2), 6);
  });

  it('the censored NB fit: Poisson counts give a near-Poisson null; a few huge counts do not move it', () => {
    const rng = mulberry32(12);
    const lambdas = Array.from({ length: 400 }, () => 0.2 + 0.8 * rng.next());
    const draw = (mu: number) => {
      let k = 0;
      for (let t = -Math.log(1 - rng.next()); t < mu; t -= Math.log(1 - rng.next())) k++;
      return k;
    };
    const counts = lambdas.map(draw);
    const clean = fitCountNull(lambdas, counts);
    expect(clean.phi).toBeLessThan(1.25);
    // Near-Poisson: the tail at 4 for λ = 0.6 within a factor 2 of the Poisson one.
    const ratio = negBinomialUpper(4, clean.phi * 0.6, clean.size) / poissonUpper(4, 0.6);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    const spiked = counts.map((c, i) => (i < 8 ? 30 : c));
    const fit = fitCountNull(lambdas, spiked);
    expect(fit.phi).toBeLessThan(1.4);
    expect(negBinomialUpper(30, fit.phi * lambdas[0], fit.size)).toBeLessThan(1e-8);
  });

  it('largest clique equals brute force on random graphs', () => {
    const rng = mulberry32(4);
    for (let rep = 0; rep < 30; rep++) {
      const n = 9;
      const adj = Array.from({ length: n }, () => new Set<number>());
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
          if (rng.next() < 0.45) {
            adj[a].add(b);
            adj[b].add(a);
          }
      let best = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        const nodes = [...Array(n).keys()].filter((i) => (mask >> i) & 1);
        if (nodes.every((a) => nodes.every((b) => a === b || adj[a].has(b))))
          best = Math.max(best, nodes.length);
      }
      expect(largestClique(adj)).toBe(best);
    }
  });

  it('pair p = P(M′ ≥ M) with p_i = Σ_k P_ik(θa)P_ik(θb) from naive PCM probabilities', () => {
    const v = viewOfClasses(honestClasses(mulberry32(8), 60));
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const idx = [0, 1, 2, 3];
    const { pairs } = classPairs(v, rp, idx, 0.001, new Map(), 2);
    expect(pairs).toHaveLength(6);
    // Thresholds of the fit, back from cumulative easiness: δ_k = b_{k−1} − b_k.
    const deltas = rp.items.map((b) => Array.from({ length: b.length - 1 }, (_, k) => b[k] - b[k + 1]));
    for (const e of pairs) {
      const a = idx[e.a];
      const b = idx[e.b];
      const pi = deltas.map((d) => {
        const pa = naiveProbs(rp.theta[a], d);
        const pb = naiveProbs(rp.theta[b], d);
        return pa.reduce((s, x, k) => s + x * pb[k], 0);
      });
      const m = rp.tasks.filter((t) => v.scores[t][a] === v.scores[t][b]).length;
      expect(e.matches).toBe(m);
      expect(e.expected).toBeCloseTo(
        pi.reduce((s, x) => s + x, 0),
        10,
      );
      expect(e.p).toBeCloseTo(poissonBinomialUpper(pi, m), 12);
    }
  });
});

describe('similar-pairs on simulated regions', () => {
  it('honest PCM regions: the count of pairs at p < .001 is at most its Poisson mean; ≤ 3 % flagged', () => {
    let flagged = 0;
    let total = 0;
    let lowP = 0;
    for (const seed of [1, 2, 3]) {
      const v = viewOfClasses(honestClasses(mulberry32(seed), 150));
      const rp = regionPcm(v, fitRegionPcm(v))!;
      const sig = similaritySignals(v, rp);
      const c = sig.reduce((a, s) => a + (s.details!.pairs as number), 0);
      const e = sig.reduce((a, s) => a + (s.details!.expected as number), 0);
      // λ sums the exact sizes of discrete tests (≤ .001 each): the observed count may fall short
      // of it but must not exceed it by more than Poisson noise.
      expect(c).toBeLessThanOrEqual(e + 3 * Math.sqrt(e));
      expect(e).toBeGreaterThan(5);
      flagged += sig.filter((s) => s.flagged).length;
      lowP += sig.filter((s) => s.p < 0.05).length;
      total += sig.length;
    }
    expect(flagged / total).toBeLessThanOrEqual(0.03);
    expect(lowP / total).toBeLessThan(0.08);
  });

  it('a block of copied answer patterns is flagged, with the pair graph as evidence', () => {
    const rng = mulberry32(77);
    const classes = honestClasses(rng, 150);
    const copied = new Set<string>();
    for (const c of classes.slice(0, 5)) {
      copied.add(c.id);
      // Seven pupils copy the whole pattern of pupil 0 (a mid-level source: any honest pupil).
      for (let i = 1; i <= 7; i++) c.rows[i] = c.rows[0].slice();
    }
    const v = viewOfClasses(classes);
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const sig = similaritySignals(v, rp);
    const hits = sig.filter((s) => s.flagged);
    expect(hits.filter((s) => copied.has(s.unit)).length).toBeGreaterThanOrEqual(4);
    expect(hits.filter((s) => !copied.has(s.unit)).length).toBeLessThanOrEqual(2);
    const s = hits.find((h) => copied.has(h.unit))!;
    expect(s.details!.largestGroup).toBeGreaterThanOrEqual(8);
    expect(s.explanation).toContain('Что проверить');
    expect(s.evidence?.kind).toBe('pairs');
    if (s.evidence?.kind === 'pairs') {
      expect(s.evidence.nodes).toHaveLength(s.n);
      expect(s.evidence.edges.length).toBe(s.details!.pairs);
      expect(s.evidence.edges.length).toBeGreaterThanOrEqual(28);
      for (const e of s.evidence.edges) expect(e.p).toBeLessThan(0.001);
    }
    expect(sig.filter((x) => !x.flagged).every((x) => x.evidence === undefined)).toBe(true);
    expect(DELTAS).toHaveLength(16);
  });
});
