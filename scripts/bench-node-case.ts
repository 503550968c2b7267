// One Node benchmark case, run in its own process by scripts/bench.ts:
// importFile → saveDataset (fake-indexeddb) → loadDataset → analyzeProcedure, with time and memory.
// Usage: node --import tsx scripts/bench-node-case.ts <file> [spec.json]
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
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
  analyzeMs?: number;
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

/** The report module is being written elsewhere: find whichever file exports analyzeProcedure. */
async function findAnalyzer(): Promise<((ds: Dataset) => unknown) | string> {
  const dir = resolve(import.meta.dirname, '../src/domain/report');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  } catch {
    return 'нет каталога src/domain/report';
  }
  files.sort((a, b) => (a === 'index.ts' ? -1 : b === 'index.ts' ? 1 : a.localeCompare(b)));
  for (const f of files) {
    if (!/\banalyzeProcedure\b/.test(readFileSync(resolve(dir, f), 'utf8'))) continue;
    const mod = (await import(resolve(dir, f))) as { analyzeProcedure?: (ds: Dataset) => unknown };
    if (typeof mod.analyzeProcedure === 'function') return mod.analyzeProcedure;
  }
  return 'analyzeProcedure ещё не реализована в src/domain/report';
}

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

  const analyze = await findAnalyzer().catch(
    (e: unknown) => `модуль анализа не загрузился (${errorText(e)})`,
  );
  if (typeof analyze === 'string') r.notes.push(`анализ не измерен: ${analyze}`);
  else {
    try {
      sampler.reset();
      t0 = performance.now();
      await analyze(ds);
      r.analyzeMs = performance.now() - t0;
      r.analyzePeakRss = sampler.peak() - base;
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
