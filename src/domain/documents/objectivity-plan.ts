// The municipal plan of measures on objectivity (issue «Documents», point 5): the measures of
// templates/objectivity-plan-ru.json (seeds 000, 001, 003) filled with the municipality's figures,
// laid out as a document (DOCX/print) and as an XLSX sheet. Pure: the worker passes the signs, the
// per-school results of the stored procedures and the observation table the user entered.
//
// Rules (every figure is computed here, the template only places it):
//  - two named sets, read from the same objectivity result as the «Объективность» screen
//    (objectivity/evidence-summary.ts, one per kind and subject of the stored works): the schools at
//    level red or amber (the screen's list) and the schools with a flagged official sign; without
//    that result (no run possible), the official signs of report.signs. The measures name their
//    union as «ОО с признаками, которые нужно проверить»;
//  - a school with persistently low results has У (успеваемость, % of marks 3–5) below
//    LOW_RESULTS_RULE.threshold % in at least LOW_RESULTS_RULE.minProcedures stored procedures
//    (any subject, grade or year) in which it wrote;
//  - public observation / video coverage: per procedure, the schools that wrote it and were marked
//    «общественное наблюдение» / «видеонаблюдение» by the user; the plan's share is the % of the
//    municipality's schools marked for at least one stored procedure.
import * as XLSX from 'xlsx';
import {
  flaggedSchoolIds,
  officialSchoolIds,
  type EvidenceSchool,
  type ObjectivityEvidence,
} from '../objectivity/evidence-summary.ts';
import type { SignEntry } from '../report/types.ts';
import { FAMILY_NAMES, RISK_NAMES } from '../text/labels.ts';
import { procedureIdTitle } from '../text/procedure.ts';
import { buildPlan, type People } from '../roadmap/build-roadmap.ts';
import { refreshStatuses } from '../roadmap/edits.ts';
import { usualSchedule } from '../roadmap/procedure-schedule.ts';
import type { ScheduledProcedure } from '../roadmap/schedule.ts';
import { objectivityFigures, type ObjectivityFigures } from '../roadmap/objectivity.ts';
import { schoolYearLabel, type SchoolCalendar } from '../roadmap/school-calendar.ts';
import { OBJECTIVITY_TEMPLATE_RU } from '../roadmap/templates.ts';
import type { PlanTemplate, Roadmap } from '../roadmap/types.ts';
import { dateRu, int, pct, share } from '../text/format.ts';
import { h, p, type Block, type DocModel } from './model.ts';
import { datesNote, MEASURE_COLS, measureRows, stageTables, textSheet } from './roadmap-doc.ts';
import { approvalBlocks } from './signing.ts';

/** Roles of the municipal plan that name the municipality's own bodies and people. */
export const MUNICIPAL_ROLES: readonly string[] = ['edu-authority', 'methodical-service', 'rmo-head'];

export const LOW_RESULTS_RULE = {
  threshold: 80,
  minProcedures: 2,
  text: 'успеваемость (У) ниже 80 % не менее чем в двух загруженных процедурах',
} as const;

export interface ObservationEntry {
  observers: boolean;
  video: boolean;
}

/** School login → procedure id → what the user entered. */
export type ObservationTable = Record<string, Record<string, ObservationEntry>>;

export interface PlanProcedure {
  id: string;
  /** «ВПР · Математика · 5 класс · 2026». */
  title: string;
  /** The municipality's schools that wrote it, with their У (null: not computable). */
  schools: { login: string; uspevaemost: number | null }[];
}

export interface PlanSchool {
  login: string;
  name: string;
}

export interface LowResultSchool extends PlanSchool {
  /** Procedures where У was below the threshold. */
  procedures: string[];
}

export interface ProcedureObservation {
  id: string;
  title: string;
  /** Schools of the municipality that wrote it. */
  schools: number;
  observers: number;
  video: number;
  observersPct: number | null;
  videoPct: number | null;
}

export interface MunicipalFigures extends ObjectivityFigures {
  schoolsWithSignsPct: number | null;
  /** Schools with a flagged official sign (Rosobrnadzor's method), by name. */
  officialSchools: PlanSchool[];
  /** Schools at level red or amber on the «Объективность» screen; null without its result. */
  flaggedSchools: (PlanSchool & Pick<EvidenceSchool, 'level' | 'families'>)[] | null;
  lowResults: LowResultSchool[];
  observation: ProcedureObservation[];
  /** Schools marked for at least one procedure. */
  observedSchools: number;
  videoSchools: number;
}

const byName = (a: PlanSchool, b: PlanSchool) => a.name.localeCompare(b.name, 'ru', { numeric: true });
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export function lowResultSchools(
  procedures: readonly PlanProcedure[],
  schools: readonly PlanSchool[],
): LowResultSchool[] {
  const out: LowResultSchool[] = [];
  for (const s of schools) {
    const low = procedures
      .filter((pr) =>
        pr.schools.some(
          (x) => x.login === s.login && x.uspevaemost !== null && x.uspevaemost < LOW_RESULTS_RULE.threshold,
        ),
      )
      .map((pr) => pr.title);
    if (low.length >= LOW_RESULTS_RULE.minProcedures) out.push({ ...s, procedures: low });
  }
  return out.sort(byName);
}

export function observationFigures(
  observation: ObservationTable,
  procedures: readonly PlanProcedure[],
  schools: readonly PlanSchool[],
): Pick<
  MunicipalFigures,
  'observation' | 'observedSchools' | 'videoSchools' | 'observersShare' | 'videoShare'
> {
  const own = new Set(schools.map((s) => s.login));
  const rows = procedures.map((pr): ProcedureObservation => {
    const wrote = pr.schools.filter((x) => own.has(x.login));
    const observers = wrote.filter((x) => observation[x.login]?.[pr.id]?.observers).length;
    const video = wrote.filter((x) => observation[x.login]?.[pr.id]?.video).length;
    return {
      id: pr.id,
      title: pr.title,
      schools: wrote.length,
      observers,
      video,
      observersPct: round1(share(observers, wrote.length)),
      videoPct: round1(share(video, wrote.length)),
    };
  });
  const ids = new Set(procedures.map((pr) => pr.id));
  const any = (login: string, f: keyof ObservationEntry) =>
    Object.entries(observation[login] ?? {}).some(([id, e]) => ids.has(id) && e[f]);
  const observedSchools = schools.filter((s) => any(s.login, 'observers')).length;
  const videoSchools = schools.filter((s) => any(s.login, 'video')).length;
  return {
    observation: rows,
    observedSchools,
    videoSchools,
    observersShare: round1(share(observedSchools, schools.length)) ?? undefined,
    videoShare: round1(share(videoSchools, schools.length)) ?? undefined,
  };
}

export function municipalFigures(input: {
  signs: readonly SignEntry[];
  schools: readonly PlanSchool[];
  procedures: readonly PlanProcedure[];
  observation: ObservationTable;
  evidence?: readonly ObjectivityEvidence[];
}): MunicipalFigures {
  const ev = input.evidence;
  const official = ev ? ev.flatMap((e) => e.official) : input.signs;
  const base = objectivityFigures(official, input.schools);
  const own = new Set(input.schools.map((s) => s.login));
  const byLogin = new Map(input.schools.map((s) => [s.login, s]));
  const officialSchools = officialSchoolIds({ official }, own)
    .map((l) => byLogin.get(l)!)
    .sort(byName);
  let flaggedSchools: MunicipalFigures['flaggedSchools'] = null;
  if (ev) {
    const seen = new Map<string, PlanSchool & Pick<EvidenceSchool, 'level' | 'families'>>();
    for (const e of ev)
      for (const id of flaggedSchoolIds(e, own)) {
        const s = e.flagged.find((x) => x.id === id)!;
        const prev = seen.get(id);
        const families = [...new Set([...(prev?.families ?? []), ...s.families])];
        const level = prev?.level === 'red' || s.level === 'red' ? 'red' : 'amber';
        seen.set(id, { ...byLogin.get(id)!, level, families });
      }
    flaggedSchools = [...seen.values()].sort(byName);
  }
  // The measures name every school with something to check: both sets, each school once.
  const check = new Map(officialSchools.map((s) => [s.login, s]));
  for (const s of flaggedSchools ?? []) check.set(s.login, s);
  const checkNames = [...check.values()].sort(byName).map((s) => s.name);
  const procedures = [
    ...new Set([...official.map((x) => x.procedure), ...(ev ?? []).flatMap((e) => e.procedures)]),
  ];
  return {
    ...base,
    schoolsWithSignsCount: check.size,
    schoolsWithSigns: checkNames.join(', '),
    signsProcedures: procedures.sort().map(procedureIdTitle).join('; '),
    officialSchools,
    flaggedSchools,
    schoolsWithSignsPct: round1(share(check.size, base.schoolsCount ?? 0)),
    lowResults: lowResultSchools(input.procedures, input.schools),
    ...observationFigures(input.observation, input.procedures, input.schools),
  };
}

export interface MunicipalPlanInput {
  municipality: { id: string; name: string };
  schools: PlanSchool[];
  signs: readonly SignEntry[];
  /** The «Объективность» result per kind and subject of the stored works (the screen's). */
  evidence?: readonly ObjectivityEvidence[];
  procedures: PlanProcedure[];
  observation: ObservationTable;
  /** The school year of the plan (year of its September). */
  schoolYear: number;
  /** Approval date: the base of the deadlines. */
  planDate: string;
  calendar: SchoolCalendar;
  people?: People;
  today?: string;
  template?: PlanTemplate;
  /** The plan as the user edited it; built afresh from the template when absent. */
  stored?: Roadmap;
  /** The procedures of the plan's year as entered; default: the usual dates of `procedures`' kinds. */
  schedule?: ScheduledProcedure[];
}

export function municipalPlanId(municipalityId: string, schoolYear: number): string {
  return `${municipalityId}:objectivity:${schoolYear}`;
}

/** The plan (stored edits kept, statuses refreshed) and the figures it was filled with. */
export function municipalPlan(input: MunicipalPlanInput): { roadmap: Roadmap; figures: MunicipalFigures } {
  const figures = municipalFigures(input);
  const today = input.today ?? input.planDate;
  if (input.stored) return { roadmap: refreshStatuses(input.stored, today), figures };
  const template = input.template ?? OBJECTIVITY_TEMPLATE_RU;
  const low = figures.lowResults;
  // The school roles of the plan («Руководители ОО», «Заместители…») are all the municipality's
  // schools: never one school's director from the people entered for a school roadmap.
  const people = Object.fromEntries(
    Object.entries(input.people ?? {}).filter(([role]) => MUNICIPAL_ROLES.includes(role)),
  );
  const roadmap = buildPlan(template, {
    id: municipalPlanId(input.municipality.id, input.schoolYear),
    title: `${template.title} (${input.municipality.name}, ${schoolYearLabel(input.schoolYear)} учебный год)`,
    resultsDate: input.planDate,
    calendar: input.calendar,
    values: {
      municipality: input.municipality.name,
      schoolYear: schoolYearLabel(input.schoolYear),
      schoolsCount: figures.schoolsCount ?? '',
      schoolsWithSignsCount: figures.schoolsWithSignsCount ?? '',
      schoolsWithSigns: figures.schoolsWithSigns ?? '',
      schoolsWithSignsPct: figures.schoolsWithSignsPct ?? '',
      signsProcedures: figures.signsProcedures ?? '',
      observersShare: figures.observersShare ?? '',
      videoShare: figures.videoShare ?? '',
      // Extra values an adapted template may use (declare them in its `placeholders`).
      lowResultsCount: low.length,
      lowResultsSchools: low.map((s) => s.name).join(', '),
    },
    people,
    today,
    targetYear: input.schoolYear,
    procedures: input.schedule ?? usualSchedule(input.procedures, input.schoolYear),
  });
  return { roadmap, figures };
}

/** The two named sets of schools, as the plan and the municipal справка caption them. */
export const FLAGGED_CAPTION =
  'ОО в перечне экрана «Объективность»: признаки в одном семействе и более (по совокупности свидетельств)';
export const OFFICIAL_CAPTION = 'ОО с выявленным официальным признаком (методика Рособрнадзора)';

function familiesText(s: Pick<EvidenceSchool, 'level' | 'families'>): string {
  return `${RISK_NAMES[s.level].toLowerCase()}: ${s.families.map((f) => FAMILY_NAMES[f].toLowerCase()).join(', ')}`;
}

/** Sentences of the figures section (also the first rows of the XLSX «Показатели» sheet). */
export function figuresLines(f: MunicipalFigures): [string, string][] {
  const lines: [string, string][] = [
    ['Число ОО в муниципалитете', int(f.schoolsCount)],
    [
      'ОО с признаками, которые нужно проверить (любой из двух перечней ниже)',
      `${int(f.schoolsWithSignsCount)} из ${int(f.schoolsCount)} (${pct(f.schoolsWithSignsPct)})`,
    ],
    ['Процедуры, по которым рассчитаны признаки', f.signsProcedures || '—'],
    [
      FLAGGED_CAPTION,
      f.flaggedSchools === null
        ? 'расчёт «Объективность» не выполнен'
        : f.flaggedSchools.length
          ? f.flaggedSchools.map((s) => `${s.name} (${familiesText(s)})`).join('; ')
          : 'нет',
    ],
    [OFFICIAL_CAPTION, f.officialSchools.map((s) => s.name).join('; ') || 'нет'],
    [
      `ОО с устойчиво низкими результатами (${LOW_RESULTS_RULE.text})`,
      `${f.lowResults.length} из ${int(f.schoolsCount)} (${pct(share(f.lowResults.length, f.schoolsCount ?? 0))})`,
    ],
    ['Перечень ОО с устойчиво низкими результатами', f.lowResults.map((s) => s.name).join(', ') || 'нет'],
    [
      'ОО с общественным наблюдением хотя бы на одной процедуре',
      `${f.observedSchools} из ${int(f.schoolsCount)} (${pct(f.observersShare)})`,
    ],
    [
      'ОО с видеонаблюдением хотя бы на одной процедуре',
      `${f.videoSchools} из ${int(f.schoolsCount)} (${pct(f.videoShare)})`,
    ],
  ];
  return lines;
}

export function municipalPlanDocument(r: Roadmap, f: MunicipalFigures, today: string): DocModel {
  const blocks: Block[] = [
    ...approvalBlocks({
      position: 'Руководитель органа местного самоуправления, осуществляющего управление в сфере образования',
    }),
    h(1, r.title),
    p(
      datesNote(
        r,
        `даты утверждения плана ${dateRu(r.resultsDate)}, а сроки по процедурам — от их дат по графику (дни проведения, получения результатов)`,
        today,
      ),
    ),
    h(2, 'Исходные показатели муниципалитета'),
    {
      kind: 'table',
      header: [['Показатель', 'Значение']],
      rows: figuresLines(f).map(([a, b]) => [a, b]),
      widths: [5, 5],
    },
  ];
  if (f.observation.length > 0)
    blocks.push(h(3, 'Общественное наблюдение и видеонаблюдение по процедурам (введено пользователем)'), {
      kind: 'table',
      header: [['Процедура', 'ОО писали', 'Общественное наблюдение', 'Видеонаблюдение']],
      rows: f.observation.map((o) => [
        o.title,
        String(o.schools),
        `${o.observers} (${pct(o.observersPct)})`,
        `${o.video} (${pct(o.videoPct)})`,
      ]),
      widths: [4, 1.2, 2, 2],
      align: ['left', 'right', 'right', 'right'],
    });
  if (f.lowResults.length > 0)
    blocks.push(h(3, 'ОО с устойчиво низкими результатами'), {
      kind: 'table',
      header: [['ОО', `Процедуры с У ниже ${LOW_RESULTS_RULE.threshold} %`]],
      rows: f.lowResults.map((s) => [s.name, s.procedures.join('; ')]),
      widths: [3, 6],
    });
  blocks.push(...stageTables(r, today));
  return { title: r.title, orientation: 'landscape', blocks };
}

/** Sheets «План мероприятий» (one row per measure) and «Показатели»; text or numbers, no formulas. */
export function municipalPlanXlsx(r: Roadmap, f: MunicipalFigures, today: string): Uint8Array {
  const plan = measureRows(r, today, 'Направление');
  const ws = textSheet(plan, MEASURE_COLS);
  ws['!autofilter'] = { ref: ws['!ref']! };
  const figs: (string | number)[][] = [['Показатель', 'Значение'], ...figuresLines(f)];
  figs.push(
    [],
    [
      'Процедура',
      'ОО писали',
      'Общественное наблюдение, ОО',
      'Общественное наблюдение, %',
      'Видеонаблюдение, ОО',
      'Видеонаблюдение, %',
    ],
  );
  for (const o of f.observation)
    figs.push([o.title, o.schools, o.observers, o.observersPct ?? '—', o.video, o.videoPct ?? '—']);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'План мероприятий');
  XLSX.utils.book_append_sheet(wb, textSheet(figs, [60, 40, 16, 16, 16, 16]), 'Показатели');
  wb.Props = { Title: r.title, Author: 'ОКО-Аналитика' };
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
