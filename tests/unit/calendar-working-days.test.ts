// The production calendar against published figures: working days per month and year (five-day
// week) as the 2025 and 2026 production calendars print them, the moved days off of the decrees,
// the six-day week, and working-day arithmetic.
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarSource,
  isDayOff,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../../src/domain/calendar/working-days.ts';
import { addDays } from '../../src/domain/roadmap/dates.ts';

function workingDays(from: string, to: string, week: 5 | 6 = 5): number {
  let n = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) if (!isDayOff(d, week)) n++;
  return n;
}

describe('production calendar', () => {
  it('counts 247 working days in 2025 and in 2026 (five-day week), as the published calendars', () => {
    expect(workingDays('2025-01-01', '2025-12-31')).toBe(247);
    expect(workingDays('2026-01-01', '2026-12-31')).toBe(247);
  });

  it('counts the working days of each month of 2026 as the published calendar', () => {
    // glavaudit.org «Производственный календарь 2026», пятидневная неделя.
    const published = [15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22];
    const months = published.map((_, i) => {
      const m = String(i + 1).padStart(2, '0');
      const last = new Date(Date.UTC(2026, i + 1, 0)).getUTCDate();
      return workingDays(`2026-${m}-01`, `2026-${m}-${last}`);
    });
    expect(months).toEqual(published);
  });

  it('moves the days off of the 2025 and 2026 decrees', () => {
    // 2025 (№ 1335): 2 and 8 May, 13 June, 3 Nov, 31 Dec off; Saturday 1 Nov a working day.
    for (const d of ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'])
      expect(isDayOff(d), d).toBe(true);
    expect(isDayOff('2025-11-01')).toBe(false);
    expect(isDayOff('2025-02-24')).toBe(false); // 23 Feb moved to 8 May, not to the Monday
    // 2026: 9 Jan, 9 Mar, 11 May, 31 Dec off.
    for (const d of ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'])
      expect(isDayOff(d), d).toBe(true);
    for (let d = '2027-01-01'; d <= '2027-01-08'; d = addDays(d, 1)) expect(isDayOff(d), d).toBe(true);
  });

  it('says which years are official and which are provisional', () => {
    expect(calendarSource(2025).status).toBe('official');
    expect(calendarSource(2025).source).toContain('№ 1335');
    expect(calendarSource(2026).status).toBe('official');
    expect(calendarSource(2027).status).toBe('provisional');
    expect(calendarSource(2027).source).toContain('не найдено');
    expect(calendarSource(2030).status).toBe('provisional');
    // 2027 by art. 112 only: 1 May (Sat) → 3 May, 9 May (Sun) → 10 May, 12 June (Sat) → 14 June.
    for (const d of ['2027-05-03', '2027-05-10', '2027-06-14']) expect(isDayOff(d), d).toBe(true);
    expect(isDayOff('2027-05-04')).toBe(false);
  });

  it('six-day week: Saturdays work, the decrees do not apply, a Sunday holiday gives Monday off', () => {
    expect(isDayOff('2026-04-18', 6)).toBe(false); // Saturday
    expect(isDayOff('2026-04-19', 6)).toBe(true); // Sunday
    expect(isDayOff('2025-05-02', 6)).toBe(false); // the decree's moved day off is a five-day-week one
    expect(isDayOff('2025-02-24', 6)).toBe(true); // 23 Feb 2025 was a Sunday (art. 112)
    expect(isDayOff('2026-03-09', 6)).toBe(true); // 8 Mar 2026 was a Sunday
    expect(isDayOff('2026-05-11', 6)).toBe(false); // 9 May 2026 was a Saturday, a working day here
    expect(isDayOff('2026-01-08', 6)).toBe(true);
    // 2026 with a six-day week: 365 − 52 Sundays − 14 holidays + 2 holidays on a Sunday (4 Jan,
    // 8 Mar) − 9 March = 300 working days.
    expect(workingDays('2026-01-01', '2026-12-31', 6)).toBe(365 - 52 - 14 + 2 - 1);
  });

  it('counts working days forwards and backwards', () => {
    expect(addWorkingDays('2026-04-30', 1)).toBe('2026-05-04'); // 1–3 May off
    expect(addWorkingDays('2026-05-08', 1)).toBe('2026-05-12'); // 9–11 May off
    expect(addWorkingDays('2026-04-20', 10)).toBe('2026-05-05'); // 21–24, 27–30 Apr, 4–5 May
    expect(addWorkingDays('2026-01-12', -1)).toBe('2025-12-30'); // 31 Dec 2025 – 11 Jan 2026 off
    expect(addWorkingDays('2026-01-03', 0)).toBe('2026-01-12');
    expect(addWorkingDays('2026-04-18', 1, 6)).toBe('2026-04-20'); // Sat → Mon
    expect(workingDayOnOrBefore('2026-12-27')).toBe('2026-12-25');
    expect(workingDayOnOrAfter('2027-01-03')).toBe('2027-01-11');
    expect(() => addWorkingDays('2026-04-20', 1.5)).toThrow();
  });
});
