// The demo's re-check (перепроверка): a commission re-scores about 10 % of each school's written works
// (at least 3). It gives each work the score it deserves, with small honest disagreement: now and then
// ±1 on a task worth 2 points or more. Where the school marked leniently the deserved score is lower.
import { CellCode, procedureId, type Dataset } from '../model.ts';
import { fnv1a, mulberry32, pseudoHash } from './prng.ts';

/** Share of each school's written works re-checked, and the least number. */
export const RECHECK_SHARE = 0.1;
export const RECHECK_MIN = 3;
/** Chance that the commission reads a multi-point task one point differently (either way). */
const DISAGREE = 0.12;

/**
 * The re-check of `ds` as a dataset in the protocol's layout (same schools, tasks and participant
 * codes, rows in the protocol's order). `deserved[task][pupil]` is the score each work deserves.
 */
export function demoRecheck(seed: number, ds: Dataset, deserved: Uint8Array[]): Dataset {
  const id = procedureId(ds.meta.procedure);
  const rng = mulberry32(fnv1a(`recheck:${id}`, seed));
  const p = ds.pupils;
  const tasks = ds.meta.procedure.tasks;

  const bySchool = new Map<number, number[]>();
  for (let i = 0; i < p.n; i++) {
    if (p.absent[i]) continue; // only written works can be re-checked
    const list = bySchool.get(p.school[i]);
    if (list) list.push(i);
    else bySchool.set(p.school[i], [i]);
  }
  const picked: number[] = [];
  for (const works of bySchool.values()) {
    const k = Math.min(works.length, Math.max(RECHECK_MIN, Math.round(RECHECK_SHARE * works.length)));
    // Partial Fisher–Yates: the first k of a seeded shuffle.
    const pool = [...works];
    for (let j = 0; j < k; j++) {
      const r = j + Math.floor(rng.next() * (pool.length - j));
      [pool[j], pool[r]] = [pool[r], pool[j]];
    }
    picked.push(...pool.slice(0, k));
  }
  picked.sort((a, b) => a - b);

  const n = picked.length;
  const scores = tasks.map(() => new Uint8Array(n));
  const codes = tasks.map(() => new Uint8Array(n));
  picked.forEach((i, j) => {
    tasks.forEach((t, k) => {
      let s = deserved[k][i];
      if (t.max >= 2 && rng.chance(DISAGREE)) {
        const d = rng.chance(0.5) ? 1 : -1;
        if (s + d >= 0 && s + d <= t.max) s += d;
      }
      scores[k][j] = s;
      // An unchanged «X» (no answer) stays «X».
      const x = s === 0 && p.scores[k][i] === 0 && p.codes[k][i] === CellCode.X;
      codes[k][j] = x ? CellCode.X : CellCode.NUMBER;
    });
  });
  const pick = <A extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: A, out: A): A => {
    picked.forEach((i, j) => (out[j] = a[i]));
    return out;
  };
  const spec = ds.meta.procedure;
  return {
    meta: {
      ...ds.meta,
      file: `Демонстрационные данные: перепроверка ВПР ${spec.year} ${spec.subject} ${spec.grade} класс`,
      sheet: 'Перепроверка',
      rows: n,
      warnings: [],
      fileHash: pseudoHash(`demo-recheck:${seed}:${id}`),
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(picked, (_, j) => j + 2), // row 1 is the header
      code: picked.map((i) => p.code[i]),
      school: pick(p.school, new Uint32Array(n)),
      classIdx: pick(p.classIdx, new Int32Array(n)),
      absent: new Uint8Array(n),
      variant: pick(p.variant, new Uint16Array(n)),
      journal: pick(p.journal, new Uint8Array(n)),
      sex: pick(p.sex, new Uint8Array(n)),
      scores,
      codes,
    },
  };
}
