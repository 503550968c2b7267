// Built-in official scales (and task lists where we have them). The data lives in catalogue.json.
import type { MarkScale, ProcedureSpec, TaskSpec } from '../model';
import data from './catalogue.json';

export interface CatalogueEntry {
  kind: string;
  subject: string;
  grade: number;
  year: number;
  maxScore: number;
  scale?: MarkScale | null;
  tasks?: TaskSpec[];
  /** Where the numbers come from (document, assumption). */
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
