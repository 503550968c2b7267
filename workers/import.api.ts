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
export interface ImportFailure {
  kind: 'import' | 'storage' | 'unexpected';
  message: string;
  /** The storage error's code (`conflict`, `task-mismatch`, …) when kind is 'storage'. */
  code?: string;
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export interface ParsedPreview {
  token: number;
  fileName: string;
  meta: DatasetMeta;
  summary: ImportSummary;
  elapsedMs: number;
  /** ГИА: the other exams of the file (saved together with the first). */
  others?: { meta: DatasetMeta; summary: ImportSummary }[];
}

export type ParseOutcome = { ok: true; preview: ParsedPreview } | { ok: false; error: ImportFailure };

export type SaveOutcome =
  | { ok: true; procedureKey: string; duplicate: boolean; elapsedMs: number }
  | { ok: false; error: ImportFailure };

/** How a re-check matched the stored protocol. */
export interface RecheckSaved {
  procedureKey: string;
  works: number;
  matched: number;
  notFound: number;
  /** One warning (file, sheet, row) per work whose code is not in the protocol. */
  unmatched: ImportWarning[];
}

export type RecheckOutcome =
  | { ok: true; duplicate: boolean; elapsedMs: number; recheck: RecheckSaved }
  | { ok: false; error: ImportFailure };

export type DemoOutcome =
  | {
      ok: true;
      /** Procedures written now / found already stored. */
      stored: number;
      duplicates: number;
      /** Re-checks written now. */
      rechecks: number;
      /** The demo's context table was written now. */
      context: boolean;
    }
  | { ok: false; error: ImportFailure };

interface Held {
  fileName: string;
  bytes: Uint8Array;
  dataset: Dataset;
  /** ГИА: the file's other exams. */
  others?: Dataset[];
}

export function toFailure(e: unknown, fileName?: string): ImportFailure {
  if (e instanceof ImportError) {
    return { kind: 'import', message: e.message, file: e.file, sheet: e.sheet, row: e.row, column: e.column };
  }
  // Storage errors already carry a Russian message meant for the user.
  if (e instanceof DbError) return { kind: 'storage', message: e.message, code: e.code, file: fileName };
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'DatabaseClosedError') {
    // Another tab upgraded the schema and this worker's connection was closed (see OkoDb).
    return {
      kind: 'storage',
      message:
        'Хранилище закрыто: в другой вкладке открыта новая версия приложения. Откройте приложение заново.',
      file: fileName,
    };
  }
  if (err.name === 'QuotaExceededError' || err.name === 'QuotaExceeded' || /quota/i.test(err.message)) {
    return {
      kind: 'storage',
      message: 'Недостаточно места в хранилище браузера. Удалите ненужные процедуры и повторите.',
      file: fileName,
    };
  }
  return { kind: 'unexpected', message: `Не удалось обработать файл: ${err.message}`, file: fileName };
}

function metaOnly(ds: Dataset): DatasetMeta {
  // A shallow copy, so that structured cloning never walks into the pupil arrays.
  return { ...ds.meta };
}

export function createImportApi(deps: ImportDeps) {
  const held = new Map<number, Held>();
  let nextToken = 1;

  async function run(
    fileName: string,
    bytes: Uint8Array,
    spec: ProcedureSpec | undefined,
    onProgress?: ProgressFn,
  ): Promise<ParseOutcome> {
    const progress = throttleProgress(onProgress);
    const started = Date.now();
    try {
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
        ok: true,
        preview: {
          token,
          fileName,
          meta: metaOnly(dataset),
          summary: summarize(dataset),
          elapsedMs: Date.now() - started,
          ...(others?.length
            ? { others: others.map((d) => ({ meta: metaOnly(d), summary: summarize(d) })) }
            : {}),
        },
      };
    } catch (e) {
      return { ok: false, error: toFailure(e, fileName) };
    } finally {
      progress.done();
    }
  }

  return {
    /** Parse a file and keep the dataset here; returns what the preview shows. */
    parse(fileName: string, bytes: Uint8Array, onProgress?: ProgressFn): Promise<ParseOutcome> {
      return run(fileName, bytes, undefined, onProgress);
    },

    /** Re-run the import of a held file with a spec (confirmed maxima); the old token is dropped. */
    async reparse(token: number, spec: ProcedureSpec, onProgress?: ProgressFn): Promise<ParseOutcome> {
      const h = held.get(token);
      if (!h)
        return {
          ok: false,
          error: { kind: 'unexpected', message: 'Предпросмотр устарел: выберите файл заново.' },
        };
      const outcome = await run(h.fileName, h.bytes, spec, onProgress);
      if (outcome.ok) held.delete(token);
      return outcome;
    },

    /** Write a held dataset to IndexedDB from here, so the page never blocks on it. */
    async save(token: number, onProgress?: ProgressFn): Promise<SaveOutcome> {
      const h = held.get(token);
      if (!h)
        return {
          ok: false,
          error: { kind: 'unexpected', message: 'Предпросмотр устарел: выберите файл заново.' },
        };
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      try {
        progress.report(0, 'Сохранение');
        const r = await deps.saveDataset(h.dataset, { onProgress: progress.report });
        // ГИА: the other exams of the file, each its own procedure (and transaction).
        for (const ds of h.others ?? []) await deps.saveDataset(ds, {});
        held.delete(token);
        progress.report(1, 'Сохранено');
        return {
          ok: true,
          procedureKey: r.procedureKey,
          duplicate: r.duplicate,
          elapsedMs: Date.now() - started,
        };
      } catch (e) {
        return { ok: false, error: toFailure(e, h.fileName) };
      } finally {
        progress.done();
      }
    },

    /**
     * Write a held dataset as a re-check of the stored procedure `procedureKey` (not as new pupils):
     * the works are matched to its protocol by school and participant code.
     */
    async saveRecheck(token: number, procedureKey: string, onProgress?: ProgressFn): Promise<RecheckOutcome> {
      const h = held.get(token);
      if (!h)
        return {
          ok: false,
          error: { kind: 'unexpected', message: 'Предпросмотр устарел: выберите файл заново.' },
        };
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      try {
        progress.report(0, 'Сохранение перепроверки');
        const r = await deps.saveRecheck(h.dataset, procedureKey, { onProgress: progress.report });
        held.delete(token);
        progress.report(1, 'Сохранено');
        return {
          ok: true,
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
      } catch (e) {
        return { ok: false, error: toFailure(e, h.fileName) };
      } finally {
        progress.done();
      }
    },

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

    /** Generate the demo municipality and store all of it (procedures, re-checks, context) at once. */
    async loadDemo(onProgress?: ProgressFn): Promise<DemoOutcome> {
      const progress = throttleProgress(onProgress);
      try {
        progress.report(0, 'Создание демонстрационных данных');
        const demo = await deps.generateDemo();
        progress.report(0.3, 'Сохранение');
        const r = await deps.saveDemo(demo, { onProgress: progress.scaled(0.3, 1) });
        progress.report(1, 'Готово');
        return {
          ok: true,
          stored: r.stored,
          duplicates: r.duplicates,
          rechecks: r.rechecksStored,
          context: r.context === 'stored',
        };
      } catch (e) {
        return { ok: false, error: toFailure(e, 'демонстрационные данные') };
      } finally {
        progress.done();
      }
    },
  };
}

export type ImportApi = ReturnType<typeof createImportApi>;
