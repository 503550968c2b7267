// Additive sufficient statistics of a group of pupils. Every reported figure is a function of
// these sums, so a school's statistics are exactly the sum of its classes' (and the no-class
// rest), and the engine reads the pupil columns once, into the finest groups only.
import type { Dataset } from '../model.ts';

export interface Acc {
  absent: number;
  /** Pupils by primary score 0..maxScore (present pupils only). */
  hist: Float64Array;
  /** Journal mark (2..5 → rows 0..3) × primary score 0..maxScore; row-major, width maxScore + 1. */
  journal: Float64Array;
  /** Per task: Σ score and Σ score². */
  taskSum: Float64Array;
  taskSq: Float64Array;
  /** ВПР mark (2..5 → 0..3) × task: Σ score of the pupils with that mark; row-major, width T. */
  taskByMark: Float64Array;
}

export interface Shape {
  maxScore: number;
  tasks: number;
}

export function emptyAcc(shape: Shape): Acc {
  const w = shape.maxScore + 1;
  return {
    absent: 0,
    hist: new Float64Array(w),
    journal: new Float64Array(4 * w),
    taskSum: new Float64Array(shape.tasks),
    taskSq: new Float64Array(shape.tasks),
    taskByMark: new Float64Array(4 * shape.tasks),
  };
}

export function addInto(target: Acc, source: Acc): void {
  target.absent += source.absent;
  addArray(target.hist, source.hist);
  addArray(target.journal, source.journal);
  addArray(target.taskSum, source.taskSum);
  addArray(target.taskSq, source.taskSq);
  addArray(target.taskByMark, source.taskByMark);
}

function addArray(t: Float64Array, s: Float64Array): void {
  for (let i = 0; i < t.length; i++) t[i] += s[i];
}

export function sumAccs(shape: Shape, parts: Acc[]): Acc {
  const acc = emptyAcc(shape);
  for (const p of parts) addInto(acc, p);
  return acc;
}

/** Primary score per pupil (0 for the absent), clamped to maxScore as a guard against bad input. */
export function primaryScores(ds: Dataset, maxScore: number): Uint16Array {
  const { n, scores, absent, official } = ds.pupils;
  const out = new Uint16Array(n);
  // ГИА: the protocol's «Первичный балл» is the official score, not the sum of the masks.
  if (official) out.set(official.primary);
  else for (const col of scores) for (let i = 0; i < n; i++) out[i] += col[i];
  for (let i = 0; i < n; i++) out[i] = absent[i] ? 0 : Math.min(out[i], maxScore);
  return out;
}

/**
 * Leaf groups: one per class, then one per school for its pupils without a class
 * (leaf = classes.length + school index). Returns one Acc per leaf, as views into shared
 * flat arrays so that 25 000 classes cost a handful of allocations.
 */
export function accumulateLeaves(
  ds: Dataset,
  shape: Shape,
  primary: Uint16Array,
  markOfScore: Uint8Array,
  checkpoint: (stage: string, fraction: number) => void,
): Acc[] {
  const { n, classIdx, school, absent, journal, scores } = ds.pupils;
  const C = ds.meta.classes.length;
  const L = C + ds.meta.schools.length;
  const T = shape.tasks;
  const W = shape.maxScore + 1;
  const absentN = new Float64Array(L);
  const hist = new Float64Array(L * W);
  const jt = new Float64Array(L * 4 * W);
  const tSum = new Float64Array(L * T);
  const tSq = new Float64Array(L * T);
  const tByMark = new Float64Array(L * 4 * T);

  const leaf = new Int32Array(n);
  const mark = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = classIdx[i];
    const l = c >= 0 ? c : C + school[i];
    leaf[i] = l;
    if (absent[i]) {
      absentN[l]++;
      continue;
    }
    const s = primary[i];
    hist[l * W + s]++;
    mark[i] = markOfScore[s];
    const j = journal[i];
    if (j >= 2 && j <= 5) jt[(l * 4 + j - 2) * W + s]++;
  }
  checkpoint('Баллы и отметки', 0.4);

  for (let t = 0; t < T; t++) {
    const col = scores[t];
    for (let i = 0; i < n; i++) {
      if (absent[i]) continue;
      const s = col[i];
      const k = leaf[i] * T + t;
      tSum[k] += s;
      tSq[k] += s * s;
      const m = mark[i];
      if (m) tByMark[(leaf[i] * 4 + m - 2) * T + t] += s;
    }
    checkpoint('Выполнение заданий', 0.4 + (0.4 * (t + 1)) / T);
  }

  const accs: Acc[] = new Array(L);
  for (let l = 0; l < L; l++)
    accs[l] = {
      absent: absentN[l],
      hist: hist.subarray(l * W, (l + 1) * W),
      journal: jt.subarray(l * 4 * W, (l + 1) * 4 * W),
      taskSum: tSum.subarray(l * T, (l + 1) * T),
      taskSq: tSq.subarray(l * T, (l + 1) * T),
      taskByMark: tByMark.subarray(l * 4 * T, (l + 1) * 4 * T),
    };
  return accs;
}
