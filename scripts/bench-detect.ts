// Detection quality of the objectivity engine (src/domain/objectivity) against planted truth, and its
// calibration on the real fixtures.
// `npm run bench:detect` (tsx scripts/bench-detect.ts) [-- --seed N | --seeds K] [--schools N]
//   [--skip-own] [--skip-shared] [--skip-hard] [--skip-real].
// Regions: (1) our own generator (src/domain/objectivity/synthetic/generate.ts) with its defaults,
// seeds 1…K (10 by default); (2) the same generator with other settings (HARD_REGION: more small
// schools, weaker plants, fewer re-checked works), seeds 101…100+K; (3) the shared synthetic fixtures
// (tests/fixtures/synthetic; truth.json is read for measuring only).
// Scored as the acceptance check does: `schools[]` as the CLI writes it (objectivityReport with seed 1,
// then objectivitySigns — the function behind `npm run oko -- analyze`), AUC of riskScore against the
// truth, flagged = level amber or red, recall per kind, FPR among honest schools and among honest
// schools in the lowest SES tercile of the context table; also «red only», next to the official
// inflated-mean sign alone. ROC@.03 = the best recall of a riskScore threshold with FPR ≤ 0.03 (the
// threshold is picked on the truth, so it is optimistic; the level-based figures are the honest ones).
// Real fixtures (tests/fixtures/real): share of schools flagged per family and per level, the level
// without each family, and the placebo shares per family (src/domain/objectivity/placebo.ts).
// Asserts nothing.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFile } from '../src/domain/import/import-file.ts';
import type { Dataset } from '../src/domain/model.ts';
import { objectivityReport, parseContext, type ContextTable } from '../src/domain/objectivity/index.ts';
import {
  generateRegion,
  HARD_REGION,
  type GenerateOptions,
} from '../src/domain/objectivity/synthetic/generate.ts';
import { buildReport, objectivitySigns } from '../src/domain/report/index.ts';
import { realCalibration } from './bench-detect-real.ts';
import { parseSpec } from '../src/domain/spec/index.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

export interface Label {
  manipulated: boolean;
  lowSes: boolean;
  types: string[];
}

/** AUC = P(score of a manipulated school > score of an honest one), ties count ½. */
export function auc(scores: number[], positive: boolean[]): number {
  let num = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!positive[i]) return;
    scores.forEach((b, j) => {
      if (positive[j]) return;
      pairs++;
      num += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return pairs ? num / pairs : NaN;
}

interface Row {
  method: string;
  auc: number;
  /** Best recall over score thresholds whose FPR ≤ 0.03 (a ROC point; the threshold is chosen on the truth). */
  rocRecall: number;
  recall: number;
  fpr: number;
  fprLow: number;
  flaggedHonest: string;
}

function rates(
  name: string,
  score: Map<string, number>,
  flagged: Set<string>,
  labels: Map<string, Label>,
): Row {
  const ids = [...labels.keys()];
  const pos = ids.filter((id) => labels.get(id)!.manipulated);
  const neg = ids.filter((id) => !labels.get(id)!.manipulated);
  const low = neg.filter((id) => labels.get(id)!.lowSes);
  const share = (xs: string[]) => (xs.length ? xs.filter((id) => flagged.has(id)).length / xs.length : NaN);
  const negScores = neg.map((id) => score.get(id) ?? 0).sort((a, b) => b - a);
  const allowed = Math.floor(0.03 * neg.length);
  // Flag score > t with t = the (allowed+1)-th largest honest score: at most `allowed` honest above it.
  const t = negScores[allowed] ?? -Infinity;
  const rocRecall = pos.length ? pos.filter((id) => (score.get(id) ?? 0) > t).length / pos.length : NaN;
  return {
    method: name,
    rocRecall,
    auc: auc(
      ids.map((id) => score.get(id) ?? 0),
      ids.map((id) => labels.get(id)!.manipulated),
    ),
    recall: share(pos),
    fpr: share(neg),
    fprLow: share(low),
    flaggedHonest: `${neg.filter((id) => flagged.has(id)).length}/${neg.length} (low-SES ${low.filter((id) => flagged.has(id)).length}/${low.length})`,
  };
}

export interface BenchResult {
  rows: Row[];
  byType: Record<string, string>;
  ms: number;
  /** Per method: the raw score/flag per school (for pooling regions). */
  raw: { method: string; score: Map<string, number>; flagged: Set<string> }[];
}

export function evaluate(
  datasets: Dataset[],
  rechecks: Dataset[],
  context: ContextTable,
  labels: Map<string, Label>,
): BenchResult {
  const t0 = performance.now();
  // The CLI's path (src/cli/oko.ts): objectivityReport with seed 1, then objectivitySigns.
  const rep = objectivityReport(datasets, { rechecks, context, seed: 1 });
  const names = new Map(datasets.flatMap((ds) => ds.meta.schools.map((s) => [s.login, s.name ?? s.login])));
  const schools = objectivitySigns(rep, names).schools;
  const ms = performance.now() - t0;
  const score = new Map(schools.map((s) => [s.id, s.riskScore]));
  const any = new Set(schools.filter((s) => s.level !== 'none').map((s) => s.id));
  const red = new Set(schools.filter((s) => s.level === 'red').map((s) => s.id));
  const official = buildReport(datasets, { generatedAt: '2026-01-01T00:00:00Z' }).signs.filter(
    (s) => s.sign === 'inflated-mean',
  );
  const offScore = new Map<string, number>();
  const offFlag = new Set<string>();
  for (const s of official) {
    offScore.set(s.school, Math.max(offScore.get(s.school) ?? -Infinity, s.value));
    if (s.flagged) offFlag.add(s.school);
  }
  const byType: Record<string, string> = {};
  for (const [id, l] of labels)
    for (const t of l.types) {
      const [hit, all] = (byType[t] ?? '0/0').split('/').map(Number);
      byType[t] = `${hit + (any.has(id) ? 1 : 0)}/${all + 1}`;
    }
  return {
    rows: [
      rates('объективность: amber+red', score, any, labels),
      rates('объективность: только red', score, red, labels),
      rates('официальный inflated-mean', offScore, offFlag, labels),
    ],
    byType,
    ms,
    raw: [
      { method: 'объективность: amber+red', score, flagged: any },
      { method: 'объективность: только red', score, flagged: red },
      { method: 'официальный inflated-mean', score: offScore, flagged: offFlag },
    ],
  };
}

function print(title: string, r: BenchResult): void {
  console.log(`\n${title}  (анализ ${Math.round(r.ms)} мс)`);
  const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));
  console.log(
    'метод'.padEnd(30) +
      'AUC'.padStart(7) +
      'recall'.padStart(8) +
      'FPR'.padStart(7) +
      'FPR low-SES'.padStart(13) +
      'ROC@.03'.padStart(9) +
      '  ложные (честные)',
  );
  for (const row of r.rows)
    console.log(
      row.method.padEnd(30) +
        f(row.auc).padStart(7) +
        f(row.recall).padStart(8) +
        f(row.fpr).padStart(7) +
        f(row.fprLow).padStart(13) +
        f(row.rocRecall).padStart(9) +
        '  ' +
        row.flaggedHonest,
    );
  console.log(
    'recall по типам (amber+red): ' +
      Object.entries(r.byType)
        .map(([t, v]) => {
          const [h, a] = v.split('/').map(Number);
          return `${t} ${v} (${(h / a).toFixed(2)})`;
        })
        .join(', '),
  );
}

async function shared(): Promise<{
  datasets: Dataset[];
  rechecks: Dataset[];
  context: ContextTable;
  labels: Map<string, Label>;
} | null> {
  const dir = resolve('tests/fixtures/synthetic');
  if (!existsSync(resolve(dir, 'truth.json'))) return null;
  const truth = JSON.parse(readFileSync(resolve(dir, 'truth.json'), 'utf8')) as {
    procedures: { file: string; recheck: string; spec: string }[];
    schools: Record<string, { manipulated: boolean; ses: number; types: string[] }>;
  };
  const datasets: Dataset[] = [];
  const rechecks: Dataset[] = [];
  for (const p of truth.procedures) {
    const spec = parseSpec(JSON.parse(readFileSync(resolve(dir, p.spec), 'utf8')), p.spec);
    datasets.push(
      await importFile(new Uint8Array(readFileSync(resolve(dir, p.file))), { fileName: p.file, spec }),
    );
    rechecks.push(
      await importFile(new Uint8Array(readFileSync(resolve(dir, p.recheck))), { fileName: p.recheck, spec }),
    );
  }
  const context = parseContext(new Uint8Array(readFileSync(resolve(dir, 'context.csv'))), 'context.csv');
  const t1 = lowTercile(new Map(Object.entries(truth.schools).map(([id, s]) => [id, s.ses])));
  const labels = new Map(
    Object.entries(truth.schools).map(([id, s]) => [
      id,
      { manipulated: s.manipulated, lowSes: !s.manipulated && s.ses <= t1, types: s.types },
    ]),
  );
  return { datasets, rechecks, context, labels };
}

/** Wilson 95 % interval of a proportion k/n. */
function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

/** Upper bound of the lowest SES tercile (the acceptance check's «lowest SES tercile»). */
function lowTercile(ses: Map<string, number | null>): number {
  const xs = [...ses.values()].filter((x): x is number => x !== null).sort((a, b) => a - b);
  return xs.length ? xs[Math.floor((xs.length - 1) / 3)] : -Infinity;
}

/** One generator setting over several seeds, printed per seed and pooled. */
function runGenerator(title: string, settings: GenerateOptions, seeds: number[]): void {
  const pooled = new Map<string, { score: Map<string, number>; flagged: Set<string> }>();
  const pooledLabels = new Map<string, Label>();
  const pooledTypes: Record<string, string> = {};
  let totalMs = 0;
  for (const seed of seeds) {
    const region = generateRegion({ ...settings, seed, schools: arg('--schools', 160) });
    const t1 = lowTercile(new Map([...region.context].map(([id, c]) => [id, c.ses])));
    const labels = new Map(
      [...region.truth].map(([id, t]) => [
        id,
        { manipulated: t.manipulated, lowSes: !t.manipulated && t.ses <= t1, types: t.types },
      ]),
    );
    const r = evaluate(region.datasets, region.rechecks, region.context, labels);
    print(
      `${title} (seed ${seed}, школ ${labels.size}, с манипуляциями ${[...labels.values()].filter((l) => l.manipulated).length})`,
      r,
    );
    totalMs += r.ms;
    for (const [id, l] of labels) pooledLabels.set(`${seed}:${id}`, l);
    for (const m of r.raw) {
      const acc = pooled.get(m.method) ?? { score: new Map(), flagged: new Set() };
      for (const [id, v] of m.score) acc.score.set(`${seed}:${id}`, v);
      for (const id of m.flagged) acc.flagged.add(`${seed}:${id}`);
      pooled.set(m.method, acc);
    }
    for (const [t, v] of Object.entries(r.byType)) {
      const [h, a] = (pooledTypes[t] ?? '0/0').split('/').map(Number);
      const [h2, a2] = v.split('/').map(Number);
      pooledTypes[t] = `${h + h2}/${a + a2}`;
    }
  }
  if (seeds.length > 1) {
    const rows = [...pooled].map(([method, m]) => rates(method, m.score, m.flagged, pooledLabels));
    const pos = [...pooledLabels.values()].filter((l) => l.manipulated).length;
    print(
      `ИТОГО ${title}: ${seeds.length} регионов (школ ${pooledLabels.size}, с манипуляциями ${pos}; AUC и ROC@.03 — по объединённой выборке)`,
      { rows, byType: pooledTypes, ms: totalMs / seeds.length, raw: [] },
    );
    const main = rows[0];
    const [lo, hi] = wilson(Math.round(main.recall * pos), pos);
    console.log(`recall amber+red: ${main.recall.toFixed(3)} (95% Wilson ${lo.toFixed(3)}…${hi.toFixed(3)})`);
  }
}

async function main(): Promise<void> {
  const k = arg('--seeds', 10);
  const seeds = process.argv.includes('--seed')
    ? [arg('--seed', 7)]
    : Array.from({ length: k }, (_, j) => j + 1);
  if (!process.argv.includes('--skip-own')) runGenerator('Собственный генератор', {}, seeds);
  if (!process.argv.includes('--skip-hard'))
    runGenerator(
      'Генератор с другими настройками (мелкие школы, слабее манипуляции, меньше перепроверки)',
      HARD_REGION,
      seeds.map((s) => s + 100),
    );
  if (!process.argv.includes('--skip-shared')) {
    const s = await shared();
    if (s)
      print(
        `Общий синтетический регион tests/fixtures/synthetic (школ ${s.labels.size}, с манипуляциями ${[...s.labels.values()].filter((l) => l.manipulated).length})`,
        evaluate(s.datasets, s.rechecks, s.context, s.labels),
      );
  }
  if (!process.argv.includes('--skip-real')) await realCalibration();
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/bench-detect.ts')) await main();
