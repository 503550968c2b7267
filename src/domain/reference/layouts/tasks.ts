// «Выполнение заданий» (no real export seen; layouts after the report mirrors, see DATA-FORMATS):
// - by units (rows): `Группы участников | Кол-во участников | 1 | 2 | 5(1) | …`, an optional
//   `Макс балл` row under the header, % completion in the cells;
// - by tasks (rows): `Номер задания | Блоки ПООП … | Макс балл | <unit> | <unit> …`, each unit one
//   column of %, or a group of `Выполнили кол-во | Не выполнили кол-во | Выполнили в % | …`.
import { parseTaskHeader } from '../../spec/task-header';
import { cellNumber, headerKey } from '../cells';
import { levelDetector } from '../levels';
import { findColumn, PARTICIPANTS, rowNumber, SCHOOLS, taskIdOf, type Column, type Table } from '../table';
import type { ReferenceRow } from '../types';
import { unitRows } from './unit-rows';

const TASK_NUMBER = /^(номер задания|№ задания|№ п\/п|задание)/;
const MAX = /^макс(\.|имальный)?\s*балл/;
const DESCRIPTION = /(блоки пооп|проверяемые требования|планируемые результаты|умения|описание)/;

export const isTaskRowsTable = (t: Table): boolean => TASK_NUMBER.test(t.columns[t.first]?.key ?? '');

/** Columns headed by a task id, other than Кол-во ОО/участников. */
export function taskColumns(t: Table): { column: Column; id: string }[] {
  return t.columns.flatMap((column) => {
    if (PARTICIPANTS.test(column.key) || SCHOOLS.test(column.key)) return [];
    const id = taskIdOf(column.own);
    return id ? [{ column, id }] : [];
  });
}

export interface ParsedTasks {
  rows: ReferenceRow[];
  tasks: string[];
  taskMax?: Record<string, number>;
}

export function parseTasksByUnit(t: Table): ParsedTasks {
  const tasks = taskColumns(t);
  // Maxima from `1 (2б)` headers; a `Макс балл` row, when there is one, replaces them.
  const fromHeaders = tasks.flatMap(({ column, id }) => {
    const h = parseTaskHeader(column.top);
    return h ? [[id, h.max] as const] : [];
  });
  let taskMax: Record<string, number> | undefined =
    fromHeaders.length > 0 ? Object.fromEntries(fromHeaders) : undefined;
  const rows = unitRows(t, (name, cells) => {
    if (!MAX.test(headerKey(name))) return false;
    // The `Макс балл` row is not a unit: it gives the maxima.
    taskMax = {};
    for (const { column, id } of tasks) {
      const max = cellNumber(cells[column.index]);
      if (max !== undefined) taskMax[id] = max;
    }
    return true;
  }).map(({ cells, ref }) => {
    const completion: Record<string, number> = {};
    for (const { column, id } of tasks) {
      const v = cellNumber(cells[column.index]);
      if (v !== undefined) completion[id] = v;
    }
    if (Object.keys(completion).length > 0) ref.taskCompletion = completion;
    return ref;
  });
  const ids = tasks.map((x) => x.id);
  return taskMax ? { rows, tasks: ids, taskMax } : { rows, tasks: ids };
}

/** Unit columns of the by-tasks table: the `Выполнили в %` column of each group, else the column. */
function unitColumns(t: Table): Column[] {
  const meta = (c: Column) => TASK_NUMBER.test(c.key) || MAX.test(c.key) || DESCRIPTION.test(c.key);
  const lastMeta = Math.max(t.first, ...t.columns.filter(meta).map((c) => c.index));
  const groups = new Map<string, Column[]>();
  for (const c of t.columns.slice(lastMeta + 1)) {
    if (!c.top) continue;
    // A sub-header repeats for every unit: columns are grouped by their top (unit) cell.
    groups.set(c.top, [...(groups.get(c.top) ?? []), c]);
  }
  return [...groups.values()].flatMap((cols) => {
    if (cols.length === 1) return cols;
    const done = cols.find(
      (c) => /выполнил/.test(c.sub.toLowerCase()) && c.sub.includes('%') && !/не выполнил/i.test(c.sub),
    );
    return done ? [done] : [];
  });
}

export function parseTasksByTask(t: Table): ParsedTasks {
  const maxAt = findColumn(t, MAX)?.index;
  const levelOf = levelDetector();
  const units = unitColumns(t).map((c) => ({
    c,
    ref: { ...levelOf(c.top), row: rowNumber(t, t.headerAt) } as ReferenceRow,
  }));
  const taskMax: Record<string, number> = {};
  const ids: string[] = [];
  for (let i = t.dataFrom; i < t.grid.rows.length; i++) {
    const cells = t.grid.rows[i];
    const id = taskIdOf(cells[t.first]);
    if (!id) continue;
    ids.push(id);
    const max = maxAt === undefined ? undefined : cellNumber(cells[maxAt]);
    if (max !== undefined) taskMax[id] = max;
    for (const { c, ref } of units) {
      const v = cellNumber(cells[c.index]);
      if (v !== undefined) (ref.taskCompletion ??= {})[id] = v;
    }
  }
  const rows = units.map((u) => u.ref);
  return Object.keys(taskMax).length > 0 ? { rows, tasks: ids, taskMax } : { rows, tasks: ids };
}
