// The municipal plan of measures on objectivity (templates/objectivity-plan-ru.json), filled with
// the municipality's figures: the schools with signs come from the report's SignEntry list, the
// shares of observed / video-recorded schools are entered by the municipality.
import type { ScheduledProcedure } from './schedule.ts';
import type { SignEntry } from '../report/types.ts';
import { buildPlan, type People } from './build-roadmap.ts';
import type { WeekendPolicy } from './deadlines.ts';
import type { PlanValues } from './fill.ts';
import { schoolYearLabel, type SchoolCalendar } from './school-calendar.ts';
import { OBJECTIVITY_TEMPLATE_RU } from './templates.ts';
import type { PlanTemplate, Roadmap } from './types.ts';

export interface ObjectivityFigures {
  schoolsCount?: number;
  schoolsWithSignsCount?: number;
  /** Names joined with «, ». */
  schoolsWithSigns?: string;
  signsProcedures?: string;
  /** % of schools with public observers (entered by the municipality). */
  observersShare?: number;
  videoShare?: number;
}

/**
 * Figures from the signs of the municipality's schools: a school counts when at least one of its
 * signs is flagged. `schools` lists the municipality's schools (login → name).
 */
export function objectivityFigures(
  signs: readonly SignEntry[],
  schools: readonly { login: string; name?: string }[],
): ObjectivityFigures {
  const inMunicipality = new Map(schools.map((s) => [s.login, s.name ?? s.login]));
  const own = signs.filter((s) => inMunicipality.has(s.school));
  const flagged = [...new Set(own.filter((s) => s.flagged).map((s) => s.school))];
  const names = flagged
    .map((l) => inMunicipality.get(l)!)
    .sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
  return {
    schoolsCount: inMunicipality.size,
    schoolsWithSignsCount: flagged.length,
    schoolsWithSigns: names.join(', '),
    signsProcedures: [...new Set(own.map((s) => s.procedure))].sort().join(', '),
  };
}

export interface ObjectivityPlanInput {
  municipality: { id: string; name: string };
  /** The school year of the plan (year of its September). */
  schoolYear: number;
  /** Approval date: the base of the deadlines. */
  planDate: string;
  calendar: SchoolCalendar;
  figures: ObjectivityFigures;
  people?: People;
  nextProcedureDate?: string;
  /** The procedures of the plan's year the `procedure-*` rules follow. */
  schedule?: ScheduledProcedure[];
  today?: string;
  weekend?: WeekendPolicy;
  template?: PlanTemplate;
}

export function buildObjectivityPlan(input: ObjectivityPlanInput): Roadmap {
  const template = input.template ?? OBJECTIVITY_TEMPLATE_RU;
  const f = input.figures;
  const values: PlanValues = {
    municipality: input.municipality.name,
    schoolYear: schoolYearLabel(input.schoolYear),
    schoolsCount: f.schoolsCount ?? '',
    schoolsWithSignsCount: f.schoolsWithSignsCount ?? '',
    schoolsWithSigns: f.schoolsWithSigns ?? '',
    signsProcedures: f.signsProcedures ?? '',
    observersShare: f.observersShare ?? '',
    videoShare: f.videoShare ?? '',
  };
  return buildPlan(template, {
    id: `${input.municipality.id}:objectivity:${input.schoolYear}`,
    title: `${template.title} (${input.municipality.name}, ${schoolYearLabel(input.schoolYear)} учебный год)`,
    resultsDate: input.planDate,
    calendar: input.calendar,
    values,
    people: input.people,
    today: input.today,
    nextProcedureDate: input.nextProcedureDate,
    weekend: input.weekend,
    targetYear: input.schoolYear,
    procedures: input.schedule,
  });
}
