// Official ГИА scales by year: ОГЭ primary score → mark, ЕГЭ primary → test score and the minimum
// test score. The data lives in gia-catalogue.json, each entry with its source document. Scales
// change by year: an entry serves its own year only, never another one. No ЕГЭ primary → test
// scale is held: none was found in an official text (the protocol's «Тестовый балл» is official).
import type { MarkScale } from '../model';
import data from './gia-catalogue.json';

export interface GiaCatalogueEntry {
  kind: string;
  subject: string;
  /** Other spellings of the subject in protocols («Информатика и ИКТ»). */
  aliases?: string[];
  year: number;
  /** Maximum primary score, where the document gives it (a scale is used only for that maximum). */
  maxScore?: number;
  /** ОГЭ (and ЕГЭ базовый уровень): primary-score ranges of the marks 2..5. */
  scale?: MarkScale | null;
  /** ЕГЭ: test score by primary score (index = primary score). */
  testScale?: number[] | null;
  /** ЕГЭ: minimum test score. */
  minimum?: number | null;
  /** Document the numbers come from (issuer, title, date). */
  source: string;
  /** What the numbers were checked against (the text consulted, its date and the values copied). */
  check?: string;
  /** The numbers were not checked against the document's text: the import warns when it uses them. */
  unsourced?: boolean;
}

export const GIA_CATALOGUE: readonly GiaCatalogueEntry[] = data as GiaCatalogueEntry[];

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The entry of exactly this kind, subject and year (no guessing across years). */
export function findGiaEntry(
  p: { kind: string; subject: string; year: number },
  catalogue: readonly GiaCatalogueEntry[],
): GiaCatalogueEntry | undefined {
  return catalogue.find(
    (e) =>
      e.kind.toUpperCase() === p.kind.toUpperCase() &&
      e.year === p.year &&
      [e.subject, ...(e.aliases ?? [])].some((s) => key(s) === key(p.subject)),
  );
}
