// Russian number and date formatting for documents. The same rules as the analysis screens
// (src/ui/analysis/format.ts): Intl ru-RU, decimal comma, at most one decimal; percentages with a
// no-break space before «%»; correlations with two decimals. Kept here so that the domain layer does
// not import UI code; tests/unit/documents.test.ts checks both agree.
const oneDecimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

export const NONE = '—';
export const NBSP = '\u00a0';

const ok = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

export function num(x: number | null | undefined): string {
  return ok(x) ? oneDecimal.format(x) : NONE;
}

export function pct(x: number | null | undefined): string {
  return ok(x) ? `${oneDecimal.format(x)}${NBSP}%` : NONE;
}

export function coef(x: number | null | undefined): string {
  return ok(x) ? twoDecimals.format(x) : NONE;
}

export function int(x: number | null | undefined): string {
  return ok(x) ? String(Math.round(x)) : NONE;
}

/** Percentage points: «3,2 п. п.» (absolute value; the sentence says «выше»/«ниже»). */
export function pp(x: number): string {
  return `${oneDecimal.format(Math.abs(x))}${NBSP}п.${NBSP}п.`;
}

/** `a` as a percentage of `b`, or null for an empty base. */
export function share(a: number, b: number): number | null {
  return b > 0 ? (100 * a) / b : null;
}

/** ISO `YYYY-MM-DD` → `DD.MM.YYYY`. */
export function dateRu(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Russian plural: plural(5, ['ученик', 'ученика', 'учеников']) → 'учеников'. */
export function plural(n: number, forms: [string, string, string]): string {
  const n10 = n % 10;
  const n100 = n % 100;
  if (n10 === 1 && n100 !== 11) return forms[0];
  if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return forms[1];
  return forms[2];
}

/**
 * Compares a figure with a reference, rounding both as printed first so that the words never
 * contradict the numbers («на 0 п. п. выше» cannot happen): «на 3,2 п. п. выше, чем …», «на уровне …».
 */
export function compareWords(
  value: number,
  ref: number,
  unit: 'pp' | 'points',
): { words: string; diff: number } {
  const r = (x: number) => Math.round(x * 10) / 10;
  const diff = r(r(value) - r(ref));
  if (diff === 0) return { words: 'на уровне', diff };
  const amount = unit === 'pp' ? pp(diff) : `${oneDecimal.format(Math.abs(diff))}`;
  return { words: `на ${amount} ${diff > 0 ? 'выше' : 'ниже'}`, diff };
}
