// The import worker's API, free of transport: Node tests call it directly, import.worker.ts exposes it.
// Parsed datasets stay here, in worker memory; the page only ever receives metadata and counts.
import { ImportError, summarize } from '../src/domain/model';
import type {
  Dataset,
  DatasetMeta,
  ImportSummary,
  ImportWarning,
  ProcedureSpec,
  ProgressFn,
} from '../src/domain/model';
import { DbError } from '../src/db/errors';
import { throttleProgress } from './progress';
import { Failed, failureOf, guard, STORAGE_CLOSED, type Failure } from './outcome';

/** What the import worker needs from the domain and DB layers (wired in ./integration.ts). */
export interface ImportDeps {
  importFile(
    bytes: Uint8Array,
    opts: { fileName: string; spec?: ProcedureSpec; onProgress?: ProgressFn },
  ): Promise<Dataset>;
  /**
   * Reads the file once: a ГИА protocol gives one dataset per exam, any other file the one
   * dataset of importFile. When absent, importFile alone is used.
   */
  importAny?(
    bytes: Uint8Array,
    opts: { fileName: string; spec?: ProcedureSpec; onProgress?: ProgressFn },
  ): Promise<Dataset[]>;
  saveDataset(
    ds: Dataset,
    opts: { onProgress?: ProgressFn },
  ): Promise<{ importId: unknown; procedureKey: string; duplicate: boolean }>;
  /** Store all the datasets of one file (a ГИА protocol's exams) in one transaction: all or nothing. */
  saveDatasets(
    datasets: Dataset[],
    opts: { onProgress?: ProgressFn },
  ): Promise<{ importId: unknown; procedureKey: string; duplicate: boolean }[]>;
  /** Store the dataset as a re-check (перепроверка) of the stored procedure `procedureKey`. */
  saveRecheck(
    ds: Dataset,
    procedureKey: string,
    opts: { onProgress?: ProgressFn },
  ): Promise<RecheckSaved & { duplicate: boolean }>;
  /** The demo municipality: procedures, re-checks of some of them, the school context table. */
  generateDemo(): Promise<DemoBundle>;
  /** Store the whole demo in one transaction. */
  saveDemo(demo: DemoBundle, opts: { onProgress?: ProgressFn }): Promise<DemoSaved>;
  /** One-sheet XLSX workbook from rows (the first row is the header). */
  writeXlsx(rows: (string | number)[][], sheetName: string): Uint8Array;
}

export interface DemoBundle {
  datasets: Dataset[];
  rechecks: { procedureKey: string; dataset: Dataset }[];
  context: { fileName: string; bytes: Uint8Array };
}

export interface DemoSaved {
  stored: number;
  duplicates: number;
  rechecksStored: number;
  rechecksDuplicate: number;
  context: 'stored' | 'present' | 'kept';
}

/** A fatal problem, flattened: Comlink would drop ImportError's place fields when rethrowing. */
export type ImportFailure = Failure;

export interface ParsedPreview {
  token: number;
  fileName: string;
  meta: DatasetMeta;
  summary: ImportSummary;
  /** Pupils who wrote, per primary score 0..max: the preview shows the marks a scale gives. */
  scoreHistogram: number[];
  elapsedMs: number;
  /** ГИА: the other exams of the file (saved together with the first). */
  others?: { meta: DatasetMeta; summary: ImportSummary }[];
}

export type { Outcome } from './outcome';

export interface Saved {
  procedureKey: string;
  duplicate: boolean;
  elapsedMs: number;
}

/** How a re-check matched the stored protocol. */
export interface RecheckSaved {
  procedureKey: string;
  works: number;
  matched: number;
  notFound: number;
  /** One warning (file, sheet, row) per work whose code is not in the protocol. */
  unmatched: ImportWarning[];
}

export interface RecheckStored {
  duplicate: boolean;
  elapsedMs: number;
  recheck: RecheckSaved;
}

export interface DemoLoaded {
  /** Procedures written now / found already stored. */
  stored: number;
  duplicates: number;
  /** Re-checks written now. */
  rechecks: number;
  /** The demo's context table was written now. */
  context: boolean;
}

interface Held {
  fileName: string;
  bytes: Uint8Array;
  dataset: Dataset;
  /** ГИА: the file's other exams. */
  others?: Dataset[];
}

export function toFailure(e: unknown, fileName?: string): ImportFailure {
  // Import and storage errors already carry a Russian message meant for the user.
  if (e instanceof ImportError || e instanceof DbError || e instanceof Failed)
    return failureOf(e, '', fileName);
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'DatabaseClosedError') return { kind: 'storage', message: STORAGE_CLOSED, file: fileName };
  if (err.name === 'QuotaExceededError' || err.name === 'QuotaExceeded' || /quota/i.test(err.message)) {
    return {
      kind: 'storage',
      message: 'Недостаточно места в хранилище браузера. Удалите ненужные процедуры и повторите.',
      file: fileName,
    };
  }
  return failureOf(err, 'Не удалось обработать файл', fileName);
}

/** Pupils who wrote, per primary score (the sum of the task scores, as the analysis counts it). */
function scoreHistogram(ds: Dataset): number[] {
  const max = ds.meta.procedure.tasks.reduce((a, t) => a + t.max, 0);
  const hist = new Array<number>(max + 1).fill(0);
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.absent[i]) continue;
    let total = 0;
    for (const col of ds.pupils.scores) total += col[i];
    hist[Math.min(total, max)] += 1;
  }
  return hist;
}

function metaOnly(ds: Dataset): DatasetMeta {
  // A shallow copy, so that structured cloning never walks into the pupil arrays.
  return { ...ds.meta };
}

const STALE = 'Предпросмотр устарел: выберите файл заново.';

/** Runs `f`; a failure names `fileName` (Failed passes it through the guard). */
async function about<T>(fileName: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Failed(toFailure(e, fileName));
  }
}

export function createImportApi(deps: ImportDeps) {
  const held = new Map<number, Held>();
  let nextToken = 1;

  function heldOf(token: number): Held {
    const h = held.get(token);
    if (!h) throw new Failed({ kind: 'unexpected', message: STALE });
    return h;
  }

  function run(
    fileName: string,
    bytes: Uint8Array,
    spec: ProcedureSpec | undefined,
    onProgress?: ProgressFn,
  ): Promise<ParsedPreview> {
    const progress = throttleProgress(onProgress);
    const started = Date.now();
    return about(fileName, async () => {
      progress.report(0, 'Чтение файла');
      const all = deps.importAny
        ? await deps.importAny(bytes, { fileName, spec, onProgress: progress.report })
        : [await deps.importFile(bytes, { fileName, spec, onProgress: progress.report })];
      const dataset = all[0];
      const others = all.length > 1 ? all.slice(1) : undefined;
      const token = nextToken++;
      held.set(token, { fileName, bytes, dataset, others });
      progress.report(1, 'Готово');
      return {
        token,
        fileName,
        meta: metaOnly(dataset),
        summary: summarize(dataset),
        scoreHistogram: scoreHistogram(dataset),
        elapsedMs: Date.now() - started,
        ...(others?.length
          ? { others: others.map((d) => ({ meta: metaOnly(d), summary: summarize(d) })) }
          : {}),
      };
    }).finally(() => progress.done());
  }

  const handlers = {
    /** Parse a file and keep the dataset here; returns what the preview shows. */
    parse(fileName: string, bytes: Uint8Array, onProgress?: ProgressFn): Promise<ParsedPreview> {
      return run(fileName, bytes, undefined, onProgress);
    },

    /** Re-run the import of a held file with a spec (confirmed maxima); the old token is dropped. */
    async reparse(token: number, spec: ProcedureSpec, onProgress?: ProgressFn): Promise<ParsedPreview> {
      const h = heldOf(token);
      const preview = await run(h.fileName, h.bytes, spec, onProgress);
      held.delete(token);
      return preview;
    },

    /** Write a held dataset to IndexedDB from here, so the page never blocks on it. */
    async save(token: number, onProgress?: ProgressFn): Promise<Saved> {
      const h = heldOf(token);
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      return about(h.fileName, async () => {
        progress.report(0, 'Сохранение');
        // ГИА: the file's exams are procedures of their own, stored together or not at all.
        const [r] = h.others?.length
          ? await deps.saveDatasets([h.dataset, ...h.others], { onProgress: progress.report })
          : [await deps.saveDataset(h.dataset, { onProgress: progress.report })];
        held.delete(token);
        progress.report(1, 'Сохранено');
        return { procedureKey: r.procedureKey, duplicate: r.duplicate, elapsedMs: Date.now() - started };
      }).finally(() => progress.done());
    },

    /**
     * Write a held dataset as a re-check of the stored procedure `procedureKey` (not as new pupils):
     * the works are matched to its protocol by school and participant code.
     */
    async saveRecheck(token: number, procedureKey: string, onProgress?: ProgressFn): Promise<RecheckStored> {
      const h = heldOf(token);
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      return about(h.fileName, async () => {
        progress.report(0, 'Сохранение перепроверки');
        const r = await deps.saveRecheck(h.dataset, procedureKey, { onProgress: progress.report });
        held.delete(token);
        progress.report(1, 'Сохранено');
        return {
          duplicate: r.duplicate,
          elapsedMs: Date.now() - started,
          recheck: {
            procedureKey: r.procedureKey,
            works: r.works,
            matched: r.matched,
            notFound: r.notFound,
            unmatched: r.unmatched,
          },
        };
      }).finally(() => progress.done());
    },

    /** Generate the demo municipality and store all of it (procedures, re-checks, context) at once. */
    loadDemo(onProgress?: ProgressFn): Promise<DemoLoaded> {
      const progress = throttleProgress(onProgress);
      return about('демонстрационные данные', async () => {
        progress.report(0, 'Создание демонстрационных данных');
        const demo = await deps.generateDemo();
        progress.report(0.3, 'Сохранение');
        const r = await deps.saveDemo(demo, { onProgress: progress.scaled(0.3, 1) });
        progress.report(1, 'Готово');
        return {
          stored: r.stored,
          duplicates: r.duplicates,
          rechecks: r.rechecksStored,
          context: r.context === 'stored',
        };
      }).finally(() => progress.done());
    },
  };

  return {
    ...guard(handlers, (e) => toFailure(e)),

    discard(token: number): void {
      held.delete(token);
    },

    /** How many parsed datasets the worker holds (for tests and leak checks). */
    heldCount(): number {
      return held.size;
    },

    /** The warnings in the order the user sees them, as an XLSX file (SheetJS lives here, not in the page). */
    warningsXlsx(rows: (string | number)[][]): Uint8Array {
      return deps.writeXlsx(rows, 'Предупреждения');
    },
  };
}

export type ImportApi = ReturnType<typeof createImportApi>;
