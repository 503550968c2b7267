// The table under the header block: where its header row is, the column names (a two-row header
// with merged group cells is flattened to `group sub`), and helpers the layouts share.
import { isTaskId, normaliseTaskId, parseTaskHeader } from '../spec/task-header';
import { cellText, headerKey, isBlankRow, type Cell } from './cells';
import type { SheetGrid } from './grid';

export interface Column {
  index: number;
  /** The group (top) header, carried over merged cells when there is a sub-header. */
  top: string;
  /** The sub-header, '' for a one-row header. */
  sub: string;
  /** `top sub`, normalised for matching. */
  key: string;
  /** The cell that names the column on its own: the sub-header cell, else the top cell. */
  own: Cell;
}

export interface Table {
  file: string;
  grid: SheetGrid;
  /** Index into grid.rows of the (top) header row. */
  headerAt: number;
  columns: Column[];
  /** The first non-empty header column. */
  first: number;
  /** Index into grid.rows of the first data row. */
  dataFrom: number;
}

const ANCHORS = /^(групп[аы] участников|код участника|номер задания|№ задания|кол(-во|ичество) участников)/;

/** The first row, near the top, holding one of the header names every report starts with. */
export function findHeaderRow(rows: Cell[][]): number {
  const limit = Math.min(rows.length, 40);
  for (let i = 0; i < limit; i++) if (rows[i].some((c) => ANCHORS.test(headerKey(c)))) return i;
  return -1;
}

/** The row most likely to be a header, for the message when none is recognised. */
export function likelyHeaderRow(rows: Cell[][]): number {
  let best = -1;
  let bestCount = 1;
  rows.slice(0, 40).forEach((row, i) => {
    const texts = row.filter((c) => typeof c === 'string' && c.trim() !== '').length;
    if (texts > bestCount) [best, bestCount] = [i, texts];
  });
  return best;
}

export function readTable(file: string, grid: SheetGrid, headerAt: number): Table {
  const top = grid.rows[headerAt] ?? [];
  const next = grid.rows[headerAt + 1];
  // A sub-header row leaves the first column (merged down) empty; a data row never does.
  const first = Math.max(
    0,
    top.findIndex((c) => cellText(c) !== ''),
  );
  const hasSub = !isBlankRow(next) && cellText(next[first]) === '';
  const width = Math.max(top.length, hasSub ? next.length : 0);
  const columns: Column[] = [];
  let group = '';
  for (let index = 0; index < width; index++) {
    const own = cellText(top[index]);
    const sub = hasSub ? cellText(next[index]) : '';
    if (own) group = own;
    const topText = own || (sub ? group : '');
    columns.push({
      index,
      top: topText,
      sub,
      key: headerKey(`${topText} ${sub}`),
      own: sub ? next[index] : top[index],
    });
  }
  return { file, grid, headerAt, columns, first, dataFrom: headerAt + (hasSub ? 2 : 1) };
}

export const findColumn = (t: Table, re: RegExp): Column | undefined => t.columns.find((c) => re.test(c.key));

export const PARTICIPANTS = /^кол(-во|ичество) участников(?!.*(понизил|подтвердил|повысил))/;
export const SCHOOLS = /^кол(-во|ичество) оо/;
export const GROUPS = /^(групп[аы] участников|наименование)/;

/** The column of unit names: `Группы участников`, else the first one. */
export function nameColumn(t: Table): number {
  return findColumn(t, GROUPS)?.index ?? t.first;
}

/** An integer header (`2`, `17`, `3 б.`) as in the mark and score columns, else undefined. */
export function headerInteger(cell: Cell): number | undefined {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : undefined;
  const m = /^[«"]?(\d{1,3})[»"]?\s*(?:б\.?|балл\S*)?$/i.exec(cellText(cell));
  return m ? Number(m[1]) : undefined;
}

/** A task id from a header or a row label: `5(1)` → `5.1`, `4K1 (3б)` → `4К1`; else undefined. */
export function taskIdOf(cell: Cell): string | undefined {
  const text = cellText(cell);
  if (!text) return undefined;
  const withMax = parseTaskHeader(text);
  if (withMax) return withMax.id;
  const id = normaliseTaskId(text);
  return isTaskId(id) ? id : undefined;
}

/** 1-based row number of a grid row index. */
export const rowNumber = (t: Table, index: number): number => t.grid.firstRow + index;
