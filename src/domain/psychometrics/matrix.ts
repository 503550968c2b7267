// The pupils × tasks score matrix that the psychometric modules read: columnar (one Uint8Array per
// task, as PupilColumns.scores), present pupils only, compacted so that row n is the n-th present
// pupil in file order. Pure: no DOM, no DB.
import type { Dataset } from '../model.ts';

export interface ScoreMatrix {
  /** Rows (present pupils). */
  n: number;
  /** Columns (tasks). */
  k: number;
  /** Task ids, e.g. `11.1`. */
  ids: string[];
  /** Task maxima m_i (from the spec/header; the observed maximum may be lower). */
  max: number[];
  /** Per task: the scores of the n rows, 0..max. */
  cols: Uint8Array[];
  /** Per row: the index of the pupil in the Dataset's PupilColumns (identity for hand-made matrices). */
  pupil: Uint32Array;
}

/** The present pupils of a dataset (absent = 1 dropped); the columns are copied, not shared. */
export function scoreMatrixOf(ds: Dataset): ScoreMatrix {
  const p = ds.pupils;
  const k = p.scores.length;
  let n = 0;
  for (let i = 0; i < p.n; i++) if (!p.absent[i]) n++;
  const pupil = new Uint32Array(n);
  for (let i = 0, r = 0; i < p.n; i++) if (!p.absent[i]) pupil[r++] = i;
  const cols: Uint8Array[] = [];
  for (let t = 0; t < k; t++) {
    const src = p.scores[t];
    const col = new Uint8Array(n);
    for (let r = 0; r < n; r++) col[r] = src[pupil[r]];
    cols.push(col);
  }
  const tasks = ds.meta.procedure.tasks;
  const ids = Array.from({ length: k }, (_, t) => tasks[t]?.id ?? String(t + 1));
  const max = Array.from({ length: k }, (_, t) => {
    const m = tasks[t]?.max;
    if (m !== undefined) return m;
    let obs = 0;
    for (let r = 0; r < n; r++) if (cols[t][r] > obs) obs = cols[t][r];
    return obs;
  });
  return { n, k, ids, max, cols, pupil };
}

/**
 * A matrix from rows (tests, CSV fixtures). `max` defaults to the observed column maxima,
 * `ids` to `1..k`.
 */
export function scoreMatrixFromRows(
  rows: readonly (readonly number[])[],
  max?: number[],
  ids?: string[],
): ScoreMatrix {
  const n = rows.length;
  const k = n > 0 ? rows[0].length : (max?.length ?? 0);
  const cols: Uint8Array[] = [];
  for (let t = 0; t < k; t++) {
    const col = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const v = rows[r][t];
      if (!Number.isInteger(v) || v < 0 || v > 255) throw new RangeError(`score ${v} at row ${r}, task ${t}`);
      col[r] = v;
    }
    cols.push(col);
  }
  const obsMax = cols.map((c) => c.reduce((a, b) => (b > a ? b : a), 0));
  const pupil = new Uint32Array(n);
  for (let r = 0; r < n; r++) pupil[r] = r;
  return {
    n,
    k,
    ids: ids ?? Array.from({ length: k }, (_, t) => String(t + 1)),
    max: max ?? obsMax,
    cols,
    pupil,
  };
}

/** Total score per row. */
export function totals(m: ScoreMatrix): Uint16Array {
  const r = new Uint16Array(m.n);
  for (const col of m.cols) for (let i = 0; i < m.n; i++) r[i] += col[i];
  return r;
}
