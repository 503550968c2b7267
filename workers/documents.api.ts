// The documents worker's API, free of transport: Node tests call it directly, documents.worker.ts
// exposes it. The worker loads the dataset from IndexedDB itself, analyses it (and the cohort's
// earlier procedure, for the official signs), builds the document model and writes the bytes; the
// page receives finished files (transferred) or, for the print view and the roadmap editor, plain data.
import { transfer } from 'comlink';
import type { Dataset, ProgressFn } from '../src/domain/model';
import {
  appendixModel,
  roadmapIcs,
  roadmapModel,
  roadmapXlsx,
  pupilSpravkaModel,
  routesModel,
  schoolRoadmap,
  schoolUnitOf,
  spravkaModel,
  writeDocx,
  type DocContext,
  type DocModel,
  type DocOptions,
  municipalPlan,
  municipalPlanDocument,
  municipalPlanXlsx,
  parseTemplate,
  BUILTIN_TEMPLATES,
  TEMPLATE_NAMES,
  type MunicipalFigures,
  type ObservationTable,
  type PlanProcedure,
  type PlanSchool,
  type TemplateName,
  type TemplateTypes,
} from '../src/domain/documents';
import { calendarOf } from '../src/domain/documents/compose';
import { unitTitle } from '../src/domain/documents/units';
import {
  analyzeProcedure,
  AnalysisCancelledError,
  pupilResults,
  buildReport,
  type OkoReport,
  cohortSigns,
  schoolSigns,
  type ProcedureReport,
  type UnitLevel,
} from '../src/domain/report';
import { isIsoDate } from '../src/domain/roadmap/dates';
import { addMeasure, removeMeasure, updateMeasure, type MeasurePatch } from '../src/domain/roadmap/edits';
import type { People } from '../src/domain/roadmap/build-roadmap';
import type { Roadmap } from '../src/domain/roadmap/types';
import { schoolYearOf } from '../src/domain/roadmap/school-calendar';
import { DbError } from '../src/db/errors';
import { settingKeys, type SettingKey } from '../src/db/settings-keys';
import { throttleProgress } from './progress';

export interface StoredProcedureRef {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
  updatedAt: string;
}

export interface DocumentsDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  listProcedures(): Promise<StoredProcedureRef[]>;
  /** The value of a key, checked by the key's reader (src/db/settings-keys.ts); undefined when absent. */
  getSetting<T>(key: SettingKey<T>): Promise<T | undefined>;
  setSetting<T>(key: SettingKey<T>, value: T): Promise<void>;
  deleteSetting<T>(key: SettingKey<T>): Promise<void>;
  /** Bar charts as PNG (browser worker only: OffscreenCanvas); absent in Node. */
  charts?: (report: ProcedureReport, level: UnitLevel, unitId: string) => Promise<DocOptions['figures']>;
}

export type DocumentKind =
  'spravka' | 'pupil-spravka' | 'roadmap-docx' | 'roadmap-xlsx' | 'roadmap-ics' | 'routes' | 'appendix';

/** What the page sends: the unit, dates and calendar; people and the stored roadmap are the worker's. */
export interface DocumentRequest {
  level: UnitLevel;
  unitId: string;
  resultsDate: string;
  today?: string;
  calendar: 'quarters' | 'trimesters';
  basis?: string;
  /** Code → name from the local roster (read page-side), sent only when the user chose names. */
  names?: [string, string][];
  /** Participant code: the pupil справка (level 'class', unitId the pupil's class). */
  pupil?: string;
}

/** A pupil of a class for the pupil select (codes only: names are the page's, from the roster). */
export interface OutlinePupil {
  code: string;
  absent: boolean;
  score: number | null;
  mark: number | null;
}

export interface DocumentFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  elapsedMs: number;
}

export interface DocumentsFailure {
  kind: 'storage' | 'input' | 'unexpected';
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DocumentsFailure };

export interface OutlineUnit {
  id: string;
  name: string;
  written: number;
}

export interface Outline {
  procedureKey: string;
  title: string;
  grade: number;
  municipalities: OutlineUnit[];
  schools: (OutlineUnit & { municipality: string | null; classes: OutlineUnit[] })[];
}

// The settings this worker keeps (src/db/settings-keys.ts lists every key).
export const PEOPLE_KEY = settingKeys.roadmapPeople;
export const observationKey = settingKeys.observation;
export const municipalPlanKey = settingKeys.objectivityPlan;
const templateKey = settingKeys.template;

/** The municipal plan: the municipality, its approval date (deadlines' base) and the calendar. */
export interface MunicipalRequest {
  municipalityId: string;
  planDate: string;
  today?: string;
  calendar: 'quarters' | 'trimesters';
}

export type MunicipalKind = 'objectivity-docx' | 'objectivity-xlsx';

export interface MunicipalOutline {
  municipalities: { id: string; name: string; schools: PlanSchool[] }[];
  /** Every stored procedure (its report id, the key of the observation table). */
  procedures: { id: string; title: string }[];
}

export type MeasureEdit = Pick<MeasurePatch, 'status' | 'deadline' | 'text' | 'responsible'>;
/** What the school may change in a measure of its roadmap. */
export type SchoolMeasureEdit = Pick<
  MeasurePatch,
  'status' | 'deadline' | 'text' | 'responsible' | 'participants' | 'result'
>;
/** A school's own measure: its wording, deadline and responsible. */
export interface NewSchoolMeasure {
  text: string;
  deadline: string;
  responsible: string;
}

/** Only the known fields of the right types: an untyped caller cannot smuggle others in. */
function cleanEdit(patch: SchoolMeasureEdit): SchoolMeasureEdit {
  const clean: SchoolMeasureEdit = {};
  if (patch.status !== undefined) clean.status = patch.status;
  if (patch.deadline !== undefined) clean.deadline = patch.deadline;
  for (const k of ['text', 'responsible', 'participants', 'result'] as const)
    if (typeof patch[k] === 'string') clean[k] = patch[k];
  return clean;
}
export const roadmapKey = settingKeys.roadmap;

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar',
};

class InputError extends Error {}

export function toFailure(e: unknown): DocumentsFailure {
  if (e instanceof DbError) return { kind: 'storage', message: e.message };
  if (e instanceof InputError) return { kind: 'input', message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'unexpected', message: `Не удалось составить документ: ${err.message}` };
}

/** A Russian-safe file name: keeps Cyrillic, drops characters Windows and macOS refuse. */
export function safeFileName(base: string, ext: string): string {
  const clean = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch))
    .join('')
    .replace(/[\\/:*?"<>|«»]+/g, ' ')
    .replace(/\s+/g, ' ')
    // A dropped «» leaves a space before «)» or after «(»: «(МБОУ СОШ № 1 )» → «(МБОУ СОШ № 1)».
    .replace(/\s+([),.])/g, '$1')
    .replace(/\(\s+/g, '(')
    .trim()
    .slice(0, 150)
    .trim();
  return `${clean || 'ОКО-документ'}.${ext}`;
}

/** The earlier procedure of the same cohort (grade − 1, the previous year preferred). */
function predecessor(all: StoredProcedureRef[], later: StoredProcedureRef): StoredProcedureRef | undefined {
  const c = all.filter(
    (e) =>
      e.key !== later.key &&
      e.kind === later.kind &&
      e.subject === later.subject &&
      e.grade === later.grade - 1 &&
      (e.year === later.year - 1 || e.year === later.year),
  );
  return c.find((e) => e.year === later.year - 1) ?? c[0];
}

/** Only string pairs: an untyped caller cannot smuggle other values into the documents. */
function cleanNames(names: unknown): Map<string, string> | undefined {
  if (!Array.isArray(names)) return undefined;
  const out = new Map<string, string>();
  for (const e of names)
    if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') out.set(e[0], e[1]);
  return out;
}

function checkRequest(r: DocumentRequest): void {
  if (!isIsoDate(r.resultsDate)) throw new InputError('Укажите дату получения результатов.');
  if (r.today !== undefined && !isIsoDate(r.today)) throw new InputError('Неверная текущая дата.');
}

export function createDocumentsApi(deps: DocumentsDeps) {
  let held: { key: string; stamp: string; ctx: Promise<DocContext> } | undefined;

  async function context(procedureKey: string, onProgress?: ProgressFn): Promise<DocContext> {
    const all = await deps.listProcedures();
    const me = all.find((p) => p.key === procedureKey);
    if (!me) throw new InputError('Процедура не найдена: возможно, она удалена.');
    const before = predecessor(all, me);
    const stamp = `${me.updatedAt}|${before?.key ?? ''}|${before?.updatedAt ?? ''}`;
    if (held?.key === procedureKey && held.stamp === stamp) return held.ctx;
    const ctx = (async (): Promise<DocContext> => {
      onProgress?.(0.05, 'Чтение данных из хранилища');
      const ds = await deps.loadDataset(procedureKey);
      const report = analyzeProcedure(ds, {
        onProgress: (f, s) => onProgress?.(0.1 + 0.4 * f, `Анализ: ${s}`),
      });
      const signs = schoolSigns(report);
      let earlierDs: Dataset | undefined;
      if (before) {
        onProgress?.(0.55, 'Анализ предыдущей процедуры когорты');
        earlierDs = await deps.loadDataset(before.key);
        const earlier = analyzeProcedure(earlierDs);
        signs.push(...cohortSigns(earlier, report));
      }
      return { ds, report, signs, earlier: earlierDs };
    })();
    held = { key: procedureKey, stamp, ctx };
    ctx.catch(() => {
      if (held?.ctx === ctx) held = undefined;
    });
    return ctx;
  }

  async function people(): Promise<People> {
    return (await deps.getSetting(PEOPLE_KEY)) ?? {};
  }

  // Edits are read-modify-write of one stored value: run them one at a time, in this worker by a
  // promise chain and across tabs by a Web Lock (where the platform has one), so that two edits
  // fired together cannot both read the old roadmap and the second overwrite the first.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(f: () => Promise<T>): Promise<T> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    const locked = (): Promise<T> => (locks ? (locks.request('oko-document-edit', f) as Promise<T>) : f());
    const run = queue.then(locked, locked);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Applies a pure edit to the school's roadmap (stored or new) and stores the result. */
  function editSchoolRoadmap(
    procedureKey: string,
    request: DocumentRequest,
    edit: (r: Roadmap) => Roadmap,
  ): Promise<Outcome<Roadmap>> {
    return serial(() => editSchoolRoadmapNow(procedureKey, request, edit));
  }

  async function editSchoolRoadmapNow(
    procedureKey: string,
    request: DocumentRequest,
    edit: (r: Roadmap) => Roadmap,
  ): Promise<Outcome<Roadmap>> {
    try {
      const ctx = await context(procedureKey);
      const o = await options(ctx, procedureKey, request);
      const school = schoolUnitOf(ctx, request);
      const current = schoolRoadmap(ctx, o);
      if (!school || !current) throw new InputError('Дорожная карта составляется для школы.');
      const next = edit(current);
      await deps.setSetting(roadmapKey(procedureKey, school.id), next);
      return { ok: true, value: next };
    } catch (e) {
      return { ok: false, error: toFailure(e) };
    }
  }

  async function storedRoadmap(
    ctx: DocContext,
    procedureKey: string,
    r: DocumentRequest,
  ): Promise<Roadmap | undefined> {
    const school = schoolUnitOf(ctx, r);
    if (!school) return undefined;
    return deps.getSetting(roadmapKey(procedureKey, school.id));
  }

  async function options(ctx: DocContext, procedureKey: string, r: DocumentRequest): Promise<DocOptions> {
    checkRequest(r);
    return {
      level: r.level,
      unitId: r.unitId,
      resultsDate: r.resultsDate,
      today: r.today ?? r.resultsDate,
      calendar: r.calendar,
      basis: r.basis,
      people: await people(),
      roadmap: await storedRoadmap(ctx, procedureKey, r),
      names: cleanNames(r.names),
      pupil: typeof r.pupil === 'string' ? r.pupil : undefined,
      roadmapTemplate: await storedTemplate('roadmap'),
      activities: await storedTemplate('activities'),
    };
  }

  async function storedTemplate<N extends TemplateName>(name: N): Promise<TemplateTypes[N] | undefined> {
    const v = await deps.getSetting(templateKey(name));
    if (v === undefined) return undefined;
    const parsed = parseTemplate(name, v);
    return parsed.ok ? parsed.template : undefined;
  }

  interface MunicipalCtx {
    report: OkoReport;
    schools: { login: string; name: string; municipalityId: string | null }[];
    municipalities: Map<string, string>;
  }
  let municipal: { stamp: string; ctx: Promise<MunicipalCtx> } | undefined;

  /** Every stored procedure analysed together (report.signs: the official signs, cohort ones too). */
  async function municipalContext(onProgress?: ProgressFn): Promise<MunicipalCtx> {
    const all = await deps.listProcedures();
    if (all.length === 0) throw new InputError('Нет загруженных процедур.');
    const stamp = all.map((p) => `${p.key}|${p.updatedAt}`).join(';');
    if (municipal?.stamp === stamp) return municipal.ctx;
    const ctx = (async (): Promise<MunicipalCtx> => {
      const datasets: Dataset[] = [];
      for (const [i, p] of all.entries()) {
        onProgress?.((0.3 * i) / all.length, 'Чтение данных из хранилища');
        datasets.push(await deps.loadDataset(p.key));
      }
      const report = buildReport(datasets, {
        onProgress: (f, st) => onProgress?.(0.3 + 0.4 * f, `Анализ: ${st}`),
      });
      // The municipality's schools come from the datasets' meta (names, municipality ids).
      const schools = new Map<string, { login: string; name: string; municipalityId: string | null }>();
      const municipalities = new Map<string, string>();
      for (const ds of datasets) {
        for (const m of ds.meta.municipalities) municipalities.set(m.id, m.name);
        for (const sc of ds.meta.schools)
          if (!schools.has(sc.login))
            schools.set(sc.login, {
              login: sc.login,
              name: sc.name ?? sc.login,
              municipalityId: sc.municipalityId ?? null,
            });
      }
      return { report, schools: [...schools.values()], municipalities };
    })();
    municipal = { stamp, ctx };
    ctx.catch(() => {
      if (municipal?.ctx === ctx) municipal = undefined;
    });
    return ctx;
  }

  function municipalOutline(ctx: MunicipalCtx): MunicipalOutline {
    return {
      municipalities: [...ctx.municipalities].map(([id, name]) => ({
        id,
        name,
        schools: ctx.schools
          .filter((s) => s.municipalityId === id)
          .map((s) => ({ login: s.login, name: s.name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true })),
      })),
      procedures: ctx.report.procedures.map((p) => ({
        id: p.id,
        title: `${p.kind} · ${p.subject} · ${p.grade} класс · ${p.year}`,
      })),
    };
  }

  async function observation(municipalityId: string): Promise<ObservationTable> {
    return (await deps.getSetting(observationKey(municipalityId))) ?? {};
  }

  async function municipalBuild(
    r: MunicipalRequest,
    onProgress?: ProgressFn,
  ): Promise<{ roadmap: Roadmap; figures: MunicipalFigures; stored: boolean; name: string }> {
    if (!isIsoDate(r.planDate)) throw new InputError('Укажите дату утверждения плана.');
    if (r.today !== undefined && !isIsoDate(r.today)) throw new InputError('Неверная текущая дата.');
    const ctx = await municipalContext(onProgress);
    const outline = municipalOutline(ctx);
    const m = outline.municipalities.find((x) => x.id === r.municipalityId);
    if (!m) throw new InputError('Муниципалитет не найден в загруженных данных.');
    const own = new Set(m.schools.map((s) => s.login));
    const procedures: PlanProcedure[] = ctx.report.procedures.map((p, i) => ({
      id: p.id,
      title: outline.procedures[i].title,
      schools: p.units
        .filter((u) => u.level === 'school' && own.has(u.id) && u.written > 0)
        .map((u) => ({ login: u.id, uspevaemost: u.uspevaemost ?? null })),
    }));
    const schoolYear = schoolYearOf(r.planDate);
    const stored = await deps.getSetting(municipalPlanKey(m.id, schoolYear));
    const built = municipalPlan({
      municipality: { id: m.id, name: m.name },
      schools: m.schools,
      signs: ctx.report.signs,
      procedures,
      observation: await observation(m.id),
      schoolYear,
      planDate: r.planDate,
      calendar: calendarOf(r.calendar),
      people: await people(),
      today: r.today ?? r.planDate,
      template: await storedTemplate('objectivity'),
      stored,
    });
    return { ...built, stored: stored !== undefined, name: m.name };
  }

  function unitName(ctx: DocContext, r: DocumentRequest): string {
    const u = ctx.report.units.find((x) => x.level === r.level && x.id === r.unitId);
    if (!u) throw new InputError('Выбранной единицы нет в данных процедуры.');
    return unitTitle(ctx.report, u);
  }

  async function file(
    procedureKey: string,
    kind: DocumentKind,
    r: DocumentRequest,
    onProgress?: ProgressFn,
  ): Promise<DocumentFile> {
    const started = Date.now();
    const ctx = await context(procedureKey, onProgress);
    const o = await options(ctx, procedureKey, r);
    const P = ctx.report;
    const what = `${P.subject} ${P.grade} кл ${P.year} — ${unitName(ctx, r)}`;
    onProgress?.(0.7, 'Составление документа');
    const docx = async (model: DocModel, base: string) => {
      onProgress?.(0.85, 'Запись DOCX');
      return { bytes: await writeDocx(model), fileName: safeFileName(base, 'docx'), mime: MIME.docx };
    };
    let out: Omit<DocumentFile, 'elapsedMs'>;
    switch (kind) {
      case 'spravka': {
        const figures = deps.charts
          ? await deps.charts(P, r.level, r.unitId).catch(() => undefined)
          : undefined;
        out = await docx(spravkaModel(ctx, { ...o, figures }), `Аналитическая справка ${P.kind} ${what}`);
        break;
      }
      case 'pupil-spravka': {
        const who = `код ${o.pupil ?? ''}`;
        out = await docx(pupilSpravkaModel(ctx, o), `Аналитическая справка ${P.kind} ${what} — ${who}`);
        break;
      }
      case 'roadmap-docx':
        out = await docx(roadmapModel(ctx, o).model, `Дорожная карта ${P.kind} ${what}`);
        break;
      case 'roadmap-xlsx': {
        const { roadmap } = roadmapModel(ctx, o);
        out = {
          bytes: roadmapXlsx(roadmap, o.today!),
          fileName: safeFileName(`Дорожная карта ${P.kind} ${what}`, 'xlsx'),
          mime: MIME.xlsx,
        };
        break;
      }
      case 'roadmap-ics': {
        const { roadmap } = roadmapModel(ctx, o);
        out = {
          bytes: new TextEncoder().encode(roadmapIcs(roadmap)),
          fileName: safeFileName(`Дорожная карта ${P.kind} ${what}`, 'ics'),
          mime: MIME.ics,
        };
        break;
      }
      case 'routes':
        out = await docx(routesModel(ctx, o), `Индивидуальные маршруты ${P.kind} ${what}`);
        break;
      case 'appendix':
        out = await docx(appendixModel(ctx, o), `Приложение к рабочей программе ${what}`);
        break;
      default:
        throw new InputError(`Неизвестный документ: ${String(kind)}`);
    }
    onProgress?.(1, 'Готово');
    return { ...out, elapsedMs: Date.now() - started };
  }

  return {
    /** Municipalities, schools and their classes of a procedure, for the unit selects. */
    async outline(procedureKey: string): Promise<Outcome<Outline>> {
      try {
        const ctx = await context(procedureKey);
        const P = ctx.report;
        const meta = ctx.ds.meta;
        const u = (level: UnitLevel, id: string) => P.units.find((x) => x.level === level && x.id === id);
        const unit = (level: UnitLevel, id: string, name: string): OutlineUnit => ({
          id,
          name,
          written: u(level, id)?.written ?? 0,
        });
        return {
          ok: true,
          value: {
            procedureKey,
            title: `${P.kind} · ${P.subject} · ${P.grade} класс · ${P.year}`,
            grade: P.grade,
            municipalities: meta.municipalities.map((m) => unit('municipality', m.id, m.name)),
            schools: meta.schools.map((s, k) => ({
              ...unit('school', s.login, s.name ?? s.login),
              municipality: s.municipalityId ?? null,
              classes: meta.classes
                .filter((c) => c.school === k)
                .map((c) => unit('class', c.id, c.label))
                .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true })),
            })),
          },
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** A document as file bytes (transferred, not copied). */
    async generate(
      procedureKey: string,
      kind: DocumentKind,
      request: DocumentRequest,
      onProgress?: ProgressFn,
    ): Promise<Outcome<DocumentFile>> {
      const progress = throttleProgress(onProgress);
      try {
        const value = await file(procedureKey, kind, request, progress.report);
        const outcome: Outcome<DocumentFile> = { ok: true, value };
        return transfer(outcome, [value.bytes.buffer as ArrayBuffer]);
      } catch (e) {
        if (e instanceof AnalysisCancelledError)
          return { ok: false, error: { kind: 'input', message: e.message } };
        return { ok: false, error: toFailure(e) };
      } finally {
        progress.done();
      }
    },

    /** The pupils of a class (codes, scores, marks) for the pupil справка's select. */
    async pupils(procedureKey: string, classId: string): Promise<Outcome<OutlinePupil[]>> {
      try {
        const ctx = await context(procedureKey);
        return {
          ok: true,
          value: pupilResults(ctx.ds, classId).map((x) => ({
            code: x.code,
            absent: x.absent,
            score: x.score,
            mark: x.mark,
          })),
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** The справка (a pupil's when request.pupil is set) as a document model, for the print view. */
    async spravkaModel(procedureKey: string, request: DocumentRequest): Promise<Outcome<DocModel>> {
      try {
        const ctx = await context(procedureKey);
        const o = await options(ctx, procedureKey, request);
        return { ok: true, value: o.pupil ? pupilSpravkaModel(ctx, o) : spravkaModel(ctx, o) };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** The roadmap of the unit's school: the stored (edited) one, else a new one (not stored yet). */
    async roadmap(
      procedureKey: string,
      request: DocumentRequest,
    ): Promise<Outcome<{ roadmap: Roadmap; stored: boolean }>> {
      try {
        const ctx = await context(procedureKey);
        const o = await options(ctx, procedureKey, request);
        const roadmap = schoolRoadmap(ctx, o);
        if (!roadmap)
          throw new InputError('Дорожная карта составляется для школы: выберите школу или её класс.');
        return { ok: true, value: { roadmap, stored: o.roadmap !== undefined } };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Changes one measure (status, deadline, wording, responsible) and stores the school's roadmap. */
    async updateMeasure(
      procedureKey: string,
      request: DocumentRequest,
      measureId: string,
      patch: SchoolMeasureEdit,
    ): Promise<Outcome<Roadmap>> {
      return editSchoolRoadmap(procedureKey, request, (r) => updateMeasure(r, measureId, cleanEdit(patch)));
    },

    /** Adds a measure (a user's own) to a stage of the school's roadmap and stores it. */
    async addMeasure(
      procedureKey: string,
      request: DocumentRequest,
      stageId: string,
      fields: NewSchoolMeasure,
    ): Promise<Outcome<Roadmap>> {
      return editSchoolRoadmap(procedureKey, request, (r) => {
        const text = typeof fields.text === 'string' ? fields.text.trim() : '';
        if (!text) throw new InputError('Впишите текст мероприятия.');
        if (!isIsoDate(fields.deadline)) throw new InputError('Укажите срок мероприятия.');
        const responsible = typeof fields.responsible === 'string' ? fields.responsible.trim() : '';
        return addMeasure(r, stageId, { text, deadline: fields.deadline, responsible });
      });
    },

    /** Removes a measure from the school's roadmap and stores it. */
    async removeMeasure(
      procedureKey: string,
      request: DocumentRequest,
      measureId: string,
    ): Promise<Outcome<Roadmap>> {
      return editSchoolRoadmap(procedureKey, request, (r) => removeMeasure(r, measureId));
    },

    /** Forgets the stored roadmap of the school: the next one is built afresh from the template. */
    async resetRoadmap(procedureKey: string, request: DocumentRequest): Promise<Outcome<true>> {
      try {
        const ctx = await context(procedureKey);
        const school = schoolUnitOf(ctx, request);
        if (school) await deps.deleteSetting(roadmapKey(procedureKey, school.id));
        return { ok: true, value: true };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async people(): Promise<Outcome<People>> {
      try {
        return { ok: true, value: await people() };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async savePeople(value: People): Promise<Outcome<true>> {
      try {
        const clean: People = {};
        for (const [k, v] of Object.entries(value))
          if (typeof v === 'string' && v.trim()) clean[k] = v.trim();
        await deps.setSetting(PEOPLE_KEY, clean);
        return { ok: true, value: true };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Municipalities with their schools and the stored procedures (the observation table). */
    async municipalOutline(): Promise<Outcome<MunicipalOutline>> {
      try {
        return { ok: true, value: municipalOutline(await municipalContext()) };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async observation(municipalityId: string): Promise<Outcome<ObservationTable>> {
      try {
        return { ok: true, value: await observation(municipalityId) };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async saveObservation(municipalityId: string, table: ObservationTable): Promise<Outcome<true>> {
      try {
        const clean: ObservationTable = {};
        for (const [login, byProc] of Object.entries(table))
          for (const [id, e] of Object.entries(byProc ?? {}))
            if (e && (e.observers || e.video))
              (clean[login] ??= {})[id] = { observers: !!e.observers, video: !!e.video };
        await deps.setSetting(observationKey(municipalityId), clean);
        return { ok: true, value: true };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** The municipal plan on objectivity: the stored (edited) one, else a new one from the template. */
    async municipalPlan(
      request: MunicipalRequest,
    ): Promise<Outcome<{ roadmap: Roadmap; figures: MunicipalFigures; stored: boolean }>> {
      try {
        const { roadmap, figures, stored } = await municipalBuild(request);
        return { ok: true, value: { roadmap, figures, stored } };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Changes one measure of the municipal plan (text, deadline, responsible, status) and stores it. */
    async updateMunicipalMeasure(
      request: MunicipalRequest,
      measureId: string,
      patch: MeasureEdit,
    ): Promise<Outcome<Roadmap>> {
      return serial(async () => {
        try {
          const { roadmap } = await municipalBuild(request);
          const clean: MeasureEdit = {};
          if (patch.status !== undefined) clean.status = patch.status;
          if (patch.deadline !== undefined) clean.deadline = patch.deadline;
          if (typeof patch.text === 'string') clean.text = patch.text;
          if (typeof patch.responsible === 'string') clean.responsible = patch.responsible;
          const next = updateMeasure(roadmap, measureId, clean);
          await deps.setSetting(
            municipalPlanKey(request.municipalityId, schoolYearOf(request.planDate)),
            next,
          );
          return { ok: true, value: next };
        } catch (e) {
          return { ok: false, error: toFailure(e) };
        }
      });
    },

    async resetMunicipalPlan(request: MunicipalRequest): Promise<Outcome<true>> {
      try {
        if (!isIsoDate(request.planDate)) throw new InputError('Укажите дату утверждения плана.');
        await deps.deleteSetting(municipalPlanKey(request.municipalityId, schoolYearOf(request.planDate)));
        return { ok: true, value: true };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** The municipal plan as DOCX or XLSX bytes (transferred). */
    async generateMunicipal(
      kind: MunicipalKind,
      request: MunicipalRequest,
      onProgress?: ProgressFn,
    ): Promise<Outcome<DocumentFile>> {
      const progress = throttleProgress(onProgress);
      try {
        const started = Date.now();
        const { roadmap, figures, name } = await municipalBuild(request, progress.report);
        const today = request.today ?? request.planDate;
        const base = `План мероприятий по объективности ${name}`;
        progress.report(0.85, 'Запись документа');
        let value: DocumentFile;
        if (kind === 'objectivity-docx')
          value = {
            bytes: await writeDocx(municipalPlanDocument(roadmap, figures, today)),
            fileName: safeFileName(base, 'docx'),
            mime: MIME.docx,
            elapsedMs: 0,
          };
        else if (kind === 'objectivity-xlsx')
          value = {
            bytes: municipalPlanXlsx(roadmap, figures, today),
            fileName: safeFileName(base, 'xlsx'),
            mime: MIME.xlsx,
            elapsedMs: 0,
          };
        else throw new InputError(`Неизвестный документ: ${String(kind)}`);
        value.elapsedMs = Date.now() - started;
        progress.report(1, 'Готово');
        return transfer({ ok: true, value } as Outcome<DocumentFile>, [value.bytes.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      } finally {
        progress.done();
      }
    },

    /** The template in use (the user's when stored) as JSON text, and whether it is the user's. */
    async template(name: TemplateName): Promise<Outcome<{ json: string; custom: boolean }>> {
      try {
        if (!TEMPLATE_NAMES.includes(name)) throw new InputError(`Неизвестный шаблон: ${String(name)}`);
        const own = await storedTemplate(name);
        return {
          ok: true,
          value: { json: JSON.stringify(own ?? BUILTIN_TEMPLATES[name], null, 2), custom: own !== undefined },
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Checks an uploaded template; stores it only when it has no problems. */
    async saveTemplate(name: TemplateName, text: string): Promise<Outcome<{ problems: string[] }>> {
      try {
        if (!TEMPLATE_NAMES.includes(name)) throw new InputError(`Неизвестный шаблон: ${String(name)}`);
        const parsed = parseTemplate(name, text);
        if (!parsed.ok) return { ok: true, value: { problems: parsed.problems } };
        await deps.setSetting(templateKey(name), text);
        held = undefined;
        return { ok: true, value: { problems: [] } };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async resetTemplate(name: TemplateName): Promise<Outcome<true>> {
      try {
        await deps.deleteSetting(templateKey(name));
        return { ok: true, value: true };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    forget(): void {
      held = undefined;
      municipal = undefined;
    },
  };
}

export type DocumentsApi = ReturnType<typeof createDocumentsApi>;
