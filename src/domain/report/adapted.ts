// Pupils on adapted programmes (АОП/АООП; issue #14, point 6): the same analysis for the pupils
// marked in a school's local class list and for everybody else. The marks never leave the device;
// the binding figures stay those of all pupils, these are shown beside them. Pure.
import type { Dataset } from '../model.ts';
import { analyzeProcedure } from './analyze.ts';
import { subsetDataset } from './subset.ts';
import type { ProcedureReport } from './types.ts';

/** `login\tcode`: a participant code is unique only within its school. */
export const adaptedKey = (login: string, code: string): string => `${login}\t${code.trim()}`;

export interface AdaptedSplit {
  /** Every pupil except the marked ones. */
  without: ProcedureReport;
  /** The marked pupils only. */
  only: ProcedureReport;
}

/** Is row i a marked pupil? */
export function adaptedRows(ds: Dataset, marked: ReadonlySet<string>): (i: number) => boolean {
  const logins = ds.meta.schools.map((s) => s.login);
  return (i) => marked.has(adaptedKey(logins[ds.pupils.school[i]], ds.pupils.code[i]));
}

export function adaptedSplit(ds: Dataset, marked: ReadonlySet<string>): AdaptedSplit {
  const is = adaptedRows(ds, marked);
  return {
    without: analyzeProcedure(subsetDataset(ds, (i) => !is(i))),
    only: analyzeProcedure(subsetDataset(ds, is)),
  };
}
