// Schools with persistently low results (ШНОР) and schools in hard social conditions (ШНСУ).
// ШНОР is decided on results only; ШНСУ on context only: a school in hard conditions with ordinary
// results is ШНСУ and not ШНОР. Both rules are data (editable), with their source and defaults stated.
import { quantileLinear } from '../stats/quantile.ts';
import { formatPercent, plural } from '../text/format.ts';
import type { ContextRecord } from './types.ts';

/** One school's result in one procedure of one year (mean as % of the maximum; share of «2», 0..1). */
export interface SchoolResult {
  login: string;
  procedure: string;
  year: number;
  n: number;
  mean: number;
  share2: number | null;
}

export interface LowResultRule {
  source: string;
  /** A result is low when the school is in this lowest share of the region's schools in the procedure… */
  lowestShare: number;
  /** …or its share of «2» is at least this. */
  share2Above: number;
  /** Low in at least this many procedures of a year… */
  minProcedures: number;
  /** …in at least this many years (consecutive or not). */
  minYears: number;
  /** Schools with fewer pupils in a procedure are not judged on it. */
  minN: number;
}

export const DEFAULT_LOW_RESULT_RULE: LowResultRule = {
  source:
    'Правило по умолчанию из задачи #13 (по практике выявления ШНОР ФИОКО): низкий результат — нижние 10 % школ ' +
    'региона по процедуре или доля «2» не меньше 30 %; ШНОР — низкий результат не менее чем в 2 процедурах ' +
    'в каждом из не менее чем 2 лет. Пороги можно изменить.',
  lowestShare: 0.1,
  share2Above: 0.3,
  minProcedures: 2,
  minYears: 2,
  minN: 5,
};

export interface LowResultEntry {
  login: string;
  /** Years in which the school met the yearly condition. */
  lowYears: number[];
  /** Per year: the procedures with a low result. */
  lowIn: Record<number, string[]>;
  isLow: boolean;
}

/** Applies the rule; per year and procedure the decile is taken over the schools with n ≥ minN. */
export function lowResultSchools(
  results: SchoolResult[],
  rule: LowResultRule = DEFAULT_LOW_RESULT_RULE,
): LowResultEntry[] {
  const judged = results.filter((r) => r.n >= rule.minN);
  const cut = new Map<string, number>();
  const groups = new Map<string, number[]>();
  for (const r of judged) {
    const key = `${r.year}|${r.procedure}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r.mean);
  }
  for (const [key, xs] of groups) cut.set(key, quantileLinear(xs, rule.lowestShare) ?? -Infinity);
  const by = new Map<string, LowResultEntry>();
  for (const r of judged) {
    const e = by.get(r.login) ?? { login: r.login, lowYears: [], lowIn: {}, isLow: false };
    by.set(r.login, e);
    const low =
      r.mean <= cut.get(`${r.year}|${r.procedure}`)! || (r.share2 !== null && r.share2 >= rule.share2Above);
    if (low) (e.lowIn[r.year] ??= []).push(r.procedure);
  }
  for (const e of by.values()) {
    e.lowYears = Object.entries(e.lowIn)
      .filter(([, ps]) => new Set(ps).size >= rule.minProcedures)
      .map(([y]) => Number(y))
      .sort((a, b) => a - b);
    e.isLow = e.lowYears.length >= rule.minYears;
  }
  return [...by.values()].sort((a, b) => a.login.localeCompare(b.login));
}

/** The list over years: a school is in ШНОР for year t when the rule holds on the years ≤ t. */
export function lowResultHistory(
  results: SchoolResult[],
  rule: LowResultRule = DEFAULT_LOW_RESULT_RULE,
): { year: number; in: string[]; out: string[]; persistent: string[]; list: string[] }[] {
  const years = [...new Set(results.map((r) => r.year))].sort((a, b) => a - b);
  const out: { year: number; in: string[]; out: string[]; persistent: string[]; list: string[] }[] = [];
  let prev = new Set<string>();
  for (const [i, y] of years.entries()) {
    // The window of the rule ending at year y.
    const window = years.slice(Math.max(0, i - rule.minYears + 1), i + 1);
    const list = new Set(
      lowResultSchools(
        results.filter((r) => window.includes(r.year)),
        rule,
      )
        .filter((e) => e.isLow)
        .map((e) => e.login),
    );
    out.push({
      year: y,
      list: [...list].sort(),
      in: [...list].filter((l) => !prev.has(l)).sort(),
      out: [...prev].filter((l) => !list.has(l)).sort(),
      persistent: [...list].filter((l) => prev.has(l)).sort(),
    });
    prev = list;
  }
  return out;
}

export interface HardConditionsRule {
  source: string;
  /** ШНСУ when at least this many of the conditions below hold. */
  minConditions: number;
  ruralTypes: number[];
  maxSettlementSize: number;
  minTransport: number;
  minAdaptedShare: number;
  maxSes: number;
}

export const DEFAULT_HARD_CONDITIONS_RULE: HardConditionsRule = {
  source:
    'Правило по умолчанию (задача #13, по контекстной анкете ФИС ОКО): школа в неблагоприятных условиях (ШНСУ), ' +
    'если выполнены не менее 2 условий из: сельский населённый пункт; население менее 5 тыс.; плохая транспортная ' +
    'доступность или её отсутствие; доля учеников по АОП не менее 10 %; индекс благополучия ниже −1. Пороги можно изменить.',
  minConditions: 2,
  ruralTypes: [4],
  maxSettlementSize: 2,
  minTransport: 3,
  minAdaptedShare: 0.1,
  maxSes: -1,
};

/** The conditions met, in words; ШНСУ when there are at least minConditions. */
export function hardConditions(
  r: ContextRecord,
  rule: HardConditionsRule = DEFAULT_HARD_CONDITIONS_RULE,
): { isHard: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (
    (r.settlementType !== null && rule.ruralTypes.includes(r.settlementType)) ||
    (r.settlementType === null && r.urban === false)
  )
    reasons.push('сельский населённый пункт');
  if (r.settlementSize !== null && r.settlementSize <= rule.maxSettlementSize)
    reasons.push('малый населённый пункт');
  if (r.transport !== null && r.transport >= rule.minTransport)
    reasons.push('плохая транспортная доступность');
  if (r.pupilsAdapted !== null && r.pupils && r.pupilsAdapted / r.pupils >= rule.minAdaptedShare)
    reasons.push('много учеников по адаптированным программам');
  if (r.ses !== null && r.ses < rule.maxSes) reasons.push('низкий индекс благополучия');
  return { isHard: reasons.length >= rule.minConditions, reasons };
}

/** The thresholds a user may change (the screen «Контекст школ»). */
export type LowRuleThresholds = Pick<
  LowResultRule,
  'lowestShare' | 'share2Above' | 'minProcedures' | 'minYears'
>;

/** The default rule with the user's thresholds, its source saying what was changed. */
export function lowRuleWith(patch: Partial<LowRuleThresholds> | undefined): LowResultRule {
  const d = DEFAULT_LOW_RESULT_RULE;
  const valid = (v: unknown, lo: number, hi: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
  const rule: LowResultRule = {
    ...d,
    lowestShare: valid(patch?.lowestShare, 0.01, 0.5) ? patch!.lowestShare! : d.lowestShare,
    share2Above: valid(patch?.share2Above, 0.01, 1) ? patch!.share2Above! : d.share2Above,
    minProcedures: valid(patch?.minProcedures, 1, 20) ? Math.round(patch!.minProcedures!) : d.minProcedures,
    minYears: valid(patch?.minYears, 1, 10) ? Math.round(patch!.minYears!) : d.minYears,
  };
  const same =
    rule.lowestShare === d.lowestShare &&
    rule.share2Above === d.share2Above &&
    rule.minProcedures === d.minProcedures &&
    rule.minYears === d.minYears;
  if (same) return d;
  const p = (x: number) => formatPercent(x);
  return {
    ...rule,
    source:
      `Правило с порогами пользователя (по умолчанию — нижние ${p(d.lowestShare)}, доля «2» ${p(d.share2Above)}, ` +
      `${d.minProcedures} процедуры, ${d.minYears} года): низкий результат — нижние ${p(rule.lowestShare)} школ региона ` +
      `по процедуре или доля «2» не меньше ${p(rule.share2Above)}; школа с низкими результатами — низкий результат ` +
      `не менее чем в ${rule.minProcedures} ${plural(rule.minProcedures, ['процедуре', 'процедурах', 'процедурах'])} ` +
      `в каждом из не менее чем ${rule.minYears} ${plural(rule.minYears, ['года', 'лет', 'лет'])}.`,
  };
}
