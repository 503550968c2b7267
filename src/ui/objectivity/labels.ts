// Russian names and number formats of the objectivity screen (signs to check, never verdicts).
import { plural } from '../../domain/text/format';

// The names themselves are the vocabulary's, shared with the XLSX and DOCX exports.
export { FAMILY_NAMES, RISK_NAMES as LEVEL_NAMES, SIGNAL_NAMES } from '../../domain/text/labels';

const dec = (digits: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits });
const two = dec(2);

/** An effect or an interval end: two decimals, Russian comma. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return two.format(x);
}

/** p and q: three decimals, «< 0,001» below. */
export function prob(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x < 0.001) return '< 0,001';
  return dec(3).format(x);
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A pair test's p: as `prob` from 0,001 up; below it two significant digits times a power of ten
 * («6,9·10⁻⁵»), cut rather than rounded so that it never reads 0,001 — the pairs of a graph are all
 * below 0,001, and how far below is what the line thickness shows.
 */
export function pairProb(x: number): string {
  if (!Number.isFinite(x) || x >= 0.001) return prob(x);
  if (!(x > 0)) return '0';
  let e = Math.floor(Math.log10(x));
  let m = x / 10 ** e;
  if (m >= 10) [m, e] = [m / 10, e + 1];
  if (m < 1) [m, e] = [m * 10, e - 1];
  const power = String(-e).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
  return `${dec(1).format(Math.floor(m * 10 + 1e-9) / 10)}·10⁻${power}`;
}

/**
 * The form of a unit after a number: 1 балл, 2 балла, 5 баллов, and a fraction — 4,75 балла (the
 * genitive singular). `x` is the number as shown, already rounded.
 */
export function unitForm(x: number, forms: readonly [string, string, string, string]): string {
  if (!Number.isInteger(x)) return forms[3];
  return plural(Math.abs(x), [forms[0], forms[1], forms[2]]);
}

interface UnitWords {
  /** Decimals shown. */
  digits: number;
  /** One, few, many, fraction (see `unitForm`). */
  forms: readonly [string, string, string, string];
  /** Before the number («в 3,2 раза»). */
  prefix?: string;
}

/** The domain's `effectUnit` in words; the unit key itself stays in the exports. */
const UNIT_WORDS: Record<string, UnitWords> = {
  балла: { digits: 2, forms: ['балл', 'балла', 'баллов', 'балла'] },
  'п.п.': { digits: 1, forms: ['п. п.', 'п. п.', 'п. п.', 'п. п.'] },
  SD: {
    digits: 2,
    forms: [
      'стандартное отклонение ученика (SD)',
      'стандартных отклонения ученика (SD)',
      'стандартных отклонений ученика (SD)',
      'стандартного отклонения ученика (SD)',
    ],
  },
  'отношение шансов': {
    digits: 2,
    prefix: 'в ',
    forms: [
      'раз чаще ожидаемого (отношение шансов)',
      'раза чаще ожидаемого (отношение шансов)',
      'раз чаще ожидаемого (отношение шансов)',
      'раза чаще ожидаемого (отношение шансов)',
    ],
  },
  'отношение дисперсий': {
    digits: 2,
    forms: Array(4).fill('от ожидаемого разброса (отношение дисперсий)') as [string, string, string, string],
  },
  'A2 (≈1 при независимости)': {
    digits: 2,
    forms: Array(4).fill('(A2; около 1 — ответы учеников независимы)') as [string, string, string, string],
  },
  'пар сверх ожидаемого': {
    digits: 1,
    forms: [
      'пара сверх ожидаемого',
      'пары сверх ожидаемого',
      'пар сверх ожидаемого',
      'пары сверх ожидаемого',
    ],
  },
};

// `|| 0`: a tiny negative value rounds to −0, which would show as «-0».
const shown = (x: number, digits: number) => Number(x.toFixed(digits)) || 0;

/** A figure with its unit in words: «4,75 балла», «16,1 п. п.», «в 3,2 раза чаще ожидаемого …». */
export function amount(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const w = UNIT_WORDS[unit];
  if (!w) return `${num(x)} ${unit}`.trim();
  const v = shown(x, w.digits);
  return `${w.prefix ?? ''}${dec(w.digits).format(v)} ${unitForm(v, w.forms)}`;
}

/** An interval in the unit of its effect: «4,14 … 5,36 балла». */
export function range(lo: number, hi: number, unit: string): string {
  const w = UNIT_WORDS[unit];
  if (!w) return `${num(lo)} … ${num(hi)} ${unit}`.trim();
  const [a, b] = [shown(lo, w.digits), shown(hi, w.digits)];
  return `${w.prefix ?? ''}${dec(w.digits).format(a)} … ${dec(w.digits).format(b)} ${unitForm(b, w.forms)}`;
}

/** «q = 0,012», «q < 0,001». */
export function named(name: string, value: string): string {
  return value.startsWith('<') ? `${name} ${value}` : `${name} = ${value}`;
}

/** «1 семейство», «2 семейства». */
export function familiesCount(n: number): string {
  return `${n} ${plural(n, ['семейство', 'семейства', 'семейств'])}`;
}
