// The block above every ФИС ОКО report table: R1 title, R3 `ВПР 2026 Русский язык 4 класс`,
// R4 `Предмет:`, R5 `Максимальный первичный балл:`, R6 `Дата:`. Read by label, not by row
// number, so that a CSV re-save with shifted rows still works.
import { SSF } from 'xlsx';
import { cellNumber, cellText, headerKey, type Cell } from './cells';
import type { ReferenceProcedure } from './types';

export interface HeaderBlock {
  title?: string;
  procedure: ReferenceProcedure;
  /** Whether kind/year/grade came from the sheet (not the file name). */
  hasTitleLine: boolean;
}

// `ВПР 2026 Русский язык 4 класс`, `НИКО 2025 Биология 6 класс` (ВПР СПО's `1 курс` is not matched).
const PROCEDURE_LINE = /^(.+?)\s+(20\d\d)\s+(.+?)\s+(\d{1,2})\s*(?:-?й\s+)?класс/i;
// File names of the form `Русский язык 4 класс ВПР 2026`.
const FILE_NAME = /(.+?)\s+(\d{1,2})\s*класс\S*\s+(ВПР|НИКО|ОГЭ|ЕГЭ|ДКР)\s+(20\d\d)/i;

/** The first non-empty cell after the label cell, or the text after `:` in the label cell itself. */
function labelValue(row: Cell[], labelAt: number): Cell {
  const own = cellText(row[labelAt]).split(':').slice(1).join(':').trim();
  if (own) return own;
  return row.slice(labelAt + 1).find((c) => cellText(c) !== '') ?? null;
}

/** Dates stored as Excel serials are printed the way ФИС ОКО prints text dates. */
function dateText(cell: Cell): string | undefined {
  if (typeof cell === 'number') {
    const { d, m, y } = SSF.parse_date_code(cell);
    return [d, m].map((n) => String(n).padStart(2, '0')).join('.') + `.${y}`;
  }
  return cellText(cell) || undefined;
}

const LABEL = /^(предмет|максимальный первичный балл|дата)(?=[\s:]|$)/;

/** A line of the header block (procedure line or a label), which never names a unit. */
export function isHeaderBlockLine(row: Cell[]): boolean {
  const first = row.find((c) => cellText(c) !== '');
  return LABEL.test(headerKey(first)) || PROCEDURE_LINE.test(cellText(first));
}

export function readHeaderBlock(rows: Cell[][], tableRow: number, fileName: string): HeaderBlock {
  const procedure: ReferenceProcedure = { kind: '', subject: '', grade: 0, year: 0 };
  let title: string | undefined;
  let hasTitleLine = false;
  let subject: string | undefined;
  for (const row of rows.slice(0, tableRow)) {
    const at = row.findIndex((c) => cellText(c) !== '');
    if (at < 0) continue;
    const key = headerKey(row[at]);
    const text = cellText(row[at]);
    const line = PROCEDURE_LINE.exec(text);
    const label = LABEL.exec(key)?.[1];
    if (label === 'предмет') subject = cellText(labelValue(row, at)) || undefined;
    else if (label === 'дата') procedure.date = dateText(labelValue(row, at));
    else if (label) procedure.maxScore = cellNumber(labelValue(row, at));
    else if (line && !hasTitleLine) {
      hasTitleLine = true;
      procedure.kind = line[1].trim();
      procedure.year = Number(line[2]);
      procedure.subject = line[3].trim();
      procedure.grade = Number(line[4]);
    } else if (title === undefined && !/:$/.test(text)) title = text;
  }
  if (!hasTitleLine) {
    const m = FILE_NAME.exec(fileName.replace(/^.*[\\/]/, '').replace(/_/g, ' '));
    if (m)
      Object.assign(procedure, {
        kind: m[3].toUpperCase(),
        year: Number(m[4]),
        subject: m[1].trim(),
        grade: Number(m[2]),
      });
  }
  // `Предмет:` is the labelled value, so it wins over the subject guessed from the title line.
  if (subject) procedure.subject = subject;
  if (procedure.maxScore === undefined) delete procedure.maxScore;
  if (procedure.date === undefined) delete procedure.date;
  return { title, procedure, hasTitleLine };
}
