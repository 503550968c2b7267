// ГИА protocols (РЦОИ) → exam blocks of raw rows. Three layouts: the protocol (title lines, per
// exam a line «NN - Предмет YYYY.MM.DD» and a header with spacer columns, a closing «Средние» row),
// the appeal results (two header rows: «Экзамен», «Состояние апелляции», «Текущие» → Первичный
// балл, Оценка) and the `;` CSV with English names. Names and documents are never read: only the
// columns below are looked at.
import type { LayoutId } from '../model';
import { cellText } from './cells';
import type { SheetSource } from './sources';

export type GiaField =
  | 'msu'
  | 'school'
  | 'cls'
  | 'short'
  | 'long'
  | 'primary'
  | 'mark'
  | 'test'
  | 'variant'
  | 'exam'
  | 'date'
  | 'code';

/** Header names per field (normalised: lower case, ё → е, single spaces). */
const FIELD_NAMES: [GiaField, RegExp][] = [
  [
    'msu',
    /^(код (мсу|моуо|ато|муниципалитета|муниципального образования)|мсу|areacode|govcode|governmentcode|msucode)$/,
  ],
  ['school', /^(код (оо|оу|школы|образовательной организации)|schoolcode)$/],
  ['cls', /^(класс|classcode|class)$/],
  ['short', /кратк\S* ответ|^часть 1$|^testresultb(cell)?$/],
  ['long', /развернут\S* ответ|^часть 2$|^testresultc(cell)?$/],
  ['primary', /^первичн\S* балл|^primarymark$/],
  ['mark', /^(оценка|отметка)(\b.*)?$|^mark5$/],
  ['test', /^тестов\S* балл|^(балл|mark100|testmark)$/],
  ['variant', /^(вариант|номер варианта|variantcode|variant)$/],
  ['exam', /^(экзамен|предмет|subjectname|subject)$/],
  ['date', /^(дата экзамена|дата|examdate)$/],
  // The participant's code in the regional database (not a name): links a medalist list to ЕГЭ rows.
  ['code', /^(код участника|participantcode|participantid)$/],
];

export interface GiaRow {
  /** 1-based sheet row (CSV: line). */
  row: number;
  msu: string;
  school: string;
  cls: string;
  short: string;
  long: string;
  /** NaN when the cell is empty or not a number. */
  primary: number;
  mark: number;
  test: number;
  variant: number;
  /** «Код участника» ('' when the protocol has none). */
  code: string;
}

export interface ExamBlock {
  file: string;
  sheet: string;
  layout: LayoutId;
  /** Kind from the columns and titles: `ЕГЭ` when there is a test score, else ОГЭ or ГВЭ. */
  kind: string;
  /** The exam line's text («02 - Математика 2024.06.04» → «Математика»); '' when unknown. */
  subject: string;
  year: number;
  /** Header text of each field, for warnings. */
  headers: Partial<Record<GiaField, string>>;
  rows: GiaRow[];
}

export const normaliseGiaHeader = (s: string): string =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[:.]$/, '')
    .trim();

/** «02 - Математика 2024.06.04», «Математика 04.06.2024» → subject and date; null otherwise. */
export function parseExamLine(text: string): { subject: string; year: number } | null {
  const s = text.replace(/[\s\u00a0]+/g, ' ').trim();
  const m =
    /^(?:\d{1,3}\s*[-–—]\s*)?(.+?)[\s,]+\(?(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})\)?(?:\s.*)?$/.exec(s) ??
    /^(?:\d{1,3}\s*[-–—]\s*)?(.+?)[\s,]+\(?(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\)?(?:\s.*)?$/.exec(s);
  if (!m) return null;
  const year = Number(m[2].length === 4 ? m[2] : m[4]);
  if (year < 2000 || year > 2100) return null;
  const subject = m[1].replace(/[\s,–—-]+$/, '').trim();
  return subject ? { subject, year } : null;
}

/** Code cells: `9306.0` and 9306 are the same school. */
export function codeText(v: unknown): string {
  const s = cellText(v);
  return /^\d+[.,]0+$/.test(s) ? s.replace(/[.,]0+$/, '') : s;
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = cellText(v).replace(',', '.');
  return /^-?\d+(?:\.\d+)?$/.test(s) ? Number(s) : NaN;
}

function kindOfTitle(text: string): string {
  if (/гвэ/i.test(text)) return 'ГВЭ';
  if (/егэ/i.test(text)) return 'ЕГЭ';
  if (/огэ/i.test(text)) return 'ОГЭ';
  return '';
}

interface HeaderMap {
  layout: LayoutId;
  /** Per field: first column and the column after its span (merged header cells leave spacers). */
  spans: Partial<Record<GiaField, [number, number]>>;
  headers: Partial<Record<GiaField, string>>;
  /** Rows the header takes (the appeal layout has two). */
  height: number;
}

/** Field spans of a header row: a field's cell and the empty cells after it. */
function spansOf(texts: string[], layout: LayoutId, height: number): HeaderMap | null {
  const spans: HeaderMap['spans'] = {};
  const headers: HeaderMap['headers'] = {};
  const named = texts.flatMap((t, c) => (t ? [c] : []));
  named.forEach((c, k) => {
    const norm = normaliseGiaHeader(texts[c]);
    const field = FIELD_NAMES.find(([, re]) => re.test(norm))?.[0];
    if (!field || spans[field]) return;
    spans[field] = [c, k + 1 < named.length ? named[k + 1] : texts.length + 4];
    headers[field] = texts[c];
  });
  if (!spans.school || !spans.primary) return null;
  return { layout, spans, headers, height };
}

/** Text cells that can only be in a header row (checked before a row is parsed as a header). */
const HEADER_MARK = /^первичн\S* балл|^primarymark$|^состояние апелляции$|^код (оо|оу)$|^schoolcode$/;
/** The same starts on raw text, so that the 30 000 name and mask cells skip the normalisation. */
const HEADER_START = /^(первичн|primarymark|состояние|код|schoolcode)/i;

const rowTexts = (row: ArrayLike<unknown>): string[] =>
  Array.from({ length: row.length }, (_, c) => cellText(row[c]).replace(/[\s\u00a0]+/g, ' '));

/** The header starting at this row, or null. `next` is the row below (two-row appeal headers). */
function detectHeader(texts: string[], next: string[] | undefined): HeaderMap | null {
  const norm = texts.map(normaliseGiaHeader);
  if (norm.includes('состояние апелляции') && next) {
    // Row 1 names groups («Текущие» spans Первичный балл and Оценка of row 2); a group's own
    // field (Экзамен, Код ОО) is in row 1, the sub-fields of «Текущие» in row 2.
    const merged = texts.map((t) => t);
    let group = '';
    for (let c = 0; c < Math.max(texts.length, next.length); c++) {
      if (norm[c]) group = norm[c];
      const sub = next[c] ?? '';
      if (sub && group === 'текущие') merged[c] = sub;
      else if (sub && /^(первичный балл|оценка|тестовый балл)$/.test(normaliseGiaHeader(sub))) merged[c] = '';
      else if (!norm[c] && sub) merged[c] = '';
    }
    return spansOf(merged, 'gia-appeal', 2);
  }
  if (norm.includes('schoolcode') && norm.includes('primarymark')) return spansOf(texts, 'gia-csv', 1);
  // Any header with a school code and a primary score column (spansOf checks both).
  return spansOf(texts, 'gia-protocol', 1);
}

/** The first non-empty cell of a field's span. */
function field(values: ArrayLike<unknown>, span: [number, number] | undefined): unknown {
  if (!span) return undefined;
  const end = Math.min(span[1], values.length);
  for (let c = span[0]; c < end; c++) {
    const v = values[c];
    if (v !== undefined && v !== null && cellText(v) !== '') return v;
  }
  return undefined;
}

/** Is this sheet a ГИА protocol? Cheap test on the first rows, before any row is parsed. */
export function looksLikeGia(head: unknown[][]): boolean {
  for (let r = 0; r < head.length; r++) {
    const texts = rowTexts(head[r]);
    if (detectHeader(texts, head[r + 1] ? rowTexts(head[r + 1]) : undefined)) return true;
  }
  return false;
}

/**
 * All exam blocks of a sheet. The protocol layout starts a block at each exam line; the appeal
 * and CSV layouts take the exam from a per-row column. Blocks without an exam line get the
 * subject and year '' / 0: the caller fills them from a spec, flags or the file name.
 */
export function readGiaBlocks(sheet: SheetSource, file: string): ExamBlock[] {
  const blocks: ExamBlock[] = [];
  let titleKind = '';
  let exam: { subject: string; year: number } | null = null;
  let map: HeaderMap | null = null;
  let skipUntil = -1;
  let pending: ArrayLike<unknown> | null = null;
  let pendingRow = 0;
  let current: ExamBlock | null = null;
  const byExam = new Map<string, ExamBlock>();

  const startBlock = (subject: string, year: number): ExamBlock => {
    // «Тестовый балл» → ЕГЭ; otherwise the title says (ЕГЭ базового уровня has marks), ОГЭ by default.
    const kind = map!.spans.test ? 'ЕГЭ' : titleKind || 'ОГЭ';
    const b: ExamBlock = {
      file,
      sheet: sheet.name,
      layout: map!.layout,
      kind: /гвэ/i.test(subject) ? 'ГВЭ' : kind,
      subject,
      year,
      headers: map!.headers,
      rows: [],
    };
    blocks.push(b);
    return b;
  };

  const handle = (values: ArrayLike<unknown>, row: number, next: ArrayLike<unknown> | undefined) => {
    if (row <= skipUntil) return;
    // Cheap scan first (30 000 rows): how many cells are filled, the first one, and whether a
    // text cell names a header field. Only title, exam and header rows are looked at closely.
    let filledCount = 0;
    let firstText = '';
    let headerish = false;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v === undefined || v === null || v === '') continue;
      if (typeof v === 'string') {
        const t = v.trim();
        if (!t) continue;
        if (!firstText && filledCount === 0) firstText = t;
        if (!headerish && t.length < 40 && HEADER_START.test(t) && HEADER_MARK.test(normaliseGiaHeader(t)))
          headerish = true;
      }
      filledCount++;
    }
    if (filledCount === 0) return;
    if (filledCount === 1 && firstText && !(map && field(values, map.spans.school) !== undefined)) {
      const line = parseExamLine(firstText);
      if (line) {
        // A new exam: its rows start a new block (the header may be repeated or not).
        exam = line;
        current = null;
        return;
      }
      if (/средн/i.test(firstText) || /^итого/i.test(firstText)) return;
      titleKind ||= kindOfTitle(firstText);
      return;
    }
    if (headerish) {
      const header = detectHeader(rowTexts(values), next ? rowTexts(next) : undefined);
      if (header) {
        map = header;
        skipUntil = row + header.height - 1;
        current = null;
        return;
      }
    }
    if (!map) {
      titleKind ||= kindOfTitle(rowTexts(values).join(' '));
      return;
    }
    if (firstText && /^(средн|итого)/i.test(firstText)) return;
    const m: HeaderMap = map;
    const school = codeText(field(values, m.spans.school));
    if (!school || /^(средн|итог|всего)/i.test(school)) return;
    let block: ExamBlock | null = current;
    if (m.spans.exam) {
      const text = cellText(field(values, m.spans.exam));
      const dateText = cellText(field(values, m.spans.date));
      const parsed = parseExamLine(dateText ? `${text} ${dateText}` : text) ?? { subject: text, year: 0 };
      const key = `${parsed.subject}\u0000${parsed.year}`;
      block = byExam.get(key) ?? null;
      if (!block) byExam.set(key, (block = startBlock(parsed.subject, parsed.year)));
    } else if (!block) {
      const e = exam as { subject: string; year: number } | null;
      current = block = startBlock(e?.subject ?? '', e?.year ?? 0);
    }
    block.rows.push({
      row,
      msu: codeText(field(values, m.spans.msu)),
      school,
      cls: cellText(field(values, m.spans.cls)),
      short: cellText(field(values, m.spans.short)),
      long: cellText(field(values, m.spans.long)),
      primary: numberOf(field(values, m.spans.primary)),
      mark: numberOf(field(values, m.spans.mark)),
      test: numberOf(field(values, m.spans.test)),
      variant: numberOf(field(values, m.spans.variant)),
      code: codeText(field(values, m.spans.code)),
    });
  };

  // One row of look-ahead (the appeal header has two rows). The SourceRow object is reused, but
  // each row's values are a new array (sources.ts), so keeping the reference is safe.
  for (const { values, row } of sheet.rowsAfter(-1)) {
    if (pending) handle(pending, pendingRow, values);
    pending = values;
    pendingRow = row;
  }
  if (pending) handle(pending, pendingRow, undefined);
  return blocks.filter((b) => b.rows.length > 0);
}
