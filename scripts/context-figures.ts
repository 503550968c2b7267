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

// Generated regions with planted groups, read through the real form path (as the unit tests do).
import { adjustedRand } from '../src/domain/context/clusters.ts';
import { differenceInDifferences } from '../src/domain/context/municipal.ts';
import { syntheticRegion } from '../src/domain/context/synthetic.ts';
import { writeForm2022 } from '../src/domain/context/form-writer.ts';
import { mergeContextRecords, readContextFile } from '../src/domain/context/read-context.ts';
import { redSignSchools } from '../src/domain/context/red-signs.ts';
import { analyseContext } from '../src/domain/context/analysis.ts';
import { lowRuleWith } from '../src/domain/context/low-results.ts';
import { readdirSync } from 'node:fs';

function planted(seed: number, counts: Parameters<typeof syntheticRegion>[1]) {
  const { schools, group } = syntheticRegion(mulberry32(seed), counts);
  const recs = mergeContextRecords([readContextFile(writeForm2022(schools), 'форма 2022.xlsx')]);
  const byLogin = new Map(schools.map((s, i) => [s.login, group[i]]));
  return { records: recs, group: recs.map((r) => byLogin.get(r.login)!) };
}
for (const seed of [1, 2, 3]) {
  const { records: rs, group } = planted(seed, { capital: 25, town: 35, rural: 45, special: 12 });
  const dd = gowerDistances(rs);
  const cc = chooseClusters(dd, rs.length);
  const truth = group.map((g) => ['capital', 'town', 'rural', 'special'].indexOf(g));
  const jj = bootstrapJaccard(dd, rs.length, cc.best, mulberry32(1).next, 100);
  console.log(
    `generated region ${seed}: ${rs.length} schools, k = ${cc.best.k}, silhouette ${cc.silhouette.toFixed(2)}, ` +
      `ARI ${adjustedRand(cc.best.labels, truth).toFixed(2)}, Jaccard min ${Math.min(...jj).toFixed(2)}`,
  );
}
{
  // The DiD coverage simulation of tests/unit/context-clusters.test.ts, same seeds.
  const { records: rs, group } = planted(9, { capital: 20, town: 30, rural: 30, special: 0 });
  const dd = gowerDistances(rs);
  const logins = rs.map((r) => r.login);
  const clusterOf = new Map(logins.map((l, i) => [l, ['capital', 'town', 'rural'].indexOf(group[i])]));
  const rng = mulberry32(10);
  let covered = 0;
  let runs = 0;
  for (let sim = 0; sim < 200; sim++) {
    const trend = [rng.normal() * 3, rng.normal() * 3, rng.normal() * 3];
    const level = [65, 60, 50];
    const treated = new Set(logins.filter(() => rng.chance(0.15)));
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    for (const l of logins) {
      const c = clusterOf.get(l)!;
      const school = 6 * rng.normal();
      before.set(l, level[c] + school + 2.5 * rng.normal());
      after.set(l, level[c] + trend[c] + school + 2.5 * rng.normal() + (treated.has(l) ? 4 : 0));
    }
    const r = differenceInDifferences({ logins, distance: dd, clusterOf, before, after, treated });
    if (!r) continue;
    runs++;
    if (r.ci95[0] <= 4 && 4 <= r.ci95[1]) covered++;
  }
  console.log(`DiD: interval covers the planted +4 in ${covered} of ${runs} simulations`);
}
{
  // The demo as the app computes it: red signs set aside from the partners; a looser rule.
  const red = redSignSchools({ datasets: demo.datasets });
  console.log(`demo red signs (never partners): ${[...red.keys()].join(', ') || 'none'}`);
  const loose = lowRuleWith({ lowestShare: 0.2, minProcedures: 1, minYears: 1 });
  const a = analyseContext({ records, results: demoResults, red: new Set(red.keys()), lowRule: loose });
  const paired = a.low.filter((e) => (a.partners.get(e.login) ?? []).length > 0).length;
  console.log(
    `demo with «нижние 20 %, 1 процедура, 1 год»: ${a.low.length} schools, ${paired} with partners`,
  );
}
{
  const dirs = ['/work/shared/fixtures/real', '/work/shared/fixtures/synthetic'];
  for (const dir of dirs) {
    let forms = 0;
    const files = readdirSync(dir).filter((f) => /\.(xlsx|csv)$/.test(f));
    for (const f of files) {
      try {
        const p = readContextFile(new Uint8Array(readFileSync(`${dir}/${f}`)), f);
        console.log(`${dir}/${f}: context ${p.layout}, ${p.records.length} schools`);
        if (p.layout === 'form-2021' || p.layout === 'form-2022') forms++;
      } catch {
        // not a context file
      }
    }
    console.log(`${dir}: ${files.length} files, ФИС ОКО context forms: ${forms}`);
  }
}
