// Issue #11 point 3: the roadmap's deadlines. First the findings of the close reading (each failed
// before the deadline engine), then properties over every results date of two calendar years, both
// term calendars and both working weeks. Days off are checked against a second, independent list:
// the ranges of non-working days as the Government's press releases for 2025 and 2026 print them
// (and the Labour Code's art. 112 shifts for 2027, whose decree is not recorded).
import { describe, expect, it } from 'vitest';
import type { ProcedureReport, UnitReport } from '../../src/domain/report/types.ts';
import {
  buildRoadmap,
  DEFAULT_QUARTERS,
  DEFAULT_TRIMESTERS,
  ROADMAP_TEMPLATE_RU,
  type Roadmap,
  type SchoolCalendar,
} from '../../src/domain/roadmap/index.ts';

const unit = (u: Partial<UnitReport> & Pick<UnitReport, 'level' | 'id' | 'name' | 'parent'>): UnitReport => ({
  written: 0,
  absent: 0,
  ...u,
});

const PROCEDURE: ProcedureReport = {
  id: 'ВПР-2026-Математика-5',
  kind: 'ВПР',
  subject: 'Математика',
  grade: 5,
  year: 2026,
  maxScore: 20,
  tasks: [],
  scale: null,
  units: [
    unit({ level: 'all', id: '*', name: 'Все участники', parent: null, written: 20 }),
    unit({
      level: 'school',
      id: 'sch1',
      name: 'МБОУ СОШ № 1',
      parent: '*',
      written: 20,
      marks: { '2': 2, '3': 8, '4': 7, '5': 3 },
      deficits: [{ kind: 'skill', id: 'Решать текстовые задачи', completion: 40, tasks: ['3'] }],
    }),
    unit({ level: 'parallel', id: 'sch1#5', name: '5 классы', parent: 'sch1', written: 20 }),
    unit({
      level: 'class',
      id: 'sch1/5А',
      name: '5А',
      parent: 'sch1#5',
      written: 20,
      deficits: [{ kind: 'skill', id: 'Решать текстовые задачи', completion: 40, tasks: ['3'] }],
    }),
  ],
};

function roadmap(resultsDate: string, calendar: SchoolCalendar = DEFAULT_QUARTERS): Roadmap {
  return buildRoadmap({
    school: { login: 'sch1', name: 'МБОУ СОШ № 1' },
    procedure: PROCEDURE,
    resultsDate,
    calendar,
  });
}

const dates = (r: Roadmap): Record<string, string> =>
  Object.fromEntries(r.stages.flatMap((s) => s.measures).map((m) => [m.id, m.deadline]));

// ---- the independent list of days off ---------------------------------------------------------

const iso = (d: Date) => d.toISOString().slice(0, 10);
function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); iso(d) <= to; d.setUTCDate(d.getUTCDate() + 1))
    out.push(iso(d));
  return out;
}
/** Non-working days as the press releases list them (weekends inside the ranges included). */
const PRESS_OFF = new Set([
  // 2025 (decree № 1335): 1–8 Jan, 22–23 Feb, 8–9 Mar, 1–4 May, 8–11 May, 12–15 June, 2–4 Nov, 31 Dec.
  ...range('2025-01-01', '2025-01-08'),
  ...range('2025-02-22', '2025-02-23'),
  ...range('2025-03-08', '2025-03-09'),
  ...range('2025-05-01', '2025-05-04'),
  ...range('2025-05-08', '2025-05-11'),
  ...range('2025-06-12', '2025-06-15'),
  ...range('2025-11-02', '2025-11-04'),
  // 2026: 31 Dec 2025 – 11 Jan, 21–23 Feb, 7–9 Mar, 1–3 May, 9–11 May, 12–14 June, 4 Nov, 31 Dec.
  ...range('2025-12-31', '2026-01-11'),
  ...range('2026-02-21', '2026-02-23'),
  ...range('2026-03-07', '2026-03-09'),
  ...range('2026-05-01', '2026-05-03'),
  ...range('2026-05-09', '2026-05-11'),
  ...range('2026-06-12', '2026-06-14'),
  '2026-11-04',
  ...range('2026-12-31', '2026-12-31'),
  // 2027 (no decree recorded): holidays and the art. 112 shifts only.
  ...range('2027-01-01', '2027-01-08'),
  '2027-02-23',
  '2027-03-08',
  ...range('2027-05-01', '2027-05-03'),
  ...range('2027-05-09', '2027-05-10'),
  ...range('2027-06-12', '2027-06-14'),
  '2027-11-04',
]);
const PRESS_WORKING = new Set(['2025-11-01']);
/** Six-day week: Sundays, the holidays, and the Monday after a holiday on a Sunday (not January). */
const HOLIDAY_MD = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08'];
const SIX_DAY_EXTRA = new Set(['2025-02-24', '2026-03-09', '2027-05-10']);

function offByHand(d: string, week: 5 | 6): boolean {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  if (week === 5) return !PRESS_WORKING.has(d) && (PRESS_OFF.has(d) || dow === 0 || dow === 6);
  const md = d.slice(5);
  return (
    dow === 0 ||
    HOLIDAY_MD.includes(md) ||
    ['05-01', '05-09', '06-12', '11-04'].includes(md) ||
    SIX_DAY_EXTRA.has(d)
  );
}

// ---- the findings ------------------------------------------------------------------------------

describe('roadmap deadlines: the findings of the close reading', () => {
  it('spring results: the ИОМ (2.8) come after the Педсовет (2.1) that decides them', () => {
    const d = dates(roadmap('2026-05-12'));
    expect(d['2.8'] > d['2.1']).toBe(true);
    for (const id of ['2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.9', '4.1'])
      expect(d[id] > d['2.1'], id).toBe(true);
  });

  it('spring results move the program changes to the next school year and grade', () => {
    const r = roadmap('2026-05-12');
    const d = dates(r);
    expect(r.targetSchoolYear).toBe(2026);
    // Programs changed before the next school year starts (1 Sep 2026), taught through 2026/27.
    expect(d['2.2'] < '2026-09-01').toBe(true);
    expect(d['2.6'] >= '2026-09-01').toBe(true);
    expect(d['3.1']).toBe('2027-05-26'); // last day of the 4th quarter of 2026/27, a Wednesday
    const m22 = r.stages[1].measures.find((m) => m.id === '2.2')!;
    expect(m22.text).toContain('в рабочую программу 6 класса на 2026/2027 учебный год');
    // Autumn results stay in their own year and grade.
    const autumn = roadmap('2026-10-20');
    expect(autumn.targetSchoolYear).toBe(2026);
    expect(autumn.stages[1].measures.find((m) => m.id === '2.2')!.text).toContain('5 класса на 2026/2027');
  });

  it('autumn results: the ВСОКО change (4.1) stays in the school year, not on 01.10.2027', () => {
    const d = dates(roadmap('2026-10-20'));
    expect(d['4.1'] > d['2.1']).toBe(true);
    expect(d['4.1'] < '2027-06-01').toBe(true);
  });

  it('the effectiveness analysis (5.1) comes after intermediate assessment (4.4) and its analysis (4.5)', () => {
    const d = dates(roadmap('2026-10-20'));
    expect(d['4.5'] > d['4.4']).toBe(true);
    expect(d['5.1'] > d['4.5']).toBe(true);
    expect(d['5.1-end'] > d['5.1']).toBe(true);
  });

  it('no deadline on a Sunday or in the New Year holidays (20.12, 27.12.2026, 03.01, 06.01.2027)', () => {
    for (const r of ['2026-10-20', '2026-10-03', '2026-11-16', '2026-12-01']) {
      for (const [id, d] of Object.entries(dates(roadmap(r)))) {
        expect(new Date(`${d}T00:00:00Z`).getUTCDay(), `${r} ${id} ${d}`).not.toBe(0);
        expect(/-01-0[1-8]$/.test(d), `${r} ${id} ${d}`).toBe(false);
      }
    }
  });
});

// ---- properties --------------------------------------------------------------------------------

describe('roadmap deadlines: every results date of 2025 and 2026', () => {
  const after = ROADMAP_TEMPLATE_RU.stages.flatMap((s) =>
    s.measures.map((m) => [m.id, m.after ?? []] as const),
  );
  const resultsDates = range('2025-01-01', '2026-12-31');
  const calendars: [string, SchoolCalendar][] = [
    ['quarters, 5 days', DEFAULT_QUARTERS],
    ['trimesters, 5 days', DEFAULT_TRIMESTERS],
    ['quarters, 6 days', { ...DEFAULT_QUARTERS, week: 6 }],
    ['trimesters, 6 days', { ...DEFAULT_TRIMESTERS, week: 6 }],
  ];

  it('declares an order for every measure but the first ones', () => {
    expect(after.filter(([, a]) => a.length === 0).map(([id]) => id)).toEqual(['1.1', '1.2', '1.3', '1.4']);
  });

  for (const [name, calendar] of calendars)
    it(`${name}: every declared order holds, no date on a day off, every date inside its year`, () => {
      const week = calendar.week ?? 5;
      const problems: string[] = [];
      for (const r of resultsDates) {
        const rm = roadmap(r, calendar);
        const d = dates(rm);
        const year = rm.targetSchoolYear!;
        const sy = Number(r.slice(0, 4)) - (Number(r.slice(5, 7)) >= 9 ? 0 : 1);
        if (year !== sy && year !== sy + 1) problems.push(`${r}: учебный год ${year}`);
        const end = `${year + 1}-08-31`;
        for (const [id, deps] of after) {
          for (const a of deps)
            if (!(d[id] > d[a])) problems.push(`${r}: ${id} ${d[id]} не после ${a} ${d[a]}`);
          if (offByHand(d[id], week)) problems.push(`${r}: ${id} ${d[id]} — выходной`);
          if (d[id] < r || d[id] > end) problems.push(`${r}: ${id} ${d[id]} вне ${r}…${end}`);
        }
        // The lessons (3.1) end in the year the work is done, after the programs are changed.
        if (d['3.1'] > `${year + 1}-06-30` || d['3.1'] < `${year + 1}-05-01`)
          problems.push(`${r}: 3.1 ${d['3.1']}`);
      }
      expect(problems.slice(0, 10)).toEqual([]);
    });
});
