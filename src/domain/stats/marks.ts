// Score → mark. src/domain/spec/scale.ts has markOf with the same rule; this copy keeps the
// statistics independent of the spec module (they were written concurrently) and adds the
// lookup table the engine uses per pupil.
import type { MarkScale } from '../model.ts';

export type Mark = 2 | 3 | 4 | 5;

/** The mark whose range holds the score, searched from «5» down (an overlap gives the higher mark); 0 = none. */
export function markFor(score: number, scale: MarkScale | null | undefined): Mark | 0 {
  if (!scale) return 0;
  for (let i = Math.min(scale.length, 4) - 1; i >= 0; i--) {
    const [lo, hi] = scale[i];
    if (score >= lo && score <= hi) return (i + 2) as Mark;
  }
  return 0;
}

/** markFor for every primary score 0..maxScore; all zeros without a scale. */
export function markTable(scale: MarkScale | null | undefined, maxScore: number): Uint8Array {
  const t = new Uint8Array(maxScore + 1);
  for (let s = 0; s <= maxScore; s++) t[s] = markFor(s, scale);
  return t;
}
