// The dates of a plan's measures: each measure's rule (./deadlines.ts), computed after the measures
// it declares in `after`, then
//  1. kept after them: a date on or before the latest of theirs becomes the next working day after it;
//  2. moved off a day off (../calendar/working-days.ts, the school's 5- or 6-day week): to the working
//     day before it — a deadline is never pushed later by a weekend — unless that would break step 1
//     or leave the plan's window, then to the working day after;
//  3. kept inside the plan's window (results date … 31 August of the school year the work is done in;
//     the municipal plan: its approval date … 31 August of its school year): a later date becomes the
//     window's last working day, unless step 1 needs a later one (the order wins; tests prove every
//     built-in template stays inside).
// Spring results (fewer than six weeks left of the school year's penultimate term, or later) move the
// work to the next school year: rules `*-of-target-year` and the measure's `springDeadline` use it.
import {
  addWorkingDays,
  isDayOff,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../calendar/working-days.ts';
import { addDays, compareIso, isoOf, parseIsoDate } from './dates.ts';
import { computeDeadline, type DeadlineContext } from './deadlines.ts';
import { schoolYearOf, termsOf, type SchoolCalendar } from './school-calendar.ts';
import type { DeadlineRule, MeasureTemplate, PlanTemplate } from './types.ts';

/** Spring results: after this many days before the end of the penultimate term. */
export const SPRING_MARGIN_DAYS = 42;

/** A procedure of the schedule the municipal plan follows. */
export interface ScheduledProcedure {
  label: string;
  /** ISO date the procedure is held. */
  date: string;
  /** ISO date its results arrive. */
  resultsDate: string;
}

export interface ScheduleInput {
  /** The base of the rules: results received (roadmap) or plan approved (municipal plan). */
  resultsDate: string;
  calendar: SchoolCalendar;
  /** The school year the work is done in; default: targetSchoolYear(resultsDate). */
  targetYear?: number;
  /** The procedures `procedure-*` rules follow; only those inside the window count. */
  procedures?: ScheduledProcedure[];
  /** For the old `next-procedure` rules; default: the first scheduled procedure in the window. */
  nextProcedureDate?: string;
}

export interface ScheduledMeasure {
  deadline: string;
  occurrences?: { label: string; date: string }[];
}

export interface Schedule {
  targetYear: number;
  spring: boolean;
  window: { start: string; end: string };
  dates: Record<string, ScheduledMeasure>;
}

/** Whether results arriving on this date are spring results (the work moves to the next year). */
export function isSpringResults(iso: string, calendar: SchoolCalendar): boolean {
  const terms = termsOf(schoolYearOf(iso), calendar);
  const penultimate = terms[Math.max(0, terms.length - 2)];
  return compareIso(iso, addDays(penultimate.end, -SPRING_MARGIN_DAYS)) > 0;
}

/** The school year (year of its September) in which the measures after these results are done. */
export function targetSchoolYear(iso: string, calendar: SchoolCalendar): number {
  const sy = schoolYearOf(iso);
  return isSpringResults(iso, calendar) ? sy + 1 : sy;
}

const usesProcedures = (r: DeadlineRule | undefined): boolean =>
  !!r && (r.kind === 'procedure-date' || r.kind === 'procedure-results' || usesProcedures(r.from));

const stagesOf = (r: DeadlineRule | undefined): string[] =>
  !r ? [] : [...(r.kind === 'after-stage' ? [r.stage] : []), ...stagesOf(r.from)];

/** Measures in an order where every measure comes after those it depends on; throws on a cycle. */
function topological(template: PlanTemplate): { m: MeasureTemplate; deps: string[] }[] {
  const byId = new Map<string, MeasureTemplate>();
  const stageMeasures = new Map<string, string[]>();
  for (const st of template.stages) {
    stageMeasures.set(
      st.id,
      st.measures.map((m) => m.id),
    );
    for (const m of st.measures) byId.set(m.id, m);
  }
  const depsOf = (m: MeasureTemplate): string[] => {
    const ids = [...(m.after ?? [])];
    for (const r of [m.deadline, m.springDeadline])
      for (const s of stagesOf(r)) ids.push(...(stageMeasures.get(s) ?? []));
    for (const id of ids) if (!byId.has(id)) throw new Error(`Мероприятие ${m.id}: нет мероприятия ${id}`);
    return [...new Set(ids)];
  };
  const out: { m: MeasureTemplate; deps: string[] }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: MeasureTemplate) => {
    const s = state.get(m.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`Сроки мероприятий зависят друг от друга по кругу (${m.id})`);
    state.set(m.id, 'visiting');
    const deps = depsOf(m);
    for (const d of deps) visit(byId.get(d)!);
    state.set(m.id, 'done');
    out.push({ m, deps });
  };
  for (const m of byId.values()) visit(m);
  return out;
}

const later = (a: string, b: string) => (compareIso(a, b) >= 0 ? a : b);

export function scheduleMeasures(template: PlanTemplate, input: ScheduleInput): Schedule {
  parseIsoDate(input.resultsDate);
  const week = input.calendar.week ?? 5;
  const spring = isSpringResults(input.resultsDate, input.calendar);
  const targetYear = input.targetYear ?? targetSchoolYear(input.resultsDate, input.calendar);
  const window = { start: input.resultsDate, end: isoOf(targetYear + 1, 8, 31) };
  const inWindow = (d: string) => compareIso(d, window.start) >= 0 && compareIso(d, window.end) <= 0;
  const procedures = (input.procedures ?? [])
    .filter((p) => inWindow(p.date) || inWindow(p.resultsDate))
    .sort((a, b) => compareIso(a.date, b.date) || a.label.localeCompare(b.label, 'ru'));
  const nextProcedureDate =
    input.nextProcedureDate ?? procedures.find((p) => compareIso(p.date, window.start) >= 0)?.date;

  const dates: Record<string, ScheduledMeasure> = {};
  const stageOf = new Map<string, string>();
  for (const st of template.stages) for (const m of st.measures) stageOf.set(m.id, st.id);
  const stageEnds = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [id, d] of Object.entries(dates)) {
      const st = stageOf.get(id)!;
      out[st] = out[st] ? later(out[st], d.deadline) : d.deadline;
    }
    return out;
  };

  /** Steps 1–3 of the header for one raw date. */
  const place = (raw: string, lower: string | undefined): string => {
    let d = raw;
    if (compareIso(d, window.start) < 0) d = window.start;
    if (lower && compareIso(d, lower) <= 0) d = addWorkingDays(lower, 1, week);
    if (compareIso(d, window.end) > 0) d = window.end;
    if (isDayOff(d, week)) {
      const before = workingDayOnOrBefore(d, week);
      const ok = (!lower || compareIso(before, lower) > 0) && compareIso(before, window.start) >= 0;
      d = ok ? before : workingDayOnOrAfter(d, week);
    }
    if (lower && compareIso(d, lower) <= 0) d = addWorkingDays(lower, 1, week);
    return d;
  };

  for (const { m, deps } of topological(template)) {
    const lower = deps
      .map((id) => dates[id].deadline)
      .reduce<string | undefined>((a, b) => (a ? later(a, b) : b), undefined);
    const rule = spring && m.springDeadline ? m.springDeadline : m.deadline;
    const ctx: DeadlineContext = {
      resultsDate: input.resultsDate,
      calendar: input.calendar,
      nextProcedureDate,
      stageEnds: stagesOf(rule).length ? stageEnds() : undefined,
      afterDate: lower,
      targetYear,
    };
    if (usesProcedures(rule) && procedures.length > 0) {
      const occurrences = procedures.map((p) => ({
        label: p.label,
        date: place(computeDeadline(rule, { ...ctx, procedure: p }), lower),
      }));
      const last = occurrences.map((o) => o.date).reduce(later);
      dates[m.id] = { deadline: last, occurrences };
    } else if (usesProcedures(rule)) {
      // No procedure of the schedule falls in the window: the measure runs until the year's end.
      dates[m.id] = { deadline: place(computeDeadline({ kind: 'end-of-target-year' }, ctx), lower) };
    } else {
      dates[m.id] = { deadline: place(computeDeadline(rule, ctx), lower) };
    }
  }
  return { targetYear, spring, window, dates };
}
