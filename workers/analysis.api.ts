// The analysis API, free of transport: Node tests call it directly, the engine worker
// (engine.worker.ts) exposes it. The dataset and its analysed report come from the engine's shared
// AnalysisCache (one analysis per procedure and data version, also used by the documents and
// objectivity APIs): the page only ever receives single units, a page of child summaries, the
// pupils of one class, or finished file bytes.
import type { Dataset, ProgressFn } from '../src/domain/model';
import { reportOf } from '../src/domain/report/build-report';
import { parseReferenceReport, referenceUnitsFor } from '../src/domain/reference';
import { schoolsOfUnit, withSchools, type SignsForExport } from '../src/domain/report/objectivity-export';
import type { ReferenceProcedure, ReferenceUnit } from '../src/domain/reference';
import { unitIndexOf, unitKey, unitTitle, type UnitIndex } from '../src/domain/report/units';
import type { ProcedureReport, UnitLevel, UnitReport } from '../src/domain/report/types';
import type { PupilResult } from '../src/domain/report/pupils';
import type { PupilRow } from '../src/domain/report/units';
import { orderUnits, type ChildOrder } from '../src/domain/report/unit-order';
import { throttleProgress } from './progress';
import { failureOf, guard, InputError, transferred, type Failure } from './outcome';
import { AnalysisCache } from './analysis-cache';
import { adaptedKey, withAdaptedUnits } from '../src/domain/report/adapted';

export type { Outcome } from './outcome';

/** Codes marked «АООП» in the local class lists, by school login (read page-side, never stored here). */
export type AdaptedMarks = Record<string, string[]>;

/** Only string codes under string logins: an untyped caller cannot smuggle other values in. */
function adaptedKeys(marks: unknown): Set<string> {
  const out = new Set<string>();
  if (!marks || typeof marks !== 'object') return out;
  for (const [login, codes] of Object.entries(marks as Record<string, unknown>))
    if (Array.isArray(codes))
      for (const c of codes) if (typeof c === 'string' && c.trim()) out.add(adaptedKey(login, c));
  return out;
}

/** What the analysis API needs from the engine and DB layers (wired in ./engine.worker.ts). */
export interface AnalysisDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  /** The procedure's data version (updatedAt); absent: the data never change (tests). */
  versionOf?(procedureKey: string): Promise<string | undefined>;
  analyzeProcedure(ds: Dataset, opts: { onProgress?: ProgressFn }): ProcedureReport;
  pupilResults(ds: Dataset, classId: string): PupilResult[];
  exportUnitXlsx(
    p: ProcedureReport,
    level: UnitLevel,
    id: string,
    opts: { pupils?: PupilResult[]; signs?: SignsForExport },
  ): Uint8Array;
}

export interface UnitRef {
  level: UnitLevel;
  id: string;
}

/** What the page shows of a procedure besides its units: everything except `units`. */
export type ProcedureInfo = Omit<ProcedureReport, 'units'>;

/** The answer to open(): the procedure, its level-all unit, and the worker's analysis time. */
export interface Analysis {
  procedureKey: string;
  procedure: ProcedureInfo;
  /** The level-all unit (the reference of every other unit). */
  root: UnitReport;
  /** Planned results (skills) by task id, from the stored procedure spec. */
  skills: Record<string, string>;
  elapsedMs: number;
}

/** A step of the drill-down trail. */
export interface UnitCrumb {
  level: UnitLevel;
  id: string;
  name: string;
}

/** One unit on screen: the unit itself, the trail above it, and the reference (level all). */
export interface UnitView {
  unit: UnitReport;
  /** From the root down to the unit's parent (empty for the root). */
  parentChain: UnitCrumb[];
  childrenCount: number;
  reference: UnitReport;
}

/** A child unit as the list shows it: a few figures, not the whole UnitReport. */
export interface UnitSummary {
  level: UnitLevel;
  id: string;
  name: string;
  written: number;
  absent: number;
  scoreMean: number | null;
  uspevaemost: number | null;
  kachestvo: number | null;
  sou: number | null;
}

export type { ChildOrder };

export interface ChildrenQuery {
  offset: number;
  limit: number;
  sort: ChildOrder;
}

export interface ChildrenPage {
  total: number;
  /** Some child has marks-based figures (У, КЗ): the list shows those columns. */
  hasMarks: boolean;
  items: UnitSummary[];
}

/** A ФИС ОКО reference report parsed in the worker: its header and its units, ready to store. */
export interface ReferenceImport {
  file: string;
  procedure: ReferenceProcedure;
  units: ReferenceUnit[];
  ignoredSheets: string[];
}

/** Parse a ФИС ОКО report; a failure is a Russian message naming the file (and sheet and row). */
export function importReferenceFile(fileName: string, bytes: Uint8Array): ReferenceImport {
  try {
    const report = parseReferenceReport(bytes, fileName);
    const units = referenceUnitsFor(report);
    return { file: fileName, procedure: report.procedure, units, ignoredSheets: report.ignoredSheets };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new InputError(message.includes(`«${fileName}»`) ? message : `Файл «${fileName}»: ${message}`);
  }
}

export function toFailure(e: unknown): Failure {
  return failureOf(e, 'Не удалось выполнить анализ');
}

/**
 * The engine's pupil results of a class with the raw cell codes added. Both walk the class's
 * pupils in file order, so they pair by position; the codes are checked to be sure.
 */
export function classPupilRows(ds: Dataset, classId: string, results: PupilResult[]): PupilRow[] {
  const c = ds.meta.classes.findIndex((k) => k.id === classId);
  const p = ds.pupils;
  const rows: PupilRow[] = [];
  let k = 0;
  for (let i = 0; i < p.n && c >= 0; i++) {
    if (p.classIdx[i] !== c) continue;
    const r = results[k++];
    if (!r || r.code !== p.code[i]) throw new Error(`порядок учеников класса ${classId} не совпал`);
    rows.push({ ...r, index: i, cells: p.codes.map((col) => col[i]) });
  }
  return rows;
}

const summary = (u: UnitReport): UnitSummary => ({
  level: u.level,
  id: u.id,
  name: u.name,
  written: u.written,
  absent: u.absent,
  scoreMean: u.score?.mean ?? null,
  uspevaemost: u.uspevaemost ?? null,
  kachestvo: u.kachestvo ?? null,
  sou: u.sou ?? null,
});

/** Children of a unit in list order: by name, by size or by an indicator (src/domain/report/unit-order.ts). */
function ordered(units: readonly UnitReport[], order: ChildOrder): UnitReport[] {
  return orderUnits(units, order, unitTitle);
}

interface Analysed {
  ds: Dataset;
  report: ProcedureReport;
  index: UnitIndex;
  /** Children in list order by `${order}|${unitKey}`. */
  orders: Map<string, UnitReport[]>;
}

export function createAnalysisApi(
  deps: AnalysisDeps,
  cache = new AnalysisCache({ versionOf: async () => '', ...deps }),
) {
  // Children in list order, per report (a new analysis starts afresh).
  const orders = new WeakMap<ProcedureReport, Map<string, UnitReport[]>>();

  /**
   * The report of `key`: with `fresh` the one of its current data version (open), else the one held
   * since (analysed afresh only when none is held, e.g. after a restart by a cancel).
   */
  async function analysed(key: string, onProgress?: ProgressFn, fresh = false): Promise<Analysed> {
    const { ds, report } = fresh ? await cache.get(key, onProgress) : await cache.held(key);
    let o = orders.get(report);
    if (!o) orders.set(report, (o = new Map()));
    return { ds, report, index: unitIndexOf(report), orders: o };
  }

  function unitOf(index: UnitIndex, level: UnitLevel, id: string): UnitReport {
    const u = index.get(unitKey({ level, id }));
    if (!u) throw new Error(`в отчёте нет единицы ${level}:${id}`);
    return u;
  }

  const handlers = {
    /**
     * The procedure's analysis (the one of its current data version: after an import it is analysed
     * afresh). The page gets the procedure's header and its level-all unit only.
     */
    async open(procedureKey: string, onProgress?: ProgressFn): Promise<Analysis> {
      const started = Date.now();
      const progress = throttleProgress(onProgress);
      try {
        progress.report(0, 'Чтение данных из хранилища');
        const { ds, report, index } = await analysed(procedureKey, progress.scaled(0.1, 1), true);
        const root = index.root;
        if (!root) throw new Error('в отчёте нет уровня «Все участники»');
        const skills: Record<string, string> = {};
        for (const t of ds.meta.procedure.tasks) if (t.skill) skills[t.id] = t.skill;
        const { units: _units, ...procedure } = report;
        progress.report(1, 'Готово');
        return { procedureKey, procedure, root, skills, elapsedMs: Date.now() - started };
      } finally {
        progress.done();
      }
    },

    /** One unit with its trail (root → parent), the number of its children and the reference. */
    async unit(procedureKey: string, level: UnitLevel, id: string): Promise<UnitView> {
      const { index } = await analysed(procedureKey);
      const unit = unitOf(index, level, id);
      return {
        unit,
        parentChain: index.parentChain(unit),
        childrenCount: index.children(unit).length,
        reference: index.root ?? unit,
      };
    },

    /** One page of a unit's children as light summaries; by name by default, or by size (no ranks). */
    async children(
      procedureKey: string,
      level: UnitLevel,
      id: string,
      query: ChildrenQuery,
    ): Promise<ChildrenPage> {
      const { index, orders } = await analysed(procedureKey);
      const parent = unitOf(index, level, id);
      const key = `${query.sort}|${unitKey(parent)}`;
      let list = orders.get(key);
      if (!list) orders.set(key, (list = ordered(index.children(parent), query.sort)));
      const offset = Math.max(0, Math.floor(query.offset));
      const limit = Math.max(0, Math.min(500, Math.floor(query.limit)));
      return {
        total: list.length,
        hasMarks: list.some((u) => u.uspevaemost !== undefined && u.uspevaemost !== null),
        items: list.slice(offset, offset + limit).map(summary),
      };
    },

    /**
     * The full oko-report/v1 document of one procedure (with its signs), for «Скачать JSON»: the
     * UTF-8 bytes of the text, transferred (a region's report is many megabytes; a string would be
     * copied by structured clone and stringifying on the page would block it). With `objectivity`
     * (computed by the objectivity API) it gains `schools[]` of the unit's schools, for a unit at
     * school level or above, and `objectivityNotes`. Built from the cached analysis. With `adapted`
     * (codes marked «АООП» in the local class lists, by school login) the procedure gains `adapted`.
     */
    async fullReportJson(
      procedureKey: string,
      objectivity?: { unit: UnitRef; signs: SignsForExport },
      adapted?: AdaptedMarks,
    ): Promise<Uint8Array> {
      const { ds, report: analysedReport } = await analysed(procedureKey);
      const marked = adaptedKeys(adapted);
      const p0 = marked.size ? withAdaptedUnits(analysedReport, ds, marked) : analysedReport;
      let report = reportOf([ds], [p0]);
      const p = report.procedures[0];
      const schools = objectivity && p ? schoolsOfUnit(p, objectivity.unit.level, objectivity.unit.id) : null;
      if (objectivity && schools) report = withSchools(report, objectivity.signs, schools);
      const bytes = new TextEncoder().encode(JSON.stringify(report, null, 2));
      return transferred(bytes, [bytes.buffer as ArrayBuffer]);
    },

    async classPupils(procedureKey: string, classId: string): Promise<PupilRow[]> {
      const { ds } = await cache.held(procedureKey);
      return classPupilRows(ds, classId, deps.pupilResults(ds, classId));
    },

    /**
     * XLSX of one unit (a class gets its pupils' sheet too), written by the engine's xlsx-export;
     * with `signs`, a unit at school level or above also gets the sheet «Признаки».
     */
    async unitXlsx(procedureKey: string, unit: UnitRef, signs?: SignsForExport): Promise<Uint8Array> {
      const { ds, report } = await analysed(procedureKey);
      const pupils = unit.level === 'class' ? deps.pupilResults(ds, unit.id) : undefined;
      const bytes = deps.exportUnitXlsx(report, unit.level, unit.id, { pupils, signs });
      return transferred(bytes, [bytes.buffer as ArrayBuffer]);
    },

    /** Parse a ФИС ОКО reference report (the bytes are transferred here); the page stores the units. */
    async importReference(fileName: string, bytes: Uint8Array): Promise<ReferenceImport> {
      return importReferenceFile(fileName, bytes);
    },
  };

  return {
    ...guard(handlers, toFailure),
    /** Drop the held analyses (e.g. after the procedure was deleted or re-imported). */
    forget(): void {
      cache.forget();
    },
  };
}

export type AnalysisApi = ReturnType<typeof createAnalysisApi>;
