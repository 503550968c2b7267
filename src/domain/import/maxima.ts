// Task maxima observed in the data, for numbered-only layouts without a spec.
import { CellCode } from '../model';
import { MAX_TASK_SCORE } from '../spec/task-header';

/** A value counts only if at least this share of present pupils has it … */
export const OBSERVED_MIN_PUPIL_SHARE = 0.0005;
/** … and at least this share of the schools with present pupils (one school may type a whole column on a wrong scale). */
export const OBSERVED_MIN_SCHOOL_SHARE = 0.02;

/**
 * The largest value of a task column that passes both shares; with no value passing, the
 * largest value seen (a tiny file), and 1 for a column without numbers.
 */
export function observedMax(
  cls: Uint8Array,
  val: Uint16Array,
  n: number,
  absent: Uint8Array,
  school: Uint32Array,
  schoolCount: number,
): number {
  let present = 0;
  const presentSchools = new Uint8Array(schoolCount);
  for (let i = 0; i < n; i++)
    if (!absent[i]) {
      present++;
      presentSchools[school[i]] = 1;
    }
  let schools = 0;
  for (let s = 0; s < schoolCount; s++) schools += presentSchools[s];

  // Values are small integers: per value a pupil count and a school bitmap (no per-cell objects).
  const pupilsWith = new Map<number, number>();
  const schoolsWith = new Map<number, Uint8Array>();
  for (let i = 0; i < n; i++) {
    if (absent[i] || cls[i] !== CellCode.NUMBER) continue;
    const v = val[i];
    pupilsWith.set(v, (pupilsWith.get(v) ?? 0) + 1);
    let seenIn = schoolsWith.get(v);
    if (!seenIn) schoolsWith.set(v, (seenIn = new Uint8Array(schoolCount)));
    seenIn[school[i]] = 1;
  }
  let max = -1;
  let seen = -1;
  for (const [v, count] of pupilsWith) {
    seen = Math.max(seen, v);
    let inSchools = 0;
    for (const x of schoolsWith.get(v)!) inSchools += x;
    if (count >= OBSERVED_MIN_PUPIL_SHARE * present && inSchools >= OBSERVED_MIN_SCHOOL_SHARE * schools)
      max = Math.max(max, v);
  }
  // Scores are stored in bytes; no real task is worth more than MAX_TASK_SCORE.
  return Math.min(MAX_TASK_SCORE, max > 0 ? max : seen > 0 ? seen : 1);
}
