// Objectivity engine: signals of possibly non-objective results («признаки», not verdicts) per
// school, from the procedures' datasets and, when given, re-checks and a school context table.
// The `schools` array is what the oko-report gains; `signals` keep the full explanations.
import { procedureId, type Dataset } from '../model.ts';
import { plural } from '../text/format.ts';
import { cohortSignals, journalSignals, recheckPooledSignals, recheckSignals } from './benchmark.ts';
import { bunchingSignals } from './bunching.ts';
import { combine } from './combine.ts';
import { contextSignals, jumpSignals, type ContextFit, type ContextTable } from './context.ts';
import { cohortEarlier, viewOf, type ProcView } from './data.ts';
import { homogeneitySignals } from './homogeneity.ts';
import { inflationThenFall, lenientMarking } from './joint.ts';
import { multiOverSingleSignals } from './multi-single.ts';
import { recheckTaskSignals } from './recheck-tasks.ts';
import { overfitSignals } from './overfit.ts';
import { patternSignals } from './pattern.ts';
import { personFitSignals } from './person-fit.ts';
import { fitRegionPcm, regionPcm } from './region-pcm.ts';
import { similaritySignals } from './similarity.ts';
import type { ObjectivityReport, RegionBunching, Signal } from './types.ts';

export { combine, FAMILIES } from './combine.ts';
export { parseContext, parseDecimal, type ContextTable, type SchoolContext } from './context.ts';
export {
  benjaminiHochberg,
  binomUpper,
  blandAltman,
  ebShrink,
  normalUpper,
  poissonBinomialUpper,
} from './math.ts';
export { regionBunchingFit } from './bunching.ts';
export type * from './types.ts';

export interface ObjectivityOptions {
  /** Re-check datasets (same procedure and pupil codes as the protocol they re-score). */
  rechecks?: Dataset[];
  context?: ContextTable;
  /** Seed of the region bootstrap (bunching CI). */
  seed?: number;
  /** Bootstrap replicates of the region bunching CI (1000 by default; 0 = none). */
  regionBoot?: number;
  /** Skip the class-level response-pattern signals. */
  noPattern?: boolean;
  /** Skip only the model-based class signals (misfitting pupils, similar pairs, homogeneity). */
  noModelPattern?: boolean;
}

export function objectivityReport(datasets: Dataset[], opts: ObjectivityOptions = {}): ObjectivityReport {
  const views = datasets.map(viewOf);
  const rechecks = new Map<string, ProcView>();
  for (const r of opts.rechecks ?? []) rechecks.set(procedureId(r.meta.procedure), viewOf(r));
  const signals: Signal[] = [];
  const region: RegionBunching[] = [];
  const notes: string[] = [];
  const fits = new Map<ProcView, ContextFit>();
  for (const v of views) {
    // The region PCM is fitted once and shared by the bunching counterfactual and the class signals.
    const pcm = fitRegionPcm(v);
    const b = bunchingSignals(v, { seed: opts.seed, regionBoot: opts.regionBoot, pcm });
    region.push(...b.region);
    signals.push(...b.signals);
    if (v.cuts.length === 0)
      notes.push(`${v.id}: нет шкалы отметок — признаки на границах отметок и по журналу не считаются.`);
    signals.push(...journalSignals(v, {}, opts.context));
    const rc = rechecks.get(v.id);
    if (rc) signals.push(...recheckSignals(v, rc));
    else notes.push(`${v.id}: нет данных перепроверки.`);
    const earlier = cohortEarlier(v, views);
    if (earlier) {
      signals.push(...cohortSignals(earlier, v));
      const thin = thinCohortSchools(earlier, v);
      if (thin > 0)
        notes.push(
          `${earlier.id} → ${v.id}: у ${thin} ${plural(thin, ['школы', 'школ', 'школ'])} меньше 5 участников в одном из лет — данных слишком мало для вывода о спаде потока.`,
        );
    }
    if (!opts.noPattern) signals.push(...patternSignals(v), ...multiOverSingleSignals(v));
    if (!opts.noPattern && !opts.noModelPattern) {
      const rp = regionPcm(v, pcm);
      if (rp)
        signals.push(
          ...personFitSignals(v, rp, { seed: opts.seed }),
          ...similaritySignals(v, rp),
          ...homogeneitySignals(v, rp),
          ...overfitSignals(v, rp, { seed: opts.seed }),
        );
      else
        notes.push(
          `${v.id}: модель Раша не построена — признаки «несогласованные ученики», «похожие пары» и «однородность класса» не считаются.`,
        );
    }
    if (opts.context || earlier) {
      const c = contextSignals(v, opts.context, earlier);
      signals.push(...c.signals);
      const thin = c.fit ? c.fit.units.filter((u) => u.n < 5).length : 0;
      if (thin > 0)
        notes.push(
          `${v.id}: у ${thin} ${plural(thin, ['школы', 'школ', 'школ'])} меньше 5 участников — данных слишком мало для сравнения с ожидаемым для контекста.`,
        );
      // The jump is fitted on context only, so that prior results do not enter twice.
      const ctxOnly = earlier && opts.context ? contextSignals(v, opts.context, undefined).fit : c.fit;
      if (ctxOnly) fits.set(v, ctxOnly);
    } else notes.push(`${v.id}: нет таблицы контекста — сравнение с ожидаемым для контекста не считается.`);
  }
  // One pre-stated pattern over two families: grade-N over-performance for context, then a cohort fall.
  for (const later of views) {
    const earlier = cohortEarlier(later, views);
    if (earlier) signals.push(...inflationThenFall(signals, earlier.id, later.id));
  }
  const pairs = views.flatMap((v) => (rechecks.has(v.id) ? [{ v, recheck: rechecks.get(v.id)! }] : []));
  signals.push(...recheckPooledSignals(pairs));
  if (pairs.length > 0) {
    signals.push(...recheckTaskSignals(pairs));
    signals.push(...lenientMarking(signals));
  }
  // Unexpected jump: the same test (kind, subject, grade) one year apart — different cohorts.
  for (const later of views) {
    const prev = views.find(
      (e) =>
        e.kind === later.kind &&
        e.subject === later.subject &&
        e.grade === later.grade &&
        e.year === later.year - 1,
    );
    const fl = fits.get(later);
    const fe = prev ? fits.get(prev) : undefined;
    if (prev && fl && fe) signals.push(...jumpSignals({ v: later, fit: fl }, { v: prev, fit: fe }));
  }
  const schools = [...new Set(views.flatMap((v) => v.schools))];
  return {
    format: 'oko-objectivity/v1',
    schools: combine(signals, schools),
    region,
    signals,
    notes,
  };
}

/** Schools with pupils in both years of a cohort but fewer than 5 in one of them. */
function thinCohortSchools(earlier: ProcView, later: ProcView): number {
  const count = (v: ProcView) => {
    const m = new Map<string, number>();
    for (const s of v.school) m.set(s, (m.get(s) ?? 0) + 1);
    return m;
  };
  const a = count(earlier);
  let thin = 0;
  for (const [login, n] of count(later)) {
    const e = a.get(login);
    if (e !== undefined && Math.min(e, n) < 5) thin++;
  }
  return thin;
}
