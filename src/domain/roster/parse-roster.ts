// A class list (participant code → pupil name) from a table the teacher keeps: the first row that has
// a code column («Код», «Код участника») and a name column («ФИО», «Фамилия Имя», or «Фамилия» + «Имя»)
// is the header; every later row with both a code and a name is an entry. Pure: no file reading here.
// The names never leave the device (see src/db/roster-repo.ts).

/** code → full name. */
export type Roster = Record<string, string>;

export interface RosterParseResult {
  entries: Roster;
  /** Rows under the header with a code but no name, or a name but no code (1-based row numbers). */
  skipped: number[];
  /** Codes met twice with different names: the later row wins. */
  duplicates: string[];
  /**
   * Only when the table has a column «АООП» (also «АОП», «ОВЗ», «Адаптированная программа»): code →
   * whether the pupil learns by an adapted programme (issue #14, point 6). Local only, like the names.
   */
  adapted?: Record<string, boolean>;
}

export class RosterParseError extends Error {
  override name = 'RosterParseError';
}

const norm = (v: unknown): string =>
  String(v ?? '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const key = (v: unknown): string => norm(v).toLowerCase().replace(/ё/g, 'е').replace(/[.:№]/g, '').trim();

const CODE = new Set(['код', 'код участника', 'код ученика', 'код обучающегося', 'участник']);
const FULL = new Set(['фио', 'фамилия имя', 'фамилия имя отчество', 'фамилия, имя', 'ученик', 'обучающийся']);

interface Header {
  row: number;
  code: number;
  adapted?: number;
  full?: number;
  last?: number;
  first?: number;
}

/** The adapted-programme column: «АООП», «АОП», «ОВЗ», «ОВЗ/АООП», «Адаптированная программа». */
const ADAPTED = /(^|[^а-я])(аооп|аоп|овз)([^а-я]|$)|адаптированн/;
/** A cell that says «yes»; anything else (empty, «нет», 0, «-») says no. */
const YES = /^(да|1|\+|х|x|v|✓|✔|аооп|аоп|овз|true|истина)$/;

function findHeader(rows: readonly (readonly unknown[])[]): Header | null {
  for (let r = 0; r < Math.min(rows.length, 30); r++) {
    const cells = rows[r].map(key);
    const code = cells.findIndex((c) => CODE.has(c));
    if (code < 0) continue;
    const a = cells.findIndex((c) => ADAPTED.test(c));
    const adapted = a >= 0 ? { adapted: a } : {};
    const full = cells.findIndex((c) => FULL.has(c));
    if (full >= 0) return { row: r, code, full, ...adapted };
    const last = cells.indexOf('фамилия');
    const first = cells.indexOf('имя');
    if (last >= 0) return { row: r, code, last, ...(first >= 0 && { first }), ...adapted };
  }
  return null;
}

/** Codes as ФИС ОКО prints them: a number stored as 10001.0 in a spreadsheet becomes "10001". */
function codeOf(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(Math.round(v));
  return norm(v);
}

export function parseRoster(rows: readonly (readonly unknown[])[]): RosterParseResult {
  const h = findHeader(rows);
  if (!h) {
    throw new RosterParseError(
      'Не найдены столбцы «Код» (или «Код участника») и «ФИО» (или «Фамилия Имя»): проверьте первую строку таблицы.',
    );
  }
  const entries: Roster = {};
  const skipped: number[] = [];
  const duplicates: string[] = [];
  const adapted: Record<string, boolean> = {};
  for (let r = h.row + 1; r < rows.length; r++) {
    const row = rows[r];
    const code = codeOf(row[h.code]);
    const name =
      h.full !== undefined
        ? norm(row[h.full])
        : [norm(row[h.last!]), h.first !== undefined ? norm(row[h.first]) : ''].filter(Boolean).join(' ');
    if (!code && !name) continue;
    if (!code || !name) {
      skipped.push(r + 1);
      continue;
    }
    if (code in entries && entries[code] !== name) duplicates.push(code);
    entries[code] = name;
    if (h.adapted !== undefined) adapted[code] = YES.test(key(row[h.adapted]));
  }
  if (Object.keys(entries).length === 0) {
    throw new RosterParseError('В таблице нет ни одной строки с кодом и ФИО.');
  }
  return { entries, skipped, duplicates, ...(h.adapted !== undefined && { adapted }) };
}

/** Split CSV text (`;`, `,` or tab, whichever the header line uses most; quotes as in RFC 4180). */
export function splitCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const sep = [';', '\t', ','].reduce((best, s) =>
    firstLine.split(s).length > firstLine.split(best).length ? s : best,
  );
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV bytes as text: UTF-8 when valid, otherwise Windows-1251 (Excel's «CSV» on a Russian Windows). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}
