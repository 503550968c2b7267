// The default «Дата получения результатов» of a procedure: the roadmap's deadlines count from it, so
// today's date is wrong for results of an earlier year (2022 results opened in 2026 would get 2026
// deadlines). Schools get the results of a spring ВПР by the end of May, of ОГЭ by the end of June,
// of ЕГЭ by mid-July (the usual calendar of these procedures); a date still ahead of today gives today.
import { isoOf, parseIsoDate } from './dates.ts';

/** Month and day by which a kind's results usually reach the school (other kinds: as the ВПР). */
export const RESULTS_BY: Record<string, [number, number]> = {
  ВПР: [5, 31],
  ОГЭ: [6, 30],
  ГВЭ: [6, 30],
  ЕГЭ: [7, 15],
};

/** `kind` and `year` of a procedure key `kind-year-subject-grade` (null when it is not one). */
export function procedureKindYear(key: string): { kind: string; year: number } | null {
  const m = /^([^-]+)-(\d{4})-/.exec(key);
  return m ? { kind: m[1], year: Number(m[2]) } : null;
}

/** The default results date (ISO) of a procedure of `kind` held in `year`, never after `today`. */
export function defaultResultsDate(kind: string, year: number, today: string): string {
  const [month, day] = RESULTS_BY[kind] ?? RESULTS_BY['ВПР'];
  const usual = isoOf(year, month, day);
  parseIsoDate(today);
  return usual < today ? usual : today;
}
