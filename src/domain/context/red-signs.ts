// Schools with a red objectivity sign, for the partner choice: a resource (partner) school must have
// objective results. The objectivity screen computes its report per kind and subject (cohort signals
// need pairs of grades and years); here every kind and subject of the stored works is computed the
// same way (same options, same seed, same context table and re-checks), and a school red in any of
// them is red. Pure.
import type { Dataset } from '../model.ts';
import { procedureId } from '../model.ts';
import { objectivityReport, type ContextTable } from '../objectivity/index.ts';

export interface RedSignsInput {
  datasets: Dataset[];
  /** The context table the objectivity screen uses (settings `schoolContext`), if any. */
  context?: ContextTable;
  /** Re-checks by procedure id (`ВПР-2021-Математика-5`). */
  rechecks?: Map<string, Dataset>;
}

/** Logins red in the objectivity report of some kind and subject, with the works they come from. */
export function redSignSchools(input: RedSignsInput): Map<string, string[]> {
  const groups = new Map<string, Dataset[]>();
  for (const ds of input.datasets) {
    const p = ds.meta.procedure;
    const key = `${p.kind} ${p.subject}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(ds);
  }
  const red = new Map<string, string[]>();
  for (const [key, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0], 'ru'))) {
    // The order the objectivity API loads its works in: by year, then grade.
    const works = [...list].sort(
      (a, b) =>
        a.meta.procedure.year - b.meta.procedure.year || a.meta.procedure.grade - b.meta.procedure.grade,
    );
    const rechecks = works
      .map((ds) => input.rechecks?.get(procedureId(ds.meta.procedure)))
      .filter((d): d is Dataset => d !== undefined);
    const report = objectivityReport(works, { rechecks, context: input.context, seed: 1 });
    for (const s of report.schools)
      if (s.level === 'red') (red.get(s.id) ?? red.set(s.id, []).get(s.id)!).push(key);
  }
  return red;
}
