// CTT (src/domain/psychometrics/ctt.ts) against hand arithmetic, a naive second implementation,
// and psych 2.2.9 (tests/fixtures/psychometrics/make-reference.R → reference-*.json, ≤ 1e-9).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ctt, orderByTotal } from '../../src/domain/psychometrics/ctt.ts';
import { fQuantile, incompleteBeta } from '../../src/domain/psychometrics/fdist.ts';
import { scoreMatrixFromRows, totals } from '../../src/domain/psychometrics/matrix.ts';
import { weightedKappa } from '../../src/domain/stats/kappa.ts';
import { pearson } from '../../src/domain/stats/ranks.ts';
import { MATRICES, allClose, close, readCsv, readReference } from '../fixtures/psychometrics/reference.ts';

describe('CTT by hand: 4 pupils × 3 tasks', () => {
  //        A  B  C   total
  //  p1    1  0  1   2
  //  p2    1  1  2   4
  //  p3    0  0  0   0
  //  p4    1  1  1   3
  // Means .75, .5, 1; total mean 2.25.
  // Variances (n − 1 = 3): A: 3·.0625 + .5625 = .75 → .25; B: 4·.25 = 1 → 1/3; C: 0+1+1+0 = 2 → 2/3.
  // Total: .0625 + 3.0625 + 5.0625 + .5625 = 8.75 → 35/12. Σs_i² = 15/12.
  // α = 3/2 · (1 − 15/35) = 6/7.
  // r.drop(A) = cor(A, B + C): B + C = 1, 3, 0, 2 (mean 1.5); cov = (−.125 + .375 + 1.125 + .125)/3 = .5;
  //   var(B + C) = 5/3; r.drop = .5/√(.25 · 5/3) = √0.6.
  // α without A: cov(B, C) = (0 + .5 + .5 + 0)/3 = 1/3; var(B + C) = 5/3; α = 2 · (1 − (1/3 + 2/3)/(5/3)) = 0.8.
  // SEM = √(35/12) · √(1/7) = √(5/12).
  // Kelley: g = round(0.27 · 4) = 1; ascending totals p3 < p1 < p4 < p2 → L = {p3}, U = {p2};
  //   D(A) = (1 − 0)/1 = 1, D(B) = 1, D(C) = (2 − 0)/2 = 1.
  const m = scoreMatrixFromRows(
    [
      [1, 0, 1],
      [1, 1, 2],
      [0, 0, 0],
      [1, 1, 1],
    ],
    [1, 1, 2],
    ['A', 'B', 'C'],
  );
  const c = ctt(m);
  it('α, r.drop, α-if-deleted, SEM, difficulty, D', () => {
    close(c.alpha, 6 / 7, 1e-15);
    close(c.items[0].rDrop, Math.sqrt(0.6), 1e-15);
    close(c.items[0].alphaIfDeleted, 0.8, 1e-15);
    close(c.sem, Math.sqrt(5 / 12), 1e-15);
    close(c.totalMean, 2.25, 1e-15);
    close(c.totalSd, Math.sqrt(35 / 12), 1e-15);
    expect(c.items.map((i) => i.p)).toEqual([0.75, 0.5, 0.5]);
    expect(c.groupSize).toBe(1);
    expect(c.items.map((i) => i.d)).toEqual([1, 1, 1]);
  });

  it('a zero-variance task is left out of α, as psych delete = TRUE', () => {
    const z = scoreMatrixFromRows(
      [
        [1, 0, 1, 1],
        [1, 1, 2, 1],
        [0, 0, 0, 1],
        [1, 1, 1, 1],
      ],
      [1, 1, 2, 1],
    );
    const cz = ctt(z);
    expect(cz.items[3].used).toBe(false);
    expect(cz.items[3].rDrop).toBeNull();
    expect(cz.k).toBe(3);
    close(cz.alpha, 6 / 7, 1e-15);
  });
});

describe('CTT against psych::alpha (check.keys = FALSE, cumulative = TRUE), ≤ 1e-9', () => {
  for (const name of MATRICES) {
    it(name, () => {
      const ref = readReference(`reference-${name}.json`);
      const { header, rows } = readCsv(`${name}.csv`);
      expect(header).toEqual(ref.items);
      const c = ctt(scoreMatrixFromRows(rows));
      expect(c.n).toBe(ref.n);
      close(c.alpha, ref.raw_alpha[0], 1e-9);
      close(c.stdAlpha, ref.std_alpha[0], 1e-9);
      close(c.averageR, ref.average_r[0], 1e-9);
      close(c.totalMean, ref.total_mean[0], 1e-9);
      close(c.totalSd, ref.total_sd[0], 1e-9);
      allClose(
        c.items.map((i) => i.alphaIfDeleted),
        ref.alpha_drop_raw,
        1e-9,
      );
      allClose(
        c.items.map((i) => i.stdAlphaIfDeleted),
        ref.alpha_drop_std,
        1e-9,
      );
      allClose(
        c.items.map((i) => i.rDrop),
        ref.r_drop,
        1e-9,
      );
      allClose(
        c.items.map((i) => i.r),
        ref.raw_r,
        1e-9,
      );
      allClose(
        c.items.map((i) => i.mean),
        ref.item_mean,
        1e-9,
      );
      allClose(
        c.items.map((i) => i.sd),
        ref.item_sd,
        1e-9,
      );
      close(c.feldt?.lower, ref.feldt_lower[0], 1e-9);
      close(c.feldt?.upper, ref.feldt_upper[0], 1e-9);
      close(c.sem, ref.total_sd[0] * Math.sqrt(1 - ref.raw_alpha[0]), 1e-9);
    });
  }
});

describe('CTT against a naive second implementation', () => {
  const naive = (rows: number[][], max: number[]) => {
    const n = rows.length;
    const k = max.length;
    const tot = rows.map((r) => r.reduce((a, b) => a + b, 0));
    const order = rows.map((_, i) => i).sort((a, b) => tot[a] - tot[b] || a - b);
    const g = Math.round(0.27 * n);
    return Array.from({ length: k }, (_, i) => {
      const x = rows.map((r) => r[i]);
      const rest = rows.map((r, n2) => tot[n2] - r[i]);
      const lo = order.slice(0, g).reduce((a, p) => a + rows[p][i], 0) / g;
      const hi = order.slice(n - g).reduce((a, p) => a + rows[p][i], 0) / g;
      return { rDrop: pearson(x, rest), r: pearson(x, tot), d: (hi - lo) / max[i] };
    });
  };

  it('r, r.drop and the Kelley index on random matrices (ties broken by row index)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 3 }),
          ),
          {
            minLength: 8,
            maxLength: 60,
          },
        ),
        (tuples) => {
          const rows = tuples.map((t) => [...t]);
          const max = [1, 2, 3];
          const c = ctt(scoreMatrixFromRows(rows, max));
          const ref = naive(rows, max);
          for (let i = 0; i < 3; i++) {
            const it = c.items[i];
            if (!it.used) continue;
            const rd = ref[i].rDrop;
            if (rd !== null && it.rDrop !== null) expect(Math.abs(it.rDrop - rd)).toBeLessThan(1e-12);
            if (ref[i].r !== null)
              expect(Math.abs((it.r as number) - (ref[i].r as number))).toBeLessThan(1e-12);
            expect(Math.abs((it.d as number) - ref[i].d)).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('orderByTotal is the stable ascending order', () => {
    const m = scoreMatrixFromRows([[2], [0], [2], [1], [0]]);
    expect([...orderByTotal(totals(m))]).toEqual([1, 4, 3, 0, 2]);
  });

  it('the F quantile equals R qf and inverts the incomplete beta', () => {
    const f = fQuantile(0.975, 10, 20);
    close(f, 2.7736713751990809, 1e-9); // R: qf(0.975, 10, 20)
    close(incompleteBeta((10 * f) / (10 * f + 20), 5, 10), 0.975, 1e-12);
  });
});

describe('weighted κ (src/domain/stats/kappa.ts) against psych::cohen.kappa(cbind(a, b), levels = 2:5)', () => {
  interface KappaRef {
    n: number;
    table_rows_journal_cols_vpr: number[];
    kappa: number[];
    weighted_kappa: number[];
    weights_row_major: number[];
  }
  it('quadratic agreement weights, journal × ВПР mark of 2 000 real pupils, ≤ 1e-9', () => {
    const ref = readReference<KappaRef>('reference-kappa.json');
    const { rows } = readCsv('kappa-pairs.csv');
    const table = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    for (const [a, b] of rows) table[a - 2][b - 2]++;
    expect(table.flat()).toEqual(ref.table_rows_journal_cols_vpr);
    close(weightedKappa(table, 'quadratic'), ref.weighted_kappa[0], 1e-9);
    close(weightedKappa(table, 'none'), ref.kappa[0], 1e-9);
    // psych's default weight matrix is 1 − (i − j)²/(K − 1)², i.e. quadratic.
    const w = [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => 1 - (i - j) ** 2 / 9));
    allClose(w, ref.weights_row_major, 1e-15);
  });
});
