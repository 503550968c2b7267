// Which report a table is, from its header names (sheet names are truncated to 31 characters and
// re-saved files rename them, so they are never trusted alone).
import { isIndividualTable, isPupilList, parseIndividual } from './layouts/individual';
import {
  isHorizontalJournal,
  isVerticalJournal,
  parseHorizontalJournal,
  parseVerticalJournal,
} from './layouts/journal';
import { markOf, parseMarks } from './layouts/marks';
import { parseScores, scoreColumns } from './layouts/scores';
import { isTaskRowsTable, parseTasksByTask, parseTasksByUnit, taskColumns } from './layouts/tasks';
import type { Table } from './table';
import type { ReferenceReportType, ReferenceRow } from './types';

export interface ParsedTable {
  type: ReferenceReportType;
  rows: ReferenceRow[];
  tasks?: string[];
  taskMax?: Record<string, number>;
}

/** The reports a table may be, as listed to the user when none fits. */
export const EXPECTED_REPORTS = [
  '«Статистика по отметкам» (Группы участников | Кол-во ОО | Кол-во участников | 2 | 3 | 4 | 5)',
  '«Сравнение отметок с отметками по журналу» (Понизили … % | Подтвердили … % | Повысили … %, или строки Понизили/Подтвердили/Повысили/Всего со столбцами Кол-во участников | %)',
  '«Распределение первичных баллов» (Группы участников | Кол-во участников | 0 | 1 | … | макс. балл)',
  '«Выполнение заданий» (Группы участников | 1 | 2 | … или Номер задания | … | Макс балл | столбцы групп)',
  '«Индивидуальные результаты» (Код участника | Класс | 1 (2б) | … | Первичный балл | Отметка)',
];

/** Parses the table as the report its headers say it is; null when they match none. */
export function parseTable(t: Table, ctx: { title?: string; maxScore?: number }): ParsedTable | null {
  if (isIndividualTable(t)) return { type: 'individual', ...parseIndividual(t, ctx.maxScore) };
  // Pupil rows without marks (a collection form or protocol) are results to import, not a reference.
  if (isPupilList(t)) return null;
  if (isHorizontalJournal(t)) return { type: 'journal', rows: parseHorizontalJournal(t) };
  if (isVerticalJournal(t)) return { type: 'journal', rows: parseVerticalJournal(t, ctx.title) };
  if (isTaskRowsTable(t)) {
    const parsed = parseTasksByTask(t);
    return parsed.rows.length > 0 ? { type: 'tasks', ...parsed } : null;
  }
  const integers = [...scoreColumns(t).keys()].sort((a, b) => a - b);
  const marks = new Set(t.columns.map(markOf).filter((m) => m !== undefined));
  // Marks are exactly 2..5; scores start at 0; tasks start at 1 or carry sub-task ids.
  if (marks.size === 4 && integers.join() === '2,3,4,5') return { type: 'marks', rows: parseMarks(t) };
  if (integers[0] === 0 && integers.length >= 2) return { type: 'scores', rows: parseScores(t) };
  if (taskColumns(t).length > 0) return { type: 'tasks', ...parseTasksByUnit(t) };
  return null;
}
