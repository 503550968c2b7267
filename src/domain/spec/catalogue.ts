// Built-in official scales (and task lists where we have them). The data lives in catalogue.json;
// every entry names its source. Matching a file to an entry is in catalogue-match.ts.
import type { MarkScale, ProcedureSpec, TaskSpec } from '../model';
import data from './catalogue.json';

export interface CatalogueEntry {
  kind: string;
  subject: string;
  grade: number;
  year: number;
  /** Maximum primary score; null when the source gives only the cut-offs. */
  maxScore: number | null;
  /** The four ranges of marks 2..5 (when the source prints them with the maximum). */
  scale?: MarkScale | null;
  /** Lowest primary score for «3», «4», «5» (when the source gives cut-offs without the maximum). */
  from?: [number, number, number];
  /** A variant of the work held the same year (e.g. «по образцу 8 класса»). */
  profile?: string;
  /** Number of tasks, when known without the task list. */
  taskCount?: number;
  tasks?: TaskSpec[];
  /** Where the numbers come from (document, repository, assumption). */
  source?: string;
}

export const CATALOGUE: readonly CatalogueEntry[] = data as CatalogueEntry[];

type ProcedureKey = Pick<ProcedureSpec, 'kind' | 'subject' | 'grade' | 'year'>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Entries for exactly this kind, subject, grade and year (no guessing across years). */
export function findCatalogueEntries(
  p: ProcedureKey,
  catalogue: readonly CatalogueEntry[],
): CatalogueEntry[] {
  return catalogue.filter(
    (e) => same(e.kind, p.kind) && same(e.subject, p.subject) && e.grade === p.grade && e.year === p.year,
  );
}

/** Entries of this kind, subject and grade, any year. */
export function findWorkEntries(
  p: Omit<ProcedureKey, 'year'>,
  catalogue: readonly CatalogueEntry[],
): CatalogueEntry[] {
  return catalogue.filter((e) => same(e.kind, p.kind) && same(e.subject, p.subject) && e.grade === p.grade);
}
