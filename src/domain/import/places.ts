// Municipalities and schools as the layouts spell them.
import type { LayoutId, MunicipalityInfo } from '../model';
import { cellText } from './cells';

/** ФИС ОКО cells `reg22_m019 | Красногорский муниципальный район`, `edu223379 | МКОУ …`. */
export function splitCodeName(v: unknown): { code: string; name: string } {
  const s = cellText(v);
  const bar = s.indexOf('|');
  if (bar < 0) return { code: '', name: s };
  return { code: s.slice(0, bar).trim(), name: s.slice(bar + 1).trim() };
}

/**
 * The municipality of a school row.
 * - fisoko-protocol: `Муниципалитет` = "code | name".
 * - region-2021: `регион` holds the municipality name only; its id is the name itself
 *   (spaces collapsed), since the file has no code.
 * - region-2020: the `groups` list holds a token `reg22_vpr_m004`; the id is written as
 *   `reg22_m004`, the ФИС ОКО spelling, so that it matches other files; the name is unknown
 *   and repeats the id.
 */
export function municipalityOf(v: unknown, layout: LayoutId): MunicipalityInfo | null {
  if (layout === 'region-2020') {
    const m = /\breg(\d+)_vpr_m(\d+)\b/.exec(cellText(v));
    if (!m) return null;
    const id = `reg${m[1]}_m${m[2]}`;
    return { id, name: id };
  }
  const { code, name } = splitCodeName(v);
  const clean = name.replace(/\s+/g, ' ');
  if (code) return { id: code, name: clean || code };
  return clean ? { id: clean, name: clean } : null;
}
