// «Распределение первичных баллов»: `Группы участников | Кол-во участников | 0 | 1 | … | max`,
// the score columns in % of participants.
import { cellNumber } from '../cells';
import { headerInteger, type Table } from '../table';
import type { ReferenceRow } from '../types';
import { unitRows } from './unit-rows';

/** Score columns: integer headers; the caller has checked that they start at 0. */
export function scoreColumns(t: Table): Map<number, number> {
  const at = new Map<number, number>();
  for (const c of t.columns) {
    const score = headerInteger(c.own);
    if (score !== undefined && !at.has(score)) at.set(score, c.index);
  }
  return at;
}

export function parseScores(t: Table): ReferenceRow[] {
  const at = scoreColumns(t);
  const max = Math.max(...at.keys());
  return unitRows(t).map(({ cells, ref }) => {
    const pct = Array.from({ length: max + 1 }, (_, s) => cellNumber(cells[at.get(s) ?? -1]));
    if (pct.some((v) => v !== undefined)) ref.scorePct = pct.map((v) => v ?? 0);
    return ref;
  });
}
