// From an analysed procedure to each document: the one place that knows which report parts, pupil
// rows and roadmap each document needs. Used by the documents worker and by Node scripts/tests.
import type { Dataset } from '../model.ts';
import type { ObjectivityEvidence } from '../objectivity/evidence-summary.ts';
import { procedureSentence } from '../text/procedure.ts';
import { maxScoreOf } from '../report/analyze.ts';
import { schoolRouteCounts } from '../report/individual-route.ts';
import { pupilResults, type PupilResult } from '../report/pupils.ts';
import type { ProcedureReport, SignEntry, UnitLevel, UnitReport } from '../report/types.ts';
import { buildRoadmap, type People } from '../roadmap/build-roadmap.ts';
import { refreshStatuses } from '../roadmap/edits.ts';
import { defaultCalendar, type SchoolCalendar, type TermKind } from '../roadmap/school-calendar.ts';
import type { PlanTemplate, Roadmap } from '../roadmap/types.ts';
import type { ActivityTemplate } from './activities.ts';
import type { ReferenceUnit } from '../reference/types.ts';
import { buildAppendix } from './appendix.ts';
import type { DocModel } from './model.ts';
import { roadmapDocument } from './roadmap-doc.ts';
import { buildRoutes } from './routes.ts';
import { buildPupilSpravka, type PupilDynamics } from './pupil-spravka.ts';
import { buildSpravka, type FigurePng } from './spravka.ts';
import type { SpravkaAdapted } from './spravka-adapted.ts';
import type { ContextForDocuments } from './spravka-context.ts';
import { findUnitOf, schoolOf } from './units.ts';

export interface DocContext {
  ds: Dataset;
  report: ProcedureReport;
  /** Official signs of this procedure (report.signs of buildReport). */
  signs: SignEntry[];
  /** The cohort's earlier procedure (grade − 1), when loaded: the pupil справка's dynamics. */
  earlier?: Dataset;
  /** The «Объективность» result of the procedure's kind and subject (the screen's), when run. */
  evidence?: ObjectivityEvidence;
}

export interface DocOptions {
  level: UnitLevel;
  unitId: string;
  /** ISO date results were received. */
  resultsDate: string;
  /** ISO; default resultsDate. */
  today?: string;
  calendar?: TermKind | SchoolCalendar;
  people?: People;
  basis?: string;
  references?: ReferenceUnit[];
  /** A stored (edited) roadmap of the unit's school; built afresh when absent. */
  roadmap?: Roadmap;
  names?: Map<string, string>;
  /** Participant code of the pupil (the pupil справка; level 'class', unitId its class). */
  pupil?: string;
  figures?: { marks?: FigurePng; tasks?: FigurePng };
  /** Reports of the same kind and subject in other years and grades: the справка's dynamics. */
  history?: ProcedureReport[];
  /** Pupils on adapted programmes (АООП): figures beside the binding ones, or the справка without them. */
  adapted?: SpravkaAdapted;
  /** Adapted templates (settings `template:roadmap`, `template:activities`); built-in when absent. */
  roadmapTemplate?: PlanTemplate;
  activities?: ActivityTemplate;
  /** The last context analysis (settings `contextSummary`), for the municipal справка. */
  context?: ContextForDocuments;
}

export function calendarOf(c: DocOptions['calendar']): SchoolCalendar {
  return typeof c === 'object' ? c : defaultCalendar(c ?? 'quarters');
}

function unitOf(ctx: DocContext, level: UnitLevel, id: string): UnitReport {
  const u = findUnitOf(ctx.report, level, id);
  if (!u) throw new Error(`В отчёте нет единицы ${level}:${id}`);
  return u;
}

export function skillsOf(ds: Dataset): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of ds.meta.procedure.tasks) if (t.skill) out[t.id] = t.skill;
  return out;
}

/** The school of a school/parallel/class unit; undefined above the school level. */
export function schoolUnitOf(
  ctx: DocContext,
  o: Pick<DocOptions, 'level' | 'unitId'>,
): UnitReport | undefined {
  return schoolOf(ctx.report, unitOf(ctx, o.level, o.unitId));
}

/** The school's roadmap: the stored one (statuses refreshed) or a new one from the template. */
export function schoolRoadmap(ctx: DocContext, o: DocOptions): Roadmap | undefined {
  const school = schoolUnitOf(ctx, o);
  if (!school) return undefined;
  const today = o.today ?? o.resultsDate;
  if (o.roadmap) return refreshStatuses(o.roadmap, today);
  return buildRoadmap({
    school: { login: school.id, name: school.name },
    procedure: ctx.report,
    resultsDate: o.resultsDate,
    calendar: calendarOf(o.calendar),
    people: o.people,
    today,
    template: o.roadmapTemplate,
    individualRoutes: schoolRouteCounts(ctx.ds, school.id),
  });
}

/** Pupils of a school, parallel or class who need a route (the roadmap's count, the same criterion). */
function unitRoutes(ctx: DocContext, o: DocOptions): { count: number; criterion: string } | undefined {
  const school = schoolUnitOf(ctx, o);
  if (!school) return undefined;
  const all = schoolRouteCounts(ctx.ds, school.id);
  if (o.level === 'school') return all;
  const ids = ctx.report.units
    .filter((u) => u.level === 'class' && (u.id === o.unitId || u.parent === o.unitId))
    .map((u) => u.id);
  return { count: ids.reduce((s, id) => s + (all.byClass[id] ?? 0), 0), criterion: all.criterion };
}

export function spravkaModel(ctx: DocContext, o: DocOptions): DocModel {
  return buildSpravka({
    routes: unitRoutes(ctx, o),
    procedure: ctx.report,
    level: o.level,
    unitId: o.unitId,
    resultsDate: o.resultsDate,
    basis: o.basis,
    skills: skillsOf(ctx.ds),
    signs: ctx.signs,
    evidence: ctx.evidence,
    references: o.references,
    roadmap: schoolRoadmap(ctx, o),
    today: o.today,
    figures: o.figures,
    history: o.history,
    adapted: o.adapted,
    context: o.context,
  });
}

export function roadmapModel(ctx: DocContext, o: DocOptions): { roadmap: Roadmap; model: DocModel } {
  const roadmap = schoolRoadmap(ctx, o);
  if (!roadmap) throw new Error('Дорожная карта составляется для школы: выберите школу или её класс.');
  return { roadmap, model: roadmapDocument(roadmap, o.today ?? o.resultsDate, { head: o.people?.head }) };
}

function classUnit(ctx: DocContext, o: DocOptions): UnitReport {
  if (o.level !== 'class') throw new Error('Документ составляется для класса: выберите класс.');
  return unitOf(ctx, 'class', o.unitId);
}

export function routesModel(ctx: DocContext, o: DocOptions): DocModel {
  const c = classUnit(ctx, o);
  return buildRoutes({
    procedure: ctx.report,
    tasks: ctx.ds.meta.procedure.tasks,
    classLabel: c.name,
    schoolName: schoolOf(ctx.report, c)?.name ?? '',
    pupils: pupilResults(ctx.ds, c.id),
    resultsDate: o.resultsDate,
    calendar: calendarOf(o.calendar),
    names: o.names,
    teacher: o.people?.teacher,
    activities: o.activities,
  });
}

export function appendixModel(ctx: DocContext, o: DocOptions): DocModel {
  const c = classUnit(ctx, o);
  return buildAppendix({
    procedure: ctx.report,
    tasks: ctx.ds.meta.procedure.tasks,
    unit: c,
    schoolName: schoolOf(ctx.report, c)?.name ?? '',
    resultsDate: o.resultsDate,
    calendar: calendarOf(o.calendar),
    teacher: o.people?.teacher,
    activities: o.activities,
  });
}

/** A pupil of a dataset by school login and participant code (codes repeat across schools). */
export function findPupil(ds: Dataset, schoolLogin: string, code: string): PupilResult | null {
  const p = ds.pupils;
  for (let i = 0; i < p.n; i++) {
    if (p.code[i] !== code || ds.meta.schools[p.school[i]]?.login !== schoolLogin) continue;
    const c = ds.meta.classes[p.classIdx[i]];
    if (!c) continue;
    return pupilResults(ds, c.id).find((x) => x.code === code) ?? null;
  }
  return null;
}

export function pupilSpravkaModel(ctx: DocContext, o: DocOptions): DocModel {
  const c = classUnit(ctx, o);
  const code = o.pupil?.trim();
  if (!code) throw new Error('Выберите обучающегося.');
  const classmates = pupilResults(ctx.ds, c.id);
  const pupil = classmates.find((x) => x.code === code);
  if (!pupil) throw new Error(`В классе ${c.name} нет участника с кодом ${code}.`);
  const P = ctx.report;
  const school = schoolOf(P, c);
  let dynamics: PupilDynamics | undefined;
  if (ctx.earlier) {
    const e = ctx.earlier.meta.procedure;
    dynamics = {
      title: procedureSentence(e),
      maxScore: maxScoreOf(ctx.earlier),
      pupil: school ? findPupil(ctx.earlier, school.id, code) : null,
    };
  }
  return buildPupilSpravka({
    procedure: P,
    classId: c.id,
    pupil,
    classmates,
    tasks: ctx.ds.meta.procedure.tasks,
    resultsDate: o.resultsDate,
    basis: o.basis,
    name: o.names?.get(code),
    dynamics,
    expectedEarlier: P.grade > 1 ? `${P.kind} «${P.subject}», ${P.grade - 1} класс` : undefined,
  });
}
