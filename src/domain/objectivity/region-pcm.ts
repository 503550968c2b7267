// The region's partial-credit model (shared/domain/statistics.md §2) as the class-level pattern
// signals use it: fitted ONCE per procedure (the bunching counterfactual reuses the same fit), with
// the calibrated tasks, their cumulative easiness, each pupil's raw score over those tasks and WLE θ.
import { abilities, fitPcm, PcmError, type PcmResult } from '../psychometrics/pcm.ts';
import { matrixOf, type ProcView } from './data.ts';

export interface RegionPcm {
  pcm: PcmResult;
  /** Index into v.scores of each calibrated item (tasks with no non-zero score are left out). */
  tasks: number[];
  /** Cumulative easiness b_i (b[0] = 0, b[x] = −Σ_{k≤x} δ_ik), item by item. */
  items: Float64Array[];
  /** Raw score of each present pupil over the calibrated tasks. */
  raw: Int32Array;
  /** WLE θ of each present pupil (finite at the extremes). */
  theta: Float64Array;
  /** R = Σ m_i over the calibrated tasks. */
  maxRaw: number;
}

/** Fit the PCM of one procedure; null when the CML estimate does not exist (PcmError). */
export function fitRegionPcm(v: ProcView): PcmResult | null {
  try {
    return fitPcm(matrixOf(v), { maxIter: 60, tol: 1e-6 });
  } catch (e) {
    if (!(e instanceof PcmError)) throw e;
    return null;
  }
}

export function regionPcm(v: ProcView, pcm: PcmResult | null): RegionPcm | null {
  if (!pcm) return null;
  const mat = matrixOf(v);
  const byId = new Map(mat.ids.map((id, t) => [id, t]));
  const tasks = pcm.items.map((it) => byId.get(it.id)!);
  const items = pcm.items.map((it) => {
    const b = new Float64Array(it.m + 1);
    for (let x = 1; x <= it.m; x++) b[x] = b[x - 1] - it.thresholds[x - 1];
    return b;
  });
  const raw = new Int32Array(v.n);
  for (const t of tasks) {
    const col = v.scores[t];
    for (let i = 0; i < v.n; i++) raw[i] += col[i];
  }
  return { pcm, tasks, items, raw, theta: abilities(mat, pcm, 'wle'), maxRaw: pcm.maxScore };
}
