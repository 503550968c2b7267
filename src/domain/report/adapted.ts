// Pupils on adapted programmes (АОП/АООП; issue #14, point 6): the same analysis for the pupils
// marked in a school's local class list and for everybody else. The marks never leave the device;
// the binding figures stay those of all pupils, these are shown beside them. Pure.
import type { Dataset } from '../model.ts';
import { analyzeProcedure } from './analyze.ts';
import { subsetDataset } from './subset.ts';
import type { ProcedureReport, UnitLevel, UnitReport } from './types.ts';

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

/** A unit's figures, as the report's unit carries them. */
export type AdaptedFiguresOf = Pick<
  UnitReport,
  'written' | 'score' | 'marks' | 'uspevaemost' | 'kachestvo' | 'sou' | 'meanMark'
>;

/** Addition to a procedure of `oko-report/v1` (docs/DATA-FORMATS.md): beside the binding figures. */
export interface AdaptedUnit {
  level: UnitLevel;
  id: string;
  /** Writers marked «АООП» in the unit. */
  marked: number;
  /** The unit without them. */
  without: AdaptedFiguresOf;
  /** Them only. */
  only: AdaptedFiguresOf;
}

const figuresOf = (u: UnitReport): AdaptedFiguresOf => ({
  written: u.written,
  ...(u.score && { score: u.score }),
  ...(u.marks && { marks: u.marks }),
  ...(u.uspevaemost !== undefined && { uspevaemost: u.uspevaemost }),
  ...(u.kachestvo !== undefined && { kachestvo: u.kachestvo }),
  ...(u.sou !== undefined && { sou: u.sou }),
  ...(u.meanMark !== undefined && { meanMark: u.meanMark }),
});

/** Every unit with a marked writer: its figures without and only the marked pupils. */
export function adaptedUnits(ds: Dataset, marked: ReadonlySet<string>): AdaptedUnit[] {
  if (marked.size === 0) return [];
  const { without, only } = adaptedSplit(ds, marked);
  const out: AdaptedUnit[] = [];
  for (const u of only.units) {
    if (u.written === 0) continue;
    const w = without.units.find((x) => x.level === u.level && x.id === u.id)!;
    out.push({ level: u.level, id: u.id, marked: u.written, without: figuresOf(w), only: figuresOf(u) });
  }
  return out;
}

export const ADAPTED_NOTE =
  'Показатели units — по всем обучающимся. Здесь для единиц, где писали обучающиеся, отмеченные в ' +
  'локальном списке класса как обучающиеся по АООП: показатели без учёта этих обучающихся (without) и ' +
  'только по ним (only); marked — их число.';

/** The procedure with its `adapted` addition (none when no writer is marked). */
export function withAdaptedUnits(
  p: ProcedureReport,
  ds: Dataset,
  marked: ReadonlySet<string>,
): ProcedureReport {
  const units = adaptedUnits(ds, marked);
  return units.length ? { ...p, adapted: { note: ADAPTED_NOTE, units } } : p;
}
