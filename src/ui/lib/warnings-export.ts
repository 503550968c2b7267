// Warnings table → CSV that Russian Excel opens correctly and safely.
import type { ImportWarning } from '../../domain/model';
import { WARNING_KIND_NAMES } from './labels';

export const WARNING_COLUMNS = ['Файл', 'Лист', 'Строка', 'Столбец', 'Вид', 'Сообщение'] as const;

export function warningToRow(w: ImportWarning): (string | number)[] {
  return [w.file, w.sheet, w.row, w.column, WARNING_KIND_NAMES[w.kind] ?? w.kind, w.message];
}

/**
 * Excel and LibreOffice run a cell as a formula when it starts with one of these, so a pupil
 * file could smuggle `=HYPERLINK(...)` into a teacher's spreadsheet (CSV injection, OWASP).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Semicolon-separated (the Russian Excel default), CRLF, UTF-8 with BOM so Cyrillic opens right. */
export function warningsToCsv(warnings: readonly ImportWarning[]): string {
  const lines = [WARNING_COLUMNS.map(csvCell).join(';')];
  for (const w of warnings) lines.push(warningToRow(w).map(csvCell).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
