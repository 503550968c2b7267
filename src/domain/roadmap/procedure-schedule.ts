// The schedule of procedures the municipal plan follows: entered by the user, or taken from the
// imported procedures — each kind held on its usual spring date of the plan's school year and its
// results arriving by the usual date (./results-date.ts). One entry per kind: the plan's measures
// («в течение 15 дней после получения результатов») repeat for each entry, not for each subject.
import { isoOf } from './dates.ts';
import { procedureKindYear, RESULTS_BY } from './results-date.ts';
import type { ScheduledProcedure } from './schedule.ts';
import { plural } from '../text/format.ts';

/** Month and day a kind is usually held (the main spring period; other kinds: as the ВПР). */
export const HELD_BY: Record<string, [number, number]> = {
  ВПР: [4, 15],
  ОГЭ: [5, 25],
  ГВЭ: [5, 25],
  ЕГЭ: [5, 27],
};

const MAX_NAMED = 3;

/** «ВПР (Математика, 5 класс; Русский язык, 5 класс)» or «ВПР (7 процедур)». */
function labelOf(kind: string, titles: string[]): string {
  if (titles.length > MAX_NAMED)
    return `${kind} (${titles.length} ${plural(titles.length, ['процедура', 'процедуры', 'процедур'])})`;
  const rest = titles.map((t) =>
    t
      .split(' · ')
      .filter((x, i, a) => i !== 0 && !(i === a.length - 1 && /^\d{4}$/.test(x)))
      .join(', '),
  );
  return `${kind} (${rest.join('; ')})`;
}

/** The usual schedule, in the spring of school year `schoolYear`, of the imported procedures. */
export function usualSchedule(
  procedures: readonly { id: string; title: string }[],
  schoolYear: number,
): ScheduledProcedure[] {
  const byKind = new Map<string, string[]>();
  for (const p of procedures) {
    const kind = procedureKindYear(p.id)?.kind ?? p.id;
    byKind.set(kind, [...(byKind.get(kind) ?? []), p.title]);
  }
  const spring = schoolYear + 1;
  return [...byKind].map(([kind, titles]) => {
    const [hm, hd] = HELD_BY[kind] ?? HELD_BY['ВПР'];
    const [rm, rd] = RESULTS_BY[kind] ?? RESULTS_BY['ВПР'];
    return { label: labelOf(kind, titles), date: isoOf(spring, hm, hd), resultsDate: isoOf(spring, rm, rd) };
  });
}

/**
 * The school year a plan approved on this date is for: from August on, the coming one (plans are
 * approved before 1 September), else the current one. 2026-08-28 → 2026 (2026/2027).
 */
export function planSchoolYear(planDate: string): number {
  const year = Number(planDate.slice(0, 4));
  const month = Number(planDate.slice(5, 7));
  if (!Number.isInteger(year) || !(month >= 1 && month <= 12))
    throw new Error(`Неверная дата плана: ${planDate}`);
  return month >= 8 ? year : year - 1;
}
