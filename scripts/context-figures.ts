// Figures for the README (issue #13): context clusters of the demo's form (k, silhouette, bootstrap
// Jaccard) and the ШНОР rule on the demo and on the real regional files. `npx tsx scripts/context-figures.ts`
import { readFileSync } from 'node:fs';
import { generateDemoBundle } from '../src/domain/demo/generate.ts';
import { mulberry32 } from '../src/domain/demo/prng.ts';
import { bootstrapJaccard, chooseClusters, gowerDistances } from '../src/domain/context/clusters.ts';
import { describeCluster } from '../src/domain/context/municipal.ts';
import {
  DEFAULT_LOW_RESULT_RULE,
  lowResultSchools,
  hardConditions,
} from '../src/domain/context/low-results.ts';
import { schoolResults } from '../src/domain/context/school-results.ts';
import { importFile } from '../src/domain/import/import-file.ts';
import { parseSpec } from '../src/domain/spec/index.ts';

const demo = generateDemoBundle();
const records = demo.contextForm.records;
const d = gowerDistances(records);
const c = chooseClusters(d, records.length);
const jac = bootstrapJaccard(d, records.length, c.best, mulberry32(1).next, 100);
console.log(`demo: ${records.length} schools, k = ${c.best.k}, silhouette ${c.silhouette.toFixed(2)}`);
for (let k = 0; k < c.best.k; k++) {
  const members = records.filter((_, i) => c.best.labels[i] === k);
  console.log(
    `  cluster ${k + 1}: ${members.length} schools, Jaccard ${jac[k].toFixed(2)} — ${describeCluster(members)}`,
  );
}
const demoResults = demo.datasets.flatMap(schoolResults);
const years = [...new Set(demoResults.map((r) => r.year))].sort();
const low = lowResultSchools(demoResults).filter((e) => e.isLow);
console.log(`demo ШНОР (years ${years.join(', ')}): ${low.length} — ${low.map((e) => e.login).join(', ')}`);
console.log(`demo ШНСУ: ${records.filter((r) => hardConditions(r).isHard).length}`);

const real = [
  ['tests/fixtures/real/vpr2020-ma4-region-export.xlsx', 'tests/fixtures/real/specs/vpr2020-ma4.json'],
  ['tests/fixtures/real/vpr2021-ma5-region-export.xlsx', 'tests/fixtures/real/specs/vpr2021-ma5.json'],
];
const realResults = [];
for (const [file, spec] of real) {
  const ds = await importFile(new Uint8Array(readFileSync(file)), {
    fileName: file.split('/').pop()!,
    spec: parseSpec(JSON.parse(readFileSync(spec, 'utf8')), spec),
  });
  realResults.push(...schoolResults(ds));
}
const one = { ...DEFAULT_LOW_RESULT_RULE, minProcedures: 1 };
const strict = lowResultSchools(realResults).filter((e) => e.isLow).length;
const loose = lowResultSchools(realResults, one).filter((e) => e.isLow).length;
const schools = new Set(realResults.map((r) => r.login)).size;
console.log(
  `real 2020 ма4 + 2021 ма5: ${schools} schools; ШНОР default rule (≥ 2 procedures a year) ${strict}; with 1 procedure a year ${loose}`,
);
