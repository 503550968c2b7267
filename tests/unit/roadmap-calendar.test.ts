// School calendars and deadline rules against dates worked out by hand.
// Default calendars (school-calendar.ts):
//   quarters   Q1 01.09–26.10, Q2 05.11–28.12, Q3 09.01–21.03, Q4 01.04–26.05
//   trimesters T1 01.09–30.11, T2 01.12–28/29.02, T3 01.03–31.05
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  computeDeadline,
  currentTerm,
  dayOfWeek,
  DEFAULT_QUARTERS,
  DEFAULT_TRIMESTERS,
  endOfSchoolYear,
  endOfTerm,
  fridayBefore,
  parseIsoDate,
  ROADMAP_TEMPLATE_RU,
  schoolYearLabel,
  schoolYearOf,
  startOfNextTerm,
  termsOf,
  type DeadlineRule,
  type SchoolCalendar,
} from '../../src/domain/roadmap/index.ts';

describe('dates', () => {
  it('parses strict ISO dates only', () => {
    expect(parseIsoDate('2026-04-20')).toEqual({ year: 2026, month: 4, day: 20 });
    expect(() => parseIsoDate('2026-02-30')).toThrow();
    expect(() => parseIsoDate('2026-4-20')).toThrow();
    expect(() => parseIsoDate('20.04.2026')).toThrow();
  });

  it('adds months clamping to the month end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28'); // 2026 is a common year
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29'); // 2028 is a leap year
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28'); // across the new year
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2025-10-03', 1)).toBe('2025-11-03');
    expect(addMonths('2026-01-31', 13)).toBe('2027-02-28');
  });

  it('adds days across month, year and DST-change boundaries', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // EU DST change night 29 Mar
    expect(addDays('2025-12-28', 12)).toBe('2026-01-09');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-04-20')).toBe(1); // Monday
    expect(dayOfWeek('2025-10-03')).toBe(5); // Friday
    expect(dayOfWeek('2025-10-26')).toBe(0); // Sunday
  });
});

describe('school calendar', () => {
  it('puts January–August into the school year started the previous September', () => {
    expect(schoolYearOf('2026-04-20')).toBe(2025);
    expect(schoolYearOf('2025-10-03')).toBe(2025);
    expect(schoolYearOf('2025-08-31')).toBe(2024);
    expect(schoolYearOf('2025-09-01')).toBe(2025);
    expect(schoolYearOf('2026-01-01')).toBe(2025);
    expect(schoolYearLabel(2025)).toBe('2025/2026');
  });

  it('lays out the default terms of a school year', () => {
    expect(termsOf(2025, DEFAULT_QUARTERS).map((t) => [t.name, t.start, t.end])).toEqual([
      ['1 четверть', '2025-09-01', '2025-10-26'],
      ['2 четверть', '2025-11-05', '2025-12-28'],
      ['3 четверть', '2026-01-09', '2026-03-21'],
      ['4 четверть', '2026-04-01', '2026-05-26'],
    ]);
    // 2027/2028: the 2nd trimester ends on 29 Feb 2028 (leap year), in 2025/2026 on 28 Feb.
    expect(termsOf(2027, DEFAULT_TRIMESTERS)[1]).toMatchObject({ start: '2027-12-01', end: '2028-02-29' });
    expect(termsOf(2025, DEFAULT_TRIMESTERS)[1]).toMatchObject({ start: '2025-12-01', end: '2026-02-28' });
  });

  it('finds the current term, or none in holidays', () => {
    expect(currentTerm('2026-04-20', DEFAULT_QUARTERS)?.name).toBe('4 четверть');
    expect(currentTerm('2025-10-30', DEFAULT_QUARTERS)).toBeNull(); // autumn holidays
    expect(currentTerm('2026-07-15', DEFAULT_QUARTERS)).toBeNull(); // summer
    expect(currentTerm('2025-12-01', DEFAULT_TRIMESTERS)).toMatchObject({ index: 2, schoolYear: 2025 });
    expect(currentTerm('2028-02-29', DEFAULT_TRIMESTERS)).toMatchObject({ index: 2, schoolYear: 2027 });
  });

  it('ends and starts terms, looking ahead from holidays and summer', () => {
    expect(endOfTerm('2025-10-03', DEFAULT_QUARTERS)).toBe('2025-10-26');
    expect(endOfTerm('2025-10-30', DEFAULT_QUARTERS)).toBe('2025-12-28'); // holidays → the coming term
    expect(endOfTerm('2026-07-01', DEFAULT_QUARTERS)).toBe('2026-10-26'); // summer → next year's Q1
    expect(startOfNextTerm('2025-10-03', DEFAULT_QUARTERS)).toBe('2025-11-05');
    expect(startOfNextTerm('2025-12-28', DEFAULT_QUARTERS)).toBe('2026-01-09');
    expect(startOfNextTerm('2026-04-20', DEFAULT_TRIMESTERS)).toBe('2026-09-01');
    expect(endOfSchoolYear('2025-10-03', DEFAULT_QUARTERS)).toBe('2026-05-26');
    expect(endOfSchoolYear('2026-06-15', DEFAULT_QUARTERS)).toBe('2027-05-26'); // summer: next year
    expect(endOfSchoolYear('2026-05-26', DEFAULT_TRIMESTERS)).toBe('2026-05-31');
  });

  it('takes a school year’s exact dates when the school gives them', () => {
    const cal: SchoolCalendar = {
      ...DEFAULT_QUARTERS,
      years: {
        '2025': [
          { start: '2025-09-01', end: '2025-10-24' },
          { start: '2025-11-05', end: '2025-12-30' },
          { start: '2026-01-12', end: '2026-03-20' },
          { start: '2026-03-30', end: '2026-05-22' },
        ],
      },
    };
    expect(endOfTerm('2025-10-03', cal)).toBe('2025-10-24');
    expect(endOfSchoolYear('2025-10-03', cal)).toBe('2026-05-22');
    expect(termsOf(2026, cal)[0].end).toBe('2026-10-26'); // other years: the defaults
    const bad: SchoolCalendar = { ...DEFAULT_QUARTERS, terms: [{ start: '10-01', end: '09-15' }] };
    expect(() => termsOf(2025, bad)).toThrow(/раньше начала/);
  });
});

describe('deadline rules', () => {
  const rule = (id: string): DeadlineRule => {
    for (const s of ROADMAP_TEMPLATE_RU.stages)
      for (const m of s.measures) if (m.id === id) return m.deadline;
    throw new Error(id);
  };

  // The template's rules, each computed the way buildRoadmap does (stage ends for «after-stage»).
  function all(resultsDate: string, calendar: SchoolCalendar): Record<string, string> {
    const out: Record<string, string> = {};
    const stageEnds: Record<string, string> = {};
    for (const s of ROADMAP_TEMPLATE_RU.stages) {
      for (const m of s.measures)
        out[m.id] = computeDeadline(m.deadline, { resultsDate, calendar, stageEnds });
      stageEnds[s.id] = s.measures.map((m) => out[m.id]).sort()[s.measures.length - 1];
    }
    return out;
  }

  it('results on Mon 2026-04-20, quarters', () => {
    expect(all('2026-04-20', DEFAULT_QUARTERS)).toEqual({
      '1.1': '2026-05-04', // +2 weeks: 20 Apr + 14 d
      '1.2': '2026-05-04',
      '1.3': '2026-05-11', // +3 weeks: 20 Apr + 21 d
      '1.4': '2026-05-11',
      '2.1': '2026-05-18', // analytic stage ends 11 May, + 7 d
      '2.2': '2026-05-20', // +1 month
      '2.3': '2026-05-20',
      '2.4': '2026-05-20',
      '2.5': '2026-05-20',
      '2.6': '2026-09-07', // 20 May in Q4 → next term starts 1 Sep 2026, + 6 d
      '2.7': '2026-09-07',
      '2.8': '2026-05-26', // 20 Apr + 2 weeks = 4 May, in Q4 → Q4 ends 26 May
      '2.9': '2026-05-27', // 20 May + 7 d
      '3.1': '2027-05-26', // next term starts 1 Sep 2026 → school year 2026/27 ends 26 May 2027
      '3.2': '2027-05-26',
      '3.3': '2027-05-26',
      '3.4': '2026-10-26', // next term (Q1 2026/27) ends 26 Oct 2026
      '4.1': '2026-10-01', // the first 1 Oct on or after 20 Apr 2026
      '4.2': '2027-05-26',
      '4.3': '2026-10-26',
      '4.4': '2026-10-26',
      '4.5': '2026-11-11', // 26 Oct → next term starts 5 Nov, + 6 d
      '5.1': '2026-12-25', // the first 25 Dec on or after 20 Apr 2026
      '5.1-end': '2027-05-26', // 25 Dec 2026 is in 2026/27 → ends 26 May 2027
    });
  });

  it('results on Mon 2026-04-20, trimesters', () => {
    expect(all('2026-04-20', DEFAULT_TRIMESTERS)).toMatchObject({
      '1.1': '2026-05-04',
      '1.3': '2026-05-11',
      '2.1': '2026-05-18',
      '2.2': '2026-05-20',
      '2.6': '2026-09-07', // 20 May in T3 → next starts 1 Sep 2026, + 6 d
      '2.8': '2026-05-31', // 4 May in T3 → T3 ends 31 May
      '2.9': '2026-05-27',
      '3.1': '2027-05-31', // 2026/27 ends 31 May 2027
      '3.4': '2026-11-30', // T1 2026/27 ends 30 Nov
      '4.1': '2026-10-01',
      '4.5': '2026-12-07', // 30 Nov → T2 starts 1 Dec, + 6 d
      '5.1': '2026-12-25',
      '5.1-end': '2027-05-31',
    });
  });

  it('results on Fri 2025-10-03, quarters', () => {
    expect(all('2025-10-03', DEFAULT_QUARTERS)).toMatchObject({
      '1.1': '2025-10-17', // 3 Oct + 14 d
      '1.3': '2025-10-24', // 3 Oct + 21 d
      '2.1': '2025-10-31', // 24 Oct + 7 d
      '2.2': '2025-11-03', // +1 month
      '2.6': '2025-11-11', // 3 Nov is in the autumn holidays → Q2 starts 5 Nov, + 6 d
      '2.8': '2025-10-26', // 17 Oct in Q1 → Q1 ends 26 Oct (a Sunday: not shifted by default)
      '2.9': '2025-11-10', // 3 Nov + 7 d
      '3.1': '2026-05-26', // next term Q2 (5 Nov 2025) is in 2025/26 → ends 26 May 2026
      '3.4': '2025-12-28', // Q2 ends 28 Dec
      '4.1': '2026-10-01', // 1 Oct 2025 is before 3 Oct → 1 Oct 2026
      '4.5': '2026-01-15', // 28 Dec → Q3 starts 9 Jan 2026, + 6 d
      '5.1': '2025-12-25',
      '5.1-end': '2026-05-26',
    });
  });

  it('results on Fri 2025-10-03, trimesters', () => {
    expect(all('2025-10-03', DEFAULT_TRIMESTERS)).toMatchObject({
      '1.1': '2025-10-17',
      '1.3': '2025-10-24',
      '2.1': '2025-10-31',
      '2.2': '2025-11-03',
      '2.6': '2025-12-07', // 3 Nov in T1 → T2 starts 1 Dec, + 6 d
      '2.8': '2025-11-30', // 17 Oct in T1 → T1 ends 30 Nov
      '2.9': '2025-11-10',
      '3.1': '2026-05-31', // next term T2 (1 Dec 2025) → 2025/26 ends 31 May 2026
      '3.4': '2026-02-28', // T2 ends 28 Feb 2026 (common year)
      '4.1': '2026-10-01',
      '4.5': '2026-03-07', // 28 Feb → T3 starts 1 Mar, + 6 d
      '5.1': '2025-12-25',
      '5.1-end': '2026-05-31',
    });
  });

  it('month-end edge: results on 31 Jan', () => {
    const ctx = { resultsDate: '2026-01-31', calendar: DEFAULT_QUARTERS };
    expect(computeDeadline(rule('2.2'), ctx)).toBe('2026-02-28'); // 31 Jan + 1 month → 28 Feb
    expect(computeDeadline(rule('2.9'), ctx)).toBe('2026-03-07'); // 28 Feb + 7 d
    expect(computeDeadline(rule('2.2'), { ...ctx, resultsDate: '2028-01-31' })).toBe('2028-02-29');
  });

  it('shifts a weekend deadline to the Friday before only when asked', () => {
    const ctx = { resultsDate: '2025-10-03', calendar: DEFAULT_QUARTERS };
    expect(computeDeadline(rule('2.8'), ctx)).toBe('2025-10-26'); // Sunday, kept
    expect(computeDeadline(rule('2.8'), { ...ctx, weekend: 'friday-before' })).toBe('2025-10-24');
    expect(fridayBefore('2025-10-25')).toBe('2025-10-24'); // Saturday
    expect(fridayBefore('2025-10-27')).toBe('2025-10-27'); // Monday unchanged
  });

  it('handles fixed, next-procedure and after-stage rules', () => {
    const ctx = { resultsDate: '2026-04-20', calendar: DEFAULT_QUARTERS };
    expect(computeDeadline({ kind: 'fixed', month: 4, day: 20 }, ctx)).toBe('2026-04-20'); // on the day
    expect(computeDeadline({ kind: 'fixed', month: 2, day: 29 }, ctx)).toBe('2027-02-28');
    expect(computeDeadline({ kind: 'next-procedure', days: -1 }, ctx)).toBe('2027-04-19'); // + 12 mo − 1 d
    expect(
      computeDeadline({ kind: 'next-procedure', days: -1 }, { ...ctx, nextProcedureDate: '2027-03-16' }),
    ).toBe('2027-03-15');
    expect(() => computeDeadline({ kind: 'after-stage', stage: 'analytic' }, ctx)).toThrow();
    expect(
      computeDeadline(
        { kind: 'after-stage', stage: 'x', weeks: 1 },
        { ...ctx, stageEnds: { x: '2026-05-11' } },
      ),
    ).toBe('2026-05-18');
  });
});
