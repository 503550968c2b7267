// Russian number formatting: thin spaces for thousands, decimal commas (Intl 'ru-RU').
const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
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

/** Russian plural form: plural(5, ['файл', 'файла', 'файлов']) → 'файлов'. */
export function plural(n: number, forms: [string, string, string]): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** Duration in seconds with a decimal comma, for progress messages. */
export function formatSeconds(ms: number): string {
  return `${formatDecimal(ms / 1000)} с`;
}
