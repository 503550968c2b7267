// Implausible homogeneity (statistics.md §11 #8): the lower gamma tail against closed forms, the
// level model's variance against a naive quadrature of the PCM, honest PCM regions near nominal and
// planted homogenised classes flagged.
import { describe, expect, it } from 'vitest';
import { groupBy, viewOf } from '../../src/domain/objectivity/data.ts';
import { bootstrapDf, homogeneitySignals, levelModel } from '../../src/domain/objectivity/homogeneity.ts';
import { gammaP } from '../../src/domain/objectivity/math.ts';
import { fitRegionPcm, regionPcm } from '../../src/domain/objectivity/region-pcm.ts';
import { generateRegion } from '../../src/domain/objectivity/synthetic/generate.ts';
import { DELTAS, drawScore, honestClasses, mulberry32, naiveProbs, viewOfClasses } from './pcm-sim.ts';

const cum = (delta: number[]) => {
  const b = new Float64Array(delta.length + 1);
  delta.forEach((d, k) => (b[k + 1] = b[k] - d));
  return b;
};

describe('homogeneity building blocks', () => {
  it('gammaP is the χ² lower tail: P(χ²_2 ≤ x) = 1 − e^{−x/2}, P(χ²_4 ≤ x) = 1 − e^{−x/2}(1 + x/2)', () => {
    for (const x of [1e-6, 0.01, 0.5, 2, 3.2, 9]) {
      expect(gammaP(1, x / 2) / -Math.expm1(-x / 2)).toBeCloseTo(1, 10);
      const exact4 = 1 - Math.exp(-x / 2) * (1 + x / 2);
      if (exact4 > 1e-8) expect(gammaP(2, x / 2) / exact4).toBeCloseTo(1, 6);
    }
  });

  it('the level model equals a naive quadrature of the PCM over θ ~ N(μ, σ²)', () => {
    const deltas = DELTAS.slice(0, 8);
    const model = levelModel(deltas.map(cum), 0.8);
    const naive = (mu: number) => {
      const R = deltas.reduce((a, d) => a + d.length, 0);
      const dist = new Array<number>(R + 1).fill(0);
      let ws = 0;
      for (let z = -7; z <= 7; z += 0.005) {
        const w = Math.exp(-0.5 * z * z);
        ws += w;
        let d = [1];
        for (const del of deltas) {
          const p = naiveProbs(mu + 0.8 * z, del);
          const next = new Array<number>(d.length + p.length - 1).fill(0);
          d.forEach((a, r) => p.forEach((b, x) => (next[r + x] += a * b)));
          d = next;
        }
        d.forEach((a, r) => (dist[r] += w * a));
      }
      return dist.map((x) => x / ws);
    };
    for (const mu of [-1.5, 0, 0.7, 2.5]) {
      const d = naive(mu);
      const mean = d.reduce((a, p, r) => a + p * r, 0);
      const variance = d.reduce((a, p, r) => a + p * (r - mean) ** 2, 0);
      const got = model.at(mean);
      expect(got.dist.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(got.variance / variance).toBeCloseTo(1, 2);
      expect(got.atMax).toBeCloseTo(d[d.length - 1], 2);
    }
  });
});

/** Binomial(n, p) quantile by summing the pmf in logs (naive, independent of the code under test). */
function binomQuantile(n: number, p: number, prob: number): number {
  let lf = 0;
  let acc = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) lf += Math.log(n - k + 1) - Math.log(k);
    acc += Math.exp(lf + k * Math.log(p) + (n - k) * Math.log1p(-p));
    if (acc >= prob) return k;
  }
  return n;
}

describe('homogeneity null calibration', () => {
  it('bootstrapDf: normal-like totals give f ≈ n − 1; a two-point distribution a much larger f', () => {
    // A fine binomial(40, ½) is close to normal: χ²_{n−1} is the exact null, f must come out near n − 1.
    const bin = new Float64Array(41).map((_, r) => Math.exp(lnChoose(40, r) - 40 * Math.LN2));
    const f = bootstrapDf(bin, 20, 7, 20000);
    expect(f).toBeGreaterThan(16);
    expect(f).toBeLessThan(23);
    // Bernoulli(½) has excess kurtosis −2: s² is nearly constant, far more «df» than n − 1.
    expect(bootstrapDf(Float64Array.from([0.5, 0.5]), 20, 7, 20000)).toBeGreaterThan(60);
  });

  it('honest synthetic GPCM regions: P(p < .01) and P(p < .001) within binomial error of nominal', () => {
    // The benchmark generator plants no homogenisation: every class of an honest school is null.
    const ps: number[] = [];
    for (const seed of [1, 2, 3]) {
      const r = generateRegion({ seed, schools: 160 });
      for (const ds of r.datasets) {
        const v = viewOf(ds);
        const rp = regionPcm(v, fitRegionPcm(v))!;
        expect(groupBy(v.classId).size).toBeGreaterThan(100);
        for (const s of homogeneitySignals(v, rp)) if (!r.truth.get(s.school)!.manipulated) ps.push(s.p);
      }
    }
    const n = ps.length;
    expect(n).toBeGreaterThan(1500);
    // Two-sided 99.9 % binomial bands (classes treated as independent draws).
    for (const a of [0.01, 0.001]) {
      const k = ps.filter((p) => p < a).length;
      expect(k).toBeLessThanOrEqual(binomQuantile(n, a, 0.9995));
      expect(k).toBeGreaterThanOrEqual(binomQuantile(n, a, 0.0005));
    }
  });
});

function lnChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

describe('homogeneity on simulated regions', () => {
  it('honest PCM regions: ≤ 3 % of classes flagged, the ratio centred at 1', () => {
    let flagged = 0;
    let total = 0;
    let lowP = 0;
    for (const seed of [1, 2, 3]) {
      const v = viewOfClasses(honestClasses(mulberry32(seed), 150));
      const rp = regionPcm(v, fitRegionPcm(v))!;
      const sig = homogeneitySignals(v, rp);
      expect(sig).toHaveLength(150);
      // The region factor: the PCM expectation is right for PCM data (within sampling noise).
      expect(sig[0].details!.regionFactor).toBeGreaterThan(0.8);
      expect(sig[0].details!.regionFactor).toBeLessThan(1.25);
      flagged += sig.filter((s) => s.flagged).length;
      lowP += sig.filter((s) => s.p < 0.05).length;
      total += sig.length;
    }
    expect(flagged / total).toBeLessThanOrEqual(0.03);
    expect(lowP / total).toBeLessThan(0.1);
  });

  it('homogenised classes are flagged, with the class histogram against the model', () => {
    const rng = mulberry32(31);
    const classes = honestClasses(rng, 150);
    const squeezed = new Set<string>();
    for (const c of classes.slice(0, 5)) {
      squeezed.add(c.id);
      const tot = c.rows.map((r) => r.reduce((a, b) => a + b, 0)).sort((a, b) => a - b);
      const target = tot[Math.floor(tot.length / 2)];
      // Everyone ends within ±1 point of the class median: patterns redrawn at a matching level.
      c.rows = c.rows.map(() => {
        for (;;) {
          const th = -3 + 6 * rng.next();
          const row = DELTAS.map((d) => drawScore(rng, th, d));
          if (Math.abs(row.reduce((a, b) => a + b, 0) - target) <= 1) return row;
        }
      });
    }
    const v = viewOfClasses(classes);
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const sig = homogeneitySignals(v, rp);
    const hits = sig.filter((s) => s.flagged);
    expect(hits.filter((s) => squeezed.has(s.unit)).length).toBeGreaterThanOrEqual(4);
    expect(hits.filter((s) => !squeezed.has(s.unit)).length).toBeLessThanOrEqual(2);
    const s = hits.find((h) => squeezed.has(h.unit))!;
    expect(s.effect).toBeLessThan(0.5);
    expect(s.ci95![1]).toBeGreaterThan(s.effect);
    expect(s.explanation).toContain('Что проверить');
    expect(s.evidence?.kind).toBe('histogram');
    if (s.evidence?.kind === 'histogram') {
      expect(s.evidence.counts.reduce((a, b) => a + b, 0)).toBe(s.n);
      expect(s.evidence.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(s.n, 1);
    }
    // The effect is the class variance over the level-matched expectation.
    const idx = v.classId.map((c, i) => (c === s.unit ? i : -1)).filter((i) => i >= 0);
    const m = idx.reduce((a, i) => a + v.total[i], 0) / idx.length;
    const s2 = idx.reduce((a, i) => a + (v.total[i] - m) ** 2, 0) / (idx.length - 1);
    expect(s.details!.variance).toBeCloseTo(s2, 10);
    expect(s.effect).toBeCloseTo(s2 / (s.details!.expectedVariance as number), 10);
  });
});
