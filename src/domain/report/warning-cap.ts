// Warnings as reports and stderr show them: the first WARNINGS_PER_KIND of each kind in file order,
// then one entry per kind that had more, carrying the total. A region whose pupil codes repeat
// within schools has hundreds of thousands of identical warnings; listing them all made a report of
// gigabytes that said nothing the first thousand do not.
import type { ImportWarning, WarningKind } from '../model.ts';
import { int } from '../text/format.ts';

export const WARNINGS_PER_KIND = 1000;

/** A summary entry: the kind and its total (`count`), `row` 0 and no column. */
export interface WarningSummary extends ImportWarning {
  count: number;
}

const KIND_NAMES: Record<WarningKind, string> = {
  'above-max': 'балл больше максимального',
  negative: 'отрицательный балл',
  fractional: 'дробный балл',
  'not-a-number': 'не число в ячейке балла',
  'duplicate-code': 'повторяющийся код участника',
  'total-mismatch': 'итог не равен сумме баллов',
  scale: 'шкала перевода',
  other: 'прочие',
};

/**
 * The first `perKind` warnings of each kind (order kept), then per kind with more a summary:
 * «и ещё 61 950 таких же» with `count` = the total. Warnings of one file: the summary names it.
 */
export function capWarnings(
  warnings: readonly ImportWarning[],
  perKind = WARNINGS_PER_KIND,
): (ImportWarning | WarningSummary)[] {
  const seen = new Map<WarningKind, { n: number; first: ImportWarning }>();
  const kept: (ImportWarning | WarningSummary)[] = [];
  for (const w of warnings) {
    const s = seen.get(w.kind);
    if (!s) seen.set(w.kind, { n: 1, first: w });
    else s.n++;
    if ((s?.n ?? 1) <= perKind) kept.push(w);
  }
  for (const [kind, { n, first }] of seen) {
    if (n <= perKind) continue;
    kept.push({
      kind,
      file: first.file,
      sheet: first.sheet,
      row: 0,
      column: '',
      message:
        `Предупреждения вида «${KIND_NAMES[kind] ?? kind}»: выше показаны первые ${int(perKind)}, ` +
        `и ещё ${int(n - perKind)} таких же (всего ${int(n)}).`,
      count: n,
    });
  }
  return kept;
}

export function isSummary(w: ImportWarning | WarningSummary): w is WarningSummary {
  return 'count' in w;
}
