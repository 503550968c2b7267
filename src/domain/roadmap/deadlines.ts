// Deadline rules → dates. Pure day arithmetic on ISO dates (./dates.ts): no time zones.
//
// Order of a rule: base (resultsDate, or the nested `from` rule's date) → anchor (see
// DeadlineRule) → months (clamped to the month's last day: 31 Jan + 1 month = 28/29 Feb) → weeks
// and days.
//
// Weekends: by default a deadline is NOT shifted ('keep'): the plan states the date its rule
// gives, even a Saturday or a Sunday (the end of the 1st quarter, 26 Oct, is a Sunday in 2025),
// and many schools work on Saturdays. With `weekend: 'friday-before'` a deadline falling on a
// Saturday or Sunday moves to the Friday before — never later, so a deadline is never missed
// by the shift. Only the final date is shifted, not the dates nested rules start from.
import { addWorkingDays } from '../calendar/working-days.ts';
import { addDays, addMonths, compareIso, dayOfWeek, isoOf, parseIsoDate } from './dates.ts';
import {
  endOfSchoolYear,
  endOfTerm,
  startOfNextTerm,
  termsOf,
  type SchoolCalendar,
} from './school-calendar.ts';
import type { DeadlineRule } from './types.ts';

export type WeekendPolicy = 'keep' | 'friday-before';

export interface DeadlineContext {
  /** ISO date the results were received (the base of every rule). */
  resultsDate: string;
  calendar: SchoolCalendar;
  /** ISO date of the next procedure, for `next-procedure` rules. */
  nextProcedureDate?: string;
  /** Latest deadline of each stage computed so far, for `after-stage` rules. */
  stageEnds?: Record<string, string>;
  weekend?: WeekendPolicy;
  /** Latest deadline of the measures declared in `after`, for `after` rules. */
  afterDate?: string;
  /** School year the measures are carried out in, for `*-of-target-year` rules. */
  targetYear?: number;
  /** The scheduled procedure a `procedure-*` rule is computed for. */
  procedure?: { date: string; resultsDate: string };
}

/** The deadline of a rule as an ISO date. Throws on an invalid rule or date. */
export function computeDeadline(rule: DeadlineRule, ctx: DeadlineContext): string {
  parseIsoDate(ctx.resultsDate);
  const d = resolve(rule, ctx, 0);
  return ctx.weekend === 'friday-before' ? fridayBefore(d) : d;
}

/** Saturday → −1 day, Sunday → −2 days; other days unchanged. */
export function fridayBefore(iso: string): string {
  const w = dayOfWeek(iso);
  return w === 6 ? addDays(iso, -1) : w === 0 ? addDays(iso, -2) : iso;
}

const MAX_DEPTH = 8;

function resolve(rule: DeadlineRule, ctx: DeadlineContext, depth: number): string {
  if (depth > MAX_DEPTH) throw new Error('Правило срока вложено слишком глубоко');
  const base = rule.from ? resolve(rule.from, ctx, depth + 1) : ctx.resultsDate;
  let d: string;
  switch (rule.kind) {
    case 'relative':
      d = base;
      break;
    case 'fixed':
      d = nextOccurrence(base, rule.month, rule.day);
      break;
    case 'end-of-term':
      d = endOfTerm(base, ctx.calendar);
      break;
    case 'start-of-next-term':
      d = startOfNextTerm(base, ctx.calendar);
      break;
    case 'end-of-school-year':
      d = endOfSchoolYear(base, ctx.calendar);
      break;
    case 'next-procedure':
      if (ctx.nextProcedureDate) parseIsoDate(ctx.nextProcedureDate);
      d = ctx.nextProcedureDate ?? addMonths(base, 12);
      break;
    case 'after':
      d = ctx.afterDate ?? base;
      break;
    case 'start-of-target-year':
      d = termsOf(ctx.targetYear ?? schoolYearOfBase(base), ctx.calendar)[0].start;
      break;
    case 'end-of-target-year': {
      const terms = termsOf(ctx.targetYear ?? schoolYearOfBase(base), ctx.calendar);
      d = terms[terms.length - 1].end;
      break;
    }
    case 'procedure-date':
    case 'procedure-results':
      if (!ctx.procedure) throw new Error('Срок по графику процедур: процедура не задана');
      d = rule.kind === 'procedure-date' ? ctx.procedure.date : ctx.procedure.resultsDate;
      parseIsoDate(d);
      break;
    case 'after-stage': {
      const end = ctx.stageEnds?.[rule.stage];
      if (!end) throw new Error(`Срок «после этапа ${rule.stage}»: этап не найден или ещё не рассчитан`);
      d = end;
      break;
    }
    default:
      throw new Error(`Неизвестное правило срока: ${(rule as { kind: string }).kind}`);
  }
  if (rule.months) d = addMonths(d, rule.months);
  const days = (rule.weeks ?? 0) * 7 + (rule.days ?? 0);
  if (days) d = addDays(d, days);
  return rule.workdays ? addWorkingDays(d, rule.workdays, ctx.calendar.week ?? 5) : d;
}

function schoolYearOfBase(iso: string): number {
  const { year, month } = parseIsoDate(iso);
  return month >= 9 ? year : year - 1;
}

/** The first `month`-`day` on or after the base (29 Feb in a common year → 28 Feb). */
function nextOccurrence(base: string, month: number, day: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 31)
    throw new Error(`Неверная дата в правиле срока: ${day}.${month}`);
  const { year } = parseIsoDate(base);
  for (const y of [year, year + 1]) {
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    const d = isoOf(y, month, Math.min(day, last));
    if (compareIso(d, base) >= 0) return d;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
