// parseReferenceReport: a ФИС ОКО result report (XLSX or CSV, one or several report sheets) →
// reference rows. Every non-empty sheet is tried; sheets that hold no known report are listed in
// `ignoredSheets`, and only a file with no report at all is an error.
import { ImportError } from '../model';
import { cellText, isBlankRow } from './cells';
import { EXPECTED_REPORTS, parseTable } from './detect';
import { readGrids, type SheetGrid } from './grid';
import { readHeaderBlock, type HeaderBlock } from './header-block';
import { findHeaderRow, likelyHeaderRow, readTable } from './table';
import type { ReferenceProcedure, ReferenceReport, ReferenceSheet } from './types';

const REPORT_NAMES: Record<ReferenceSheet['type'], string> = {
  marks: 'Статистика по отметкам',
  journal: 'Сравнение отметок с отметками по журналу',
  scores: 'Распределение первичных баллов',
  tasks: 'Выполнение заданий',
  individual: 'Индивидуальные результаты',
};

function unknownLayout(file: string, grid: SheetGrid, headerAt: number): ImportError {
  const at = headerAt >= 0 ? headerAt : likelyHeaderRow(grid.rows);
  const headers = at >= 0 ? [...new Set(grid.rows[at].map(cellText).filter(Boolean))].slice(0, 20) : [];
  const row = at >= 0 ? grid.firstRow + at : undefined;
  const place = `на листе «${grid.name}»${row ? `, строка ${row}` : ''}`;
  const found = headers.length > 0 ? headers.map((h) => `«${h}»`).join(', ') : 'нет';
  const pupils = headers.some((h) => /^код участника/i.test(h))
    ? ' Похоже, это результаты участников (форма сбора или протокол): их загружают как результаты, а не как сравнительный отчёт.'
    : '';
  return new ImportError(
    `Не удалось распознать отчёт ФИС ОКО ${place}. Найдены заголовки: ${found}. ` +
      `Ожидался один из отчётов: ${EXPECTED_REPORTS.join('; ')}.${pupils}`,
    file,
    grid.name,
    row,
  );
}

const describe = (p: ReferenceProcedure) => `${p.kind} ${p.year} ${p.subject} ${p.grade} класс`;

/** The sheets of one file must be about one procedure: their rows are compared with one class. */
function mergeProcedure(
  file: string,
  known: { procedure: ReferenceProcedure; sheet: string; fromTitle: boolean } | undefined,
  block: HeaderBlock,
  sheet: string,
) {
  if (!known) return { procedure: { ...block.procedure }, sheet, fromTitle: block.hasTitleLine };
  const p = known.procedure;
  const q = block.procedure;
  if (block.hasTitleLine && known.fromTitle && describe(p) !== describe(q))
    throw new ImportError(
      `Лист «${sheet}» относится к процедуре «${describe(q)}», а лист «${known.sheet}» — к «${describe(p)}». ` +
        'Загрузите отчёты разных процедур отдельными файлами.',
      file,
      sheet,
    );
  if (block.hasTitleLine && !known.fromTitle) return { procedure: { ...q }, sheet, fromTitle: true };
  if (p.maxScore === undefined && q.maxScore !== undefined) p.maxScore = q.maxScore;
  if (p.date === undefined && q.date !== undefined) p.date = q.date;
  return known;
}

export function parseReferenceReport(bytes: Uint8Array, fileName: string): ReferenceReport {
  let grids: SheetGrid[];
  try {
    grids = readGrids(bytes, fileName);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ImportError(`Файл «${fileName}» не читается как таблица XLSX или CSV: ${why}`, fileName);
  }
  const reports: ReferenceSheet[] = [];
  const ignoredSheets: string[] = [];
  let failure: ImportError | undefined;
  let known: ReturnType<typeof mergeProcedure> | undefined;
  for (const grid of grids) {
    if (grid.rows.every((r) => isBlankRow(r))) continue;
    const headerAt = findHeaderRow(grid.rows);
    const block = readHeaderBlock(
      grid.rows,
      headerAt >= 0 ? headerAt : Math.min(8, grid.rows.length),
      fileName,
    );
    const table = headerAt >= 0 ? readTable(fileName, grid, headerAt) : undefined;
    const parsed = table
      ? parseTable(table, { title: block.title, maxScore: block.procedure.maxScore })
      : null;
    if (!parsed || parsed.rows.length === 0) {
      ignoredSheets.push(grid.name);
      failure ??= parsed
        ? new ImportError(
            `Отчёт «${REPORT_NAMES[parsed.type]}» на листе «${grid.name}» распознан, но под заголовком ` +
              `(строка ${grid.firstRow + headerAt}) нет ни одной строки с числами.`,
            fileName,
            grid.name,
            grid.firstRow + headerAt,
          )
        : unknownLayout(fileName, grid, headerAt);
      continue;
    }
    known = mergeProcedure(fileName, known, block, grid.name);
    reports.push({
      type: parsed.type,
      sheet: grid.name,
      ...(block.title ? { title: block.title } : {}),
      rows: parsed.rows,
      ...(parsed.tasks ? { tasks: parsed.tasks } : {}),
      ...(parsed.taskMax ? { taskMax: parsed.taskMax } : {}),
    });
  }
  if (!known)
    throw failure ?? new ImportError(`В файле «${fileName}» нет ни одного листа с данными.`, fileName);
  return { file: fileName, procedure: known.procedure, reports, ignoredSheets };
}
