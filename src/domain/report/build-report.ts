// The whole `oko-report/v1` document from the imported datasets.
import type { Dataset } from '../model.ts';
import { analyzeProcedure, type AnalyzeOptions } from './analyze.ts';
import { giaSigns } from './gia-signs.ts';
import { isGiaProcedure } from './gia-figures.ts';
import { cohortPredecessor, cohortSigns, schoolSigns, type ReferenceGroup } from './signs.ts';
import type { OkoReport, ProcedureReport, SignEntry } from './types.ts';

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
  return reportOf(datasets, procedures, opts);
}

/** The document from procedures already analysed (`procedures[k]` is the analysis of `datasets[k]`). */
export function reportOf(
  datasets: Dataset[],
  procedures: ProcedureReport[],
  opts: BuildReportOptions = {},
): OkoReport {
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
    signs: officialSigns(procedures, opts.reference),
  };
}

/** Rosobrnadzor's signs of every school: per procedure, then the cohort pairs among them. */
export function officialSigns(procedures: ProcedureReport[], reference?: ReferenceGroup): SignEntry[] {
  const signs = procedures.flatMap((p) =>
    isGiaProcedure(p) ? giaSigns(schoolSigns(p, reference), p) : schoolSigns(p, reference),
  );
  for (const later of procedures) {
    const earlier = cohortPredecessor(later, procedures);
    if (earlier) signs.push(...cohortSigns(earlier, later));
  }
  return signs;
}

/**
 * What officialSigns reads of a report, and only that: the header and the level-all, municipality
 * and school units without their task tables. Small enough to keep for every procedure analysed.
 */
export function officialBasis(p: ProcedureReport): ProcedureReport {
  return {
    ...p,
    units: p.units
      .filter((u) => u.level === 'all' || u.level === 'municipality' || u.level === 'school')
      .map(({ tasks: _tasks, deficits: _deficits, histogram: _histogram, ...u }) => u),
  };
}
