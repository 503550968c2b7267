// Russian school-year calendars: four quarters (четверти) or three trimesters (триместры).
//
// A school year is named by the calendar year of its 1 September: the school year 2025 is
// 2025/2026. A date in January–August belongs to the school year that started the previous
// September (the summer included), a date in September–December to the one starting that year.
//
// Default boundaries (typical for the regions; every school approves its own calendar, so the
// boundaries are data, `SchoolCalendar.terms`, and whole years can be overridden with the dates
// of the school's order, `SchoolCalendar.years`):
//   quarters:   1 Sep – 26 Oct, 5 Nov – 28 Dec, 9 Jan – 21 Mar, 1 Apr – 26 May
//               (holidays: 27 Oct – 4 Nov, 29 Dec – 8 Jan, 22 – 31 Mar, summer from 27 May);
//   trimesters: 1 Sep – 30 Nov, 1 Dec – 28/29 Feb, 1 Mar – 31 May (the short holidays inside the
//               trimesters of a 5+1 schedule are not modelled: a term is one continuous span).
// A boundary `MM-DD` whose day is missing in that year's month is clamped to the month's end
// (`02-29` is 28 Feb in a common year), so the trimester default has no gap in leap years.
import type { WorkWeek } from '../calendar/working-days.ts';
import { compareIso, daysInMonth, isoOf, parseIsoDate } from './dates.ts';

export type TermKind = 'quarters' | 'trimesters';

/** A term as month-day boundaries, repeated every school year. */
export interface TermBoundary {
  /** `MM-DD` */
  start: string;
  /** `MM-DD`, inclusive */
  end: string;
}

export interface TermDates {
  /** ISO `YYYY-MM-DD` */
  start: string;
  /** ISO, inclusive */
  end: string;
}

export interface SchoolCalendar {
  kind: TermKind;
  /** In school-year order: September–December boundaries first. */
  terms: TermBoundary[];
  /** Exact terms of a given school year (key: the year of its September, e.g. '2025'). */
  years?: Record<string, TermDates[]>;
  /** The school's working week: deadlines fall on its working days (default 5). */
  week?: WorkWeek;
}

export interface Term extends TermDates {
  kind: TermKind;
  schoolYear: number;
  /** 1-based number within the school year. */
  index: number;
  /** «2 четверть», «1 триместр». */
  name: string;
}

export const DEFAULT_QUARTERS: SchoolCalendar = {
  kind: 'quarters',
  terms: [
    { start: '09-01', end: '10-26' },
    { start: '11-05', end: '12-28' },
    { start: '01-09', end: '03-21' },
    { start: '04-01', end: '05-26' },
  ],
};

export const DEFAULT_TRIMESTERS: SchoolCalendar = {
  kind: 'trimesters',
  terms: [
    { start: '09-01', end: '11-30' },
    { start: '12-01', end: '02-29' },
    { start: '03-01', end: '05-31' },
  ],
};

export function defaultCalendar(kind: TermKind): SchoolCalendar {
  return kind === 'quarters' ? DEFAULT_QUARTERS : DEFAULT_TRIMESTERS;
}

/** The school year (year of its September) a date belongs to: 2026-04-20 → 2025. */
export function schoolYearOf(iso: string): number {
  const { year, month } = parseIsoDate(iso);
  return month >= 9 ? year : year - 1;
}

/** «2025/2026» */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear}/${schoolYear + 1}`;
}

const MD_RE = /^(\d{2})-(\d{2})$/;

/** `MM-DD` in the school year: September–December in `schoolYear`, January–August after it. */
function boundaryDate(md: string, schoolYear: number): string {
  const m = MD_RE.exec(md);
  if (!m) throw new Error(`Граница четверти/триместра должна быть в формате ММ-ДД: «${md}»`);
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31)
    throw new Error(`Граница четверти/триместра вне календаря: «${md}»`);
  const year = month >= 9 ? schoolYear : schoolYear + 1;
  return isoOf(year, month, Math.min(day, daysInMonth(year, month)));
}

const TERM_WORD: Record<TermKind, string> = { quarters: 'четверть', trimesters: 'триместр' };

/** The terms of one school year, validated: each starts on or before its end, in order. */
export function termsOf(schoolYear: number, calendar: SchoolCalendar): Term[] {
  const exact = calendar.years?.[String(schoolYear)];
  const dates: TermDates[] = exact
    ? exact.map((t) => ({ start: t.start, end: t.end }))
    : calendar.terms.map((t) => ({
        start: boundaryDate(t.start, schoolYear),
        end: boundaryDate(t.end, schoolYear),
      }));
  if (dates.length === 0) throw new Error('В календаре нет ни одной четверти (триместра)');
  dates.forEach((t, i) => {
    parseIsoDate(t.start);
    parseIsoDate(t.end);
    if (compareIso(t.start, t.end) > 0)
      throw new Error(`Период ${i + 1} учебного года ${schoolYearLabel(schoolYear)} кончается раньше начала`);
    if (i > 0 && compareIso(dates[i - 1].end, t.start) >= 0)
      throw new Error(`Периоды ${i} и ${i + 1} учебного года ${schoolYearLabel(schoolYear)} пересекаются`);
  });
  return dates.map((t, i) => ({
    ...t,
    kind: calendar.kind,
    schoolYear,
    index: i + 1,
    name: `${i + 1} ${TERM_WORD[calendar.kind]}`,
  }));
}

/** Terms of the school years around a date, in order (enough to look one year ahead). */
function termsAround(iso: string, calendar: SchoolCalendar): Term[] {
  const sy = schoolYearOf(iso);
  return [...termsOf(sy - 1, calendar), ...termsOf(sy, calendar), ...termsOf(sy + 1, calendar)];
}

/** The term containing the date, or null in holidays and in summer. */
export function currentTerm(iso: string, calendar: SchoolCalendar): Term | null {
  return (
    termsAround(iso, calendar).find((t) => compareIso(t.start, iso) <= 0 && compareIso(iso, t.end) <= 0) ??
    null
  );
}

/** The first term starting strictly after the date. */
export function nextTerm(iso: string, calendar: SchoolCalendar): Term {
  const t = termsAround(iso, calendar).find((x) => compareIso(x.start, iso) > 0);
  if (!t) throw new Error(`Не найдена следующая четверть (триместр) после ${iso}`);
  return t;
}

/**
 * Last day of the term containing the date. In holidays or in summer: of the term that comes
 * next («end of the current term» said during the holidays means the coming one).
 */
export function endOfTerm(iso: string, calendar: SchoolCalendar): string {
  return (currentTerm(iso, calendar) ?? nextTerm(iso, calendar)).end;
}

/** First day of the first term that starts after the date (during holidays: the coming term). */
export function startOfNextTerm(iso: string, calendar: SchoolCalendar): string {
  return nextTerm(iso, calendar).start;
}

/**
 * Last day of the school year's last term, for the school year whose lessons are still to come:
 * the date's own school year, or — when its last term has already ended (summer) — the next one.
 */
export function endOfSchoolYear(iso: string, calendar: SchoolCalendar): string {
  const sy = schoolYearOf(iso);
  const own = termsOf(sy, calendar);
  const last = own[own.length - 1];
  if (compareIso(iso, last.end) <= 0) return last.end;
  const next = termsOf(sy + 1, calendar);
  return next[next.length - 1].end;
}
