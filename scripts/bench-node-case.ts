// One Node benchmark case, run in its own process by scripts/bench.ts:
// importFile → saveDataset (fake-indexeddb) → loadDataset → analyzeProcedure (cold, then median of 3)
// → JSON size → buildReport, with time and memory.
// Usage: node --import tsx scripts/bench-node-case.ts <file> [spec.json]
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { procedureId, type Dataset, type ProcedureSpec } from '../src/domain/model.ts';
import { errorText, RESULT_MARK } from './bench-util.ts';

export interface NodeCaseResult {
  file: string;
  bytes: number;
  rows?: number;
  parseMs?: number;
  storeMs?: number;
  loadMs?: number;
  /** analyzeProcedure: the first (cold) run, then the median of 3 runs after it (the warm-up). */
  analyzeColdMs?: number;
  analyzeMs?: number;
  analyzeRunsMs?: number[];
  /** buildReport([ds]): analysis + official signs (the «Скачать JSON» document), after the warm-up. */
  buildReportMs?: number;
  /** JSON.stringify of the ProcedureReport (what the worker hands the page) and of oko-report/v1. */
  procedureJsonBytes?: number;
  reportJsonBytes?: number;
  stringifyMs?: number;
  units?: number;
  /** Absolute peak RSS of the process during the analysis phase. */
  analyzePeakRssAbs?: number;
  /** Peak process RSS above the baseline (file bytes already read), per phase. */
  parsePeakRss?: number;
  storePeakRss?: number;
  analyzePeakRss?: number;
  /** V8 heap in use right after the phase (the dataset and what the phase retains). */
  heapAfterParse?: number;
  heapAfterStore?: number;
  /** ArrayBuffer memory right after parsing: mostly the dataset's typed arrays (outside the V8 heap). */
  arrayBuffersAfterParse?: number;
  warnings?: number;
  schools?: number;
  notes: string[];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** RSS is process-wide: a worker thread samples it even while the main thread is busy. */
function rssSampler(): { reset(): void; peak(): number; stop(): void } {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const w = new Worker(
    `const { workerData } = require('node:worker_threads');
     const a = new Float64Array(workerData);
     setInterval(() => { const r = process.memoryUsage.rss(); if (r > a[0]) a[0] = r; }, 5);`,
    { eval: true, workerData: shared.buffer },
  );
  w.unref();
  return {
    reset: () => (shared[0] = process.memoryUsage.rss()),
    peak: () => Math.max(shared[0], process.memoryUsage.rss()),
    stop: () => void w.terminate(),
  };
}

type Engine = {
  analyzeProcedure: (ds: Dataset) => { units: unknown[] };
  buildReport?: (datasets: Dataset[]) => unknown;
};

/** The analysis engine (src/domain/report); a text when it cannot be loaded. */
async function loadEngine(): Promise<Engine | string> {
  const mod = (await import('../src/domain/report/index.ts')) as Partial<Engine>;
  if (typeof mod.analyzeProcedure !== 'function') return 'analyzeProcedure нет в src/domain/report';
  return mod as Engine;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<NodeCaseResult> {
  const [file, specPath] = process.argv.slice(2);
  const bytes = new Uint8Array(readFileSync(file));
  const r: NodeCaseResult = { file: basename(file), bytes: bytes.length, notes: [] };
  const spec = specPath ? (JSON.parse(readFileSync(specPath, 'utf8')) as ProcedureSpec) : undefined;
  const sampler = rssSampler();

  type ImportFn = (b: Uint8Array, o: { fileName: string; spec?: ProcedureSpec }) => Promise<Dataset>;
  let importFile: ImportFn;
  try {
    ({ importFile } = (await import('../src/domain/import/import-file.ts')) as { importFile: ImportFn });
  } catch (e) {
    r.notes.push(`разбор не измерен: модуль импорта недоступен (${errorText(e)})`);
    return r;
  }
  gc();
  const base = process.memoryUsage.rss();
  sampler.reset();
  let t0 = performance.now();
  let ds = await importFile(bytes, { fileName: basename(file), spec });
  r.parseMs = performance.now() - t0;
  r.parsePeakRss = sampler.peak() - base;
  r.rows = ds.meta.rows;
  r.warnings = ds.meta.warnings.length;
  r.schools = ds.meta.schools.length;
  gc();
  r.heapAfterParse = process.memoryUsage().heapUsed;
  r.arrayBuffersAfterParse = process.memoryUsage().arrayBuffers - bytes.length;

  try {
    const db = await import('../src/db/index.ts');
    const conn = await db.openDb(`bench-${Date.now()}`);
    sampler.reset();
    t0 = performance.now();
    await db.saveDataset(conn, ds);
    r.storeMs = performance.now() - t0;
    r.storePeakRss = sampler.peak() - base;
    gc();
    r.heapAfterStore = process.memoryUsage().heapUsed;
    t0 = performance.now();
    ds = await db.loadDataset(conn, procedureId(ds.meta.procedure));
    r.loadMs = performance.now() - t0;
    conn.close();
  } catch (e) {
    r.notes.push(`сохранение не измерено: ${errorText(e)}`);
  }

  const engine = await loadEngine().catch((e: unknown) => `модуль анализа не загрузился (${errorText(e)})`);
  if (typeof engine === 'string') r.notes.push(`анализ не измерен: ${engine}`);
  else {
    try {
      gc();
      sampler.reset();
      t0 = performance.now();
      let report = engine.analyzeProcedure(ds);
      r.analyzeColdMs = performance.now() - t0;
      r.units = report.units.length;
      r.analyzeRunsMs = [];
      for (let k = 0; k < 3; k++) {
        t0 = performance.now();
        report = engine.analyzeProcedure(ds);
        r.analyzeRunsMs.push(performance.now() - t0);
      }
      r.analyzeMs = median(r.analyzeRunsMs);
      t0 = performance.now();
      r.procedureJsonBytes = Buffer.byteLength(JSON.stringify(report));
      r.stringifyMs = performance.now() - t0;
      if (engine.buildReport) {
        t0 = performance.now();
        const doc = engine.buildReport([ds]);
        r.buildReportMs = performance.now() - t0;
        // As «Скачать JSON» writes it (workers/analysis.api.ts: indent 2).
        r.reportJsonBytes = Buffer.byteLength(JSON.stringify(doc, null, 2));
      } else r.notes.push('buildReport нет в src/domain/report');
      r.analyzePeakRss = sampler.peak() - base;
      r.analyzePeakRssAbs = sampler.peak();
    } catch (e) {
      r.notes.push(`анализ не измерен: ${errorText(e)}`);
    }
  }
  sampler.stop();
  return r;
}

main().then(
  (r) => {
    console.log(RESULT_MARK + JSON.stringify(r));
    process.exit(0);
  },
  (e: unknown) => {
    console.log(RESULT_MARK + JSON.stringify({ file: process.argv[2], bytes: 0, notes: [errorText(e)] }));
    process.exit(0);
  },
);
