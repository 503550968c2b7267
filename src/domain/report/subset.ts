// A dataset restricted to some of its pupil rows (the same schools, classes and tasks): the
// analysis of one school's pupils only (the справка's dynamics over other years) and of pupils with
// or without an adapted programme (АООП). Pure; the kept rows are copied, the meta is shared.
import type { Dataset, PupilColumns } from '../model.ts';

function pick<T extends Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array>(
  a: T,
  rows: number[],
): T {
  const out = new (a.constructor as new (n: number) => T)(rows.length);
  rows.forEach((r, i) => (out[i] = a[r]));
  return out;
}

/** The pupils whose row index passes `keep`, in their order. */
export function subsetDataset(ds: Dataset, keep: (row: number) => boolean): Dataset {
  const p = ds.pupils;
  const rows: number[] = [];
  for (let i = 0; i < p.n; i++) if (keep(i)) rows.push(i);
  const pupils: PupilColumns = {
    n: rows.length,
    sourceRow: pick(p.sourceRow, rows),
    code: rows.map((r) => p.code[r]),
    school: pick(p.school, rows),
    classIdx: pick(p.classIdx, rows),
    absent: pick(p.absent, rows),
    variant: pick(p.variant, rows),
    journal: pick(p.journal, rows),
    sex: pick(p.sex, rows),
    scores: p.scores.map((s) => pick(s, rows)),
    codes: p.codes.map((s) => pick(s, rows)),
    ...(p.official && {
      official: {
        primary: pick(p.official.primary, rows),
        mark: pick(p.official.mark, rows),
        test: pick(p.official.test, rows),
      },
    }),
  };
  return { meta: ds.meta, pupils };
}

/** Only the pupils of the schools with these logins. */
export function schoolsSubset(ds: Dataset, logins: ReadonlySet<string>): Dataset {
  const idx = new Set<number>();
  ds.meta.schools.forEach((s, k) => logins.has(s.login) && idx.add(k));
  return subsetDataset(ds, (i) => idx.has(ds.pupils.school[i]));
}
