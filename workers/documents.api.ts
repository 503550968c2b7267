// The documents API, free of transport: Node tests call it directly, the engine worker
// (engine.worker.ts) exposes it. It takes the dataset and its analysis from the shared cache (and
// the cohort's earlier procedure, for the official signs), builds the document model and writes the bytes; the
// page receives finished files (transferred) or, for the print view and the roadmap editor, plain data.
// The handlers live in workers/documents/, one module per document family; one guard wraps them all.
import { AnalysisCancelledError, analyzeProcedure } from '../src/domain/report';
import { AnalysisCache } from './analysis-cache';
import { failureOf, guard, type Failure } from './outcome';
import { documentsCore } from './documents/shared';
import { spravkaHandlers } from './documents/spravka';
import { roadmapHandlers } from './documents/roadmap';
import { municipalHandlers } from './documents/municipal';
import { templateHandlers } from './documents/templates';
import type { DocumentsDeps } from './documents/types';

export type * from './documents/types';
export type { Outcome } from './outcome';
export { PEOPLE_KEY, observationKey, municipalPlanKey, roadmapKey, safeFileName } from './documents/shared';

export function toFailure(e: unknown): Failure {
  // A cancelled analysis is the user's doing, not a fault.
  if (e instanceof AnalysisCancelledError) return { kind: 'input', message: e.message };
  return failureOf(e, 'Не удалось составить документ');
}

/** The shared analysis cache over the documents' own deps (Node tests; the engine worker passes its own). */
export function documentsCache(deps: DocumentsDeps): AnalysisCache {
  return new AnalysisCache({
    loadDataset: (key) => deps.loadDataset(key),
    versionOf: async (key) => (await deps.listProcedures()).find((p) => p.key === key)?.updatedAt,
    analyzeProcedure,
  });
}

export function createDocumentsApi(deps: DocumentsDeps, cache = documentsCache(deps)) {
  const core = documentsCore(deps, cache);
  const municipal = municipalHandlers(core);
  return {
    ...guard(
      {
        ...spravkaHandlers(core),
        ...roadmapHandlers(core),
        ...municipal.handlers,
        ...templateHandlers(core),
      },
      toFailure,
    ),
    /** Drop the held analyses (the procedures changed). */
    forget(): void {
      core.forget();
      municipal.forget();
    },
  };
}

export type DocumentsApi = ReturnType<typeof createDocumentsApi>;
