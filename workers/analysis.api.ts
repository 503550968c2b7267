// The analysis worker's API, free of transport: Node tests call it directly, analysis.worker.ts
// exposes it. The worker loads the Dataset from IndexedDB itself and keeps the last one, and its
// analysed report, in memory: the page only ever receives single units, a page of child summaries,
// the pupils of one class, or finished file bytes.
import { transfer } from 'comlink';
import type { Dataset, ProgressFn } from '../src/domain/model';
import { DbError } from '../src/db/errors';
import { parseReferenceReport, referenceUnitsFor } from '../src/domain/reference';
import { schoolsOfUnit, withSchools, type SignsForExport } from '../src/domain/report/objectivity-export';
import type { ReferenceProcedure, ReferenceUnit } from '../src/domain/reference';
import { UnitIndex, unitKey, unitTitle } from '../src/domain/report/units';
import type { OkoReport, ProcedureReport, UnitLevel, UnitReport } from '../src/domain/report/types';
import type { PupilResult } from '../src/domain/report/pupils';
import type { PupilRow } from '../src/domain/report/units';
import { sortBy } from '../src/domain/report/sort';
import { throttleProgress } from './progress';

/** What the analysis worker needs from the engine and DB layers (wired in ./analysis.worker.ts). */
export interface AnalysisDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  analyzeProcedure(ds: Dataset, opts: { onProgress?: ProgressFn }): ProcedureReport;
  buildReport(datasets: Dataset[]): OkoReport;
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

export interface AnalysisFailure {
  kind: 'storage' | 'unexpected';
  message: string;
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

export type ChildOrder = 'name' | 'written';

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

export type AnalysisOutcome = { ok: true; analysis: Analysis } | { ok: false; error: AnalysisFailure };
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AnalysisFailure };

/** A ФИС ОКО reference report parsed in the worker: its header and its units, ready to store. */
export type ReferenceImport =
  | { ok: true; file: string; procedure: ReferenceProcedure; units: ReferenceUnit[]; ignoredSheets: string[] }
  | { ok: false; file: string; error: string };

/** Parse a ФИС ОКО report; a failure is a Russian message naming the file (and sheet and row). */
export function importReferenceFile(fileName: string, bytes: Uint8Array): ReferenceImport {
  try {
    const report = parseReferenceReport(bytes, fileName);
    const units = referenceUnitsFor(report);
    return {
      ok: true,
      file: fileName,
      procedure: report.procedure,
      units,
      ignoredSheets: report.ignoredSheets,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const named = message.includes(`«${fileName}»`) ? message : `Файл «${fileName}»: ${message}`;
    return { ok: false, file: fileName, error: named };
  }
}

export function toFailure(e: unknown): AnalysisFailure {
  // Storage errors already carry a Russian message meant for the user.
  if (e instanceof DbError) return { kind: 'storage', message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'unexpected', message: `Не удалось выполнить анализ: ${err.message}` };
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

/** Children of a unit in list order: by name (Russian collation, numbers as numbers) or by size. */
function ordered(units: readonly UnitReport[], order: ChildOrder): UnitReport[] {
  return order === 'name'
    ? sortBy(
        units.map((u) => ({ u, title: unitTitle(u) })),
        'title',
        'ascending',
      ).map((r) => r.u)
    : sortBy(units, 'written', 'descending');
}

/** The analysed procedure held by the worker, indexed as a tree; child orders are cached. */
interface Held {
  key: string;
  ds: Promise<Dataset>;
  report?: ProcedureReport;
  index?: UnitIndex;
  orders?: Map<string, UnitReport[]>;
}

interface Analysed {
  ds: Dataset;
  report: ProcedureReport;
  index: UnitIndex;
  /** Children in list order by `${order}|${unitKey}`. */
  orders: Map<string, UnitReport[]>;
}

export function createAnalysisApi(deps: AnalysisDeps) {
  // One procedure at a time: the screen shows one, and a region's dataset is large. The full report
  // stays here; the page asks for the units it shows (one UnitReport, a page of child summaries).
  let held: Held | undefined;

  /** The held procedure of `key`; concurrent calls share one load of its dataset. */
  function hold(key: string): Held {
    if (held?.key === key) return held;
    const h: Held = { key, ds: deps.loadDataset(key) };
    // A failed load is not kept: the next call tries again.
    h.ds.catch(() => {
      if (held === h) held = undefined;
    });
    return (held = h);
  }

  const dataset = (key: string): Promise<Dataset> => hold(key).ds;

  /** The report of `key`, analysed on first use (also after the worker was restarted by a cancel). */
  async function analysed(key: string, onProgress?: ProgressFn): Promise<Analysed> {
    const h = hold(key);
    const ds = await h.ds;
    h.report ??= deps.analyzeProcedure(ds, { onProgress });
    h.index ??= new UnitIndex(h.report);
    return { ds, report: h.report, index: h.index, orders: (h.orders ??= new Map()) };
  }

  function unitOf(index: UnitIndex, level: UnitLevel, id: string): UnitReport {
    const u = index.get(unitKey({ level, id }));
    if (!u) throw new Error(`в отчёте нет единицы ${level}:${id}`);
    return u;
  }

  return {
    /**
     * Analyse the procedure afresh (it may have grown by an import since the last analysis) and keep
     * the report here. The page gets the procedure's header and its level-all unit only.
     */
    async open(procedureKey: string, onProgress?: ProgressFn): Promise<AnalysisOutcome> {
      const started = Date.now();
      const progress = throttleProgress(onProgress);
      try {
        held = undefined;
        progress.report(0, 'Чтение данных из хранилища');
        const { ds, report, index } = await analysed(procedureKey, progress.scaled(0.1, 1));
        const root = index.root;
        if (!root) throw new Error('в отчёте нет уровня «Все участники»');
        const skills: Record<string, string> = {};
        for (const t of ds.meta.procedure.tasks) if (t.skill) skills[t.id] = t.skill;
        const { units: _units, ...procedure } = report;
        progress.report(1, 'Готово');
        return {
          ok: true,
          analysis: { procedureKey, procedure, root, skills, elapsedMs: Date.now() - started },
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      } finally {
        progress.done();
      }
    },

    /** One unit with its trail (root → parent), the number of its children and the reference. */
    async unit(procedureKey: string, level: UnitLevel, id: string): Promise<Outcome<UnitView>> {
      try {
        const { index } = await analysed(procedureKey);
        const unit = unitOf(index, level, id);
        return {
          ok: true,
          value: {
            unit,
            parentChain: index.parentChain(unit),
            childrenCount: index.children(unit).length,
            reference: index.root ?? unit,
          },
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** One page of a unit's children as light summaries; by name by default, or by size (no ranks). */
    async children(
      procedureKey: string,
      level: UnitLevel,
      id: string,
      query: ChildrenQuery,
    ): Promise<Outcome<ChildrenPage>> {
      try {
        const { index, orders } = await analysed(procedureKey);
        const parent = unitOf(index, level, id);
        const key = `${query.sort}|${unitKey(parent)}`;
        let list = orders.get(key);
        if (!list) orders.set(key, (list = ordered(index.children(parent), query.sort)));
        const offset = Math.max(0, Math.floor(query.offset));
        const limit = Math.max(0, Math.min(500, Math.floor(query.limit)));
        return {
          ok: true,
          value: {
            total: list.length,
            hasMarks: list.some((u) => u.uspevaemost !== undefined && u.uspevaemost !== null),
            items: list.slice(offset, offset + limit).map(summary),
          },
        };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /**
     * The full oko-report/v1 document of one procedure (with its signs), for «Скачать JSON»: the
     * UTF-8 bytes of the text, transferred (a region's report is many megabytes; a string would be
     * copied by structured clone and stringifying on the page would block it). With `objectivity`
     * (computed by the objectivity worker) it gains `schools[]` of the unit's schools, for a unit at
     * school level or above, and `objectivityNotes`.
     */
    async fullReportJson(
      procedureKey: string,
      objectivity?: { unit: UnitRef; signs: SignsForExport },
    ): Promise<Outcome<Uint8Array>> {
      try {
        let report = deps.buildReport([await dataset(procedureKey)]);
        const p = report.procedures[0];
        const schools =
          objectivity && p ? schoolsOfUnit(p, objectivity.unit.level, objectivity.unit.id) : null;
        if (objectivity && schools) report = withSchools(report, objectivity.signs, schools);
        const text = JSON.stringify(report, null, 2);
        const bytes = new TextEncoder().encode(text);
        const outcome: Outcome<Uint8Array> = { ok: true, value: bytes };
        return transfer(outcome, [bytes.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    async classPupils(procedureKey: string, classId: string): Promise<Outcome<PupilRow[]>> {
      try {
        const ds = await dataset(procedureKey);
        return { ok: true, value: classPupilRows(ds, classId, deps.pupilResults(ds, classId)) };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /**
     * XLSX of one unit (a class gets its pupils' sheet too), written by the engine's xlsx-export;
     * with `signs`, a unit at school level or above also gets the sheet «Признаки».
     */
    async unitXlsx(
      procedureKey: string,
      unit: UnitRef,
      signs?: SignsForExport,
    ): Promise<Outcome<Uint8Array>> {
      try {
        const { ds, report } = await analysed(procedureKey);
        const pupils = unit.level === 'class' ? deps.pupilResults(ds, unit.id) : undefined;
        const bytes = deps.exportUnitXlsx(report, unit.level, unit.id, { pupils, signs });
        // Transferred, not copied (Comlink looks the transfer list up on the returned object).
        const outcome: Outcome<Uint8Array> = { ok: true, value: bytes };
        return transfer(outcome, [bytes.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Parse a ФИС ОКО reference report (the bytes are transferred here); the page stores the units. */
    importReference(fileName: string, bytes: Uint8Array): ReferenceImport {
      return importReferenceFile(fileName, bytes);
    },

    /** Drop the held dataset and report (e.g. after the procedure was deleted or re-imported). */
    forget(): void {
      held = undefined;
    },
  };
}

export type AnalysisApi = ReturnType<typeof createAnalysisApi>;
