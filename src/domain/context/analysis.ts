// The municipal context analysis in one call (what the support programme and a screen show): clusters
// by context with their words, silhouette and stability; each school against its cluster; ШНОР over
// the years and ШНСУ; partners; results vs resources; optionally the effect of measures. Pure.
import { mulberry32 } from '../demo/prng.ts';
import { bootstrapJaccard, chooseClusters, gowerDistances } from './clusters.ts';
import {
  DEFAULT_HARD_CONDITIONS_RULE,
  DEFAULT_LOW_RESULT_RULE,
  hardConditions,
  lowResultHistory,
  lowResultSchools,
  type HardConditionsRule,
  type LowResultEntry,
  type LowResultRule,
  type SchoolResult,
} from './low-results.ts';
import {
  compareWithCluster,
  describeCluster,
  differenceInDifferences,
  partnersFor,
  resourceAssociation,
  RESOURCES,
  type DidResult,
  type Partner,
} from './municipal.ts';
import type { ContextRecord } from './types.ts';

export interface ContextCluster {
  id: number;
  words: string;
  schools: string[];
  /** Bootstrap Jaccard (≥ .75 stable, .6–.75 a pattern, < .6 not to be trusted). */
  stability: number;
}

export interface MunicipalContextAnalysis {
  k: number;
  silhouette: number;
  byK: { k: number; silhouette: number }[];
  clusters: ContextCluster[];
  clusterOf: Map<string, number>;
  /** Mean result (% of max over all procedures and years) vs the cluster's and the region's. */
  compare: Map<string, { own: number; cluster: number; region: number; clusterN: number }>;
  lowRule: LowResultRule;
  hardRule: HardConditionsRule;
  low: LowResultEntry[];
  history: ReturnType<typeof lowResultHistory>;
  hard: { login: string; reasons: string[] }[];
  partners: Map<string, Partner[]>;
  resources: { name: string; result: ReturnType<typeof resourceAssociation> }[];
  effect: { procedure: string; before: number; after: number; result: DidResult | null }[];
}

export interface AnalysisInput {
  records: ContextRecord[];
  results: SchoolResult[];
  /** Schools with a red objectivity sign (never a partner). */
  red?: Set<string>;
  lowRule?: LowResultRule;
  hardRule?: HardConditionsRule;
  /** Schools with roadmap measures (or marked by the user), for the difference in differences. */
  treated?: Set<string>;
  /** Years before and after the measures. */
  before?: number;
  after?: number;
  bootstrap?: number;
}

export function analyseContext(input: AnalysisInput): MunicipalContextAnalysis {
  const records = input.records;
  const logins = records.map((r) => r.login);
  const d = gowerDistances(records);
  const choice = chooseClusters(d, records.length);
  const stab = bootstrapJaccard(d, records.length, choice.best, mulberry32(1).next, input.bootstrap ?? 50);
  const clusterOf = new Map(logins.map((l, i) => [l, choice.best.labels[i]]));
  const clusters: ContextCluster[] = Array.from({ length: choice.best.k }, (_, c) => {
    const members = records.filter((_, i) => choice.best.labels[i] === c);
    return {
      id: c + 1,
      words: describeCluster(members),
      schools: members.map((r) => r.login),
      stability: stab[c],
    };
  });
  const known = new Set(logins);
  const results = input.results.filter((r) => known.has(r.login));
  const meanOf = new Map<string, number>();
  const acc = new Map<string, number[]>();
  for (const r of results) (acc.get(r.login) ?? acc.set(r.login, []).get(r.login)!).push(r.mean);
  for (const [l, xs] of acc) meanOf.set(l, xs.reduce((a, b) => a + b, 0) / xs.length);
  const compare = compareWithCluster(meanOf, clusterOf);
  const lowRule = input.lowRule ?? DEFAULT_LOW_RESULT_RULE;
  const hardRule = input.hardRule ?? DEFAULT_HARD_CONDITIONS_RULE;
  const low = lowResultSchools(results, lowRule).filter((e) => e.isLow);
  const lowSet = new Set(low.map((e) => e.login));
  // A resource school: in every year it wrote, its mean over that year's procedures is at or above
  // the median of these yearly means in its cluster (stable, not best-in-every-work: with 8 works a
  // year that would leave almost no school).
  const yearly = new Map<string, { login: string; year: number; xs: number[] }>();
  for (const r of results) {
    const key = `${r.login}|${r.year}`;
    (yearly.get(key) ?? yearly.set(key, { login: r.login, year: r.year, xs: [] }).get(key)!).xs.push(r.mean);
  }
  const yearMean = [...yearly.values()].map((y) => ({
    login: y.login,
    year: y.year,
    mean: y.xs.reduce((a, b) => a + b, 0) / y.xs.length,
  }));
  const clusterMedian = new Map<string, number>();
  const groups = new Map<string, number[]>();
  for (const y of yearMean) {
    const key = `${clusterOf.get(y.login)}|${y.year}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(y.mean);
  }
  for (const [key, xs] of groups) {
    const s = [...xs].sort((a, b) => a - b);
    clusterMedian.set(
      key,
      s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2,
    );
  }
  const weak = new Set(
    yearMean
      .filter((y) => y.mean < clusterMedian.get(`${clusterOf.get(y.login)}|${y.year}`)!)
      .map((y) => y.login),
  );
  const strong = new Set([...acc.keys()].filter((l) => !weak.has(l)));
  const municipalityOf = new Map(records.map((r) => [r.login, r.municipality]));
  const partners = new Map(
    low.map((e) => [
      e.login,
      partnersFor(e.login, {
        logins,
        distance: d,
        clusterOf,
        municipalityOf,
        low: lowSet,
        red: input.red ?? new Set(),
        strong,
      }),
    ]),
  );
  const resources = RESOURCES.map((res) => ({
    name: res.name,
    result: resourceAssociation(meanOf, records, clusterOf, res.of),
  }));
  const effect: MunicipalContextAnalysis['effect'] = [];
  if (input.treated && input.before !== undefined && input.after !== undefined)
    for (const procedure of [...new Set(results.map((r) => r.procedure))].sort()) {
      const at = (year: number) =>
        new Map(
          results.filter((r) => r.procedure === procedure && r.year === year).map((r) => [r.login, r.mean]),
        );
      effect.push({
        procedure,
        before: input.before,
        after: input.after,
        result: differenceInDifferences({
          logins,
          distance: d,
          clusterOf,
          before: at(input.before),
          after: at(input.after),
          treated: input.treated,
        }),
      });
    }
  return {
    k: choice.best.k,
    silhouette: choice.silhouette,
    byK: choice.byK,
    clusters,
    clusterOf,
    compare,
    lowRule,
    hardRule,
    low,
    history: lowResultHistory(results, lowRule),
    hard: records
      .map((r) => ({ login: r.login, ...hardConditions(r, hardRule) }))
      .filter((x) => x.isHard)
      .map(({ login, reasons }) => ({ login, reasons })),
    partners,
    resources,
    effect,
  };
}
