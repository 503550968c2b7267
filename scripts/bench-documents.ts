// Batch of справки (issue #11 point 6), not a test: `npm run bench:documents` runs the headless
// `documents spravka --level school` on the real 26 000-pupil regional file (ВПР 2021 Математика 5,
// 637 schools) and reports the total time (import + analysis + every school's DOCX) and the
// resident memory sampled every 50 schools — flat when each document is written and dropped.
// Target: ≤ 60 s on a 2-core machine.
//   npx tsx scripts/bench-documents.ts [file] [spec]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocumentsArgs, runSpravkaBatch } from '../src/cli/documents.ts';

const file = process.argv[2] ?? 'tests/fixtures/real/vpr2021-ma5-region-export.xlsx';
const spec = process.argv[3] ?? 'tests/fixtures/real/specs/vpr2021-ma5.json';
const out = mkdtempSync(join(tmpdir(), 'oko-bench-documents-'));
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

const samples: { done: string; rss: number; s: number }[] = [];
const t0 = performance.now();
const args = parseDocumentsArgs([
  'documents',
  'spravka',
  '--level',
  'school',
  file,
  '--spec',
  spec,
  '--results-date',
  '2021-05-20',
  '--out',
  out,
]);
const origErr = process.stderr.write.bind(process.stderr);
// The importer's warnings about the file are not the bench's output.
process.stderr.write = (() => true) as typeof process.stderr.write;
let result;
try {
  result = await runSpravkaBatch(args, (line) => {
    samples.push({ done: line.trim(), rss: mb(), s: (performance.now() - t0) / 1000 });
  });
} finally {
  process.stderr.write = origErr;
}
const files = readdirSync(out).length;
console.log(`Файл: ${file}`);
for (const x of samples) console.log(`  ${x.done}: ${x.s.toFixed(1)} с, RSS ${x.rss} МБ`);
const rss = samples.map((x) => x.rss);
console.log(
  `Итого: ${files} справок DOCX за ${(result.ms / 1000).toFixed(1)} с (цель ≤ 60 с); ` +
    `RSS от ${Math.min(...rss)} до ${Math.max(...rss)} МБ за время записи`,
);
rmSync(out, { recursive: true, force: true });
