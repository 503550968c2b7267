// The measures of the support programme for low-result schools as the user edits them on «Контекст
// школ» (settings `supportMeasures`; in backups, never in exchange packages). What is read back is
// cleaned: only text fields survive, blank measures are dropped, at most 50.
export interface SupportMeasure {
  text: string;
  term: string;
  who: string;
}

const MAX = 50;
const clean = (v: unknown, max: number) =>
  typeof v === 'string' ? v.replace(/\s+/g, ' ').trim().slice(0, max) : '';

/** The user's measures; undefined when the stored value is not a list (the defaults apply then). */
export function readSupportMeasures(v: unknown): SupportMeasure[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v
    .map((m: unknown) => {
      const x = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
      return { text: clean(x.text, 1000), term: clean(x.term, 200), who: clean(x.who, 300) };
    })
    .filter((m) => m.text !== '')
    .slice(0, MAX);
}
