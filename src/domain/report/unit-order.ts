// Orders of a list of units (the schools of a municipality, the classes of a school…): by name, by
// size, or by an indicator — mean score, У, КЗ, СОУ — highest first. Units without the indicator
// (no scale, nobody wrote) go last, by name; equal values keep the name order. Finding a unit is the
// aim, not a league table: the screen shows no ranks.
import type { UnitReport } from './types.ts';

export const CHILD_ORDERS = ['name', 'written', 'scoreMean', 'uspevaemost', 'kachestvo', 'sou'] as const;
export type ChildOrder = (typeof CHILD_ORDERS)[number];

const collator = new Intl.Collator('ru-RU', { numeric: true, sensitivity: 'base' });

type Indicated = Pick<UnitReport, 'written' | 'score' | 'uspevaemost' | 'kachestvo' | 'sou'>;

/** The value a unit is ordered by (null: the unit has none). */
export function orderValue(u: Indicated, order: Exclude<ChildOrder, 'name'>): number | null {
  switch (order) {
    case 'written':
      return u.written;
    case 'scoreMean':
      return u.score?.mean ?? null;
    default:
      return u[order] ?? null;
  }
}

/** `units` in `order`; `title` names a unit (the tie-break and the name order). */
export function orderUnits<U extends Indicated>(
  units: readonly U[],
  order: ChildOrder,
  title: (u: U) => string,
): U[] {
  const named = units.map((u) => ({ u, t: title(u) })).sort((a, b) => collator.compare(a.t, b.t));
  if (order === 'name') return named.map((r) => r.u);
  // The size order keeps the file order of equal sizes, as before (a stable sort of the input).
  if (order === 'written') return [...units].sort((a, b) => b.written - a.written);
  const value = (u: U) => orderValue(u, order);
  return named
    .sort((a, b) => {
      const x = value(a.u);
      const y = value(b.u);
      if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
      return y - x;
    })
    .map((r) => r.u);
}
