// A school's roadmap from a procedure report: the template's measures, filled with the deficits the
// report found (which skills, which classes, how many pupils) and dated by the deadline rules.
// Every number in the wording comes from the report or from the caller's counts.
import type { Deficit, MarkCounts, ProcedureReport, UnitReport } from '../report/types.ts';
import { parseIsoDate } from './dates.ts';
import type { WeekendPolicy } from './deadlines.ts';
import { scheduleMeasures, type ScheduledProcedure } from './schedule.ts';
import { fillText, formatNumber, type PlanValues } from './fill.ts';
import { schoolYearLabel, schoolYearOf, type SchoolCalendar } from './school-calendar.ts';
import { isSpringResults, targetSchoolYear } from './schedule.ts';
import { statusOf } from './edits.ts';
import { ROADMAP_TEMPLATE_RU } from './templates.ts';
import type { PlanTemplate, Roadmap, RoadmapMeasure, RoadmapStage } from './types.ts';

/** Role id → the person's name, entered once by the school. */
export type People = Record<string, string>;

export interface PlanInput {
  id: string;
  title: string;
  /** Base date of the deadlines: results received (roadmap) or plan approved (municipal plan). */
  resultsDate: string;
  calendar: SchoolCalendar;
  values: PlanValues;
  people?: People;
  /** When given, statuses are derived for this day (overdue where the deadline passed). */
  today?: string;
  nextProcedureDate?: string;
  /** Unused since deadlines are working days of the production calendar (schedule.ts). */
  weekend?: WeekendPolicy;
  school?: { login: string; name: string };
  procedureId?: string;
  /** The school year the work is done in (default: from the results date, spring → next year). */
  targetYear?: number;
  /** The procedures `procedure-*` rules follow (the municipal plan). */
  procedures?: ScheduledProcedure[];
}

/** Who answers for a measure: the people the school named, else the role titles. */
export function responsibleText(
  roles: readonly string[],
  template: PlanTemplate,
  people: People = {},
): string {
  return roles.map((r) => people[r]?.trim() || template.roles[r] || r).join(', ');
}

/** Any template filled with values: stages in order, `after-stage` sees the earlier stages. */
export function buildPlan(template: PlanTemplate, input: PlanInput): Roadmap {
  parseIsoDate(input.resultsDate);
  const schedule = scheduleMeasures(template, {
    resultsDate: input.resultsDate,
    calendar: input.calendar,
    targetYear: input.targetYear,
    procedures: input.procedures,
    nextProcedureDate: input.nextProcedureDate,
  });
  const stages: RoadmapStage[] = template.stages.map((st) => {
    const measures = st.measures.map((m): RoadmapMeasure => {
      const { deadline, occurrences } = schedule.dates[m.id];
      const measure: RoadmapMeasure = {
        id: m.id,
        title: m.title,
        // A measure whose every sentence lacks its value (no deficits at all) keeps its name.
        text: fillText(m.text, input.values) || m.title,
        participants: m.participants,
        responsible: responsibleText(m.responsible, template, input.people),
        responsibleRoles: [...m.responsible],
        deadline,
        deadlineText: m.sourceDeadline,
        ...(occurrences ? { occurrences } : {}),
        result: m.result,
        documentFormat: m.documentFormat,
        status: 'planned',
        sourceMeasureId: m.id,
      };
      return input.today ? { ...measure, status: statusOf(measure, input.today) } : measure;
    });
    return { id: st.id, title: st.title, measures };
  });
  return {
    id: input.id,
    title: input.title,
    templateId: template.id,
    resultsDate: input.resultsDate,
    targetSchoolYear: schedule.targetYear,
    ...(input.school ? { school: input.school } : {}),
    ...(input.procedureId ? { procedureId: input.procedureId } : {}),
    stages,
  };
}

// ---------------------------------------------------------------------------------------------
// The school roadmap

/** What the roadmap needs of a unit: the fields of UnitReport it reads. */
export type RoadmapUnit = Pick<UnitReport, 'level' | 'id' | 'name' | 'parent' | 'written' | 'deficits'> & {
  marks?: MarkCounts;
};

/** What the roadmap needs of a procedure report. */
export type RoadmapProcedure = Pick<ProcedureReport, 'id' | 'kind' | 'subject' | 'grade' | 'year'> & {
  units: RoadmapUnit[];
};

/**
 * Pupils who need an individual route, counted by the caller from the pupil rows (e.g. mark 2 or
 * at least `minUnformedTasks` unformed tasks: report/pupils.ts). Without it the roadmap counts
 * the school's pupils with mark 2 (MarkCounts of the units).
 */
export interface IndividualRoutes {
  count: number;
  /** Class id (`login/5А`) or label (`5А`) → count. */
  byClass?: Record<string, number>;
  minUnformedTasks?: number;
  /** Overrides the criterion's wording. */
  criterion?: string;
}

export interface BuildRoadmapInput {
  school: { login: string; name: string };
  procedure: RoadmapProcedure;
  resultsDate: string;
  calendar: SchoolCalendar;
  people?: People;
  template?: PlanTemplate;
  individualRoutes?: IndividualRoutes;
  today?: string;
  nextProcedureDate?: string;
  weekend?: WeekendPolicy;
}

const KIND_ORDER: Record<Deficit['kind'], number> = { skill: 0, kes: 1, kt: 2, task: 3 };

const key = (d: Pick<Deficit, 'kind' | 'id'>) => `${d.kind}\u0000${d.id}`;

function deficitLabel(d: Deficit): string {
  switch (d.kind) {
    case 'skill':
      return `«${d.id}»`;
    case 'kes':
      return `КЭС ${d.id}`;
    case 'kt':
      return `КТ ${d.id}`;
    default:
      return `№ ${d.id}`;
  }
}

const pct = (c: number) => `${formatNumber(Math.round(c * 10) / 10)} %`;

const byLabel = (a: RoadmapUnit, b: RoadmapUnit) =>
  a.name.localeCompare(b.name, 'ru', { numeric: true, sensitivity: 'base' });

/**
 * The school's deficits to name in the plan: skills, КЭС and КТ elements (worst first within a
 * kind); only when the spec names none of them, the insufficient tasks.
 */
export function schoolDeficits(school: RoadmapUnit): Deficit[] {
  const all = school.deficits ?? [];
  const seen = new Set<string>();
  const uniq = all.filter((d) => !seen.has(key(d)) && seen.add(key(d)));
  const groups = uniq.filter((d) => d.kind !== 'task');
  // Tasks keep the report's (task) order; groups: by kind, the worst first.
  if (groups.length === 0) return uniq.filter((d) => d.kind === 'task');
  return groups.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.completion - b.completion || (a.id < b.id ? -1 : 1),
  );
}

/** The class units of one school (class → parallel → school), ordered by label. */
export function classesOf(procedure: RoadmapProcedure, login: string): RoadmapUnit[] {
  const parallels = new Set(
    procedure.units.filter((u) => u.level === 'parallel' && u.parent === login).map((u) => u.id),
  );
  return procedure.units
    .filter((u) => u.level === 'class' && u.parent !== null && parallels.has(u.parent))
    .sort(byLabel);
}

/** The placeholder values of the school roadmap (see templates/roadmap-ru.json `placeholders`). */
export function roadmapValues(input: BuildRoadmapInput): PlanValues {
  const { procedure, school } = input;
  const unit = procedure.units.find((u) => u.level === 'school' && u.id === school.login);
  if (!unit) throw new Error(`В отчёте ${procedure.id} нет школы ${school.login}`);
  const classes = classesOf(procedure, school.login);
  const deficits = schoolDeficits(unit);
  const tasksOnly = deficits.length > 0 && deficits[0].kind === 'task';
  const classHas = (c: RoadmapUnit, d: Deficit) => (c.deficits ?? []).some((x) => key(x) === key(d));
  const withDeficits = classes.filter((c) => deficits.some((d) => classHas(c, d)));

  const skills = tasksOnly
    ? `задания № ${deficits.map((d) => d.id).join(', ')}`
    : deficits.map(deficitLabel).join('; ');
  const skillsDetailed = deficits.map((d) => `${deficitLabel(d)} — ${pct(d.completion)}`).join('; ');
  const skillsByClass = deficits
    .map((d) => {
      const cs = classes.filter((c) => classHas(c, d)).map((c) => c.name);
      return cs.length ? `${deficitLabel(d)} — ${cs.join(', ')}` : '';
    })
    .filter(Boolean)
    .join('; ');
  const insufficientTasks = (unit.deficits ?? []).filter((d) => d.kind === 'task').map((d) => d.id);
  // Spring results: the changes go into next year's programs, of the next grade (none after 11).
  const spring = isSpringResults(input.resultsDate, input.calendar);
  const targetGrade = spring ? procedure.grade + 1 : procedure.grade;

  return {
    kind: procedure.kind,
    subject: procedure.subject,
    grade: procedure.grade,
    year: procedure.year,
    school: school.name,
    schoolYear: schoolYearLabel(schoolYearOf(input.resultsDate)),
    targetSchoolYear: schoolYearLabel(targetSchoolYear(input.resultsDate, input.calendar)),
    targetGrade: targetGrade <= 11 ? targetGrade : '',
    written: unit.written,
    mark2: unit.marks ? unit.marks['2'] : '',
    skills,
    skillsDetailed,
    skillsCount: deficits.length,
    // The full list is named in 1.2, 1.3 and 2.2; the other measures refer to it (a compact plan).
    skillsRef: deficits.length ? `перечисленных в п. 1.3 (всего ${deficits.length})` : '',
    tasks: [...new Set(insufficientTasks)].join(', '),
    classes: withDeficits.map((c) => c.name).join(', '),
    classesCount: withDeficits.length,
    classesAll: classes.map((c) => c.name).join(', '),
    skillsByClass,
    ...pupilValues(input.individualRoutes, unit, classes),
  };
}

function pupilValues(
  routes: IndividualRoutes | undefined,
  school: RoadmapUnit,
  classes: RoadmapUnit[],
): Pick<PlanValues, 'pupilsCount' | 'pupilsCriterion' | 'pupilsByClass'> {
  if (routes) {
    const n = routes.minUnformedTasks;
    const criterion =
      routes.criterion ?? (n ? `отметка «2» или не менее ${n} несформированных заданий` : 'отметка «2»');
    const byClass = classes
      .map((c) => {
        const v = routes.byClass?.[c.id] ?? routes.byClass?.[c.name];
        return v ? `${c.name} — ${v}` : '';
      })
      .filter(Boolean)
      .join(', ');
    return { pupilsCount: routes.count, pupilsCriterion: criterion, pupilsByClass: byClass };
  }
  if (!school.marks) return { pupilsCount: '', pupilsCriterion: '', pupilsByClass: '' };
  const byClass = classes
    .filter((c) => (c.marks?.['2'] ?? 0) > 0)
    .map((c) => `${c.name} — ${c.marks!['2']}`)
    .join(', ');
  return { pupilsCount: school.marks['2'], pupilsCriterion: 'отметка «2»', pupilsByClass: byClass };
}

/** The school's roadmap for one procedure (default template: roadmap-ru.json). */
export function buildRoadmap(input: BuildRoadmapInput): Roadmap {
  const template = input.template ?? ROADMAP_TEMPLATE_RU;
  const p = input.procedure;
  return buildPlan(template, {
    id: `${input.school.login}:${p.id}`,
    title: `${template.title}: ${p.kind} «${p.subject}», ${p.grade} класс — ${input.school.name}`,
    resultsDate: input.resultsDate,
    calendar: input.calendar,
    values: roadmapValues(input),
    people: input.people,
    today: input.today,
    nextProcedureDate: input.nextProcedureDate,
    weekend: input.weekend,
    school: input.school,
    procedureId: p.id,
  });
}
