// The analysis worker's API, free of transport: Node tests call it directly, analysis.worker.ts
// exposes it. The worker loads the Dataset from IndexedDB itself and keeps the last one in memory,
// so the page only ever receives report JSON, the pupils of one class, or finished file bytes.
import { transfer } from 'comlink';
import type { Dataset, ProgressFn } from '../src/domain/model';
import { DbError } from '../src/db/errors';
import type {
  OkoReport,
  ProcedureReport,
  PupilResult,
  PupilRow,
  UnitLevel,
} from '../src/ui/analysis/report-types';
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
    opts: { pupils?: PupilResult[] },
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

export interface Analysis {
  procedureKey: string;
  report: ProcedureReport;
  /** Planned results (skills) by task id, from the stored procedure spec. */
  skills: Record<string, string>;
  elapsedMs: number;
}

export type AnalysisOutcome = { ok: true; analysis: Analysis } | { ok: false; error: AnalysisFailure };
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AnalysisFailure };

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

export function createAnalysisApi(deps: AnalysisDeps) {
  // One procedure at a time: the screen shows one, and a region's dataset is large.
  let held: { key: string; ds: Dataset; report?: ProcedureReport } | undefined;

  async function dataset(key: string): Promise<Dataset> {
    if (held?.key !== key) held = { key, ds: await deps.loadDataset(key) };
    return held.ds;
  }

  async function analysed(key: string, onProgress?: ProgressFn): Promise<ProcedureReport> {
    const ds = await dataset(key);
    held!.report ??= deps.analyzeProcedure(ds, { onProgress });
    return held!.report;
  }

  return {
    async analyze(procedureKey: string, onProgress?: ProgressFn): Promise<AnalysisOutcome> {
      const started = Date.now();
      const progress = throttleProgress(onProgress);
      try {
        // Always re-read: the procedure may have grown by an import since the last analysis.
        held = undefined;
        progress.report(0, 'Чтение данных из хранилища');
        const ds = await dataset(procedureKey);
        const report = await analysed(procedureKey, progress.scaled(0.1, 1));
        const skills: Record<string, string> = {};
        for (const t of ds.meta.procedure.tasks) if (t.skill) skills[t.id] = t.skill;
        progress.report(1, 'Готово');
        return { ok: true, analysis: { procedureKey, report, skills, elapsedMs: Date.now() - started } };
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      } finally {
        progress.done();
      }
    },

    /**
     * The full oko-report/v1 document of one procedure (with its signs), for «Скачать JSON»,
     * already serialised: a region's report is megabytes, and stringifying it here keeps the page free.
     */
    async fullReportJson(procedureKey: string): Promise<Outcome<string>> {
      try {
        return { ok: true, value: JSON.stringify(deps.buildReport([await dataset(procedureKey)]), null, 2) };
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

    /** XLSX of one unit (a class gets its pupils' sheet too), written by the engine's xlsx-export. */
    async unitXlsx(procedureKey: string, unit: UnitRef): Promise<Outcome<Uint8Array>> {
      try {
        const ds = await dataset(procedureKey);
        const report = await analysed(procedureKey);
        const pupils = unit.level === 'class' ? deps.pupilResults(ds, unit.id) : undefined;
        const bytes = deps.exportUnitXlsx(report, unit.level, unit.id, { pupils });
        // Transferred, not copied (Comlink looks the transfer list up on the returned object).
        const outcome: Outcome<Uint8Array> = { ok: true, value: bytes };
        return transfer(outcome, [bytes.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toFailure(e) };
      }
    },

    /** Drop the held dataset (e.g. after the procedure was deleted or re-imported). */
    forget(): void {
      held = undefined;
    },
  };
}

export type AnalysisApi = ReturnType<typeof createAnalysisApi>;
