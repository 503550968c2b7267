// Test helper: a region simulated from a known PCM (seeded), as the ProcView the class signals
// read, plus naive re-implementations used as second opinions in the objectivity tests.
import { mulberry32, type Rng } from '../../src/domain/demo/prng.ts';
import type { ProcView } from '../../src/domain/objectivity/data.ts';

/** Item thresholds δ_ik of a 16-task ВПР-like test (maxima 1–3), easy to hard. */
export const DELTAS: number[][] = [
  [-2.0],
  [-1.6],
  [-1.3],
  [-1.0, -0.6],
  [-0.8],
  [-0.5],
  [-0.3, 0.2],
  [0.0],
  [0.2],
  [0.4, 0.8],
  [0.6],
  [0.9, 1.3],
  [1.1],
  [1.4, 1.8],
  [1.7, 2.0, 2.4],
  [2.0],
];

/** Naive category probabilities: P_x ∝ exp Σ_{k≤x}(θ − δ_k). */
export function naiveProbs(theta: number, delta: readonly number[]): number[] {
  const w = [1];
  let s = 0;
  for (const d of delta) {
    s += theta - d;
    w.push(Math.exp(s));
  }
  const tot = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / tot);
}

export function drawScore(rng: Rng, theta: number, delta: readonly number[]): number {
  const p = naiveProbs(theta, delta);
  let u = rng.next();
  for (let x = 0; x < p.length; x++) {
    u -= p[x];
    if (u <= 0) return x;
  }
  return p.length - 1;
}

export interface SimClass {
  id: string;
  school: string;
  /** Rows of scores per pupil. */
  rows: number[][];
}

/** Honest classes: class mean θ ~ N(0, 0.6²), pupils θ ~ N(mean, 0.9²), sizes 15–30. */
export function honestClasses(rng: Rng, classes: number, deltas = DELTAS): SimClass[] {
  const out: SimClass[] = [];
  for (let c = 0; c < classes; c++) {
    const mu = 0.6 * rng.normal();
    const n = rng.int(15, 30);
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) {
      const th = mu + 0.9 * rng.normal();
      rows.push(deltas.map((d) => drawScore(rng, th, d)));
    }
    out.push({ id: `s${Math.floor(c / 2)}/${c}`, school: `s${Math.floor(c / 2)}`, rows });
  }
  return out;
}

/** The ProcView of simulated classes (only the fields the class signals read are meaningful). */
export function viewOfClasses(classes: SimClass[], deltas = DELTAS): ProcView {
  const taskMax = deltas.map((d) => d.length);
  const all = classes.flatMap((c) => c.rows.map((row, i) => ({ c, row, i })));
  const n = all.length;
  const scores = taskMax.map((_, t) => Uint8Array.from(all, (p) => p.row[t]));
  const total = Int32Array.from(all, (p) => p.row.reduce((a, b) => a + b, 0));
  const maxScore = taskMax.reduce((a, b) => a + b, 0);
  return {
    id: 'sim',
    grade: 5,
    year: 2025,
    subject: 'Математика',
    kind: 'ВПР',
    maxScore,
    cuts: [],
    markOf: new Uint8Array(maxScore + 1),
    n,
    row: Uint32Array.from(all, (_, i) => i),
    total,
    mark: new Uint8Array(n),
    journal: new Uint8Array(n),
    school: all.map((p) => p.c.school),
    classId: all.map((p) => p.c.id),
    code: all.map((p) => `${p.c.id}-${p.i + 1}`),
    taskMax,
    taskIds: taskMax.map((_, t) => String(t + 1)),
    taskLevel: taskMax.map(() => null),
    scores,
    schools: [...new Set(classes.map((c) => c.school))],
    schoolName: new Map(),
  };
}

export { mulberry32 };
