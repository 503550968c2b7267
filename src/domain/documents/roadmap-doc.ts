// The roadmap («дорожная карта») as a document (DOCX/print) and as an XLSX sheet, plus the .ics
// name. The measures' wording and dates come from the roadmap (src/domain/roadmap); this module only
// lays them out.
import * as XLSX from 'xlsx';
import { statusOf } from '../roadmap/edits.ts';
import { roadmapToIcs } from '../roadmap/ics.ts';
import { calendarSource } from '../calendar/working-days.ts';
import { schoolYearLabel } from '../roadmap/school-calendar.ts';
import type { Roadmap, RoadmapMeasure } from '../roadmap/types.ts';
import { dateRu } from '../text/format.ts';
import { MEASURE_STATUS_NAMES } from '../text/labels.ts';
import { h, p, type Block, type DocModel } from './model.ts';
import { approvalBlocks } from './signing.ts';

const HEADER = ['№', 'Мероприятие (участники)', 'Срок', 'Ответственные', 'Результат', 'Статус'];
/**
 * Widths in cm of a landscape page's 25,7 cm of text: every column is wider than its longest word at
 * 10 pt plus the cell margins («Запланировано», «Ответственные», «Результат»), so LibreOffice and Word
 * never break a word inside a cell; the measure's wording takes the rest.
 */
export const ROADMAP_WIDTHS_CM = [1.0, 13.3, 2.2, 4.3, 2.2, 2.7];

/** The seed's long «Результат» and «Формат документа» texts, each pair once: key «Р1», «Р2»… */
function resultKeys(
  r: Roadmap,
): Map<string, { key: string; result: string; format: string; items: string[] }> {
  const keys = new Map<string, { key: string; result: string; format: string; items: string[] }>();
  r.stages.forEach((st, si) =>
    st.measures.forEach((m, mi) => {
      if (!m.result.trim() && !m.documentFormat.trim()) return;
      const id = `${m.result}\u0000${m.documentFormat}`;
      let e = keys.get(id);
      if (!e)
        keys.set(
          id,
          (e = { key: `Р${keys.size + 1}`, result: m.result, format: m.documentFormat, items: [] }),
        );
      e.items.push(`${si + 1}.${mi + 1}`);
    }),
  );
  return keys;
}

/**
 * The seed's recurring phrases, shortened in the legend by the abbreviations every school document
 * uses; the legend ends with their meaning.
 */
const ABBREVIATIONS: [string, string][] = [
  [
    'основной образовательной программы начального общего и/или основного общего и/или среднего общего образования',
    'ООП НОО, ООО, СОО',
  ],
  ['основной образовательной программы начального общего и/или основного общего образования', 'ООП НОО, ООО'],
  ['образовательной программы основного общего образования', 'ООП ООО'],
  [
    'Образовательная программа начального общего и/или основного общего и/или среднего общего образования',
    'ООП НОО, ООО, СОО',
  ],
  [
    'которые содержатся в обобщенном плане варианта проверочной работы по конкретному учебному предмету',
    'из обобщённого плана варианта проверочной работы по предмету',
  ],
  [
    'которые содержатся в контрольно-измерительных материалах проверочной работы по конкретному учебному предмету',
    'из КИМ проверочной работы по предмету',
  ],
];
const ABBREVIATIONS_NOTE =
  'ООП НОО, ООО, СОО — основная образовательная программа начального, основного, среднего общего образования; КИМ — контрольные измерительные материалы.';

const abbreviated = (text: string) =>
  ABBREVIATIONS.reduce((t, [long, short]) => t.split(long).join(short), text);

/** The date, or one date per scheduled procedure («15.04.2027 — ВПР (…)»). */
function deadlineCell(m: RoadmapMeasure): string {
  if (!m.occurrences?.length) return dateRu(m.deadline);
  return m.occurrences.map((o) => `${dateRu(o.date)} — ${o.label}`).join('\n');
}

/**
 * A heading and a table of measures per stage, then the legend of the expected results and document
 * formats (each long text once, not in every row): the body of the school roadmap and of the
 * municipal plan. Rows may break across pages; the column header repeats on every page.
 */
export function stageTables(r: Roadmap, today: string): Block[] {
  const keys = resultKeys(r);
  const keyOf = (m: RoadmapMeasure) => keys.get(`${m.result}\u0000${m.documentFormat}`)?.key ?? '';
  // One table, a bold row per stage: no heading, header and gap between the stages.
  const rows: string[][] = [];
  const boldRows: number[] = [];
  r.stages.forEach((st, si) => {
    boldRows.push(rows.length);
    rows.push(['', st.title, '', '', '', '']);
    st.measures.forEach((m, mi) =>
      rows.push([
        `${si + 1}.${mi + 1}`,
        m.participants ? `${m.text || m.title}\nУчастники: ${m.participants}.` : m.text || m.title,
        deadlineCell(m),
        m.responsible,
        keyOf(m),
        MEASURE_STATUS_NAMES[statusOf(m, today)],
      ]),
    );
  });
  const blocks: Block[] = [
    {
      kind: 'table',
      header: [HEADER],
      widths: ROADMAP_WIDTHS_CM,
      align: ['left', 'left', 'center', 'left', 'center', 'left'],
      splitRows: true,
      compact: true,
      boldRows,
      rows,
    },
  ];
  if (keys.size > 0)
    blocks.push(
      h(2, 'Ожидаемые результаты и документы'),
      {
        kind: 'table',
        header: [['', 'Ожидаемый результат', 'Документ', 'Мероприятия']],
        widths: [1.0, 17.0, 4.7, 3.0],
        splitRows: true,
        compact: true,
        rows: [...keys.values()].map((e) => [
          e.key,
          abbreviated(e.result),
          abbreviated(e.format),
          e.items.join(', '),
        ]),
      },
      { kind: 'paragraph', small: true, runs: [ABBREVIATIONS_NOTE] },
    );
  return blocks;
}

/** The note under the title: where the dates come from (a provisional production calendar named). */
export function datesNote(r: Roadmap, base: string, today: string): string {
  const years = new Set<number>();
  for (const st of r.stages) for (const m of st.measures) years.add(Number(m.deadline.slice(0, 4)));
  const provisional = [...years]
    .sort()
    .filter((y) => calendarSource(y).status === 'provisional')
    .map((y) => `${y} г.`);
  const target =
    r.targetSchoolYear !== undefined
      ? ` Мероприятия реализуются в ${schoolYearLabel(r.targetSchoolYear)} учебном году.`
      : '';
  const caution = provisional.length
    ? ` Перенос выходных дней на ${provisional.join(', ')} ещё не учтён (постановление Правительства не найдено): сроки этого года проверьте по производственному календарю.`
    : '';
  return `Сроки — рабочие дни производственного календаря, рассчитаны от ${base}; статусы — на ${dateRu(today)}.${target}${caution}`;
}

export function roadmapDocument(r: Roadmap, today: string, o: { head?: string } = {}): DocModel {
  const blocks: Block[] = [
    ...approvalBlocks({ position: `Руководитель ${r.school?.name ?? 'ОО'}`, name: o.head }),
    h(1, 'План мероприятий («дорожная карта»)'),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [r.title.replace(/^[^:]*:\s*/, '')],
    },
    p(datesNote(r, `даты получения результатов ${dateRu(r.resultsDate)}`, today)),
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
        deadlineCell(m),
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
