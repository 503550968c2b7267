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
  isSpringResults,
  parseIsoDate,
  ROADMAP_TEMPLATE_RU,
  schoolYearLabel,
  schoolYearOf,
  scheduleMeasures,
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
  // The template's dates as the schedule computes them (working days of the 2025–2027 calendar,
  // `after` kept), each worked out by hand in the comment.
  const all = (resultsDate: string, calendar: SchoolCalendar): Record<string, string> =>
    Object.fromEntries(
      Object.entries(scheduleMeasures(ROADMAP_TEMPLATE_RU, { resultsDate, calendar }).dates).map(([k, v]) => [
        k,
        v.deadline,
      ]),
    );

  it('results on Mon 2026-04-20, quarters: spring, the work moves to 2026/27', () => {
    expect(isSpringResults('2026-04-20', DEFAULT_QUARTERS)).toBe(true);
    expect(all('2026-04-20', DEFAULT_QUARTERS)).toEqual({
      '1.1': '2026-05-05', // 10 working days: 21–24, 27–30 Apr, 4–5 May (1–3 May off)
      '1.2': '2026-05-05',
      '1.3': '2026-05-13', // 15: + 6–8, 12–13 May (9–11 May off)
      '1.4': '2026-05-13',
      '2.1': '2026-05-20', // 5 after 13 May: 14, 15, 18, 19, 20
      '2.2': '2026-08-31', // spring: the working day before 1 Sep 2026
      '2.3': '2026-08-31',
      '2.4': '2026-08-31',
      '2.5': '2026-08-31',
      '2.6': '2026-09-08', // 5 after 1 Sep: 2, 3, 4, 7, 8
      '2.7': '2026-09-08',
      '2.8': '2026-09-15', // 10 after 1 Sep
      '2.9': '2026-06-03', // 10 after 20 May (12 June is later)
      '3.1': '2027-05-26', // end of 2026/27 (Wed)
      '3.2': '2027-05-26',
      '3.3': '2027-05-26',
      '3.4': '2026-10-26', // end of Q1 2026/27 (Mon), the term of 8 Sep
      '4.1': '2026-06-03', // 10 after the Педсовет
      '4.2': '2027-05-26',
      '4.3': '2026-10-26',
      '4.4': '2026-10-26',
      '4.5': '2026-11-02', // 5 after 26 Oct: 27–30 Oct, 2 Nov
      '5.1': '2026-11-10', // 5 after 2 Nov: 3, 5, 6, 9, 10 (4 Nov off)
      '5.1-end': '2027-05-27', // the working day after the lessons end (3.1)
    });
  });

  it('results on Mon 2026-04-20, trimesters', () => {
    expect(all('2026-04-20', DEFAULT_TRIMESTERS)).toMatchObject({
      '1.1': '2026-05-05',
      '2.1': '2026-05-20',
      '2.2': '2026-08-31',
      '2.6': '2026-09-08',
      '3.1': '2027-05-31', // 2026/27 ends Mon 31 May 2027
      '3.4': '2026-11-30', // T1 2026/27 ends Mon 30 Nov
      '4.5': '2026-12-07', // 5 after 30 Nov: 1–4, 7 Dec
      '5.1': '2026-12-14',
      '5.1-end': '2027-06-01',
    });
  });

  it('results on Fri 2025-10-03, quarters: autumn, the work stays in 2025/26', () => {
    expect(isSpringResults('2025-10-03', DEFAULT_QUARTERS)).toBe(false);
    expect(all('2025-10-03', DEFAULT_QUARTERS)).toMatchObject({
      '1.1': '2025-10-17', // 10 working days
      '1.3': '2025-10-24', // 15
      '2.1': '2025-10-31', // 5 after 24 Oct
      '2.2': '2025-11-17', // 10 after 31 Oct: 1 Nov (a working Saturday), 5–7, 10–14, 17 (3–4 Nov off)
      '2.6': '2025-11-12', // 31 Oct is in the holidays: Q2 starts Wed 5 Nov; 5 after it: 6, 7, 10, 11, 12
      '2.8': '2025-11-17',
      '3.1': '2026-05-26', // end of 2025/26 (Tue)
      '3.4': '2025-12-26', // end of Q2, Sun 28 Dec → Fri 26 Dec
      '4.1': '2025-11-17',
      '4.4': '2025-12-26',
      '4.5': '2026-01-14', // 5 after 26 Dec: 29, 30 Dec, 12, 13, 14 Jan (31 Dec – 11 Jan off)
      '5.1': '2026-01-21', // 15, 16, 19, 20, 21
      '5.1-end': '2026-05-27',
    });
  });

  it('results on Fri 2025-10-03, trimesters', () => {
    expect(all('2025-10-03', DEFAULT_TRIMESTERS)).toMatchObject({
      '2.1': '2025-10-31',
      '2.6': '2025-12-08', // T2 starts Mon 1 Dec; 5 after it: 2–5, 8
      '3.1': '2026-05-29', // 2025/26 ends Sun 31 May → Fri 29 May
      '3.4': '2026-02-27', // T2 ends Sat 28 Feb 2026 → Fri 27 Feb
      '4.5': '2026-03-06', // 5 after 27 Feb: 2–6 Mar
      '5.1': '2026-03-16', // 5 after 6 Mar: 10–13, 16 (9 Mar off)
    });
  });

  it('month-end edge: a month after 31 Jan is the end of February', () => {
    const ctx = { resultsDate: '2026-01-31', calendar: DEFAULT_QUARTERS };
    expect(computeDeadline({ kind: 'relative', months: 1 }, ctx)).toBe('2026-02-28');
    expect(computeDeadline({ kind: 'relative', months: 1, days: 7 }, ctx)).toBe('2026-03-07');
    expect(computeDeadline({ kind: 'relative', months: 1 }, { ...ctx, resultsDate: '2028-01-31' })).toBe(
      '2028-02-29',
    );
  });

  it('shifts a weekend deadline to the Friday before only when asked', () => {
    const ctx = { resultsDate: '2025-10-03', calendar: DEFAULT_QUARTERS };
    const endOfQ1: DeadlineRule = { kind: 'end-of-term' };
    expect(computeDeadline(endOfQ1, ctx)).toBe('2025-10-26'); // Sunday, kept by the bare rule
    expect(computeDeadline(endOfQ1, { ...ctx, weekend: 'friday-before' })).toBe('2025-10-24');
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
