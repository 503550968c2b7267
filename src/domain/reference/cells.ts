// Cell reading shared by all layouts: ФИС ОКО files hold numbers as numbers, as text with decimal
// commas and no-break spaces (`1 722 202`, `5,06`), or as text with a `%`.

export type Cell = string | number | boolean | null | undefined;

/** Trimmed text with whitespace runs (no-break spaces included) collapsed. */
export function cellText(cell: Cell): string {
  return cell == null ? '' : String(cell).replace(/\s+/g, ' ').trim();
}

/** Lower-case, `ё`→`е`, whitespace collapsed: the form header names are compared in. */
export function headerKey(cell: Cell): string {
  return cellText(cell).toLowerCase().replace(/ё/g, 'е');
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** A number from a number cell or from text (`5,06`, `1 722 202`, `44.33 %`); anything else → undefined. */
export function cellNumber(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
  if (typeof cell !== 'string') return undefined;
  const t = cell
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '')
    .replace(',', '.');
  return NUMBER.test(t) ? Number(t) : undefined;
}

export function isBlankRow(row: Cell[] | undefined): boolean {
  return !row || row.every((c) => cellText(c) === '');
}

/** Excel column letter of a 0-based index, for messages. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
