// Issue #15 statistics against independent computations: the small-school simulated p (exact
// enumeration of a tiny pool), the normal quantile (hand values), Stouffer with correlation (hand
// values), the beta-binomial tail (a naive product-form pmf), task cells of a re-check (counted by
// hand), multi-point-over-one-point excess (a naive per-group mean), the outfit MSQ (the textbook
// dichotomous formula), over-fit of fabricated smooth classes, the placebo shuffles and the rule that
// a joint finding does not count the same evidence twice.
import { describe, expect, it } from 'vitest';
import { combine } from '../../src/domain/objectivity/combine.ts';
import {
  inflationThenFall,
  stouffer2,
  stoufferK,
  winsorCorrelation,
} from '../../src/domain/objectivity/joint.ts';
import { normalUpper } from '../../src/domain/objectivity/math.ts';
import { multiOverSingleSignals } from '../../src/domain/objectivity/multi-single.ts';
import { outfitMsq, overfitSignals } from '../../src/domain/objectivity/overfit.ts';
import { placeboCuts, shuffleClasses, shuffleJournal } from '../../src/domain/objectivity/placebo.ts';
import { betaBinomUpper, taskCells } from '../../src/domain/objectivity/recheck-tasks.ts';
import { fitRegionPcm, regionPcm } from '../../src/domain/objectivity/region-pcm.ts';
import { normalQuantile, simulatedUpper } from '../../src/domain/objectivity/small-sample.ts';
import { generateRegion, HARD_REGION } from '../../src/domain/objectivity/synthetic/generate.ts';
import { cohortSignals } from '../../src/domain/objectivity/benchmark.ts';
import type { Signal } from '../../src/domain/objectivity/types.ts';
import { viewOf } from '../../src/domain/objectivity/data.ts';
import { DELTAS, drawScore, honestClasses, mulberry32, viewOfClasses } from './pcm-sim.ts';

const signal = (over: Partial<Signal>): Signal => ({
  id: 'context-overperformance',
  family: 'context',
  procedure: 'A',
  unitKind: 'school',
  unit: 's',
  school: 's',
  n: 20,
  effect: 0,
  effectUnit: 'SD',
  ci95: null,
  p: 0.5,
  q: 1,
  flagged: false,
  minN: 5,
  threshold: 0,
  caveats: [],
  explanation: '',
  ...over,
});

describe('small-school simulated p', () => {
  it('equals the exact law of a mean of draws from a two-point pool (τ = 0)', () => {
    const pool = Float64Array.from([-1, 1]);
    // Mean of 3 draws ≥ 1/3 ⇔ at least two +1: 4/8; ≥ 1 ⇔ all three: 1/8.
    const p1 = simulatedUpper(1 / 3 - 1e-9, 0, [{ pool, n: 3, sign: 1 }], 11);
    const p2 = simulatedUpper(1 - 1e-9, 0, [{ pool, n: 3, sign: 1 }], 12);
    expect(Math.abs(p1 - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(p2 - 0.125)).toBeLessThan(0.02);
    // A difference of two means: 2 draws minus 2 draws ≥ 2 ⇔ (+1,+1) and (−1,−1): 1/16.
    const p3 = simulatedUpper(
      2 - 1e-9,
      0,
      [
        { pool, n: 2, sign: 1 },
        { pool, n: 2, sign: -1 },
      ],
      13,
    );
    expect(Math.abs(p3 - 1 / 16)).toBeLessThan(0.015);
  });

  it('approaches the normal law for a large n and adds τ² to the variance', () => {
    const rng = mulberry32(5);
    const pool = Float64Array.from({ length: 4000 }, () => rng.normal());
    // n = 50 draws of N(0,1) plus N(0, 0.2): sd √(0.02 + 0.2).
    const sd = Math.sqrt(1 / 50 + 0.2);
    const p = simulatedUpper(1.5 * sd, 0.2, [{ pool, n: 50, sign: 1 }], 3);
    expect(Math.abs(p - normalUpper(1.5))).toBeLessThan(0.012);
  });

  it('the normal quantile matches hand values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 6);
  });
});

describe('joint findings', () => {
  it('Stouffer with correlation: hand values', () => {
    // z = 2 and 2, ρ = 0: Z = 4/√2 = 2.828427; ρ = 0.5: Z = 4/√3 = 2.309401.
    expect(stouffer2(2, 2, 0)).toBeCloseTo(0.0023389, 6);
    expect(stouffer2(2, 2, 0.5)).toBeCloseTo(0.0104606, 6);
    // A negative ρ is taken as 0 (conservative).
    expect(stouffer2(2, 2, -0.4)).toBe(stouffer2(2, 2, 0));
  });

  it('the winsorized correlation equals a naive Pearson on clipped values', () => {
    const a = [0.1, 2, -1, 5, 0.3, -0.7, 1.2, 0.9, -2, 4];
    const b = [0.3, 1.5, -0.2, 0.8, -0.1, -1.1, 1.0, 0.4, -3.5, 2.2];
    const clip = (x: number) => Math.max(-3, Math.min(3, x));
    const x = a.map(clip);
    const y = b.map(clip);
    const m = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const cov = x.reduce((s, t, i) => s + (t - m(x)) * (y[i] - m(y)), 0);
    const r =
      cov /
      Math.sqrt(x.reduce((s, t) => s + (t - m(x)) ** 2, 0) * y.reduce((s, t) => s + (t - m(y)) ** 2, 0));
    expect(winsorCorrelation(a, b)).toBeCloseTo(r, 12);
  });

  it('inflation then fall: one finding per school, p from the two pieces, BH across schools', () => {
    const rng = mulberry32(9);
    const signals: Signal[] = [];
    for (let j = 0; j < 30; j++) {
      const pc = j === 0 ? 0.004 : rng.next();
      const pd = j === 0 ? 0.003 : rng.next();
      signals.push(signal({ school: `s${j}`, procedure: 'A', p: pc, effect: 0.4 }));
      signals.push(
        signal({
          id: 'cohort-drop',
          family: 'external',
          school: `s${j}`,
          procedure: 'B',
          p: pd,
          effect: 0.5,
        }),
      );
    }
    const joint = inflationThenFall(signals, 'A', 'B');
    expect(joint.length).toBe(30);
    const s0 = joint.find((s) => s.school === 's0')!;
    const rho = s0.details!.rho as number;
    const z = (normalQuantile(1 - 0.004) + normalQuantile(1 - 0.003)) / Math.sqrt(2 + 2 * Math.max(0, rho));
    expect(s0.p).toBeCloseTo(normalUpper(z), 12);
    expect(s0.p).toBeLessThan(Math.min(0.004, 0.003));
    const ranked = joint.map((s) => s.p).sort((a, b) => a - b);
    expect(s0.q).toBeCloseTo(Math.min(1, (30 * ranked[0]) / 1), 12);
    expect(s0.flagged).toBe(s0.q < 0.05);
    expect(s0.evidence?.kind).toBe('bars');
  });

  it('a joint finding does not add a family whose own piece is already flagged', () => {
    const drop = signal({
      id: 'cohort-drop',
      family: 'external',
      procedure: 'B',
      p: 1e-5,
      q: 1e-3,
      flagged: true,
    });
    const joint = signal({
      id: 'inflation-then-fall',
      family: 'context',
      procedure: 'A → B',
      p: 1e-6,
      q: 1e-4,
      flagged: true,
    });
    expect(combine([drop, joint])[0].level).toBe('amber');
    expect(combine([joint])[0].level).toBe('amber');
    expect(combine([joint])[0].riskScore).toBeCloseTo(4, 12);
    // An independent flag of another family (bunching) with the joint finding: two families.
    const bunching = signal({ id: 'bunching', family: 'distribution', p: 1e-5, q: 1e-3, flagged: true });
    expect(combine([bunching, joint])[0].level).toBe('red');
  });
});

describe('re-check by task', () => {
  it('the beta-binomial tail equals a naive sum of the product-form pmf, and the binomial in the limit', () => {
    const naive = (u: number, n: number, a: number, b: number) => {
      let p = 0;
      for (let k = u; k <= n; k++) {
        // C(n,k) Π_{i<k}(a+i) Π_{i<n−k}(b+i) / Π_{i<n}(a+b+i)
        let t = 1;
        for (let i = 0; i < k; i++) t *= (n - i) / (i + 1);
        for (let i = 0; i < k; i++) t *= a + i;
        for (let i = 0; i < n - k; i++) t *= b + i;
        for (let i = 0; i < n; i++) t /= a + b + i;
        p += t;
      }
      return p;
    };
    for (const [u, n, a, b] of [
      [3, 12, 0.4, 9],
      [5, 25, 1.2, 20],
      [1, 4, 0.3, 0.7],
      [10, 30, 2, 3],
    ])
      expect(betaBinomUpper(u, n, a, b)).toBeCloseTo(naive(u, n, a, b), 12);
    // a + b → ∞ at rate 0.1: the binomial tail P(Bin(20, .1) ≥ 4) = 0.1329533.
    expect(betaBinomUpper(4, 20, 0.1 * 1e7, 0.9 * 1e7)).toBeCloseTo(0.1329533, 5);
  });

  it('task cells: multi-point tasks where the commission left room, counted by hand', () => {
    const region = generateRegion({ seed: 4, schools: 20, perType: 0 });
    const v = viewOf(region.datasets[0]);
    const rc = viewOf(region.rechecks[0]);
    const cells = taskCells([{ v, recheck: rc }]);
    const login = rc.school[0];
    let c = 0;
    let u = 0;
    let w = 0;
    for (let r = 0; r < rc.n; r++) {
      if (rc.school[r] !== login) continue;
      const i = v.code.indexOf(rc.code[r]);
      w++;
      v.taskMax.forEach((m, t) => {
        if (m < 2 || rc.scores[t][r] >= m) return;
        c++;
        if (v.scores[t][i] > rc.scores[t][r]) u++;
      });
    }
    expect(cells.get(login)).toEqual({ cells: c, up: u, works: w });
  });
});

describe('multi-point tasks over one-point tasks', () => {
  it('the excess equals a naive Σ(M − mean M of the region at the same S) when every group is large', () => {
    const region = generateRegion({ seed: 6, perType: 0 });
    const v = viewOf(region.datasets[0]);
    const sig = multiOverSingleSignals(v);
    expect(sig.length).toBeGreaterThan(50);
    const single = v.taskMax.map((m, t) => (m === 1 ? t : -1)).filter((t) => t >= 0);
    const multi = v.taskMax.map((m, t) => (m > 1 ? t : -1)).filter((t) => t >= 0);
    const S = (i: number) => single.reduce((a, t) => a + v.scores[t][i], 0);
    const M = (i: number) => multi.reduce((a, t) => a + v.scores[t][i], 0);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < v.n; i++) (groups.get(S(i)) ?? groups.set(S(i), []).get(S(i))!).push(M(i));
    const big = [...groups.values()].every((g) => g.length >= 30);
    const mean = (s: number) => groups.get(s)!.reduce((a, b) => a + b, 0) / groups.get(s)!.length;
    for (const s of sig.slice(0, 5)) {
      const idx = v.school.map((x, i) => (x === s.school ? i : -1)).filter((i) => i >= 0);
      const d = idx.reduce((a, i) => a + M(i) - mean(S(i)), 0);
      if (big) expect(s.details!.excessTotal).toBeCloseTo(d, 9);
      expect(s.effect).toBeCloseTo((s.details!.excessTotal as number) / idx.length, 12);
    }
    // Honest region: at most 3 % of schools flagged.
    expect(sig.filter((s) => s.flagged).length / sig.length).toBeLessThanOrEqual(0.03);
  });
});

describe('over-fit', () => {
  it('outfit MSQ of a dichotomous pattern equals Σ (x − P)²/(P(1 − P)) / I', () => {
    const deltas = [-1, 0, 0.5, 1.5];
    const items = deltas.map((d) => Float64Array.from([0, -d]));
    const x = [1, 0, 1, 0];
    const theta = 0.3;
    const naive =
      deltas.reduce((s, d, i) => {
        const p = 1 / (1 + Math.exp(-(theta - d)));
        return s + (x[i] - p) ** 2 / (p * (1 - p));
      }, 0) / deltas.length;
    expect(outfitMsq(x, theta, items)).toBeCloseTo(naive, 12);
  });

  it('honest PCM classes stay quiet; smoothed (Guttman-like) classes are flagged', () => {
    const rng = mulberry32(21);
    const classes = honestClasses(rng, 120);
    // Three fabricated classes: every pupil passes the easiest tasks up to their total, nothing above.
    const order = DELTAS.map((d, t) => ({ t, m: d.length })).sort((a, b) => DELTAS[a.t][0] - DELTAS[b.t][0]);
    for (let c = 0; c < 3; c++) {
      const rows: number[][] = [];
      for (let i = 0; i < 22; i++) {
        const th = 0.9 * rng.normal();
        let r = DELTAS.reduce((a, d) => a + drawScore(rng, th, d), 0);
        const row = DELTAS.map(() => 0);
        for (const { t, m } of order) {
          const k = Math.min(m, r);
          row[t] = k;
          r -= k;
        }
        rows.push(row);
      }
      classes.push({ id: `fake${c}/5А`, school: `fake${c}`, rows });
    }
    const v = viewOfClasses(classes);
    const rp = regionPcm(v, fitRegionPcm(v))!;
    const sig = overfitSignals(v, rp, { seed: 1 });
    const flagged = sig.filter((s) => s.flagged).map((s) => s.school);
    expect(flagged.filter((s) => s.startsWith('fake')).sort()).toEqual(['fake0', 'fake1', 'fake2']);
    expect(flagged.filter((s) => !s.startsWith('fake')).length).toBeLessThanOrEqual(2);
    const fake = sig.find((s) => s.school === 'fake0')!;
    expect(fake.effect).toBeLessThan(0.7);
  });
});

describe('placebo shuffles', () => {
  const region = generateRegion({ seed: 8, schools: 30, perType: 0 });
  const ds = region.datasets[0];
  const bySchool = (col: ArrayLike<number>, keep: (i: number) => boolean) => {
    const m = new Map<number, number[]>();
    for (let i = 0; i < ds.pupils.n; i++)
      if (keep(i))
        (m.get(ds.pupils.school[i]) ?? m.set(ds.pupils.school[i], []).get(ds.pupils.school[i])!).push(col[i]);
    return [...m].map(([k, v]) => [k, v.sort((a, b) => a - b)]);
  };

  it('classes are shuffled within the school only (sizes kept), journal marks likewise', () => {
    const sc = shuffleClasses(ds, 3);
    expect(bySchool(sc.pupils.classIdx, () => true)).toEqual(bySchool(ds.pupils.classIdx, () => true));
    expect([...sc.pupils.classIdx]).not.toEqual([...ds.pupils.classIdx]);
    const sj = shuffleJournal(ds, 3);
    const keep = (i: number) => !ds.pupils.absent[i] && ds.pupils.journal[i] >= 2;
    expect(bySchool(sj.pupils.journal, keep)).toEqual(bySchool(ds.pupils.journal, keep));
    expect([...sj.pupils.journal]).not.toEqual([...ds.pupils.journal]);
    // Pupils without a journal mark keep none.
    for (let i = 0; i < ds.pupils.n; i++)
      if (!keep(i)) expect(sj.pupils.journal[i]).toBe(ds.pupils.journal[i]);
  });

  it('placebo cut-offs are at least 3 points from every real cut', () => {
    // Grade 5: cuts 6, 11, 16 of 21 → 3 and 19 (grade 4's cuts 5, 10, 14 of 18 leave none).
    const v = viewOf(region.datasets[1]);
    const cuts = placeboCuts(v);
    expect(cuts).toEqual([3, 19]);
    expect(placeboCuts(viewOf(ds))).toEqual([]);
    for (const c of cuts) for (const r of v.cuts) expect(Math.abs(c - r.score)).toBeGreaterThanOrEqual(3);
  });
});

describe('joint finding with the journal piece', () => {
  it('Stouffer over three correlated pieces: Σz/√(3 + 2Σρ), hand value', () => {
    // z = 2, 1.5, 1; ρ = 0.2, 0, 0.1: Z = 4.5/√(3 + 0.6) = 2.371708.
    expect(stoufferK([2, 1.5, 1], [0.2, -0.3, 0.1])).toBeCloseTo(normalUpper(4.5 / Math.sqrt(3.6)), 12);
    expect(normalUpper(4.5 / Math.sqrt(3.6))).toBeCloseTo(0.0088528, 6);
  });

  it('a flagged journal piece keeps the joint finding from adding the context family', () => {
    const journal = signal({ id: 'journal-higher', family: 'external', p: 1e-5, q: 1e-3, flagged: true });
    const joint = signal({
      id: 'inflation-then-fall',
      family: 'context',
      procedure: 'A → B',
      p: 1e-6,
      q: 1e-4,
      flagged: true,
    });
    expect(combine([journal, joint])[0].level).toBe('amber');
  });
});

describe('small schools in the cohort signal', () => {
  it('every school with ≥ 5 pupils in both years gets a cohort signal; under 20 the p is simulated', () => {
    const region = generateRegion({ ...HARD_REGION, seed: 31 });
    const [e, l] = region.datasets.map(viewOf);
    const sig = cohortSignals(e, l);
    const count = (v: typeof e) => {
      const m = new Map<string, number>();
      for (const s of v.school) m.set(s, (m.get(s) ?? 0) + 1);
      return m;
    };
    const ne = count(e);
    const nl = count(l);
    const eligible = [...nl].filter(([s, n]) => n >= 5 && (ne.get(s) ?? 0) >= 5).map(([s]) => s);
    expect(sig.map((s) => s.school).sort()).toEqual(eligible.sort());
    const small = sig.filter((s) => Math.min(ne.get(s.school)!, nl.get(s.school)!) < 20);
    expect(small.length).toBeGreaterThan(20);
    for (const s of small) {
      expect(s.details!.simulated).toBe(1);
      expect(s.caveats.join(' ')).toContain('Мало учеников');
      // Shrunk toward the region: never further from 0 than the raw drop.
      expect(Math.abs(s.details!.shrunk as number)).toBeLessThanOrEqual(Math.abs(s.effect) + 1e-12);
    }
    // Honest small schools: the simulated p is not anti-conservative — the share with p < .1 stays
    // near .1 (.16 allows the sampling error of a few dozen schools).
    const honest = small.filter((s) => !region.truth.get(s.school)!.manipulated);
    expect(honest.filter((s) => s.p < 0.1).length / honest.length).toBeLessThanOrEqual(0.16);
  });
});
