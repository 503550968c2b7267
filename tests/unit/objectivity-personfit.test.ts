// Person fit (statistics.md §3): lzp and G*p against a hand-computed example and naive second
// implementations, the θ-free conditional sampler against exact enumeration, and the class signal
// `person-misfit` on regions simulated from a known PCM (honest → near-nominal flag rate; classes
// helped on hard tasks → flagged).
import { describe, expect, it } from 'vitest';
import {
  guttmanGp,
  lzPoly,
  maxGuttman,
  personFitSignals,
  pupilFit,
  samplePatternGivenTotal,
  stepRanks,
} from '../../src/domain/objectivity/person-fit.ts';
import { fitRegionPcm, regionPcm } from '../../src/domain/objectivity/region-pcm.ts';
import { DELTAS, drawScore, honestClasses, mulberry32, naiveProbs, viewOfClasses } from './pcm-sim.ts';

/** Cumulative easiness b (b[0] = 0, b[x] = −Σ_{k≤x} δ_k). */
const cum = (delta: number[]) => {
  const b = new Float64Array(delta.length + 1);
  delta.forEach((d, k) => (b[k + 1] = b[k] - d));
  return b;
};

/** Every pattern of items with maxima ms. */
function allPatterns(ms: number[]): number[][] {
  let out: number[][] = [[]];
  for (const m of ms) out = out.flatMap((p) => Array.from({ length: m + 1 }, (_, x) => [...p, x]));
  return out;
}

describe('lzp and G*p', () => {
  it('hand example: 3 Rasch items δ = −1, 0, 1 at θ = 0, pattern 0 0 1', () => {
    // P = e/(1+e), 1/2, 1/(1+e). l0 = 2·ln(1/(1+e)) + ln ½ = −3.3196706;
    // E = 2(P ln P + Q ln Q)|_{P=e/(1+e)} + ln ½ = −1.8575534; V = 2·e/(1+e)²·1² + 0 = 0.3932239.
    const items = [cum([-1]), cum([0]), cum([1])];
    const r = lzPoly([0, 0, 1], 0, items);
    expect(r.l0).toBeCloseTo(-3.3196705556, 9);
    expect(r.e).toBeCloseTo(-1.8575533983, 9);
    expect(r.v).toBeCloseTo(0.3932238665, 9);
    expect(r.lz).toBeCloseTo(-2.3316439816, 9);
    // Guttman: items ordered 1 > 2 > 3 by popularity; (1 failed, 3 passed), (2 failed, 3 passed): G = 2;
    // maxG(1) = r(k − r) = 2, so G* = 1.
    const rank = stepRanks([[0.8], [0.5], [0.2]]);
    expect(guttmanGp([0, 0, 1], rank)).toBe(2);
    expect(Array.from(maxGuttman(rank))).toEqual([0, 2, 2, 0]);
  });

  it('lzp equals the triple-sum formula of statistics.md on polytomous items', () => {
    const rng = mulberry32(3);
    const deltas = DELTAS.slice(0, 9);
    const items = deltas.map(cum);
    for (let rep = 0; rep < 20; rep++) {
      const th = 2 * rng.normal();
      const x = deltas.map((d) => drawScore(rng, th, d));
      let l0 = 0;
      let e = 0;
      let v = 0;
      deltas.forEach((d, i) => {
        const p = naiveProbs(th, d);
        l0 += Math.log(p[x[i]]);
        for (let k = 0; k < p.length; k++) {
          e += p[k] * Math.log(p[k]);
          for (let h = 0; h < p.length; h++) v += p[k] * p[h] * Math.log(p[k]) * Math.log(p[k] / p[h]);
        }
      });
      const got = lzPoly(x, th, items);
      expect(got.lz).toBeCloseTo((l0 - e) / Math.sqrt(v), 10);
    }
  });

  it('Gp equals the naive count of step pairs, maxG equals the brute-force maximum', () => {
    const ms = [1, 2, 1, 3, 2];
    const popularity = [[0.9], [0.8, 0.3], [0.6], [0.7, 0.4, 0.1], [0.5, 0.2]];
    const rank = stepRanks(popularity);
    const steps = popularity.flatMap((ps, i) => ps.map((p, h) => ({ i, h: h + 1, p })));
    const naive = (x: number[]) => {
      let g = 0;
      for (const s of steps) for (const t of steps) if (s.p > t.p && x[s.i] < s.h && x[t.i] >= t.h) g++;
      return g;
    };
    const best = new Array<number>(10).fill(0);
    for (const x of allPatterns(ms)) {
      const g = naive(x);
      expect(guttmanGp(x, rank)).toBe(g);
      const r = x.reduce((a, b) => a + b, 0);
      best[r] = Math.max(best[r], g);
    }
    expect(Array.from(maxGuttman(rank))).toEqual(best);
  });

  it('the sampler given the total reproduces the exact conditional PCM law', () => {
    const deltas = [[-1], [-0.5, 0.5], [0.3], [0.8, 1.5]];
    const items = deltas.map(cum);
    const eps = items.map((b) => b.map(Math.exp));
    const suffix: Float64Array[] = [];
    suffix[items.length] = new Float64Array([1]);
    for (let i = items.length - 1; i >= 0; i--) {
      const c = new Float64Array(suffix[i + 1].length + eps[i].length - 1);
      eps[i].forEach((e, x) => suffix[i + 1].forEach((s, j) => (c[j + x] += e * s)));
      suffix[i] = c;
    }
    const r = 3;
    const pats = allPatterns(deltas.map((d) => d.length)).filter((p) => p.reduce((a, b) => a + b, 0) === r);
    const w = pats.map((p) => p.reduce((a, x, i) => a * eps[i][x], 1));
    const tot = w.reduce((a, b) => a + b, 0);
    const freq = new Map<string, number>();
    const rng = mulberry32(11);
    const out = new Int32Array(items.length);
    const N = 40000;
    for (let s = 0; s < N; s++) {
      samplePatternGivenTotal(r, eps, suffix, rng.next, out);
      const key = out.join('');
      freq.set(key, (freq.get(key) ?? 0) + 1);
    }
    pats.forEach((p, k) => {
      const exact = w[k] / tot;
      const got = (freq.get(p.join('')) ?? 0) / N;
      expect(Math.abs(got - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / N) + 1e-4);
    });
    expect([...freq.values()].reduce((a, b) => a + b, 0)).toBe(N);
  });
});

describe('person-misfit on simulated regions', () => {
  it('honest PCM regions: per-pupil rate near the simulated one, ≤ 3 % of classes flagged', () => {
    let flagged = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const v = viewOfClasses(honestClasses(mulberry32(seed), 150));
      const rp = regionPcm(v, fitRegionPcm(v))!;
      const fit = pupilFit(v, rp, { seed });
      // Data from the PCM: the observed regional misfit rate matches the simulated null rate.
      expect(Math.abs(fit.regionRate - fit.simRate)).toBeLessThan(0.02);
      expect(fit.simRate).toBeGreaterThan(0.04);
      expect(fit.simRate).toBeLessThan(0.1);
      const sig = personFitSignals(v, rp, { seed });
      expect(sig).toHaveLength(150);
      flagged += sig.filter((s) => s.flagged).length;
      total += sig.length;
      // p-values are roughly uniform: about 5 % below .05 (one-sided, discrete: at most a little more).
      expect(sig.filter((s) => s.p < 0.05).length / sig.length).toBeLessThan(0.1);
    }
    expect(flagged / total).toBeLessThanOrEqual(0.03);
  });

  it('classes helped on the hard tasks are flagged, with the residual matrix as evidence', () => {
    const rng = mulberry32(42);
    const classes = honestClasses(rng, 150);
    const helped = new Set<string>();
    for (const c of classes.slice(0, 6)) {
      helped.add(c.id);
      // 70 % of the pupils get the four hardest tasks at full marks, whatever their level.
      for (const row of c.rows)
        if (rng.next() < 0.7) for (const t of [12, 13, 14, 15]) row[t] = DELTAS[t].length;
    }
    const v = viewOfClasses(classes);
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const sig = personFitSignals(v, rp, { seed: 5 });
    const hits = sig.filter((s) => s.flagged);
    expect(hits.filter((s) => helped.has(s.unit)).length).toBeGreaterThanOrEqual(5);
    expect(hits.filter((s) => !helped.has(s.unit)).length).toBeLessThanOrEqual(2);
    const s = hits.find((h) => helped.has(h.unit))!;
    expect(s.q).toBeLessThan(0.05);
    expect(s.effect).toBeGreaterThanOrEqual(s.threshold);
    expect(s.explanation).toContain('Что проверить');
    expect(s.ci95![0]).toBeLessThan(s.effect);
    expect(s.evidence?.kind).toBe('residuals');
    if (s.evidence?.kind === 'residuals') {
      expect(s.evidence.pupils).toHaveLength(s.n);
      expect(s.evidence.values).toHaveLength(s.n * 16);
      expect(s.evidence.tasks).toHaveLength(16);
    }
    // The class's own count and expectation: k of n misfitting and p as the Poisson-binomial tail.
    expect(s.details!.misfitting).toBeGreaterThan(s.details!.expected as number);
    expect(sig.filter((x) => !x.flagged).every((x) => x.evidence === undefined)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const v = viewOfClasses(honestClasses(mulberry32(9), 40));
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const a = personFitSignals(v, rp, { seed: 1 });
    const b = personFitSignals(v, rp, { seed: 1 });
    expect(a.map((s) => s.p)).toEqual(b.map((s) => s.p));
  });
});
