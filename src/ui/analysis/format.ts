// Russian number formatting for the analysis screens: decimal commas, a fixed number of decimals
// (48,1 % next to 33,0 %, never 33 %), thousands grouped with a no-break space (23 706).
// The same rules as the documents (src/domain/documents/format.ts; tests/unit/documents.test.ts
// checks they agree). The exact, unrounded numbers stay in data-value attributes and in the JSON.
const oneDecimal = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** `—` for a value the report leaves undefined (null) or does not carry. */
export const NONE = '—';

const ok = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** A measured value (a percentage without the sign, a mean score, a mean mark): one decimal. */
export function num(x: number | null | undefined): string {
  return ok(x) ? oneDecimal.format(x) : NONE;
}

/** A percentage already in 0..100 (the report's unit), with a no-break space before «%». */
export function pct(x: number | null | undefined): string {
  return ok(x) ? `${oneDecimal.format(x)}\u00a0%` : NONE;
}

/** A count (pupils, schools, a pupil's primary score): whole, thousands grouped. */
export function int(x: number | null | undefined): string {
  return ok(x) ? integer.format(x) : NONE;
}

/** Correlations: two decimals read better than one (0,52 rather than 0,5). */
export function coef(x: number | null | undefined): string {
  return ok(x) ? twoDecimals.format(x) : NONE;
}

// The same rounding as oneDecimal, with a point and no grouping so that Number() reads it back.
const plain = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  useGrouping: false,
});

/**
 * The value as printed by num/pct, back as a number (Intl's own rounding: 0,15 prints 0,2, where
 * toFixed says 0.1): a change is computed from what the reader sees, so 90,7 → 90,0 is −0,7.
 */
export function shown(x: number): number {
  return Number(plain.format(x));
}

/** The change b − a between two printed values (not the unrounded ones), itself one decimal. */
export function delta(a: number, b: number): number {
  return shown(shown(b) - shown(a));
}

/** A change with its sign: «+3,2», «−0,7», «±0,0». */
export function signed(d: number): string {
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${oneDecimal.format(Math.abs(d))}`;
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
    .replace(/\s+([).,])/g, '$1')
    .replace(/([(])\s+/g, '$1')
    .trim()
    .slice(0, 150);
  return `${clean || 'ОКО-отчёт'}.${ext}`;
}
