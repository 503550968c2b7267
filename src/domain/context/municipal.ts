// The municipal cycle on top of the context clusters: clusters described in words, each school against
// its cluster, partner (resource) schools for ШНОР, results vs resources (Spearman within clusters,
// associations only), and the effectiveness of measures (difference in differences against matched
// schools of the same cluster). Pure.
import { spearman } from '../stats/ranks.ts';
import { median } from '../objectivity/math.ts';
import { plural } from '../text/format.ts';
import type { ContextRecord } from './types.ts';

const SETTLEMENT = ['столичные', 'городские', 'в посёлках городского типа', 'сельские'];
const mode = (xs: number[]) => {
  const c = new Map<number, number>();
  for (const x of xs) c.set(x, (c.get(x) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
};
const nums = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);

/** «сельские малокомплектные (в среднем 74 ученика), плохая транспортная доступность» and the like. */
export function describeCluster(members: ContextRecord[]): string {
  const parts: string[] = [];
  const special = members.filter((r) => r.special).length / Math.max(1, members.length);
  const type = mode(
    nums(members.map((r) => r.settlementType ?? (r.urban === null ? null : r.urban ? 2 : 4))),
  );
  const pupils = nums(members.map((r) => r.pupils));
  const medPupils = pupils.length ? median(pupils) : null;
  const head = [
    special >= 0.5 ? 'специальные (коррекционные)' : '',
    type !== null ? SETTLEMENT[type - 1] : '',
    medPupils !== null && medPupils < 150
      ? 'малокомплектные'
      : medPupils !== null && medPupils > 800
        ? 'крупные'
        : '',
  ].filter(Boolean);
  parts.push(head.length ? head.join(' ') : 'школы');
  if (medPupils !== null) {
    const m = Math.round(medPupils);
    parts[0] += ` (медиана — ${m} ${plural(m, ['ученик', 'ученика', 'учеников'])})`;
  }
  const transport = nums(members.map((r) => r.transport));
  if (transport.length && median(transport) >= 3) parts.push('без хорошего транспортного сообщения');
  const boarding = members.filter((r) => r.boarding).length / Math.max(1, members.length);
  if (boarding >= 0.5) parts.push('с интернатом');
  const size = nums(members.map((r) => r.settlementSize));
  if (size.length) {
    const m = median(size);
    if (m <= 2) parts.push('в малых населённых пунктах');
    else if (m >= 7) parts.push('в крупных городах');
  }
  return parts.join(', ');
}

/** A school's result next to its cluster's and the region's (means of school results). */
export function compareWithCluster(
  results: Map<string, number>,
  clusterOf: Map<string, number>,
): Map<string, { own: number; cluster: number; region: number; clusterN: number }> {
  const region = [...results.values()];
  const regionMean = region.reduce((a, b) => a + b, 0) / Math.max(1, region.length);
  const byCluster = new Map<number, number[]>();
  for (const [login, v] of results) {
    const c = clusterOf.get(login);
    if (c !== undefined) (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(v);
  }
  const out = new Map<string, { own: number; cluster: number; region: number; clusterN: number }>();
  for (const [login, v] of results) {
    const c = clusterOf.get(login);
    if (c === undefined) continue;
    const xs = byCluster.get(c)!;
    out.set(login, {
      own: v,
      cluster: xs.reduce((a, b) => a + b, 0) / xs.length,
      region: regionMean,
      clusterN: xs.length,
    });
  }
  return out;
}

export interface Partner {
  login: string;
  sameMunicipality: boolean;
  distance: number;
}

/**
 * Resource schools for a low-result school: same cluster, not low, no red objectivity sign, results
 * at or above the cluster median in every year given; ranked by same municipality first, then by
 * Gower distance (most similar first).
 */
export function partnersFor(
  school: string,
  opts: {
    logins: string[];
    distance: Float64Array;
    clusterOf: Map<string, number>;
    municipalityOf: Map<string, string | null>;
    low: Set<string>;
    red: Set<string>;
    /** Schools whose results are at or above their cluster's median in every year. */
    strong: Set<string>;
    max?: number;
  },
): Partner[] {
  const n = opts.logins.length;
  const i = opts.logins.indexOf(school);
  const c = opts.clusterOf.get(school);
  if (i < 0 || c === undefined) return [];
  const mun = opts.municipalityOf.get(school) ?? null;
  return opts.logins
    .map((l, j) => ({ l, j }))
    .filter(
      ({ l }) =>
        l !== school &&
        opts.clusterOf.get(l) === c &&
        !opts.low.has(l) &&
        !opts.red.has(l) &&
        opts.strong.has(l),
    )
    .map(({ l, j }) => ({
      login: l,
      sameMunicipality: mun !== null && opts.municipalityOf.get(l) === mun,
      distance: opts.distance[i * n + j],
    }))
    .sort((a, b) => Number(b.sameMunicipality) - Number(a.sameMunicipality) || a.distance - b.distance)
    .slice(0, opts.max ?? 3);
}

/** Spearman's ρ with a 95 % interval (Fisher z, Bonett–Wright SE √((1 + ρ²/2)/(n − 3))). */
export function spearmanCi(
  x: number[],
  y: number[],
): { rho: number; ci95: [number, number]; n: number } | null {
  const n = x.length;
  const rho = spearman(x, y);
  if (rho === null || n < 5) return null;
  const r = Math.max(-0.9999, Math.min(0.9999, rho));
  const z = Math.atanh(r);
  const se = Math.sqrt((1 + (r * r) / 2) / (n - 3));
  return { rho, ci95: [Math.tanh(z - 1.96 * se), Math.tanh(z + 1.96 * se)], n };
}

export const RESOURCES: { name: string; of: (r: ContextRecord) => number | null }[] = [
  {
    name: 'доля учителей высшей категории',
    of: (r) => (r.teachers ? (r.teachersHighest ?? NaN) / r.teachers : null),
  },
  { name: 'доля молодых учителей', of: (r) => (r.teachers ? (r.teachersYoung ?? NaN) / r.teachers : null) },
  { name: 'компьютеров на ученика', of: (r) => (r.pupils ? (r.computers ?? NaN) / r.pupils : null) },
  { name: 'предметов с углублённым изучением', of: (r) => r.inDepth },
  { name: 'доля учеников по АОП', of: (r) => (r.pupils ? (r.pupilsAdapted ?? NaN) / r.pupils : null) },
];

/**
 * Results vs a resource: ρ within each cluster of ≥ 10 schools with both values, and their pooled
 * value (the within-cluster ρ's averaged on Fisher's z with weights n − 3). Associations, not causes.
 */
export function resourceAssociation(
  results: Map<string, number>,
  records: ContextRecord[],
  clusterOf: Map<string, number>,
  resource: (r: ContextRecord) => number | null,
): {
  byCluster: { cluster: number; rho: number; ci95: [number, number]; n: number }[];
  pooled: { rho: number; ci95: [number, number]; n: number } | null;
} {
  const groups = new Map<number, { x: number[]; y: number[] }>();
  for (const r of records) {
    const v = resource(r);
    const y = results.get(r.login);
    const c = clusterOf.get(r.login);
    if (v === null || !Number.isFinite(v) || y === undefined || c === undefined) continue;
    const g = groups.get(c) ?? groups.set(c, { x: [], y: [] }).get(c)!;
    g.x.push(v);
    g.y.push(y);
  }
  const byCluster: { cluster: number; rho: number; ci95: [number, number]; n: number }[] = [];
  for (const [c, g] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (g.x.length < 10) continue;
    const s = spearmanCi(g.x, g.y);
    if (s) byCluster.push({ cluster: c, ...s });
  }
  if (byCluster.length === 0) return { byCluster, pooled: null };
  // Inverse-variance average of Fisher's z (variance (1 + ρ²/2)/(n − 3) each).
  let sw = 0;
  let sz = 0;
  let n = 0;
  for (const b of byCluster) {
    const r = Math.max(-0.9999, Math.min(0.9999, b.rho));
    const w = (b.n - 3) / (1 + (r * r) / 2);
    sz += w * Math.atanh(r);
    sw += w;
    n += b.n;
  }
  const zbar = sz / sw;
  const se = 1 / Math.sqrt(sw);
  return {
    byCluster,
    pooled: { rho: Math.tanh(zbar), ci95: [Math.tanh(zbar - 1.96 * se), Math.tanh(zbar + 1.96 * se)], n },
  };
}

export interface DidResult {
  effect: number;
  ci95: [number, number];
  treated: number;
  controls: number;
  /** Each treated school's change, its matched controls and their mean change (the report by school). */
  pairs: { login: string; change: number; controls: string[]; controlChange: number }[];
}

/** Student t quantile at 0.975 (df ≥ 1), from the Cornish–Fisher expansion; exact enough for CIs. */
export function t975(df: number): number {
  const exact = [NaN, 12.706204736, 4.30265273, 3.182446305, 2.776445105];
  if (df < exact.length) return exact[df];
  const z = 1.959963984540054;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Difference in differences: for each treated school, its change (after − before) minus the mean
 * change of its m most similar untreated schools of the same cluster (Gower distance, each control
 * used once where possible); the effect is the mean of these differences with a t interval over the
 * treated schools. Null with fewer than 3 treated schools that have controls.
 */
export function differenceInDifferences(opts: {
  logins: string[];
  distance: Float64Array;
  clusterOf: Map<string, number>;
  before: Map<string, number>;
  after: Map<string, number>;
  treated: Set<string>;
  m?: number;
}): DidResult | null {
  const m = opts.m ?? 2;
  const n = opts.logins.length;
  const idx = new Map(opts.logins.map((l, i) => [l, i]));
  const change = (l: string) =>
    opts.before.has(l) && opts.after.has(l) ? opts.after.get(l)! - opts.before.get(l)! : null;
  const used = new Set<string>();
  const diffs: number[] = [];
  const pairs: DidResult['pairs'] = [];
  for (const t of [...opts.treated].sort()) {
    const dt = change(t);
    const i = idx.get(t);
    const c = opts.clusterOf.get(t);
    if (dt === null || i === undefined || c === undefined) continue;
    const pool = opts.logins
      .filter((l) => !opts.treated.has(l) && opts.clusterOf.get(l) === c && change(l) !== null)
      .sort(
        (a, b) =>
          Number(used.has(a)) - Number(used.has(b)) ||
          opts.distance[i * n + idx.get(a)!] - opts.distance[i * n + idx.get(b)!],
      )
      .slice(0, m);
    if (pool.length === 0) continue;
    pool.forEach((l) => used.add(l));
    const controlChange = pool.reduce((a, l) => a + change(l)!, 0) / pool.length;
    diffs.push(dt - controlChange);
    pairs.push({ login: t, change: dt, controls: pool, controlChange });
  }
  if (diffs.length < 3) return null;
  const k = diffs.length;
  const mean = diffs.reduce((a, b) => a + b, 0) / k;
  const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
  const h = (t975(k - 1) * sd) / Math.sqrt(k);
  return { effect: mean, ci95: [mean - h, mean + h], treated: k, controls: used.size, pairs };
}
