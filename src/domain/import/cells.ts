// Cell rules of the spec («Definitions the numbers must follow»): task cells, variant, journal, sex.
import { CellCode } from '../model';

/**
 * First-pass classes of a task cell. The CellCode values, plus three invalid kinds whose warning
 * is written at once (they do not depend on the task maximum); all three end as CellCode.INVALID.
 */
export const RAW_NEGATIVE = 7;
export const RAW_FRACTIONAL = 8;
export const RAW_TEXT = 9;

/** Values are kept in a Uint16Array; anything this large is above any maximum anyway. */
const VALUE_CAP = 65535;

/**
 * A task cell → `value * 16 + class` (packed to avoid an object per cell: files have millions).
 * The class is a CellCode or one of RAW_*; the value is meaningful for CellCode.NUMBER only.
 */
export function classifyTaskCell(v: unknown): number {
  if (v === undefined || v === null) return CellCode.EMPTY;
  if (typeof v === 'number') return classifyNumber(v);
  if (typeof v !== 'string') return RAW_TEXT;
  // Fast path: most cells are one digit.
  if (v.length === 1) {
    const c = v.charCodeAt(0);
    if (c >= 48 && c <= 57) return (c - 48) * 16;
  }
  const s = v.trim(); // String.prototype.trim also strips U+00A0 and U+FEFF
  switch (s) {
    case '':
      return CellCode.EMPTY;
    case 'X':
    case 'x':
    case 'Х':
    case 'х':
      return CellCode.X;
    case 'Н':
    case 'н':
    case 'H':
    case 'h':
      return CellCode.N;
    case '-':
      return CellCode.DASH;
  }
  if (/^\d+$/.test(s)) return classifyNumber(Number(s));
  if (/^не\s*пройд\.?$/i.test(s)) return CellCode.NOT_TAUGHT;
  if (/^[+-]?\d+(?:[.,]\d+)?$/.test(s)) return classifyNumber(Number(s.replace(',', '.')));
  return RAW_TEXT;
}

function classifyNumber(n: number): number {
  if (!Number.isFinite(n)) return RAW_TEXT;
  if (n < 0) return RAW_NEGATIVE;
  if (!Number.isInteger(n)) return RAW_FRACTIONAL;
  return Math.min(n, VALUE_CAP) * 16;
}

/** Text of a cell as the user sees it, trimmed (for ids, messages and labels). */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return String(v).trim();
}

/** Cell text for a message: control characters shown as `·`, at most `max` characters (a cell may hold megabytes). */
export function clipText(s: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const clean = (s.length > max ? s.slice(0, max) : s).replace(/[\u0000-\u001f\u007f-\u009f]/g, '·');
  return s.length > max ? `${clean}… (${s.length} симв.)` : clean;
}

const ABSENT = /^(?:отсутствовал|не присутствовал)/;

/** `отсутствовал` / `не присутствовал`, any case (also `Отсутствовала`). */
export function isAbsentMark(v: unknown): boolean {
  const s = cellText(v).toLowerCase().replace(/\s+/g, ' ');
  return ABSENT.test(s);
}

/** Variant number, 0 when the cell is not a positive integer. */
export function variantNumber(v: unknown): number {
  const s = cellText(v);
  return /^\d{1,4}(?:[.,]0+)?$/.test(s) ? parseInt(s, 10) : 0;
}

/** Journal mark: the cell as text must be an integer 2..5 (`4`, `4 `, `4.0`, `4\u00a0`); else 0. */
export function journalMark(v: unknown): number {
  const m = /^([2-5])(?:[.,]0+)?$/.exec(cellText(v));
  return m ? Number(m[1]) : 0;
}

/** `м`/`ж` (also `мужской`, Latin `m`/`f`) → 1/2; anything else 0. */
export function sexCode(v: unknown): number {
  const s = cellText(v).toLowerCase();
  if (s === 'м' || s === 'm' || s.startsWith('муж')) return 1;
  if (s === 'ж' || s === 'f' || s.startsWith('жен')) return 2;
  return 0;
}
