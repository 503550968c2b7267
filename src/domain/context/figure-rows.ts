// One resource's rank correlation and one procedure's effect of measures as flat figures (as the
// context summary stores them), and their table rows: the support programme, the effectiveness
// report and the справка word them the same way.
import { coef, int, num } from '../text/format.ts';
import type { MunicipalContextAnalysis } from './analysis.ts';

export interface ResourceFigures {
  name: string;
  rho: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

export interface EffectFigures {
  procedure: string;
  before: number;
  after: number;
  effect: number | null;
  lo: number | null;
  hi: number | null;
  treated: number;
}

export function resourceFigures(r: MunicipalContextAnalysis['resources'][number]): ResourceFigures {
  return {
    name: r.name,
    rho: r.result.pooled?.rho ?? null,
    lo: r.result.pooled?.ci95[0] ?? null,
    hi: r.result.pooled?.ci95[1] ?? null,
    n: r.result.pooled?.n ?? 0,
  };
}

export function effectFigures(e: MunicipalContextAnalysis['effect'][number]): EffectFigures {
  return {
    procedure: e.procedure,
    before: e.before,
    after: e.after,
    effect: e.result?.effect ?? null,
    lo: e.result?.ci95[0] ?? null,
    hi: e.result?.ci95[1] ?? null,
    treated: e.result?.treated ?? 0,
  };
}

/** Ресурс, ρ, 95 % интервал, школ; dashes where the groups are too small for a correlation. */
export function resourceRow(r: ResourceFigures): string[] {
  return r.rho === null
    ? [r.name, '—', 'мало данных (нужно ≥ 10 школ в группе)', '—']
    : [r.name, coef(r.rho), `${coef(r.lo)} … ${coef(r.hi)}`, int(r.n)];
}

/** Процедура, годы, эффект (п. п.), 95 % интервал, школ с мерами; dashes where nothing was estimated. */
export function effectRow(e: EffectFigures): string[] {
  const years = `${e.before} → ${e.after}`;
  return e.effect === null
    ? [e.procedure, years, '—', 'мало школ для сравнения', '—']
    : [e.procedure, years, num(e.effect), `${num(e.lo)} … ${num(e.hi)}`, int(e.treated)];
}
