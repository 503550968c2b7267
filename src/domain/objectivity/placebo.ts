// Placebo calibration on real data (issue #15, point 4): each signal family is run where nothing can
// be planted, so every flag it raises there is a false one. A family whose null is right flags about
// its nominal share (α = .05 per test, BH across schools: far fewer schools) in its placebo.
//   distribution: bunching tested at placebo cut-offs — scores at least 3 points from every real cut;
//   pattern: pupils shuffled between the classes of the same school (a class keeps its size);
//   external (journal): journal marks shuffled between the pupils of the same school.
// The shuffles keep everything the school-level model uses (school sizes, score histograms, journal
// mark shares), so what a signal finds after them is the model's misfit on real data, not a plant.
import { mulberry32, type Rng } from '../demo/prng.ts';
import type { Dataset } from '../model.ts';
import { bunchingSignals } from './bunching.ts';
import { viewOf, type ProcView } from './data.ts';
import { fitRegionPcm } from './region-pcm.ts';
import type { Signal, SignalFamily } from './types.ts';

/** Fisher–Yates shuffle of `xs` in place. */
function shuffle<T>(rng: Rng, xs: T[]): void {
  for (let k = xs.length - 1; k > 0; k--) {
    const r = rng.int(0, k);
    [xs[k], xs[r]] = [xs[r], xs[k]];
  }
}

/** Pupil rows of the dataset grouped by school index (present and absent alike). */
function rowsBySchool(ds: Dataset, keep: (i: number) => boolean): number[][] {
  const by = new Map<number, number[]>();
  for (let i = 0; i < ds.pupils.n; i++) {
    if (!keep(i)) continue;
    const s = ds.pupils.school[i];
    (by.get(s) ?? by.set(s, []).get(s)!).push(i);
  }
  return [...by.values()];
}

/** The dataset with one pupil column permuted within each school (the rows that `keep` selects). */
function permuteWithinSchool<T extends Uint8Array | Int32Array>(
  ds: Dataset,
  column: T,
  keep: (i: number) => boolean,
  seed: number,
): T {
  const rng = mulberry32(seed);
  const out = column.slice() as T;
  for (const rows of rowsBySchool(ds, keep)) {
    const values = rows.map((i) => column[i]);
    shuffle(rng, values);
    rows.forEach((i, k) => (out[i] = values[k]));
  }
  return out;
}

/** Pupils shuffled between the classes of their school (pupils without a class stay without one). */
export function shuffleClasses(ds: Dataset, seed: number): Dataset {
  const classIdx = permuteWithinSchool(ds, ds.pupils.classIdx, (i) => ds.pupils.classIdx[i] >= 0, seed);
  return { ...ds, pupils: { ...ds.pupils, classIdx } };
}

/** Journal marks shuffled between the present pupils of their school who have one. */
export function shuffleJournal(ds: Dataset, seed: number): Dataset {
  const j = ds.pupils.journal;
  const journal = permuteWithinSchool(ds, j, (i) => !ds.pupils.absent[i] && j[i] >= 2 && j[i] <= 5, seed);
  return { ...ds, pupils: { ...ds.pupils, journal } };
}

/**
 * Placebo cut-offs: scores 3..max−2 at least `gap` points from every real cut (the bunching window
 * reaches 2 points below a cut), spread over the range — at most `count`, evenly spaced among the
 * candidates.
 */
export function placeboCuts(v: ProcView, gap = 3, count = 3): number[] {
  const real = v.cuts.map((c) => c.score);
  const cand: number[] = [];
  for (let s = 3; s <= v.maxScore - 2; s++) if (real.every((c) => Math.abs(s - c) >= gap)) cand.push(s);
  if (cand.length <= count) return cand;
  return Array.from({ length: count }, (_, k) => cand[Math.round(((k + 0.5) * cand.length) / count - 0.5)]);
}

/** Bunching signals of the procedure at each placebo cut-off, one cut at a time. */
export function placeboBunching(ds: Dataset, seed = 1): { cut: number; signals: Signal[] }[] {
  const v = viewOf(ds);
  const pcm = fitRegionPcm(v);
  return placeboCuts(v).map((cut) => ({
    cut,
    signals: bunchingSignals({ ...v, cuts: [{ mark: 3, score: cut }] }, { seed, regionBoot: 0, pcm }).signals,
  }));
}

/** Share of the schools (of `schools`) with a flagged signal of the family among `signals`. */
export function flaggedShare(signals: readonly Signal[], family: SignalFamily, schools: number): number {
  const hit = new Set(signals.filter((s) => s.family === family && s.flagged).map((s) => s.school));
  return schools > 0 ? hit.size / schools : NaN;
}
