// «Сравнение отметок с отметками по журналу», in two layouts:
// - horizontal (2024): `Группы участников | Кол-во участников(всего) | Понизили … % | Понизили … Кол-во
//   участников | Подтвердили … | Повысили …`, one unit per row;
// - vertical (older web views): rows Понизили / Подтвердили / Повысили / Всего, columns
//   `Кол-во участников | %`, one unit per table (several tables may follow each other).
import { cellNumber, cellText, headerKey, type Cell } from '../cells';
import { isHeaderBlockLine } from '../header-block';
import { levelDetector } from '../levels';
import { findHeaderRow, readTable, rowNumber, type Column, type Table } from '../table';
import type { JournalSplit, ReferenceRow } from '../types';
import { unitRows } from './unit-rows';

type Part = keyof JournalSplit;
type LevelOf = ReturnType<typeof levelDetector>;

/** Which part a header or row label speaks of. */
export function journalPart(text: string): Part | 'total' | undefined {
  const k = headerKey(text);
  if (k.startsWith('понизил')) return 'lower';
  if (k.startsWith('подтвердил')) return 'same';
  if (k.startsWith('повысил')) return 'higher';
  return k.startsWith('всего') ? 'total' : undefined;
}

const isCount = (c: Column) => /кол(-во|ичество)/.test(c.key);
const isPct = (c: Column) => !isCount(c) && c.key.includes('%');

const split = (values: Partial<JournalSplit>): JournalSplit => ({
  lower: values.lower ?? 0,
  same: values.same ?? 0,
  higher: values.higher ?? 0,
});

export function isHorizontalJournal(t: Table): boolean {
  const parts = new Set(t.columns.map((c) => journalPart(c.key)).filter((p) => p && p !== 'total'));
  return parts.size >= 2;
}

/** The vertical table: a `%` column and Понизили/Повысили as row labels below the header. */
export function isVerticalJournal(t: Table): boolean {
  if (!t.columns.some(isPct)) return false;
  const labels = t.grid.rows.slice(t.dataFrom, t.dataFrom + 6).map((r) => journalPart(cellText(r[t.first])));
  return labels.includes('lower') && labels.includes('higher');
}

export function parseHorizontalJournal(t: Table): ReferenceRow[] {
  const pctAt: Partial<Record<Part, number>> = {};
  const countAt: Partial<Record<Part, number>> = {};
  for (const c of t.columns) {
    const part = journalPart(c.key);
    if (!part || part === 'total') continue;
    if (isCount(c)) countAt[part] ??= c.index;
    else if (isPct(c)) pctAt[part] ??= c.index;
  }
  const read = (cells: Cell[], at: Partial<Record<Part, number>>) => {
    const values: Partial<JournalSplit> = {};
    for (const part of Object.keys(at) as Part[]) values[part] = cellNumber(cells[at[part] ?? -1]);
    return Object.values(values).some((v) => v !== undefined) ? split(values) : undefined;
  };
  return unitRows(t).map(({ cells, ref }) => {
    const pct = read(cells, pctAt);
    const count = read(cells, countAt);
    if (pct) ref.journalPct = pct;
    if (count) ref.journalCount = count;
    return ref;
  });
}

/** The unit a vertical table is about: the cell above its columns, else the nearest line above. */
function verticalUnitName(
  t: Table,
  from: number,
  pair: [number, number],
  title?: string,
): string | undefined {
  const isName = (row: Cell[], text: string) => text !== '' && text !== title && !isHeaderBlockLine(row);
  const above = t.grid.rows[t.headerAt - 1] ?? [];
  for (let j = pair[1]; j >= pair[0]; j--) if (isName(above, cellText(above[j]))) return cellText(above[j]);
  for (let i = t.headerAt - 1; i >= from; i--) {
    const row = t.grid.rows[i];
    const text = cellText(row.find((c) => cellText(c) !== ''));
    if (isName(row, text)) return text;
  }
  return undefined;
}

/** Reads one vertical table; returns its rows and the index of the first row after it. */
function parseVerticalTable(
  t: Table,
  from: number,
  levelOf: LevelOf,
  title?: string,
): { rows: ReferenceRow[]; end: number } {
  // Each `%` column goes with the count column just before it (or after it).
  const pairs: [number, number][] = [];
  t.columns.forEach((c, i) => {
    if (!isPct(c)) return;
    const count = [t.columns[i - 1], t.columns[i + 1]].find((n) => n && isCount(n));
    pairs.push(count ? [Math.min(count.index, c.index), Math.max(count.index, c.index)] : [c.index, c.index]);
  });
  const pct = pairs.map(() => ({}) as Partial<Record<Part | 'total', number>>);
  const count = pairs.map(() => ({}) as Partial<Record<Part | 'total', number>>);
  let end = t.dataFrom;
  for (; end < t.grid.rows.length; end++) {
    const cells = t.grid.rows[end];
    const part = journalPart(cellText(cells[t.first]));
    if (!part) break;
    pairs.forEach(([a, b], k) => {
      const pctAt = t.columns[b] && isPct(t.columns[b]) ? b : a;
      const countAt = pctAt === b ? a : b;
      pct[k][part] = cellNumber(cells[pctAt]);
      if (countAt !== pctAt) count[k][part] = cellNumber(cells[countAt]);
    });
  }
  const rows = pairs.map((pair, k): ReferenceRow => {
    const name = verticalUnitName(t, from, pair, title);
    const ref: ReferenceRow = name
      ? { ...levelOf(name), row: rowNumber(t, t.headerAt) }
      : { level: 'other', name: 'Все участники отчёта', row: rowNumber(t, t.headerAt) };
    const c = count[k];
    const total = c.total ?? (c.lower ?? 0) + (c.same ?? 0) + (c.higher ?? 0);
    if (total > 0) ref.participants = total;
    ref.journalPct = split(pct[k]);
    if (Object.values(c).some((v) => v !== undefined)) ref.journalCount = split(c);
    return ref;
  });
  return { rows, end };
}

/** All vertical tables of the sheet, from the first one down; each is named by the lines above it. */
export function parseVerticalJournal(t: Table, title?: string): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  // One detector for all the tables: they run from the wider units to the narrower ones.
  const levelOf = levelDetector();
  let table: Table | undefined = t;
  let from = 0;
  while (table) {
    const read = parseVerticalTable(table, from, levelOf, title);
    rows.push(...read.rows);
    from = read.end;
    const next = findHeaderRow(t.grid.rows.slice(from));
    const candidate = next >= 0 ? readTable(t.file, t.grid, from + next) : undefined;
    table = candidate && isVerticalJournal(candidate) ? candidate : undefined;
  }
  return rows;
}
