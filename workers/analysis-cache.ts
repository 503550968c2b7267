// The one analysis per procedure and data version, shared by the analysis, documents and
// objectivity APIs (they run in one engine worker, workers/engine.worker.ts). A procedure's
// `updatedAt` changes with every import into it, so (key, updatedAt) names one analysis: switching
// screens reuses it instead of analysing the same 26 000 pupils again.
import type { Dataset, ProgressFn } from '../src/domain/model';
import type { ProcedureReport } from '../src/domain/report';
import { officialBasis } from '../src/domain/report';

export interface AnalysisCacheDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  /** The procedure's data version (its `updatedAt`); undefined when it is not stored. */
  versionOf(procedureKey: string): Promise<string | undefined>;
  analyzeProcedure(ds: Dataset, opts: { onProgress?: ProgressFn }): ProcedureReport;
}

export interface Analysed {
  key: string;
  version: string;
  ds: Dataset;
  report: ProcedureReport;
}

interface Entry {
  key: string;
  version: string;
  ds: Promise<Dataset>;
  report?: ProcedureReport;
}

/** Full analyses kept in memory: a region's dataset and report are large, so only the last few. */
const KEEP = 2;

export class AnalysisCache {
  #entries: Entry[] = [];
  /** The official signs' part of every report analysed here (small: the all and school units). */
  readonly #basis = new Map<string, { version: string; report: ProcedureReport }>();
  /** How many analyses ran (tests and the bench read it). */
  analyses = 0;

  constructor(private readonly deps: AnalysisCacheDeps) {}

  /** A procedure that is not stored gets no version: its load fails with the storage's own message. */
  async version(key: string): Promise<string> {
    return (await this.deps.versionOf(key)) ?? '';
  }

  /** The dataset and report of `key`, analysed on first use of this data version. */
  async get(key: string, onProgress?: ProgressFn): Promise<Analysed> {
    const version = await this.version(key);
    const e = this.#entry(key, version);
    const ds = await e.ds;
    if (!e.report) {
      this.analyses++;
      e.report = this.deps.analyzeProcedure(ds, { onProgress });
      this.#basis.set(key, { version, report: officialBasis(e.report) });
    }
    return { key, version, ds, report: e.report };
  }

  /**
   * The analysis of `key` held here, whatever its version (no storage read): for the many small
   * calls that follow an open() (units, children, pupils, files); analysed afresh when none is held.
   */
  async held(key: string): Promise<Analysed> {
    const e = this.#entries.find((x) => x.key === key && x.report);
    if (!e?.report) return this.get(key);
    return { key, version: e.version, ds: await e.ds, report: e.report };
  }

  /**
   * The report reduced to what the official signs need (officialBasis), from any analysis of this
   * version done here; `ds` is analysed (and the result kept) only when there was none.
   */
  async basis(key: string, ds: () => Promise<Dataset>): Promise<ProcedureReport> {
    const version = await this.version(key);
    const known = this.#basis.get(key);
    if (known?.version === version) return known.report;
    this.analyses++;
    const report = officialBasis(this.deps.analyzeProcedure(await ds(), {}));
    this.#basis.set(key, { version, report });
    return report;
  }

  /** Drop everything (the procedures changed in a way the versions do not show, or memory). */
  forget(): void {
    this.#entries = [];
    this.#basis.clear();
  }

  #entry(key: string, version: string): Entry {
    const found = this.#entries.find((x) => x.key === key && x.version === version);
    if (found) {
      this.#entries = [found, ...this.#entries.filter((x) => x !== found)];
      return found;
    }
    const e: Entry = { key, version, ds: this.deps.loadDataset(key) };
    // A failed load is not kept: the next call tries again.
    e.ds.catch(() => {
      this.#entries = this.#entries.filter((x) => x !== e);
    });
    this.#entries = [e, ...this.#entries.filter((x) => x.key !== key)].slice(0, KEEP);
    return e;
  }
}
