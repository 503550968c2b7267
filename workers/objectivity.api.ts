// The objectivity API, free of transport: Node tests can call it directly, the engine worker
// (engine.worker.ts) exposes it. It loads every stored procedure of one kind and subject (cohort
// signals need pairs of grades and years), the optional school context table, computes the
// objectivity report («признаки», not verdicts), keeps it in memory and answers with small pieces.
import type { Dataset, ProgressFn } from '../src/domain/model';
import {
  objectivityReport,
  type ContextTable,
  type ObjectivityReport,
  type RiskLevel,
  type Signal,
  type SignalFamily,
} from '../src/domain/objectivity';
import { analyzeProcedure, officialSigns, type ProcedureReport, type SignEntry } from '../src/domain/report';
import {
  contextTableOf,
  mergeContextRecords,
  okoContextJson,
  readContextFile,
  toContextTable,
} from '../src/domain/context/read-context';
import type { ParsedContext } from '../src/domain/context/types';
import { throttleProgress } from './progress';
import { failureOf, guard, InputError, transferred, type Failure } from './outcome';
import type { AnalysisCache } from './analysis-cache';
import { farAnswer, farScopes, type FarAnswer } from './far-results';
import {
  objectivitySigns,
  signsWorkbook,
  type ObjectivitySigns,
} from '../src/domain/report/objectivity-export';

/** A stored procedure as the objectivity screen needs it. */
export interface ObjectivityWork {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
}

/** The school context file as kept in the settings (key `schoolContext`). */
export interface StoredContext {
  fileName: string;
  bytes: Uint8Array;
  savedAt: string;
}

/** What the API needs from the DB layer (wired in ./engine.worker.ts). */
export interface ObjectivityDeps {
  listProcedures(): Promise<ObjectivityWork[]>;
  loadDataset(procedureKey: string): Promise<Dataset>;
  /** The procedure's re-checks (перепроверка) as one dataset, or null; absent = none stored anywhere. */
  loadRecheck?(procedureKey: string): Promise<Dataset | null>;
  getContext(): Promise<StoredContext | undefined>;
  setContext(value: StoredContext): Promise<void>;
  /** Keep a context form's answers per school and year (settings `contextYear:<year>`). */
  saveContextRecords?(parsed: ParsedContext): Promise<void>;
  now?: () => number;
}

export type { Outcome } from './outcome';

export interface SchoolRow {
  id: string;
  name: string;
  /** Municipality id of the school (null when the data does not say). */
  municipality?: string | null;
  level: RiskLevel;
  riskScore: number;
  families: SignalFamily[];
}

export interface RunSummary {
  kind: string;
  subject: string;
  /** Schools with at least one flagged signal (level red or amber). */
  schools: SchoolRow[];
  /** Every school of the works, by name: any school can open its own page. */
  all: { id: string; name: string; municipality: string | null }[];
  /** The municipalities of the works, by name (the focus filter). */
  municipalities: { id: string; name: string }[];
  notes: string[];
  counts: {
    procedures: number;
    schools: number;
    signals: number;
    flagged: number;
    red: number;
    amber: number;
  };
  works: { grade: number; year: number }[];
  /** Procedures whose re-checks were used, with the number of re-checked works. */
  rechecks: { procedureKey: string; works: number }[];
  /** The context file used, if any. */
  context: { fileName: string; schools: number } | null;
  /** Milliseconds spent in the worker (loading + computing). */
  workerMs: number;
}

export interface SchoolDetail {
  id: string;
  name: string;
  level: RiskLevel;
  riskScore: number;
  families: SignalFamily[];
  /** Every signal of the school (flagged ones first, then by family), in full. */
  signals: Signal[];
  /**
   * Rosobrnadzor's official signs of the school (inflated-mean, journal-mismatch, cohort-rise/fall;
   * reference «все участники»), shown next to ours: a coarse screen the school will hear about.
   */
  official: SignEntry[];
}

export function toFailure(e: unknown): Failure {
  return failureOf(e, 'Не удалось рассчитать признаки');
}

const NOT_RUN = 'Сначала рассчитайте признаки.';

const FAMILY_ORDER: SignalFamily[] = ['distribution', 'external', 'pattern', 'context'];
const ru = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });

/**
 * @param cache  the engine's shared analyses: the official signs come from the analysis of each
 *               work's data version done anywhere in the engine, not from a new buildReport.
 *               Absent (Node tests), every run analyses the works for them.
 */
export function createObjectivityApi(deps: ObjectivityDeps, cache?: AnalysisCache) {
  const now = deps.now ?? (() => performance.now());
  let held: {
    report: ObjectivityReport;
    names: Map<string, string>;
    official: SignEntry[];
    municipalities: Map<string, string>;
  } | null = null;
  /** The works the held report was computed for, while still current (for the report exports). */
  let heldOf: { kind: string; subject: string; report: ObjectivityReport } | null = null;

  async function contextTable(): Promise<{ table: ContextTable; fileName: string } | null> {
    const stored = await deps.getContext();
    if (!stored) return null;
    return {
      table: contextTableOf([{ bytes: stored.bytes, file: stored.fileName }]),
      fileName: stored.fileName,
    };
  }

  /** The official signs of the works (in the order buildReport would list them). */
  async function official(works: ObjectivityWork[], datasets: Dataset[]): Promise<SignEntry[]> {
    const reports: ProcedureReport[] = [];
    for (const [i, w] of works.entries())
      reports.push(cache ? await cache.basis(w.key, async () => datasets[i]) : analyzeProcedure(datasets[i]));
    return officialSigns(reports);
  }

  function heldReport() {
    if (!held) throw new InputError(NOT_RUN);
    return held;
  }

  const handlers = {
    /** The stored works (small rows; nothing is loaded). */
    catalog(): Promise<ObjectivityWork[]> {
      return deps.listProcedures();
    },

    /** The stored context file's name and school count, if any. */
    async context(): Promise<{ fileName: string; schools: number } | null> {
      const c = await contextTable();
      return c && { fileName: c.fileName, schools: c.table.size };
    },

    /** Parse and keep a school context table (CSV/XLSX) for later runs. */
    async saveContext(bytes: Uint8Array, fileName: string): Promise<{ fileName: string; schools: number }> {
      let table: ContextTable;
      let parsed: ParsedContext;
      try {
        // The ФИС ОКО form, the simple table or oko-context/v1 (src/domain/context).
        parsed = readContextFile(bytes, fileName);
        table = toContextTable(mergeContextRecords([parsed]));
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new InputError(`Файл контекста не прочитан: ${msg}`);
      }
      // A form holds the director's name, phone, e-mail and INN: it is kept as its oko-context/v1
      // JSON (read answers only), never as the original workbook.
      const kept =
        parsed.layout === 'form-2021' || parsed.layout === 'form-2022'
          ? new TextEncoder().encode(JSON.stringify(okoContextJson([parsed])))
          : bytes;
      await deps.saveContextRecords?.(parsed);
      await deps.setContext({ fileName, bytes: kept, savedAt: new Date().toISOString() });
      heldOf = null; // a new context changes the signs: exports must not reuse the held report
      return { fileName, schools: table.size };
    },

    /** Compute the report of every stored work of `kind` and `subject`; answer with a summary. */
    async run(kind: string, subject: string, onProgress?: ProgressFn): Promise<RunSummary> {
      const progress = throttleProgress(onProgress);
      const t0 = now();
      try {
        held = null;
        const works = (await deps.listProcedures())
          .filter((w) => w.kind === kind && w.subject === subject)
          .sort((a, b) => a.year - b.year || a.grade - b.grade);
        const datasets: Dataset[] = [];
        const rechecks: Dataset[] = [];
        const used: RunSummary['rechecks'] = [];
        for (const [i, w] of works.entries()) {
          progress.report((0.6 * i) / Math.max(1, works.length), `Загрузка: ${w.grade} класс, ${w.year}`);
          datasets.push(await deps.loadDataset(w.key));
          // Stored apart from the protocol: the commission's scores for some of its works.
          const rc = (await deps.loadRecheck?.(w.key)) ?? null;
          if (rc) {
            rechecks.push(rc);
            used.push({ procedureKey: w.key, works: rc.pupils.n });
          }
        }
        progress.report(0.6, 'Контекст школ');
        const ctx = await contextTable();
        progress.report(0.65, 'Расчёт признаков');
        const report = objectivityReport(datasets, { rechecks, context: ctx?.table, seed: 1 });
        const names = new Map<string, string>();
        for (const ds of datasets) for (const s of ds.meta.schools) names.set(s.login, s.name ?? s.login);
        // The municipality of each school (for the focus filter and the signs sheet).
        const municipalityNames = new Map<string, string>();
        const municipalityOf = new Map<string, string>();
        for (const ds of datasets) {
          for (const m of ds.meta.municipalities) municipalityNames.set(m.id, m.name);
          for (const s of ds.meta.schools)
            if (s.municipalityId) municipalityOf.set(s.login, s.municipalityId);
        }
        const municipalities = new Map(
          [...municipalityOf].map(([login, id]) => [login, municipalityNames.get(id) ?? id]),
        );
        progress.report(0.95, 'Официальные признаки');
        held = { report, names, official: await official(works, datasets), municipalities };
        heldOf = { kind, subject, report };
        progress.report(1, 'Готово');
        const listed = report.schools
          .filter((s) => s.level !== 'none')
          .map((s) => ({
            id: s.id,
            name: names.get(s.id) ?? s.id,
            municipality: municipalityOf.get(s.id) ?? null,
            level: s.level,
            riskScore: s.riskScore,
            families: FAMILY_ORDER.filter((f) => s.families.includes(f)),
          }))
          .sort((a, b) => ru(a.name, b.name));
        return {
          kind,
          subject,
          schools: listed,
          all: report.schools
            .map((s) => ({
              id: s.id,
              name: names.get(s.id) ?? s.id,
              municipality: municipalityOf.get(s.id) ?? null,
            }))
            .sort((a, b) => ru(a.name, b.name)),
          municipalities: [...municipalityNames]
            .map(([id, name]) => ({ id, name }))
            .sort((a, b) => ru(a.name, b.name)),
          notes: report.notes,
          counts: {
            procedures: works.length,
            schools: report.schools.length,
            signals: report.signals.length,
            flagged: report.signals.filter((s) => s.flagged).length,
            red: listed.filter((s) => s.level === 'red').length,
            amber: listed.filter((s) => s.level === 'amber').length,
          },
          works: works.map((w) => ({ grade: w.grade, year: w.year })),
          rechecks: used,
          context: ctx && { fileName: ctx.fileName, schools: ctx.table.size },
          workerMs: now() - t0,
        };
      } finally {
        progress.done();
      }
    },

    /** One school's signals in full, from the held report. */
    async school(login: string): Promise<SchoolDetail> {
      const h = heldReport();
      const s = h.report.schools.find((x) => x.id === login);
      if (!s) throw new InputError(`Школа ${login} не найдена в расчёте.`);
      const signals = h.report.signals
        .filter((x) => x.school === login)
        .sort(
          (a, b) =>
            Number(b.flagged) - Number(a.flagged) ||
            FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family) ||
            a.q - b.q,
        );
      return {
        id: s.id,
        name: h.names.get(s.id) ?? s.id,
        level: s.level,
        riskScore: s.riskScore,
        families: FAMILY_ORDER.filter((f) => s.families.includes(f)),
        signals,
        official: h.official.filter((x) => x.school === login),
      };
    },

    /** The full objectivity JSON as UTF-8 bytes (transferred: it can be megabytes). */
    async json(): Promise<Uint8Array> {
      const bytes = new TextEncoder().encode(JSON.stringify(heldReport().report, null, 2));
      return transferred(bytes, [bytes.buffer as ArrayBuffer]);
    },

    /**
     * The signs for the analysis screen's exports (no chart data), from the held report when it was
     * computed for `kind` and `subject` since the last context upload; null otherwise (run first).
     */
    async exportSigns(kind: string, subject: string): Promise<ObjectivitySigns | null> {
      const current =
        held && heldOf?.report === held.report && heldOf.kind === kind && heldOf.subject === subject;
      return current && held ? objectivitySigns(held.report, held.names, held.municipalities) : null;
    },

    /** Subjects and years with an olympiad or diagnostic and another work (./far-results.ts). */
    async farScopes(): Promise<{ subject: string; year: number }[]> {
      return farScopes(await deps.listProcedures());
    },

    /** «Результаты, далёкие от обычной картины» over the works of one subject and year. */
    farResults(subject: string, year: number): Promise<FarAnswer> {
      return farAnswer(deps, subject, year);
    },

    /** «Скачать признаки (XLSX)»: the sheet «Признаки» of the held report, bytes transferred. */
    async signsXlsx(): Promise<Uint8Array> {
      const h = heldReport();
      const bytes = signsWorkbook(objectivitySigns(h.report, h.names, h.municipalities));
      return transferred(bytes, [bytes.buffer as ArrayBuffer]);
    },
  };

  return {
    ...guard(handlers, toFailure),
    /** Drop the held report. */
    forget(): void {
      held = null;
    },
  };
}

export type ObjectivityApi = ReturnType<typeof createObjectivityApi>;
