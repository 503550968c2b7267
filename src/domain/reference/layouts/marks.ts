// «Статистика по отметкам»: `Группы участников | Кол-во ОО | Кол-во участников | 2 | 3 | 4 | 5`,
// the mark columns in % of participants.
import { cellNumber } from '../cells';
import { headerInteger, type Column, type Table } from '../table';
import type { MarksPct, ReferenceRow } from '../types';
import { unitRows } from './unit-rows';

const MARKS = [2, 3, 4, 5] as const;

/** The mark a column is headed with (2..5), else undefined. */
export function markOf(c: Column): number | undefined {
  const n = headerInteger(c.own);
  return n !== undefined && n >= 2 && n <= 5 ? n : undefined;
}

export function parseMarks(t: Table): ReferenceRow[] {
  const at = new Map<number, number>();
  for (const c of t.columns) {
    const mark = markOf(c);
    if (mark !== undefined && !at.has(mark)) at.set(mark, c.index);
  }
  return unitRows(t).map(({ cells, ref }) => {
    const values = MARKS.map((m) => cellNumber(cells[at.get(m) ?? -1]));
    // An empty mark cell next to filled ones is a zero share.
    if (values.some((v) => v !== undefined)) {
      const [p2, p3, p4, p5] = values.map((v) => v ?? 0);
      ref.marksPct = { 2: p2, 3: p3, 4: p4, 5: p5 } satisfies MarksPct;
    }
    return ref;
  });
}
