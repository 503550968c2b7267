// The rows of a "one unit per row" table (marks, journal, scores, tasks by groups): the name with
// its level and code, Кол-во ОО, Кол-во участников. Footnotes and section lines (a name but no
// number) are skipped; a second header ends the table.
import { cellNumber, cellText, isBlankRow, type Cell } from '../cells';
import { levelDetector } from '../levels';
import {
  findColumn,
  findHeaderRow,
  nameColumn,
  PARTICIPANTS,
  rowNumber,
  SCHOOLS,
  type Table,
} from '../table';
import type { ReferenceRow } from '../types';

export interface UnitRow {
  cells: Cell[];
  /** Level, id, name, row, schools and participants filled; the layout adds its values. */
  ref: ReferenceRow;
}

/** `skip` drops rows that are not units (and may read them first, as the `Макс балл` row). */
export function unitRows(t: Table, skip: (name: string, cells: Cell[]) => boolean = () => false): UnitRow[] {
  const nameAt = nameColumn(t);
  const participantsAt = findColumn(t, PARTICIPANTS)?.index;
  const schoolsAt = findColumn(t, SCHOOLS)?.index;
  const levelOf = levelDetector();
  const out: UnitRow[] = [];
  for (let i = t.dataFrom; i < t.grid.rows.length; i++) {
    const cells = t.grid.rows[i];
    if (isBlankRow(cells)) continue;
    if (findHeaderRow([cells]) === 0) break;
    const printed = cellText(cells[nameAt]);
    if (!printed || skip(printed, cells)) continue;
    if (!cells.some((c, j) => j !== nameAt && cellNumber(c) !== undefined)) continue;
    const ref: ReferenceRow = { ...levelOf(printed), row: rowNumber(t, i) };
    const schools = schoolsAt === undefined ? undefined : cellNumber(cells[schoolsAt]);
    const participants = participantsAt === undefined ? undefined : cellNumber(cells[participantsAt]);
    if (schools !== undefined) ref.schools = schools;
    if (participants !== undefined) ref.participants = participants;
    out.push({ cells, ref });
  }
  return out;
}
