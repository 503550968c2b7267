// Objectivity engine (src/domain/objectivity): the numeric kernel against hand arithmetic,
// the bunching counterfactual on a histogram with a known planted excess, combine() levels,
// the context table parser.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { overdispersion, sumUpper } from '../../src/domain/objectivity/benchmark.ts';
import { regionBunchingFit, lordWingersky } from '../../src/domain/objectivity/bunching.ts';
import { combine } from '../../src/domain/objectivity/combine.ts';
import { parseContext, parseDecimal } from '../../src/domain/objectivity/context.ts';
import {
  benjaminiHochberg,
  binomUpper,
  blandAltman,
  chiSquareUpper,
  ebShrink,
  leastSquares,
  normalUpper,
  poissonBinomialUpper,
} from '../../src/domain/objectivity/math.ts';
import type { Signal, SignalFamily } from '../../src/domain/objectivity/types.ts';

describe('Benjamini–Hochberg', () => {
  it('matches hand-computed q-values (p.adjust(p, "BH"))', () => {
    // Sorted: .005 .01 .03 .04 .2 → m·p/j = .025 .025 .05 .05 .2, then the running minimum from the top.
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]);
    const want = [0.025, 0.05, 0.05, 0.025, 0.2];
    q.forEach((x, i) => expect(x).toBeCloseTo(want[i], 12));
  });
  it('takes the running minimum from the largest p down', () => {
    // m·p/j = .06, .0315, .5 → q₁ = min(.06, .0315).
    const q = benjaminiHochberg([0.02, 0.021, 0.5]);
    expect(q[0]).toBeCloseTo(0.0315, 12);
    expect(q[1]).toBeCloseTo(0.0315, 12);
    expect(q[2]).toBeCloseTo(0.5, 12);
  });
  it('caps at 1, passes NaN through and does not count it in m', () => {
    const q = benjaminiHochberg([0.9, NaN, 0.8]);
    expect(q[0]).toBeCloseTo(0.9, 12);
    expect(q[1]).toBeNaN();
    expect(q[2]).toBeCloseTo(0.9, 12); // min(2·.8/1, .9)
    expect(benjaminiHochberg([0.7, 0.9])).toEqual([0.9, 0.9]);
  });
});

describe('binomial, sign and Poisson-binomial tails', () => {
  it('binomUpper equals hand sums', () => {
    expect(binomUpper(8, 10, 0.5)).toBeCloseTo(56 / 1024, 12); // C(10,8)+C(10,9)+C(10,10) = 56
    expect(binomUpper(3, 5, 0.2)).toBeCloseTo(0.0512 + 0.0064 + 0.00032, 12);
    expect(binomUpper(0, 5, 0.2)).toBe(1);
    expect(binomUpper(6, 5, 0.2)).toBe(0);
  });
  it('sign test vs a regional share: 7 higher of 9 discordant, π_R = 0.3', () => {
    // P(X ≥ 7), X ~ Bin(9, .3) = C(9,7)·.3⁷·.7² + C(9,8)·.3⁸·.7 + .3⁹
    const want = 36 * 0.3 ** 7 * 0.49 + 9 * 0.3 ** 8 * 0.7 + 0.3 ** 9;
    expect(binomUpper(7, 9, 0.3)).toBeCloseTo(want, 13);
  });
  it('Poisson-binomial tail by hand', () => {
    expect(poissonBinomialUpper([0.5, 0.5], 1)).toBeCloseTo(0.75, 14);
    // P(≥2) for .2, .5, .9: all three .09; exactly two .01 + .09 + .36.
    expect(poissonBinomialUpper([0.2, 0.5, 0.9], 2)).toBeCloseTo(0.55, 14);
    expect(poissonBinomialUpper([0.3, 0.3, 0.3, 0.3], 3)).toBeCloseTo(binomUpper(3, 4, 0.3), 14);
  });
  it('sum of iid integer draws (re-check null)', () => {
    const f = [0.25, 0.5, 0.25]; // on −1, 0, 1
    expect(sumUpper(f, -1, 2, 2)).toBeCloseTo(0.0625, 14);
    expect(sumUpper(f, -1, 2, 1)).toBeCloseTo(0.3125, 14);
    expect(sumUpper(f, -1, 2, -2)).toBeCloseTo(1, 14);
  });
  it('normal and χ² tails', () => {
    expect(normalUpper(1.959963985)).toBeCloseTo(0.025, 6);
    expect(normalUpper(0)).toBeCloseTo(0.5, 7);
    expect(normalUpper(-1.644853627)).toBeCloseTo(0.95, 6);
    expect(chiSquareUpper(3.841458821, 1)).toBeCloseTo(0.05, 7);
    expect(chiSquareUpper(18.30703805, 10)).toBeCloseTo(0.05, 7);
    expect(chiSquareUpper(2, 2)).toBeCloseTo(Math.exp(-1), 12);
  });
  it('overdispersion κ is 0 without excess spread and grows with it', () => {
    const zs = Array.from({ length: 40 }, (_, i) => ((i % 5) - 2) * 0.3);
    const vs = zs.map(() => 5);
    expect(overdispersion(zs, vs)).toBe(0);
    const wide = zs.map((z) => z * 4);
    const k = overdispersion(wide, vs);
    expect(k).toBeGreaterThan(0);
    const med = wide.map((z) => (z * z) / (1 + k * 5)).sort((a, b) => a - b);
    expect((med[19] + med[20]) / 2).toBeCloseTo(0.454936, 4);
  });
});

describe('Bland–Altman and empirical Bayes', () => {
  it('limits of agreement on a hand example', () => {
    const ba = blandAltman([1, 2, 3, 4, 5])!;
    expect(ba.mean).toBe(3);
    expect(ba.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    expect(ba.lower).toBeCloseTo(3 - 1.96 * Math.sqrt(2.5), 12);
    expect(ba.upper).toBeCloseTo(3 + 1.96 * Math.sqrt(2.5), 12);
    expect(blandAltman([1])).toBeNull();
  });
  it('θ̂_j = w_j ȳ_j + (1 − w_j) μ with w_j = τ²/(τ² + σ²/n_j)', () => {
    // τ² = 1, σ² = 4, μ = 0.5.
    const a = ebShrink(2, 4, 0.5, 1, 4); // w = 1/(1 + 1) = .5
    expect(a.w).toBeCloseTo(0.5, 14);
    expect(a.theta).toBeCloseTo(1.25, 14);
    expect(a.postVar).toBeCloseTo(0.5, 14); // (1/1 + 4/4)⁻¹
    const b = ebShrink(-1, 16, 0.5, 1, 4); // w = 1/(1 + .25) = .8
    expect(b.w).toBeCloseTo(0.8, 14);
    expect(b.theta).toBeCloseTo(-0.7, 14);
    expect(b.postVar).toBeCloseTo(0.2, 14);
    expect(ebShrink(3, 10, 0.5, 0, 4).theta).toBe(0.5); // τ² = 0: everything shrinks to μ
  });
  it('least squares recovers an exact line and weighted means', () => {
    const x = [0, 1, 2, 3].map((t) => [1, t]);
    const beta = leastSquares(x, [1, 3, 5, 7])!;
    expect(beta[0]).toBeCloseTo(1, 12);
    expect(beta[1]).toBeCloseTo(2, 12);
    const wm = leastSquares([[1], [1]], [0, 10], [3, 1])!;
    expect(wm[0]).toBeCloseTo(2.5, 12);
    expect(
      leastSquares(
        [
          [1, 2],
          [2, 4],
          [3, 6],
        ],
        [1, 2, 3],
      ),
    ).toBeNull();
  });
});

describe('bunching counterfactual', () => {
  const shape = (s: number) => 200 + 30 * s - 1.2 * s * s; // positive on 0..24
  it('recovers a planted 40 % shift exactly on a polynomial histogram', () => {
    const hist = Array.from({ length: 25 }, (_, s) => shape(s));
    const moved = 0.4 * (hist[14] + hist[15]);
    hist[14] *= 0.6;
    hist[15] *= 0.6;
    hist[16] += moved;
    const fit = regionBunchingFit(hist, [8, 16], { degree: 4, below: 2, above: 0, boot: 200, seed: 1 })!;
    for (let s = 0; s <= 24; s++) expect(fit.counterfactual[s]).toBeCloseTo(shape(s), 6);
    const at16 = fit.perCut.find((c) => c.cut === 16)!;
    expect(at16.shareMoved).toBeCloseTo(0.4, 8);
    expect(at16.excess).toBeCloseTo(moved, 6);
    expect(at16.missing).toBeCloseTo(moved, 6);
    const at8 = fit.perCut.find((c) => c.cut === 8)!;
    expect(Math.abs(at8.shareMoved)).toBeLessThan(1e-8);
  });
  it('with noise, the bootstrap CI (seeded) covers the planted share and is reproducible', () => {
    let seed = 12345;
    const noise = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed / 2147483648 - 0.5) * 16; // ±8 works
    };
    const hist = Array.from({ length: 25 }, (_, s) => shape(s) + noise());
    const moved = 0.3 * (hist[14] + hist[15]);
    hist[14] *= 0.7;
    hist[15] *= 0.7;
    hist[16] += moved;
    const a = regionBunchingFit(hist, [8, 16], { degree: 4, boot: 500, seed: 3 })!;
    const b = regionBunchingFit(hist, [8, 16], { degree: 4, boot: 500, seed: 3 })!;
    const c16 = a.perCut[1];
    expect(c16.shareMoved).toBeGreaterThan(0.2);
    expect(c16.shareMoved).toBeLessThan(0.4);
    expect(c16.ci95![0]).toBeLessThan(0.3);
    expect(c16.ci95![1]).toBeGreaterThan(0.3);
    expect(c16.ci95![0]).toBeGreaterThan(0.1);
    expect(b.perCut[1].ci95).toEqual(c16.ci95);
    expect(a.perCut[0].ci95![0]).toBeLessThan(0);
    expect(a.perCut[0].ci95![1]).toBeGreaterThan(0);
  });
  it('Lord–Wingersky gives a distribution over 0..Σm', () => {
    const items = [new Float64Array([0, 0.5]), new Float64Array([0, -0.2, -1.1]), new Float64Array([0, 1])];
    const d = lordWingersky(0.3, items);
    expect(d.length).toBe(5);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    // One dichotomous item: P(1) = logistic(θ + b₁).
    const one = lordWingersky(0.3, [new Float64Array([0, 0.5])]);
    expect(one[1]).toBeCloseTo(1 / (1 + Math.exp(-0.8)), 14);
  });
});

function sig(school: string, family: SignalFamily, q: number, flagged: boolean): Signal {
  return {
    id:
      family === 'distribution'
        ? 'bunching'
        : family === 'external'
          ? 'journal-higher'
          : family === 'pattern'
            ? 'common-pattern'
            : 'context-overperformance',
    family,
    procedure: 'ВПР-2025-Математика-4',
    unitKind: family === 'pattern' ? 'class' : 'school',
    unit: family === 'pattern' ? `${school}/4А` : school,
    school,
    n: 30,
    effect: 1,
    effectUnit: '',
    ci95: null,
    p: q / 2,
    q,
    flagged,
    minN: 20,
    threshold: 0,
    caveats: [],
    explanation: '',
  };
}

describe('combine()', () => {
  it('red for flags in two families, amber for one, none otherwise; risk = Σ families of max −log10 q', () => {
    const out = combine(
      [
        sig('A', 'distribution', 1e-4, true),
        sig('A', 'external', 1e-3, true),
        sig('A', 'external', 0.5, false),
        sig('B', 'pattern', 1e-6, true),
        sig('B', 'pattern', 1e-2, true),
        sig('C', 'context', 0.2, false),
      ],
      ['A', 'B', 'C', 'D'],
    );
    const by = new Map(out.map((s) => [s.id, s]));
    expect(by.get('A')!.level).toBe('red');
    expect(by.get('A')!.families).toEqual(['distribution', 'external']);
    expect(by.get('A')!.riskScore).toBeCloseTo(4 + 3, 10);
    expect(by.get('B')!.level).toBe('amber');
    expect(by.get('B')!.riskScore).toBeCloseTo(6, 10);
    expect(by.get('C')!.level).toBe('none');
    expect(by.get('C')!.riskScore).toBeCloseTo(-Math.log10(0.2), 10);
    expect(by.get('D')!.level).toBe('none');
    expect(by.get('D')!.riskScore).toBe(0);
    expect(by.get('D')!.signals).toEqual([]);
    expect(by.get('A')!.signals).toHaveLength(3);
  });
  it('caps one family at 10 (q = 0)', () => {
    const [s] = combine([sig('A', 'external', 0, true)]);
    expect(s.riskScore).toBe(10);
    expect(s.level).toBe('amber');
  });
});

describe('context table', () => {
  it('parses CSV with decimal commas, CRLF and a BOM', () => {
    const csv =
      '\ufeffЛогин ОО;Название ОО;Муниципалитет;Тип поселения;Индекс благополучия\r\n' +
      'edu1;МБОУ «СОШ №1»;город Ясногорск;город;0,72\r\n' +
      'edu2;МБОУ «СОШ №2»;район;село;-1,41\r\n' +
      'edu3;МБОУ «ООШ»;район;село;\r\n';
    const t = parseContext(new TextEncoder().encode(csv), 'context.csv');
    expect(t.size).toBe(3);
    expect(t.get('edu1')).toEqual({
      login: 'edu1',
      name: 'МБОУ «СОШ №1»',
      municipality: 'город Ясногорск',
      urban: true,
      ses: 0.72,
    });
    expect(t.get('edu2')!.urban).toBe(false);
    expect(t.get('edu2')!.ses).toBe(-1.41);
    expect(t.get('edu3')!.ses).toBeNull();
  });
  it('parses XLSX with numbers or text cells', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['Контекст школ'],
      ['Логин ОО', 'Тип поселения', 'Индекс благополучия'],
      ['edu1', 'город', 0.5],
      ['edu2', 'село', '−0,25'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Лист1');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const t = parseContext(bytes, 'context.xlsx');
    expect(t.get('edu1')).toMatchObject({ urban: true, ses: 0.5 });
    expect(t.get('edu2')).toMatchObject({ urban: false, ses: -0.25 });
  });
  it('rejects a table without the needed columns, in Russian', () => {
    expect(() => parseContext(new TextEncoder().encode('a;b\n1;2\n'), 'x.csv')).toThrow(/Логин ОО/);
    expect(parseDecimal(' 1 234,5 ')).toBe(1234.5);
    expect(parseDecimal('abc')).toBeNull();
  });
});
