// Schools grouped by context (statistics.md §10): Gower distance over mixed variables (numeric =
// |Δ|/range, ordinal codes as ranks scaled by their range, nominal and binary = mismatch; a variable
// missing in either school is left out of that pair's average, as cluster::daisy), k-medoids (PAM:
// BUILD + SWAP, as cluster::pam), k in 2..8 by the mean silhouette; stability by bootstrap Jaccard
// (Hennig's clusterboot); adjusted Rand index to compare partitions. Pure.
import type { ContextRecord } from './types.ts';

type VarKind = 'numeric' | 'ordinal' | 'nominal' | 'binary';

interface Variable {
  name: string;
  kind: VarKind;
  of: (r: ContextRecord) => number | null;
}

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);

/** The context variables the clusters are built on (resources are kept out: they are compared later). */
export const CONTEXT_VARIABLES: Variable[] = [
  {
    name: 'тип поселения',
    kind: 'nominal',
    of: (r) => r.settlementType ?? (r.urban === null ? null : r.urban ? 2 : 4),
  },
  { name: 'размер населённого пункта', kind: 'ordinal', of: (r) => r.settlementSize },
  { name: 'транспортная доступность', kind: 'ordinal', of: (r) => r.transport },
  { name: 'специальная (коррекционная)', kind: 'binary', of: (r) => bool(r.special) },
  { name: 'интернат', kind: 'binary', of: (r) => bool(r.boarding) },
  {
    name: 'число учеников (log)',
    kind: 'numeric',
    of: (r) => (r.pupils !== null && r.pupils > 0 ? Math.log(r.pupils) : null),
  },
  { name: 'учеников в классе', kind: 'numeric', of: (r) => ratio(r.pupils, r.classes) },
  { name: 'доля учеников по АОП', kind: 'numeric', of: (r) => ratio(r.pupilsAdapted, r.pupils) },
  { name: 'индекс благополучия', kind: 'numeric', of: (r) => r.ses },
];

/** Gower distances, row-major n×n. */
export function gowerDistances(records: ContextRecord[], vars: Variable[] = CONTEXT_VARIABLES): Float64Array {
  const n = records.length;
  const cols = vars.map((v) => records.map(v.of));
  const range = cols.map((c) => {
    const xs = c.filter((x): x is number => x !== null);
    return xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  });
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      let w = 0;
      vars.forEach((v, k) => {
        const a = cols[k][i];
        const b = cols[k][j];
        if (a === null || b === null) return;
        if (v.kind === 'nominal' || v.kind === 'binary') {
          s += a === b ? 0 : 1;
          w += 1;
        } else if (range[k] > 0) {
          s += Math.abs(a - b) / range[k];
          w += 1;
        }
      });
      const x = w > 0 ? s / w : 0;
      d[i * n + j] = x;
      d[j * n + i] = x;
    }
  return d;
}

export interface Partition {
  k: number;
  medoids: number[];
  /** Cluster index 0..k−1 per point. */
  labels: number[];
  cost: number;
}

/** PAM (Kaufman & Rousseeuw): greedy BUILD, then SWAP while the total distance to medoids falls. */
export function pam(d: Float64Array, n: number, k: number, subset?: number[]): Partition {
  const pts = subset ?? Array.from({ length: n }, (_, i) => i);
  const m = pts.length;
  const D = (a: number, b: number) => d[pts[a] * n + pts[b]];
  const medoids: number[] = [];
  const near = new Float64Array(m).fill(Infinity);
  for (let c = 0; c < k; c++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let h = 0; h < m; h++) {
      if (medoids.includes(h)) continue;
      let gain = 0;
      for (let j = 0; j < m; j++) gain += Math.max(0, (near[j] === Infinity ? 1e9 : near[j]) - D(h, j));
      if (gain > bestGain) {
        bestGain = gain;
        best = h;
      }
    }
    medoids.push(best);
    for (let j = 0; j < m; j++) near[j] = Math.min(near[j], D(best, j));
  }
  const assign = () => {
    const first = new Float64Array(m);
    const second = new Float64Array(m);
    const lab = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      let a = Infinity;
      let b = Infinity;
      let l = 0;
      medoids.forEach((md, c) => {
        const x = D(md, j);
        if (x < a) {
          b = a;
          a = x;
          l = c;
        } else if (x < b) b = x;
      });
      first[j] = a;
      second[j] = b;
      lab[j] = l;
    }
    return { first, second, lab };
  };
  for (let iter = 0; iter < 100; iter++) {
    const { first, second, lab } = assign();
    let best = 0;
    let swap: [number, number] | null = null;
    for (let c = 0; c < k; c++)
      for (let h = 0; h < m; h++) {
        if (medoids.includes(h)) continue;
        let delta = 0;
        for (let j = 0; j < m; j++) {
          const dh = D(h, j);
          if (lab[j] === c) delta += Math.min(dh, second[j]) - first[j];
          else if (dh < first[j]) delta += dh - first[j];
        }
        if (delta < best - 1e-12) {
          best = delta;
          swap = [c, h];
        }
      }
    if (!swap) break;
    medoids[swap[0]] = swap[1];
  }
  const { first, lab } = assign();
  return { k, medoids: medoids.map((x) => pts[x]), labels: [...lab], cost: first.reduce((a, b) => a + b, 0) };
}

/** Mean silhouette width (singletons count 0, as cluster::silhouette). */
export function silhouette(d: Float64Array, n: number, labels: number[], k: number): number {
  let total = 0;
  const size = new Array(k).fill(0);
  for (const l of labels) size[l]++;
  for (let i = 0; i < n; i++) {
    if (size[labels[i]] <= 1) continue;
    const sum = new Array(k).fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sum[labels[j]] += d[i * n + j];
    const a = sum[labels[i]] / (size[labels[i]] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== labels[i] && size[c] > 0) b = Math.min(b, sum[c] / size[c]);
    const s = Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
    total += s;
  }
  return total / n;
}

export interface ClusterChoice {
  best: Partition;
  silhouette: number;
  /** Mean silhouette per k tried. */
  byK: { k: number; silhouette: number }[];
}

/** k in 2..maxK (at most n−1) by the largest mean silhouette. */
export function chooseClusters(d: Float64Array, n: number, maxK = 8): ClusterChoice {
  const byK: ClusterChoice['byK'] = [];
  let best: Partition | null = null;
  let bestS = -Infinity;
  for (let k = 2; k <= Math.min(maxK, n - 1); k++) {
    const p = pam(d, n, k);
    const s = silhouette(d, n, p.labels, k);
    byK.push({ k, silhouette: s });
    if (s > bestS + 1e-12) {
      bestS = s;
      best = p;
    }
  }
  if (!best)
    return { best: { k: 1, medoids: [0], labels: new Array(n).fill(0), cost: 0 }, silhouette: 0, byK };
  return { best, silhouette: bestS, byK };
}

/** Adjusted Rand index of two labelings (Hubert & Arabie). */
export function adjustedRand(a: number[], b: number[]): number {
  const n = a.length;
  const table = new Map<string, number>();
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  const sumIJ = [...table.values()].reduce((s, x) => s + c2(x), 0);
  const sumA = [...ra.values()].reduce((s, x) => s + c2(x), 0);
  const sumB = [...rb.values()].reduce((s, x) => s + c2(x), 0);
  const expected = (sumA * sumB) / c2(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 1 : (sumIJ - expected) / (max - expected);
}

/**
 * Hennig's clusterboot: B bootstrap samples (distinct points of a resample), PAM with the same k on
 * each, and per original cluster the mean over samples of its best Jaccard with a bootstrap cluster
 * (both restricted to the sampled points). ≥ .75 stable, .6–.75 a pattern, < .6 not to be trusted.
 */
export function bootstrapJaccard(
  d: Float64Array,
  n: number,
  p: Partition,
  next: () => number,
  B = 50,
): number[] {
  const sums = new Array(p.k).fill(0);
  const counts = new Array(p.k).fill(0);
  for (let b = 0; b < B; b++) {
    const drawn = new Set<number>();
    for (let i = 0; i < n; i++) drawn.add(Math.floor(next() * n));
    const pts = [...drawn].sort((x, y) => x - y);
    if (pts.length <= p.k) continue;
    const q = pam(d, n, p.k, pts);
    for (let c = 0; c < p.k; c++) {
      const orig = new Set(pts.filter((i) => p.labels[i] === c));
      if (orig.size === 0) continue;
      let best = 0;
      for (let c2 = 0; c2 < p.k; c2++) {
        const boot = pts.filter((_, j) => q.labels[j] === c2);
        const inter = boot.filter((i) => orig.has(i)).length;
        const union = orig.size + boot.length - inter;
        best = Math.max(best, union > 0 ? inter / union : 0);
      }
      sums[c] += best;
      counts[c]++;
    }
  }
  return sums.map((s, c) => (counts[c] ? s / counts[c] : 0));
}
