// Working days of the Russian production calendar for a school's five- or six-day week. Pure day
// arithmetic on ISO dates (roadmap/dates.ts).
//
// A day is off when it is
//  - an official non-working holiday (ТК РФ ст. 112: 1–8 January, 23 February, 8 March, 1 and 9 May,
//    12 June, 4 November);
//  - five-day week: a Saturday or Sunday, unless the year's decree made it a working day, or a
//    weekday the decree made a day off (moved-days-off.ts). A year without a recorded decree gets
//    the art. 112 shifts only (a holiday on a weekend moves the day off to the next working day,
//    except the January holidays, which only a decree moves) and is reported as provisional;
//  - six-day week: a Sunday, or the working day after a holiday that fell on a Sunday (art. 112,
//    January excepted). The decrees move Saturdays off, which a six-day week does not have, so they
//    do not apply to it.
import { addDays, dayOfWeek, parseIsoDate } from '../roadmap/dates.ts';
import { MOVED_DAYS_OFF } from './moved-days-off.ts';

export type WorkWeek = 5 | 6;

/** `MM-DD` of the official non-working holidays (ТК РФ ст. 112). */
export const OFFICIAL_HOLIDAYS: readonly string[] = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];

const HOLIDAY_SET = new Set(OFFICIAL_HOLIDAYS);

export function isHoliday(iso: string): boolean {
  parseIsoDate(iso);
  return HOLIDAY_SET.has(iso.slice(5));
}

const isWeekend = (iso: string, week: WorkWeek) => {
  const d = dayOfWeek(iso);
  return d === 0 || (week === 5 && d === 6);
};

/** Art. 112 part 2: a holiday (not in January) on a weekend day gives the next working day off. */
function art112(year: number, week: WorkWeek): Set<string> {
  const out = new Set<string>();
  for (const md of OFFICIAL_HOLIDAYS) {
    if (md.startsWith('01-')) continue;
    const h = `${year}-${md}`;
    if (!isWeekend(h, week)) continue;
    let d = addDays(h, 1);
    while (isWeekend(d, week) || HOLIDAY_SET.has(d.slice(5)) || out.has(d)) d = addDays(d, 1);
    out.add(d);
  }
  return out;
}

interface YearDays {
  off: Set<string>;
  working: Set<string>;
}

const cache = new Map<string, YearDays>();

function yearDays(year: number, week: WorkWeek): YearDays {
  const k = `${year}/${week}`;
  let v = cache.get(k);
  if (!v) {
    const decree = week === 5 ? MOVED_DAYS_OFF[year] : undefined;
    v = decree
      ? { off: new Set(decree.daysOff), working: new Set(decree.workingDays) }
      : { off: art112(year, week), working: new Set() };
    cache.set(k, v);
  }
  return v;
}

const memo = new Map<string, boolean>();

/** Whether the date is a day off for a school working `week` days a week. */
export function isDayOff(iso: string, week: WorkWeek = 5): boolean {
  const k = `${iso}/${week}`;
  let v = memo.get(k);
  if (v === undefined) {
    const y = yearDays(parseIsoDate(iso).year, week);
    v = isHoliday(iso) || (!y.working.has(iso) && (y.off.has(iso) || isWeekend(iso, week)));
    if (memo.size > 20_000) memo.clear();
    memo.set(k, v);
  }
  return v;
}

/** The date itself when it is a working day, else the nearest working day before it. */
export function workingDayOnOrBefore(iso: string, week: WorkWeek = 5): string {
  let d = iso;
  while (isDayOff(d, week)) d = addDays(d, -1);
  return d;
}

/** The date itself when it is a working day, else the nearest working day after it. */
export function workingDayOnOrAfter(iso: string, week: WorkWeek = 5): string {
  let d = iso;
  while (isDayOff(d, week)) d = addDays(d, 1);
  return d;
}

/**
 * The n-th working day after the date (n > 0) or before it (n < 0); n = 0: the date itself when it
 * is a working day, else the next one. «В течение 10 рабочих дней после 30 апреля» = +10.
 */
export function addWorkingDays(iso: string, n: number, week: WorkWeek = 5): string {
  if (!Number.isInteger(n)) throw new Error(`Число рабочих дней должно быть целым: ${n}`);
  if (n === 0) return workingDayOnOrAfter(iso, week);
  const step = n > 0 ? 1 : -1;
  let d = iso;
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (!isDayOff(d, week)) left--;
  }
  return d;
}

/** Whether the year's moved days off come from a recorded decree, and the source to cite. */
export function calendarSource(year: number): { status: 'official' | 'provisional'; source: string } {
  const d = MOVED_DAYS_OFF[year];
  if (d) return { status: d.status, source: d.source };
  return {
    status: 'provisional',
    source: `Постановление о переносе выходных дней в ${year} году не записано; применены только переносы по ст. 112 ТК РФ.`,
  };
}
