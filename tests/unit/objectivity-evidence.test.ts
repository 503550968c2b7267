// Chart data of the objectivity detail page (`Signal.evidence`), checked against naive counts taken
// straight from the Dataset columns (not from the engine's ProcView): the demo municipality for the
// school histograms, crosstabs and cohort bars; the synthetic region (planted leaks, re-checks) for
// the class residual matrices and the re-check bars; the demo with its context table for the context
// bars (school means from the pupils, the rest from the fitted β, τ², σ²).
import { describe, expect, it } from 'vitest';
import { generateDemo, generateDemoBundle } from '../../src/domain/demo/generate.ts';
import { procedureId, type Dataset } from '../../src/domain/model.ts';
import { RECHECK_BINS } from '../../src/domain/objectivity/benchmark.ts';
import { contextSignals, parseContext, type ContextFit } from '../../src/domain/objectivity/context.ts';
import { viewOf } from '../../src/domain/objectivity/data.ts';
import { evidenceSize, SMALL_EVIDENCE } from '../../src/domain/objectivity/evidence.ts';
import { objectivityReport } from '../../src/domain/objectivity/index.ts';
import { generateRegion } from '../../src/domain/objectivity/synthetic/generate.ts';
import type { Evidence, Signal } from '../../src/domain/objectivity/types.ts';

interface Pupil {
  school: string;
  classId: string;
  code: string;
  total: number;
  scores: number[];
  journal: number;
}

/** Present pupils of a dataset as plain rows. */
function pupils(ds: Dataset): Pupil[] {
  const p = ds.pupils;
  const out: Pupil[] = [];
  for (let i = 0; i < p.n; i++) {
    if (p.absent[i]) continue;
    const scores = p.scores.map((col) => col[i]);
    out.push({
      school: ds.meta.schools[p.school[i]].login,
      classId: p.classIdx[i] >= 0 ? ds.meta.classes[p.classIdx[i]].id : '',
      code: p.code[i],
      total: scores.reduce((a, b) => a + b, 0),
      scores,
      journal: p.journal[i],
    });
  }
  return out;
}

/** The mark of a total by the scale's [lo, hi] rows for marks 2, 3, 4, 5. */
function markOf(ds: Dataset, total: number): number {
  const k = ds.meta.procedure.scale!.findIndex(([lo, hi]) => total >= lo && total <= hi);
  return k + 2;
}

const byId = (datasets: Dataset[], id: string) => datasets.find((d) => procedureId(d.meta.procedure) === id)!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Evidence fractions are rounded to 3 decimals: within half a unit of the third decimal. */
const rounded = (value: number, want: number) =>
  expect(Math.abs(value - want)).toBeLessThanOrEqual(5e-4 + 1e-9);

describe('evidence on the demo municipality (Математика)', () => {
  const demo = generateDemo().filter((d) => d.meta.procedure.subject === 'Математика');
  const rep = objectivityReport(demo, { seed: 1, regionBoot: 50 });

  it('is kept on every flagged signal and on unflagged ones only when small', () => {
    for (const s of rep.signals) {
      if (s.flagged && (s.id === 'bunching' || s.id === 'journal-higher' || s.id === 'cohort-drop'))
        expect(s.evidence, `${s.id} ${s.unit}`).toBeDefined();
      if (!s.flagged && s.evidence) expect(evidenceSize(s.evidence)).toBeLessThanOrEqual(SMALL_EVIDENCE);
    }
  });

  it('bunching histogram: counts are the school’s works by primary score, the counterfactual has the same n', () => {
    const bunching = rep.signals.filter((s) => s.id === 'bunching');
    expect(bunching.length).toBeGreaterThan(20);
    let checked = 0;
    for (const s of bunching) {
      const ev = s.evidence as Extract<Evidence, { kind: 'histogram' }> | undefined;
      if (!ev) continue; // only kept when small or flagged (math: 21 scores → kept)
      expect(ev.kind).toBe('histogram');
      const ds = byId(demo, s.procedure);
      const max = sum(ds.meta.procedure.tasks.map((t) => t.max));
      const mine = pupils(ds).filter((p) => p.school === s.school);
      const naive = Array.from({ length: max + 1 }, (_, r) => mine.filter((p) => p.total === r).length);
      expect(ev.counts).toEqual(naive);
      expect(sum(ev.counts)).toBe(mine.length);
      expect(ev.expected).toHaveLength(max + 1);
      // The model distribution sums to 1 up to the grid quadrature; rounding adds ≤ 0,0005 a score.
      expect(Math.abs(sum(ev.expected) - mine.length)).toBeLessThan(0.05);
      expect(ev.expected.every((x) => x >= 0)).toBe(true);
      expect(ev.cuts).toEqual(ds.meta.procedure.scale!.slice(1, 4).map(([lo]) => lo));
      // The figures of the signal are the window at the cut-offs: a at c, n_W in [c − 2, c].
      const atCut = sum(ev.cuts.map((c) => ev.counts[c]));
      const inWindow = sum(
        ev.cuts.map((c) => ev.counts[c] + (ev.counts[c - 1] ?? 0) + (ev.counts[c - 2] ?? 0)),
      );
      expect(atCut).toBe(s.details!.atCut);
      expect(inWindow).toBe(s.n);
      checked++;
    }
    expect(checked).toBe(bunching.length);
  });

  it('journal crosstab: ВПР mark rows × journal mark columns equal a naive count of pairs', () => {
    const journal = rep.signals.filter((s) => s.id === 'journal-higher');
    expect(journal.length).toBeGreaterThan(20);
    for (const s of journal) {
      const ev = s.evidence as Extract<Evidence, { kind: 'crosstab' }>;
      expect(ev.kind).toBe('crosstab');
      expect(ev.marks).toEqual([2, 3, 4, 5]);
      const ds = byId(demo, s.procedure);
      const naive = [2, 3, 4, 5].map(() => [0, 0, 0, 0]);
      for (const p of pupils(ds)) {
        if (p.school !== s.school || p.journal < 2 || p.journal > 5) continue;
        naive[markOf(ds, p.total) - 2][p.journal - 2]++;
      }
      expect(ev.counts).toEqual(naive);
      expect(sum(ev.counts.flat())).toBe(s.n);
      // Rows above their journal mark: the signal's «higher» share.
      const higher = sum(naive.flatMap((row, b) => row.filter((_, a) => b > a)));
      expect((100 * higher) / s.n).toBeCloseTo(s.details!.higherPct as number, 10);
      rounded(ev.expectedHigherPct!, s.details!.expectedHigherPct as number);
    }
  });

  it('cohort bars: the school’s and all schools’ mean % of the maximum in both years', () => {
    const cohort = rep.signals.filter((s) => s.id === 'cohort-drop');
    expect(cohort.some((s) => s.flagged)).toBe(true);
    for (const s of cohort) {
      const ev = s.evidence as Extract<Evidence, { kind: 'bars' }>;
      expect(ev.kind).toBe('bars');
      const later = byId(demo, s.procedure);
      const lp = later.meta.procedure;
      const earlier = demo.find(
        (d) => d.meta.procedure.grade === lp.grade - 1 && d.meta.procedure.year === lp.year - 1,
      )!;
      const pct = (ds: Dataset, school?: string) => {
        const rows = pupils(ds).filter((p) => !school || p.school === school);
        const max = sum(ds.meta.procedure.tasks.map((t) => t.max));
        return (100 * sum(rows.map((p) => p.total))) / rows.length / max;
      };
      const want = [pct(earlier, s.school), pct(earlier), pct(later, s.school), pct(later)];
      expect(ev.bars.map((b) => !!b.expected)).toEqual([false, true, false, true]);
      ev.bars.forEach((b, k) => rounded(b.value, want[k]));
      expect(ev.bars[0].label).toBe(`${lp.grade - 1} кл., ${lp.year - 1}`);
    }
  });
});

describe('evidence on the synthetic region (leaks, re-checks)', () => {
  const region = generateRegion({ seed: 7 });
  const rep = objectivityReport(region.datasets, {
    rechecks: region.rechecks,
    context: region.context,
    seed: 1,
    regionBoot: 20,
  });

  it('class residuals: e_ni = (x − mean of the task among the region’s pupils with the same total)/max', () => {
    const flagged = rep.signals.filter(
      (s) => (s.id === 'common-pattern' || s.id === 'hard-over-easy') && s.flagged,
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(rep.signals.filter((s) => s.id === 'common-pattern' && !s.flagged).every((s) => !s.evidence)).toBe(
      true,
    );
    for (const s of flagged) {
      const ev = s.evidence as Extract<Evidence, { kind: 'residuals' }>;
      expect(ev.kind).toBe('residuals');
      const ds = byId(region.datasets, s.procedure);
      const tasks = ds.meta.procedure.tasks;
      const all = pupils(ds);
      // Naive x̄_{t|r}: the pupils whose total is within k of r, the smallest k giving ≥ 20 of them.
      const maxTotal = sum(tasks.map((t) => t.max));
      const condMean = (t: number, r: number) => {
        for (let k = 0; ; k++) {
          const near = all.filter((p) => Math.abs(p.total - r) <= k);
          if (near.length >= 20 || k >= maxTotal) return sum(near.map((p) => p.scores[t])) / near.length;
        }
      };
      const cls = all.filter((p) => p.classId === s.unit);
      expect(ev.pupils.length).toBe(cls.length);
      expect([...ev.pupils].sort()).toEqual(cls.map((p) => p.code).sort());
      expect(ev.values).toHaveLength(ev.pupils.length * ev.tasks.length);
      // Columns from the easiest task of the region to the hardest.
      const share = (id: string) => {
        const t = tasks.findIndex((x) => x.id === id);
        return sum(all.map((p) => p.scores[t])) / all.length / tasks[t].max;
      };
      for (let j = 1; j < ev.tasks.length; j++)
        expect(share(ev.tasks[j - 1])).toBeGreaterThanOrEqual(share(ev.tasks[j]));
      ev.tasks.forEach((id, j) => {
        const t = tasks.findIndex((x) => x.id === id);
        const e = ev.pupils.map((code) => {
          const p = cls.find((x) => x.code === code)!;
          return (p.scores[t] - condMean(t, p.total)) / tasks[t].max;
        });
        e.forEach((x, i) => rounded(ev.values[i * ev.tasks.length + j], x));
        rounded(ev.classMean[j], sum(e) / e.length);
      });
      // Rows by primary score, highest first.
      const totals = ev.pupils.map((code) => cls.find((p) => p.code === code)!.total);
      for (let i = 1; i < totals.length; i++) expect(totals[i - 1]).toBeGreaterThanOrEqual(totals[i]);
    }
  });

  it('re-check bars: works by original − commission, against n × the region’s share without the school', () => {
    const recheck = rep.signals.filter((s) => s.id === 'recheck-downgrade' && !s.procedure.includes(' + '));
    expect(recheck.some((s) => s.flagged)).toBe(true);
    // d = original − commission total of every re-checked work (matched by school and code), per procedure.
    const cache = new Map<string, { school: string; d: number }[]>();
    const diffsOf = (id: string) => {
      const hit = cache.get(id);
      if (hit) return hit;
      const orig = new Map(pupils(byId(region.datasets, id)).map((p) => [`${p.school}|${p.code}`, p.total]));
      const rc = pupils(region.rechecks.find((d) => procedureId(d.meta.procedure) === id)!);
      const list = rc.flatMap((r) => {
        const o = orig.get(`${r.school}|${r.code}`);
        return o === undefined ? [] : [{ school: r.school, d: o - r.total }];
      });
      cache.set(id, list);
      return list;
    };
    for (const s of recheck) {
      const ev = s.evidence as Extract<Evidence, { kind: 'bars' }>;
      expect(ev.kind).toBe('bars');
      const all = diffsOf(s.procedure);
      const diffs = (pred: (school: string) => boolean) => all.filter((x) => pred(x.school)).map((x) => x.d);
      const mine = diffs((x) => x === s.school);
      const rest = diffs((x) => x !== s.school);
      expect(mine.length).toBe(s.n);
      const observed = ev.bars.filter((b) => !b.expected);
      const expected = ev.bars.filter((b) => b.expected);
      expect(observed.map((b) => b.label)).toEqual(RECHECK_BINS.map((b) => b.label));
      RECHECK_BINS.forEach((bin, k) => {
        const inBin = (d: number) => d >= bin.lo && d <= bin.hi;
        expect(observed[k].value).toBe(mine.filter(inBin).length);
        rounded(expected[k].value, (s.n * rest.filter(inBin).length) / rest.length);
      });
      expect(sum(observed.map((b) => b.value))).toBe(s.n);
    }
  });

  it('re-check bars of every signal (pooled over years too) cover all n works, observed and expected', () => {
    const recheck = rep.signals.filter((s) => s.id === 'recheck-downgrade');
    for (const s of recheck) {
      const ev = s.evidence as Extract<Evidence, { kind: 'bars' }>;
      expect(sum(ev.bars.filter((b) => !b.expected).map((b) => b.value))).toBe(s.n);
      // The bins partition the integers, so the expected counts add up to n (each rounded to 0,001).
      expect(Math.abs(sum(ev.bars.filter((b) => b.expected).map((b) => b.value)) - s.n)).toBeLessThan(0.004);
    }
  });

  it('keeps the JSON small: no unflagged signal carries more than SMALL_EVIDENCE numbers', () => {
    const heavy = rep.signals.filter(
      (s: Signal) => !s.flagged && s.evidence && evidenceSize(s.evidence) > SMALL_EVIDENCE,
    );
    expect(heavy).toEqual([]);
  });
});

describe('context evidence on the demo (Математика, with its context table)', () => {
  const bundle = generateDemoBundle();
  const maths = bundle.datasets.filter((d) => d.meta.procedure.subject === 'Математика');
  const context = parseContext(bundle.context.bytes, bundle.context.fileName);
  const rep = objectivityReport(maths, { context, seed: 1, regionBoot: 0 });
  type Bars = Extract<Evidence, { kind: 'bars' }>;

  /** Naive school means of pupil z (z against the mean and population sd of all present pupils). */
  const schoolMeans = (ds: Dataset) => {
    const all = pupils(ds);
    const m = sum(all.map((p) => p.total)) / all.length;
    const sd = Math.sqrt(sum(all.map((p) => (p.total - m) ** 2)) / all.length);
    const out = new Map<string, { n: number; mean: number }>();
    for (const login of new Set(all.map((p) => p.school))) {
      const mine = all.filter((p) => p.school === login);
      out.set(login, { n: mine.length, mean: sum(mine.map((p) => (p.total - m) / sd)) / mine.length });
    }
    return out;
  };
  const earlierOf = (ds: Dataset) =>
    maths.find(
      (d) =>
        d.meta.procedure.grade === ds.meta.procedure.grade - 1 &&
        d.meta.procedure.year === ds.meta.procedure.year - 1,
    );
  /** x_jβ from the fit's covariate names, with the covariates read straight from the table. */
  const predicted = (fit: ContextFit, login: string, prior?: Map<string, { mean: number }>) => {
    const c = context.get(login)!;
    const x: Record<string, number> = {
      const: 1,
      ses: c.ses ?? NaN,
      urban: c.urban ? 1 : 0,
      prior: prior?.get(login)?.mean ?? NaN,
    };
    return sum(fit.names.map((name, k) => fit.beta[k] * x[name]));
  };

  it('over-performance: school mean, the mean its context predicts, the EB value added and its interval', () => {
    const signals = rep.signals.filter((s) => s.id === 'context-overperformance');
    expect(signals.length).toBeGreaterThan(20);
    expect(signals.some((s) => s.flagged)).toBe(true);
    for (const ds of maths) {
      const id = procedureId(ds.meta.procedure);
      const earlier = earlierOf(ds);
      const { fit } = contextSignals(viewOf(ds), context, earlier ? viewOf(earlier) : undefined);
      expect(fit, id).not.toBeNull();
      expect(fit!.names.includes('prior')).toBe(earlier !== undefined);
      const means = schoolMeans(ds);
      const prior = earlier ? schoolMeans(earlier) : undefined;
      for (const s of signals.filter((x) => x.procedure === id)) {
        const ev = s.evidence as Bars;
        expect(ev.kind, `${id} ${s.unit}`).toBe('bars');
        expect(ev.unit).toBe('SD');
        expect(ev.bars.map((b) => !!b.expected)).toEqual([false, true, false]);
        const { n, mean } = means.get(s.school)!;
        expect(n).toBe(s.n);
        const expected = predicted(fit!, s.school, prior);
        const w = fit!.tau2 / (fit!.tau2 + fit!.sigma2 / n);
        const va = w * (mean - expected);
        const half = 1.96 * Math.sqrt(1 / (1 / fit!.tau2 + n / fit!.sigma2));
        rounded(ev.bars[0].value, mean);
        rounded(ev.bars[1].value, expected);
        rounded(ev.bars[2].value, va);
        rounded(ev.bars[2].ci95![0], va - half);
        rounded(ev.bars[2].ci95![1], va + half);
        expect(evidenceSize(ev)).toBe(5);
      }
    }
  });

  it('jump: the context residuals of both years, their change against the region and the threshold', () => {
    const signals = rep.signals.filter((s) => s.id === 'context-jump');
    const procedures = [...new Set(signals.map((s) => s.procedure))].sort();
    expect(procedures).toEqual(['ВПР-2026-Математика-4', 'ВПР-2026-Математика-5']);
    for (const id of procedures) {
      const later = byId(maths, id);
      const lp = later.meta.procedure;
      const earlier = maths.find(
        (d) => d.meta.procedure.grade === lp.grade && d.meta.procedure.year === lp.year - 1,
      )!;
      // The jump uses the context-only fits of both years.
      const fl = contextSignals(viewOf(later), context, undefined).fit!;
      const fe = contextSignals(viewOf(earlier), context, undefined).fit!;
      expect(fl.names).not.toContain('prior');
      const ml = schoolMeans(later);
      const me = schoolMeans(earlier);
      const resid = (fit: ContextFit, m: Map<string, { mean: number }>, login: string) =>
        m.get(login)!.mean - predicted(fit, login);
      // Every school with ≥ 10 pupils in both years is compared; the change is net of their median.
      const both = [...ml.keys()].filter((l) => ml.get(l)!.n >= 10 && (me.get(l)?.n ?? 0) >= 10);
      const mine = signals.filter((s) => s.procedure === id);
      expect(mine.map((s) => s.school).sort()).toEqual(both.sort());
      const deltas = both.map((l) => resid(fl, ml, l) - resid(fe, me, l)).sort((a, b) => a - b);
      const k = deltas.length >> 1;
      const mid = deltas.length % 2 ? deltas[k] : (deltas[k - 1] + deltas[k]) / 2;
      for (const s of mine) {
        const ev = s.evidence as Bars;
        expect(ev.kind).toBe('bars');
        expect(ev.bars.map((b) => !!b.expected)).toEqual([false, false, false, true]);
        expect(ev.bars[0].label).toBe(`Отклонение, ${lp.grade} кл., ${lp.year - 1}`);
        const before = resid(fe, me, s.school);
        const after = resid(fl, ml, s.school);
        const change = after - before - mid;
        const half = 1.96 * Math.sqrt(fl.sigma2 / ml.get(s.school)!.n + fe.sigma2 / me.get(s.school)!.n);
        rounded(ev.bars[0].value, before);
        rounded(ev.bars[1].value, after);
        rounded(ev.bars[2].value, change);
        rounded(ev.bars[2].ci95![0], change - half);
        rounded(ev.bars[2].ci95![1], change + half);
        rounded(ev.bars[3].value, (change < 0 ? -1 : 1) * s.threshold);
        expect(evidenceSize(ev)).toBe(6);
      }
    }
  });
});
