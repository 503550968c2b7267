// The statistics building blocks against hand arithmetic (written out in the comments) and
// against deliberately naive second implementations (property tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ci95, mean, sampleSd, sampleSdFromSums } from '../../src/domain/stats/descriptive.ts';
import { fiokoStatus, groupThreshold } from '../../src/domain/stats/fioko.ts';
import { agreementWeight, weightedKappa } from '../../src/domain/stats/kappa.ts';
import { markFor, markTable } from '../../src/domain/stats/marks.ts';
import { wilson } from '../../src/domain/stats/proportion.ts';
import { quantileLinear } from '../../src/domain/stats/quantile.ts';
import { averageRanks, spearman, spearmanFromTable } from '../../src/domain/stats/ranks.ts';

const close = (a: number | null | undefined, b: number, tol = 1e-9) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol);
};

describe('descriptive', () => {
  it('mean, sample sd and ci95 of 3, 1, 1, 0', () => {
    // mean = 5/4 = 1.25; deviations 1.75, −0.25, −0.25, −1.25 → squares sum 4.75;
    // var = 4.75/3 = 1.58333…; sd = 1.2583057392117916; ci = 1.25 ± 1.96·sd/2 = 1.25 ± 1.2331396…
    close(mean([3, 1, 1, 0]), 1.25);
    close(sampleSd([3, 1, 1, 0]), 1.2583057392117916);
    close(sampleSdFromSums(4, 5, 11), 1.2583057392117916); // Σx = 5, Σx² = 9 + 1 + 1 = 11
    const ci = ci95(1.25, 1.2583057392117916, 4)!;
    close(ci[0], 0.016860375572444353);
    close(ci[1], 2.4831396244275554);
  });

  it('undefined values are null', () => {
    expect(mean([])).toBeNull();
    expect(sampleSd([7])).toBeNull();
    expect(sampleSdFromSums(1, 7, 49)).toBeNull();
    expect(ci95(7, null, 1)).toBeNull();
  });

  it('sd from integer sums equals the two-pass sd', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 300 }), (xs) => {
        const s = xs.reduce((a, x) => a + x, 0);
        const q = xs.reduce((a, x) => a + x * x, 0);
        close(sampleSdFromSums(xs.length, s, q), sampleSd(xs) as number, 1e-9);
      }),
    );
  });
});

describe('Wilson interval', () => {
  it('matches prop.test(7, 20, correct = FALSE): 0.18119–0.56715', () => {
    const [lo, hi] = wilson(7, 20)!;
    close(lo, 0.1811895478679446);
    close(hi, 0.5671494897805353);
  });

  it('hand values for 2/4 and 1/1', () => {
    // 2/4: z² = 3.8416; denom = 1 + 3.8416/4 = 1.9604; centre = 0.5 + 3.8416/8 = 0.9802;
    // half = 1.96·√(0.25/4 + 3.8416/64) = 1.96·√0.122525 = 0.68607; (0.9802 ∓ 0.68607)/1.9604.
    const a = wilson(2, 4)!;
    close(a[0], 0.15003570882017145);
    close(a[1], 0.8499642911798285);
    // 1/1: centre = 1 + 1.9208 = 2.9208; half = 1.96·√(3.8416/4) = 1.9208; lower = 1/4.8416.
    const b = wilson(1, 1)!;
    close(b[0], 1 / 4.8416);
    close(b[1], 1);
    expect(wilson(0, 0)).toBeNull();
  });

  it('contains the estimate and stays in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const [lo, hi] = wilson(x, n)!;
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeLessThanOrEqual(1);
        expect(lo).toBeLessThanOrEqual(x / n + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(x / n - 1e-12);
      }),
    );
  });
});

/** Naive average ranks: 1 + (number smaller) + (number equal − 1)/2, O(n²). */
function naiveRanks(xs: number[]): number[] {
  return xs.map((x) => 1 + xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length - 1) / 2);
}
function naivePearson(x: number[], y: number[]): number | null {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

describe('ranks and Spearman', () => {
  it('hand example with ties', () => {
    // x = 1, 2, 2, 3 → ranks 1, 2.5, 2.5, 4; y = 1, 3, 2, 4 → ranks 1, 3, 2, 4. Mean rank 2.5.
    // dx = −1.5, 0, 0, 1.5; dy = −1.5, 0.5, −0.5, 1.5; Sxy = 4.5, Sxx = 4.5, Syy = 5;
    // rho = 4.5/√22.5 = 0.9486832980505138 (scipy.stats.spearmanr gives the same).
    expect(Array.from(averageRanks([1, 2, 2, 3]))).toEqual([1, 2.5, 2.5, 4]);
    close(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 0.9486832980505138);
  });

  it('null for fewer than 2 pairs or a constant column', () => {
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([3, 3, 3], [1, 2, 3])).toBeNull();
    expect(
      spearmanFromTable([
        [0, 0],
        [0, 1],
      ]),
    ).toBeNull();
    expect(spearmanFromTable([[1, 2]])).toBeNull();
  });

  const pairs = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 8 })), {
    minLength: 0,
    maxLength: 120,
  });

  it('equals the naive O(n²) rank correlation', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const x = ps.map((p) => p[0]);
        const y = ps.map((p) => p[1]);
        const want = x.length < 2 ? null : naivePearson(naiveRanks(x), naiveRanks(y));
        const got = spearman(x, y);
        if (want === null) expect(got).toBeNull();
        else close(got, want, 1e-9);
      }),
    );
  });

  it('from a contingency table equals Spearman on the expanded pairs', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const table = [0, 1, 2, 3].map(() => new Array(9).fill(0));
        for (const [a, b] of ps) table[a][b]++;
        const want =
          ps.length < 2
            ? null
            : naivePearson(naiveRanks(ps.map((p) => p[0])), naiveRanks(ps.map((p) => p[1])));
        const got = spearmanFromTable(table);
        if (want === null) expect(got).toBeNull();
        else close(got, want, 1e-9);
      }),
    );
  });
});

describe('weighted kappa (psych::cohen.kappa, levels 2..5)', () => {
  // Rows: journal 2..5, columns: ВПР 2..5, n = 17; margins r = c = 3, 5, 6, 3.
  const T = [
    [2, 1, 0, 0],
    [1, 3, 1, 0],
    [0, 1, 4, 1],
    [0, 0, 1, 2],
  ];
  // Σ r_i·c_j by distance |i−j|: d0 = 9+25+36+9 = 79; d1 = 2(15+30+18) = 126; d2 = 2(18+15) = 66;
  // d3 = 2·9 = 18 (total 289 = 17²). Observed: 11 on the diagonal, 6 at distance 1.

  it('quadratic weights: 450/552', () => {
    // w = 1 − d²/9: 1, 8/9, 5/9, 0. p_o = (11 + 6·8/9)/17 = 147/153 = 2499/2601;
    // p_e = (79 + 126·8/9 + 66·5/9)/289 = 2049/2601; κ = (2499 − 2049)/(2601 − 2049) = 450/552.
    close(weightedKappa(T, 'quadratic'), 450 / 552, 1e-12);
  });

  it('linear weights: 630/936', () => {
    // w = 1 − d/3: p_o = (11 + 6·2/3)/17 = 15/17 = 2295/2601; p_e = (79 + 84 + 22)/289 = 1665/2601;
    // κ = (2295 − 1665)/(2601 − 1665) = 630/936.
    close(weightedKappa(T, 'linear'), 630 / 936, 1e-12);
  });

  it('unweighted: 972/1890', () => {
    // p_o = 11/17 = 1683/2601; p_e = 79/289 = 711/2601; κ = (1683 − 711)/(2601 − 711).
    close(weightedKappa(T, 'none'), 972 / 1890, 1e-12);
  });

  it('weights depend on the fixed K = 4, not on the categories observed', () => {
    expect(agreementWeight(0, 1, 4, 'quadratic')).toBeCloseTo(8 / 9, 15);
    // A table using only marks 3 and 4 still uses the K = 4 weights: p_o = (2 + 2·8/9)/4 = 17/18;
    // margins 2, 2 → p_e = (4 + 4 + 2·4·8/9)/16 = (8 + 64/9)/16 = 136/144 = 17/18 = p_o → κ = 0.
    const t = [
      [0, 0, 0, 0],
      [0, 1, 1, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
    ];
    close(weightedKappa(t, 'quadratic'), 0, 1e-12);
    expect(weightedKappa([[0]], 'quadratic')).toBeNull();
  });
});

describe('quantile (numpy linear)', () => {
  it('hand values', () => {
    // [1,2,3,4], p = .25: h = 3·.25 = 0.75 → 1 + .75·(2 − 1) = 1.75 (numpy.quantile gives 1.75).
    close(quantileLinear([4, 2, 3, 1], 0.25), 1.75);
    // [0.9, 1, 1, 1.05, 1.1, 3]: Q25 h = 1.25 → 1 + .25·0 = 1; Q75 h = 3.75 → 1.05 + .75·.05 = 1.0875.
    close(quantileLinear([3, 1, 0.9, 1.1, 1, 1.05], 0.25), 1);
    close(quantileLinear([3, 1, 0.9, 1.1, 1, 1.05], 0.75), 1.0875);
    close(quantileLinear([3, 1, 2], 0.1), 1.2); // h = 0.2 → 1 + 0.2·1
    close(quantileLinear([5], 0.5), 5);
    expect(quantileLinear([], 0.5)).toBeNull();
  });
});

describe('marks and ФИОКО thresholds', () => {
  const scale: [number, number][] = [
    [0, 6],
    [7, 10],
    [11, 14],
    [15, 20],
  ];
  it('markFor follows the ranges; an overlap gives the higher mark; a gap none', () => {
    expect([0, 6, 7, 10, 11, 14, 15, 20].map((s) => markFor(s, scale))).toEqual([2, 2, 3, 3, 4, 4, 5, 5]);
    expect(
      markFor(35, [
        [0, 10],
        [11, 26],
        [27, 35],
        [35, 40],
      ]),
    ).toBe(5);
    expect(
      markFor(8, [
        [0, 6],
        [9, 10],
        [11, 14],
        [15, 20],
      ]),
    ).toBe(0);
    expect(markFor(3, null)).toBe(0);
    expect(Array.from(markTable(scale, 20))).toEqual(Array.from({ length: 21 }, (_, s) => markFor(s, scale)));
  });

  it('Б: ≥60 sufficient, <57 insufficient; П/В: ≥30, <28.5', () => {
    expect([60, 59.99, 57, 56.99].map((c) => fiokoStatus(c, 'Б'))).toEqual([
      'sufficient',
      'uncertain',
      'uncertain',
      'insufficient',
    ]);
    expect([30, 29, 28.5, 28.49].map((c) => fiokoStatus(c, 'П'))).toEqual([
      'sufficient',
      'uncertain',
      'uncertain',
      'insufficient',
    ]);
    expect(fiokoStatus(29, 'В')).toBe('uncertain');
    expect(fiokoStatus(59, undefined)).toBe('uncertain');
  });

  it('a group threshold is the point-weighted mean of its tasks', () => {
    // 1 point Б (60/57) and 2 points П (30/28.5): (60 + 60)/3 = 40; (57 + 57)/3 = 38.
    const t = groupThreshold([
      { max: 1, level: 'Б' },
      { max: 2, level: 'П' },
    ]);
    close(t.sufficient, 40);
    close(t.insufficient, 38);
  });
});
