// Built-in procedures offered when a file's maxima had to be guessed from its scores.
// The one place that knows the shape of domain/spec's catalogue.
import { CATALOGUE, type CatalogueEntry } from '../../domain/spec/index.ts';

export interface CatalogueOption {
  id: string;
  label: string;
  entry: CatalogueEntry;
}

export function catalogueOptions(): CatalogueOption[] {
  return CATALOGUE.map((e, i) => ({
    id: String(i),
    label:
      `${e.kind} ${e.year}, ${e.subject}, ${e.grade} класс` +
      (e.profile ? ` (${e.profile})` : '') +
      (e.maxScore === null ? ' (только границы отметок)' : ` (макс. ${e.maxScore})`),
    entry: e,
  }));
}
