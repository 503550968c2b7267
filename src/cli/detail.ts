// `--detail binding`: every unit keeps only the fields oko-report/v1 binds (tasks {id, completion,
// ci95}, journal {n, lower, same, higher, spearman}, no byMark/status/deficits), about half the
// text of a region's report. Stripped in place, unit by unit, so no second copy of the units exists.
import type { OkoReport, UnitReport } from '../domain/report/types.ts';

export type Detail = 'full' | 'binding';

function stripUnit(u: UnitReport): void {
  delete u.deficits;
  if (u.tasks)
    for (let k = 0; k < u.tasks.length; k++) {
      const t = u.tasks[k];
      u.tasks[k] = { id: t.id, completion: t.completion, ci95: t.ci95 } as (typeof u.tasks)[number];
    }
  if (u.journal) {
    const j = u.journal;
    u.journal = { n: j.n, lower: j.lower, same: j.same, higher: j.higher, spearman: j.spearman } as typeof j;
  }
}

export function applyDetail(report: OkoReport, detail: Detail): void {
  if (detail === 'full') return;
  for (const p of report.procedures) for (const u of p.units) stripUnit(u);
}
