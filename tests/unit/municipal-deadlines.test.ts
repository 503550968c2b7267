// Issue #11 point 3, the municipal plan: it follows the schedule of procedures (entered, or the usual
// dates of the imported kinds) and keeps every date inside its plan year; «в течение 15 дней после
// получения результатов» counts from each procedure's results date. The findings failed before
// (measures at plan date + 12 months: 01.09.2027, 31.08.2027; the 15 days from the approval date).
import { describe, expect, it } from 'vitest';
import { isDayOff } from '../../src/domain/calendar/working-days.ts';
import { municipalPlan, type MunicipalPlanInput } from '../../src/domain/documents/objectivity-plan.ts';
import { planSchoolYear, usualSchedule } from '../../src/domain/roadmap/procedure-schedule.ts';
import { DEFAULT_QUARTERS, DEFAULT_TRIMESTERS, type SchoolCalendar } from '../../src/domain/roadmap/index.ts';
import type { Roadmap } from '../../src/domain/roadmap/types.ts';

const input = (
  planDate: string,
  schoolYear: number,
  extra: Partial<MunicipalPlanInput> = {},
): MunicipalPlanInput => ({
  municipality: { id: 'm1', name: 'город Барнаул' },
  schools: [{ login: 'sch1', name: 'МБОУ СОШ № 1' }],
  signs: [],
  procedures: [
    { id: 'ВПР-2025-Математика-5', title: 'ВПР · Математика · 5 класс · 2025', schools: [] },
    { id: 'ВПР-2025-Русский язык-5', title: 'ВПР · Русский язык · 5 класс · 2025', schools: [] },
    { id: 'ОГЭ-2025-Математика-9', title: 'ОГЭ · Математика · 9 класс · 2025', schools: [] },
  ],
  observation: {},
  schoolYear,
  planDate,
  calendar: DEFAULT_QUARTERS,
  ...extra,
});

const measures = (r: Roadmap) => r.stages.flatMap((s) => s.measures);
const byId = (r: Roadmap, id: string) => measures(r).find((m) => m.id === id)!;

describe('municipal plan deadlines: the findings', () => {
  it('takes the usual schedule of the imported kinds in the plan year, one entry per kind', () => {
    expect(usualSchedule(input('2026-09-01', 2026).procedures, 2026)).toEqual([
      {
        label: 'ВПР (Математика, 5 класс; Русский язык, 5 класс)',
        date: '2027-04-15',
        resultsDate: '2027-05-31',
      },
      { label: 'ОГЭ (Математика, 9 класс)', date: '2027-05-25', resultsDate: '2027-06-30' },
    ]);
  });

  it('keeps every measure inside the plan year, none at plan date + 12 months', () => {
    const { roadmap } = municipalPlan(input('2026-09-01', 2026));
    for (const m of measures(roadmap)) {
      expect(m.deadline >= '2026-09-01' && m.deadline <= '2027-08-31', `${m.id} ${m.deadline}`).toBe(true);
      expect(['2027-09-01', '2027-08-31']).not.toContain(m.deadline);
    }
  });

  it('counts the 15 days from each procedure’s results date, not from the approval date', () => {
    const { roadmap } = municipalPlan(
      input('2026-09-01', 2026, {
        schedule: [
          { label: 'ВПР, осень', date: '2026-10-06', resultsDate: '2026-11-10' },
          { label: 'ВПР, весна', date: '2027-04-13', resultsDate: '2027-05-18' },
        ],
      }),
    );
    // 10 Nov + 15 d = 25 Nov 2026 (Wed); 18 May + 15 d = 2 Jun 2027 (Wed).
    expect(byId(roadmap, '2.1').occurrences).toEqual([
      { label: 'ВПР, осень', date: '2026-11-25' },
      { label: 'ВПР, весна', date: '2027-06-02' },
    ]);
    expect(byId(roadmap, '2.1').deadline).toBe('2027-06-02');
    // The working day before each procedure: Mon 5 Oct 2026, Mon 12 Apr 2027.
    expect(byId(roadmap, '1.3').occurrences!.map((o) => o.date)).toEqual(['2026-10-05', '2027-04-12']);
    expect(byId(roadmap, '2.2').deadline > byId(roadmap, '2.1').deadline).toBe(true);
  });
});

describe('municipal plan deadlines: every approval date of two school years', () => {
  it('a plan approved in August is for the coming school year', () => {
    expect(planSchoolYear('2026-08-28')).toBe(2026);
    expect(planSchoolYear('2026-07-31')).toBe(2025);
    expect(planSchoolYear('2026-09-15')).toBe(2026);
    expect(planSchoolYear('2027-01-20')).toBe(2026);
  });

  const calendars: SchoolCalendar[] = [
    DEFAULT_QUARTERS,
    DEFAULT_TRIMESTERS,
    { ...DEFAULT_QUARTERS, week: 6 },
    { ...DEFAULT_TRIMESTERS, week: 6 },
  ];
  it('no date on a day off, every date inside the plan year, 2.2 after 2.1', () => {
    const problems: string[] = [];
    for (const calendar of calendars) {
      const week = calendar.week ?? 5;
      for (let t = Date.UTC(2025, 8, 1); t <= Date.UTC(2027, 7, 31); t += 86_400_000) {
        const planDate = new Date(t).toISOString().slice(0, 10);
        const schoolYear = planSchoolYear(planDate);
        const { roadmap } = municipalPlan(input(planDate, schoolYear, { calendar }));
        const end = `${schoolYear + 1}-08-31`;
        for (const m of measures(roadmap)) {
          for (const d of [m.deadline, ...(m.occurrences ?? []).map((o) => o.date)]) {
            if (d < planDate || d > end) problems.push(`${planDate} ${m.id} ${d} вне года`);
            if (isDayOff(d, week)) problems.push(`${planDate} ${m.id} ${d} выходной`);
          }
        }
        if (!(byId(roadmap, '2.2').deadline > byId(roadmap, '2.1').deadline))
          problems.push(`${planDate} 2.2`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
