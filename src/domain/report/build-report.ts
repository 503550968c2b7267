// The whole `oko-report/v1` document from the imported datasets.
import type { Dataset } from '../model.ts';
import { analyzeProcedure, type AnalyzeOptions } from './analyze.ts';
import { giaSigns } from './gia-signs.ts';
import { isGiaProcedure } from './gia-figures.ts';
import { cohortPredecessor, cohortSigns, schoolSigns, type ReferenceGroup } from './signs.ts';
import type { OkoReport, ProcedureReport } from './types.ts';

export interface BuildReportOptions extends AnalyzeOptions {
  /** ISO time stamp; now by default (pass one for reproducible output). */
  generatedAt?: string;
  /** Reference group of inflated-mean; `all` by default. */
  reference?: ReferenceGroup;
}

export function buildReport(datasets: Dataset[], opts: BuildReportOptions = {}): OkoReport {
  const procedures: ProcedureReport[] = datasets.map((ds, k) =>
    analyzeProcedure(ds, {
      isCancelled: opts.isCancelled,
      onProgress: opts.onProgress && ((f, stage) => opts.onProgress!((k + f) / datasets.length, stage)),
    }),
  );
  const signs = procedures.flatMap((p) =>
    isGiaProcedure(p) ? giaSigns(schoolSigns(p, opts.reference), p) : schoolSigns(p, opts.reference),
  );
  for (const later of procedures) {
    const earlier = cohortPredecessor(later, procedures);
    if (earlier) signs.push(...cohortSigns(earlier, later));
  }
  return {
    format: 'oko-report/v1',
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
    warnings: datasets.flatMap((ds) =>
      ds.meta.warnings.map((w) => ({
        file: w.file,
        sheet: w.sheet,
        row: w.row,
        column: w.column,
        message: w.message,
      })),
    ),
    procedures,
    signs,
  };
}
