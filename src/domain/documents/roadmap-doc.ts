// The roadmap («дорожная карта») as a document (DOCX/print) and as an XLSX sheet, plus the .ics
// name. The measures' wording and dates come from the roadmap (src/domain/roadmap); this module only
// lays them out.
import * as XLSX from 'xlsx';
import { statusOf } from '../roadmap/edits.ts';
import { roadmapToIcs } from '../roadmap/ics.ts';
import type { Roadmap } from '../roadmap/types.ts';
import { dateRu } from '../text/format.ts';
import { MEASURE_STATUS_NAMES } from '../text/labels.ts';
import { h, p, type Block, type DocModel } from './model.ts';

const HEADER = [
  '№',
  'Мероприятие',
  'Участники',
  'Срок',
  'Ответственные',
  'Результат',
  'Формат документа',
  'Статус',
];

/** A heading and a table of measures per stage: the body of the school roadmap and of the municipal plan. */
export function stageTables(r: Roadmap, today: string): Block[] {
  const blocks: Block[] = [];
  r.stages.forEach((st, si) => {
    blocks.push(h(2, st.title), {
      kind: 'table',
      header: [HEADER],
      widths: [0.5, 4.2, 1.8, 1.3, 1.8, 2.4, 1.6, 1.1],
      align: ['left', 'left', 'left', 'center', 'left', 'left', 'left', 'left'],
      rows: st.measures.map((m, mi) => [
        `${si + 1}.${mi + 1}`,
        m.text || m.title,
        m.participants,
        m.deadlineText ? `${dateRu(m.deadline)}\n(${m.deadlineText})` : dateRu(m.deadline),
        m.responsible,
        m.result,
        m.documentFormat,
        MEASURE_STATUS_NAMES[statusOf(m, today)],
      ]),
    });
  });
  return blocks;
}

export function roadmapDocument(r: Roadmap, today: string): DocModel {
  const blocks: Block[] = [
    h(1, 'План мероприятий («дорожная карта»)'),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [r.title.replace(/^[^:]*:\s*/, '')],
    },
    p(
      `Сроки рассчитаны от даты получения результатов ${dateRu(r.resultsDate)} по календарю учебного года; статусы — на ${dateRu(today)}.`,
    ),
  ];
  blocks.push(...stageTables(r, today));
  return { title: r.title, orientation: 'landscape', blocks };
}

/** One row per measure of a roadmap or plan: the table both XLSX exports share. */
export function measureRows(r: Roadmap, today: string, stageHeader: string): (string | number)[][] {
  const rows: (string | number)[][] = [
    [
      stageHeader,
      '№',
      'Мероприятие',
      'Участники',
      'Срок',
      'Срок по документу',
      'Ответственные',
      'Результат',
      'Формат документа',
      'Статус',
    ],
  ];
  r.stages.forEach((st, si) =>
    st.measures.forEach((m, mi) =>
      rows.push([
        st.title,
        `${si + 1}.${mi + 1}`,
        m.text || m.title,
        m.participants,
        dateRu(m.deadline),
        m.deadlineText,
        m.responsible,
        m.result,
        m.documentFormat,
        MEASURE_STATUS_NAMES[statusOf(m, today)],
      ]),
    ),
  );
  return rows;
}

/** Column widths of the measure table. */
export const MEASURE_COLS = [30, 6, 70, 30, 12, 30, 30, 40, 30, 14];

// Every cell is text or a number, never a formula; a leading = + - @ is defused for spreadsheets.
const cell = (v: string | number): XLSX.CellObject =>
  typeof v === 'number' ? { t: 'n', v } : { t: 's', v: v.replace(/^([=+\-@])/, '\u200b$1') };

/** A worksheet of plain cells with the given column widths. */
export function textSheet(rows: (string | number)[][], cols: number[]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  rows.forEach((row, ri) => row.forEach((v, ci) => (ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = cell(v))));
  const width = Math.max(1, ...rows.map((r) => r.length));
  ws['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(0, rows.length - 1), c: width - 1 },
  });
  ws['!cols'] = cols.map((wch) => ({ wch }));
  return ws;
}

/** The roadmap as an XLSX workbook: one row per measure, every cell text or number, no formulas. */
export function roadmapXlsx(r: Roadmap, today: string): Uint8Array {
  const ws = textSheet(measureRows(r, today, 'Этап'), MEASURE_COLS);
  ws['!autofilter'] = { ref: ws['!ref']! };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Дорожная карта');
  wb.Props = { Title: r.title, Author: 'ОКО-Аналитика' };
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

export function roadmapIcs(r: Roadmap, now?: Date): string {
  return roadmapToIcs(r, { calendarName: r.title, now });
}
