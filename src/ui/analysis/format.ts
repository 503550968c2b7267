// Russian number formatting for the analysis screens: decimal commas, at most one decimal.
// The exact, unrounded numbers stay in data-value attributes and in the exported JSON.
const oneDecimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

/** `—` for a value the report leaves undefined (null) or does not carry. */
export const NONE = '—';

export function num(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? NONE : oneDecimal.format(x);
}

/** A percentage already in 0..100 (the report's unit), with a no-break space before «%». */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? NONE : `${oneDecimal.format(x)}\u00a0%`;
}

/** Correlations: two decimals read better than one (0,52 rather than 0,5). */
export function coef(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? NONE : twoDecimals.format(x);
}

/** `a` as a percentage of `b`, or null for an empty base. */
export function share(a: number, b: number): number | null {
  return b > 0 ? (100 * a) / b : null;
}

/** A Russian-safe file name: keeps Cyrillic, drops characters Windows and macOS refuse. */
export function fileName(base: string, ext: string): string {
  const clean = [...base]
    .map((ch) => (ch.charCodeAt(0) < 32 ? ' ' : ch))
    .join('')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150);
  return `${clean || 'ОКО-отчёт'}.${ext}`;
}
