// The other years and grades of the procedure's kind and subject, for the справка's «Динамика
// результатов» (src/domain/documents/spravka-dynamics.ts). A school, parallel or class справка
// needs only its school: each other work is loaded and that school's pupils analysed alone (small,
// kept per data version). Above the school, the reduced report the official signs keep already has
// every school and municipality unit (AnalysisCache.basis): nothing is analysed twice.
import type { DocContext } from '../../src/domain/documents';
import { schoolUnitOf } from '../../src/domain/documents';
import { analyzeProcedure, type ProcedureReport, type UnitLevel } from '../../src/domain/report';
import { schoolsSubset } from '../../src/domain/report/subset';
import type { DocumentsCore } from './shared';

const KEEP = 24;
const held = new Map<string, ProcedureReport>();

export async function spravkaHistory(
  core: DocumentsCore,
  ctx: DocContext,
  procedureKey: string,
  r: { level: UnitLevel; unitId: string },
): Promise<ProcedureReport[]> {
  const P = ctx.report;
  // The same grade (the years) and the cohort's diagonal (grade and year move together; the same
  // year too, as cohortPredecessor allows): other works are never loaded.
  const others = (await core.deps.listProcedures()).filter(
    (w) =>
      w.key !== procedureKey &&
      w.kind === P.kind &&
      w.subject === P.subject &&
      (w.grade === P.grade || w.year === P.year || w.grade - P.grade === w.year - P.year),
  );
  const school =
    r.level === 'school' || r.level === 'parallel' || r.level === 'class' ? schoolUnitOf(ctx, r) : undefined;
  const out: ProcedureReport[] = [P];
  for (const w of others) {
    if (!school) {
      out.push(await core.cache.basis(w.key, () => core.deps.loadDataset(w.key)));
      continue;
    }
    const id = `${w.key}|${w.updatedAt}|${school.id}`;
    let report = held.get(id);
    if (!report) {
      report = analyzeProcedure(schoolsSubset(await core.deps.loadDataset(w.key), new Set([school.id])));
      if (held.size >= KEEP) held.delete(held.keys().next().value!);
      held.set(id, report);
    }
    out.push(report);
  }
  return out;
}
