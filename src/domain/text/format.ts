// Russian number, percent, plural and date formatting: the one vocabulary of numbers shared by
// screens, workers, XLSX and DOCX. Intl ru-RU, decimal comma, a fixed one decimal for measured
// values (33,0 % next to 48,1 %), counts whole with thousands grouped by a no-break space (23 706),
// correlations with two decimals. Changes are computed from the printed values (shown/delta).
import { fiokoThreshold, type FiokoThreshold } from '../stats/fioko.ts';

const oneDecimal = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
/** The same rounding as oneDecimal, readable by Number(): the figures compared as printed. */
const plain = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  useGrouping: false,
});
/** Rule values (thresholds) as written in the rules: 57, 28,5. */
const asWritten = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

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
  return ok(x) ? integer.format(x) : NONE;
}

/** Up to one decimal, as a rule or a rounded share is written: 57, 28,5. */
export function short(x: number | null | undefined): string {
  return ok(x) ? asWritten.format(x) : NONE;
}

/**
 * A fixed number of decimals with a decimal comma, rounded as toFixed does (the statistics notes
 * were written so, and their text is kept byte for byte): fixed(0.256, 2) → «0,26», «-1,5».
 */
export function fixed(x: number, digits: number): string {
  return x.toFixed(digits).replace('.', ',');
}

/** As `fixed`, with a true minus sign and no «−0,00»: «−0,25». */
export function fixedSigned(x: number, digits = 2): string {
  const s = fixed(Math.abs(x), digits);
  return x < 0 && Number(s.replace(',', '.')) !== 0 ? `−${s}` : s;
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
  const r = (x: number) => Number(plain.format(x));
  const diff = r(r(value) - r(ref));
  if (diff === 0) return { words: 'на уровне', diff };
  const amount = unit === 'pp' ? pp(diff) : `${oneDecimal.format(Math.abs(diff))}`;
  return { words: `на ${amount} ${diff > 0 ? 'выше' : 'ниже'}`, diff };
}

const band = (t: FiokoThreshold) =>
  `${asWritten.format(t.insufficient)}–${asWritten.format(t.sufficient)}${NBSP}%`;

/**
 * The ФИОКО «на границе» band in words, from the thresholds themselves (src/domain/stats/fioko.ts):
 * «57–60 % (базовые), 28,5–30 % (повышенные)». A fixed band, not an error interval of the unit.
 */
export function fiokoBand(): string {
  return `${band(fiokoThreshold('Б'))} (базовые), ${band(fiokoThreshold('П'))} (повышенные)`;
}

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

const percent = new Intl.NumberFormat('ru-RU', { style: 'percent', maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return integer.format(n);
}

export function formatDecimal(n: number, digits = 1): string {
  return new Intl.NumberFormat('ru-RU', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n);
}

export function formatPercent(fraction: number): string {
  return percent.format(fraction);
}

/** Duration in seconds with a decimal comma, for progress messages. */
export function formatSeconds(ms: number): string {
  return `${formatDecimal(ms / 1000)} с`;
}

/** Genitive of common school subjects («учителям математики»); others keep their name quoted. */
const SUBJECT_GENITIVE: Record<string, string> = {
  математика: 'математики',
  алгебра: 'алгебры',
  геометрия: 'геометрии',
  'вероятность и статистика': 'вероятности и статистики',
  'русский язык': 'русского языка',
  'родной язык': 'родного языка',
  литература: 'литературы',
  'литературное чтение': 'литературного чтения',
  'окружающий мир': 'окружающего мира',
  история: 'истории',
  обществознание: 'обществознания',
  география: 'географии',
  биология: 'биологии',
  физика: 'физики',
  химия: 'химии',
  информатика: 'информатики',
  'английский язык': 'английского языка',
  'немецкий язык': 'немецкого языка',
  'французский язык': 'французского языка',
  'иностранный язык': 'иностранного языка',
};

/** «учителям математики», «учителям учебного предмета «Астрономия»» (the subject's genitive). */
export function subjectGenitive(subject: string): string {
  return SUBJECT_GENITIVE[subject.trim().toLowerCase()] ?? `учебного предмета «${subject.trim()}»`;
}
