// Writes a deterministic synthetic CSV in the 'region-2021' layout (UTF-8, ';'), streamed to disk.
// Usage: npx tsx scripts/gen-csv.ts [rows=500000] [--out bench-results/….csv] [--seed 2021]
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { regionCsvChunks } from '../src/domain/demo/region-csv.ts';

export interface GenCsvResult {
  path: string;
  rows: number;
  bytes: number;
  ms: number;
}

export const defaultCsvPath = (rows: number): string =>
  resolve('bench-results', `vpr2021-ma5-generated-${rows}.csv`);

export async function writeRegionCsv(path: string, rows: number, seed = 2021): Promise<GenCsvResult> {
  const t0 = performance.now();
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: 'utf8' });
  let bytes = 0;
  for (const chunk of regionCsvChunks(rows, seed)) {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { path, rows, bytes, ms: performance.now() - t0 };
}

function parseArgs(argv: string[]): { rows: number; out?: string; seed: number } {
  let rows = 500_000;
  let out: string | undefined;
  let seed = 2021;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (/^\d+$/.test(argv[i])) rows = Number(argv[i]);
  }
  return { rows, out, seed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { rows, out, seed } = parseArgs(process.argv.slice(2));
  const r = await writeRegionCsv(out ?? defaultCsvPath(rows), rows, seed);
  console.log(
    `${r.rows} строк, ${(r.bytes / 1e6).toFixed(1)} МБ → ${r.path} за ${(r.ms / 1000).toFixed(1)} с`,
  );
}
