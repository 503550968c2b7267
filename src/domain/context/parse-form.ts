// The ФИС ОКО form «Сбор контекстных данных об ОО», both layouts: 2021 (one sheet, login in «логин»,
// answers «1. Столица субъекта РФ») and 2022 (several sheets, login in «Пользователь», columns
// «Регион | Муниципалитет | Школа | Дата загрузки», numbered questions, answers «4) …»). Sheets are
// merged by login. Only the whitelisted questions of ./questions.ts are read: the director's name,
// phone, e-mail and INN are never touched, so they cannot reach storage, exports or backups.
import { ImportError } from '../model.ts';
import { csvSheet, sourceKind, workbookSheets, type SheetSource } from '../import/sources.ts';
import { gradeOf, normHeader, QUESTIONS, type Question } from './questions.ts';
import { EMPTY_RECORD, type ContextRecord, type ContextWarning, type ParsedContext } from './types.ts';

const HEAD_ROWS = 15;

interface Mapped {
  headerRow: number;
  login: number;
  loginHeader: string;
  date: number;
  columns: { col: number; q: Question; header: string; grade: number | null }[];
  layout: 'form-2021' | 'form-2022';
}

/** The header row of a sheet: a login column and at least one question, the most questions wins. */
function mapSheet(rows: unknown[][]): Mapped | null {
  let best: Mapped | null = null;
  for (let h = 0; h < Math.min(rows.length, HEAD_ROWS); h++) {
    const raw = headerTexts(rows, h);
    const heads = raw.map(normHeader);
    const login = heads.findIndex((x) => QUESTIONS[0].test(x));
    if (login < 0) continue;
    const columns: Mapped['columns'] = [];
    heads.forEach((x, col) => {
      if (col === login || !x) return;
      const q = QUESTIONS.find((q) => q.field !== 'login' && q.test(x));
      if (!q) return;
      const grade = gradeOf(x);
      // A single-answer question is read from its first column only (a later «другое» column would
      // overwrite it); per-grade counts and in-depth subjects have one column each.
      const many =
        q.field === 'inDepthSubject' ||
        ((q.field === 'pupilsGrade' || q.field === 'classesGrade') && grade !== null);
      if (!many) {
        const had = columns.findIndex((c) => c.q.field === q.field);
        if (had >= 0) {
          const rank = q.rank ?? (() => 1);
          if (rank(x) > rank(normHeader(columns[had].header))) columns.splice(had, 1);
          else return;
        }
      }
      columns.push({ col, q, header: raw[col], grade });
    });
    const questions = columns.filter((c) => !['name', 'municipality', 'regionCode'].includes(c.q.field));
    if (questions.length === 0) continue;
    if (!best || columns.length > best.columns.length)
      best = {
        headerRow: h,
        login,
        loginHeader: raw[login],
        date: heads.findIndex((x) => /^дата (загрузки|заполнения)/.test(x)),
        columns,
        layout: heads[login] === 'пользователь' ? 'form-2022' : 'form-2021',
      };
  }
  return best;
}

const fits = (h: string) => QUESTIONS.some((q) => q.test(h));

/**
 * The header texts of row h, allowing for merged cells (only the top-left cell of a merge holds the
 * text): an empty cell takes the cell above (a header merged over two rows), and a cell that fits
 * no question alone is read with the group title above it carried right («Количество обучающихся»
 * over «5 класс»). A header that fits on its own is never changed.
 */
function headerTexts(rows: unknown[][], h: number): string[] {
  const row = rows[h] ?? [];
  const above = h > 0 ? (rows[h - 1] ?? []) : [];
  const width = Math.max(row.length, above.length);
  const out: string[] = [];
  let group = '';
  for (let col = 0; col < width; col++) {
    const up = String(above[col] ?? '').trim();
    if (up) group = up;
    const own = String(row[col] ?? '').trim();
    if (!own) out.push(up);
    else if (!group || fits(normHeader(own))) out.push(own);
    else {
      const both = `${group} ${own}`;
      out.push(fits(normHeader(both)) ? both : own);
    }
  }
  return out;
}

const stripNumber = (s: string) => s.replace(/^\d+\s*[.)]\s*/, '').trim();

/** Leading answer number: «4) Город», «1. Столица», «3», 3. */
function answerNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  const m = /^\s*(\d+)\s*([.)]|$)/.exec(String(v));
  return m ? Number(m[1]) : null;
}

/** Settlement type from the words when the number is missing (texts of both years). */
function settlementFromText(s: string): number | null {
  const t = s.toLowerCase().replace(/ё/g, 'е');
  if (/столиц|центр субъекта/.test(t)) return 1;
  if (/городского типа|пгт|поселок городск/.test(t)) return 3;
  if (/сельск|село|деревн/.test(t)) return 4;
  if (/^город/.test(t)) return 2;
  return null;
}

/** Settlement size from the words at the two ends of the scale, when the number is missing. */
function sizeFromText(s: string): number | null {
  const t = s.toLowerCase().replace(/\s+/g, ' ');
  if (/^(менее|до) 1 тыс/.test(t)) return 1;
  if (/^(более|свыше) 680 тыс/.test(t)) return 8;
  return null;
}

function yesNo(v: unknown): boolean | null | undefined {
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v === 'boolean') return v;
  const t = stripNumber(String(v)).toLowerCase();
  if (/^(да|yes|true|является)/.test(t)) return true;
  if (/^(нет|no|false|не является)/.test(t)) return false;
  if (t === '1') return true;
  if (t === '0') return false;
  return undefined;
}

function count(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const t = String(v)
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  if (/^(нет|-|—|–)$/i.test(t)) return null;
  const n = Number(t);
  return t !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** ГИА school code: digits compared as numbers («000127» = «127»). */
export function giaCode(v: unknown): string | null {
  const t = String(v ?? '')
    .replace(/[\s\u00a0]/g, '')
    .trim();
  if (!t) return null;
  if (/^\d+$/.test(t)) return String(Number(t));
  if (/^\d+\.0+$/.test(t)) return String(Number(t));
  return t;
}

/** The year of a «Дата загрузки» cell: Excel serial number or text with a four-digit year. */
function yearOfDate(v: unknown): number | null {
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86400000).getUTCFullYear();
  if (v instanceof Date) return v.getUTCFullYear();
  const m = /(20\d\d)/.exec(String(v ?? ''));
  return m ? Number(m[1]) : null;
}

export function yearOfFileName(file: string): number | null {
  const m = /(?:^|[^\d])(20[12]\d)(?:[^\d]|$)/.exec(file);
  return m ? Number(m[1]) : null;
}

type Partial = ContextRecord & {
  grades: Map<number, number>;
  gradeClasses: Map<number, number>;
  depth: (boolean | null)[];
};

function readSheet(
  sheet: SheetSource,
  file: string,
  warnings: ContextWarning[],
  out: Map<string, Partial>,
): Mapped['layout'] | null {
  // Every row: `capacity` counts the rows present, and blank rows between schools are absent ones.
  const rows = sheet.head(Number.MAX_SAFE_INTEGER);
  const map = mapSheet(rows);
  if (!map) return null;
  const fileYear = yearOfFileName(file);
  for (let r = map.headerRow + 1; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const login = String(row[map.login] ?? '').trim();
    if (!login) {
      // A row with answers but no login cannot be given to a school: said, not silently dropped.
      const answered = map.columns.some(({ col }) => String(row[col] ?? '').trim() !== '');
      if (answered)
        warnings.push({
          file,
          sheet: sheet.name,
          row: r + 1,
          column: map.loginHeader,
          message: 'нет логина ОО, а ответы есть; строка пропущена (укажите логин школы).',
        });
      continue;
    }
    if (normHeader(login) === normHeader(map.loginHeader)) continue;
    const year = (map.date >= 0 ? yearOfDate(row[map.date]) : null) ?? fileYear;
    let rec = out.get(login);
    if (!rec) {
      rec = { login, year, ...EMPTY_RECORD, grades: new Map(), gradeClasses: new Map(), depth: [] };
      out.set(login, rec);
    } else if (year !== null) rec.year = Math.max(rec.year ?? year, year);
    for (const { col, q, header, grade } of map.columns) {
      const v = row[col];
      if (v === undefined || v === null || String(v).trim() === '') continue;
      const warn = (expected: string) =>
        warnings.push({
          file,
          sheet: sheet.name,
          row: r + 1,
          column: header.replace(/\s+/g, ' ').trim(),
          message: `ответ «${String(v).trim()}» не распознан (ожидалось ${expected}); ответ пропущен.`,
        });
      const set = (field: string, value: unknown) => {
        (rec as unknown as Record<string, unknown>)[field] = value;
      };
      switch (q.kind) {
        case 'text':
          set(q.field, String(v).replace(/\s+/g, ' ').trim());
          break;
        case 'gia':
          set(q.field, giaCode(v));
          break;
        case 'code': {
          let n = answerNumber(v);
          if (n === null && q.field === 'settlementType') n = settlementFromText(String(v));
          if (n === null && q.field === 'settlementSize') n = sizeFromText(String(v));
          if (n !== null && n >= 1 && n <= (q.max ?? 99)) set(q.field, n);
          else warn(`номер ответа от 1 до ${q.max}, например «2. Город» или «2) Город»`);
          break;
        }
        case 'yesno': {
          const b = yesNo(v);
          if (b === undefined) warn('«Да» или «Нет»');
          else if (q.field === 'inDepthSubject') rec.depth.push(b);
          else set(q.field, b);
          break;
        }
        case 'count': {
          const n = count(v);
          if (n === undefined) warn('неотрицательное число');
          else if (n === null) break;
          else if (q.field === 'pupilsGrade' && grade !== null) rec.grades.set(grade, n);
          else if (q.field === 'classesGrade' && grade !== null) rec.gradeClasses.set(grade, n);
          else if (q.field !== 'pupilsGrade' && q.field !== 'classesGrade') set(q.field, n);
          break;
        }
      }
    }
  }
  return map.layout;
}

const sum = (m: Map<number, number>) => (m.size ? [...m.values()].reduce((a, b) => a + b, 0) : null);

/**
 * Reads the form (CSV or XLSX, any number of sheets); null when no sheet looks like it (the caller
 * then tries the simple table). Sheets without a login column or a known question are skipped.
 */
export function parseContextForm(bytes: Uint8Array, file: string): ParsedContext | null {
  const sheets =
    sourceKind(bytes, file) === 'workbook' ? workbookSheets(bytes, file) : [csvSheet(bytes, file)];
  const warnings: ContextWarning[] = [];
  const byLogin = new Map<string, Partial>();
  let layout: ParsedContext['layout'] | null = null;
  const read: string[] = [];
  for (const sheet of sheets) {
    const l = readSheet(sheet, file, warnings, byLogin);
    if (l) read.push(sheet.name);
    if (l && (layout === null || l === 'form-2022')) layout = l;
  }
  if (!layout) return null;
  if (byLogin.size === 0)
    throw new ImportError(
      `«${file}»: форма контекстных данных найдена (${read.length > 1 ? 'листы' : 'лист'} ${read.map((n) => `«${n}»`).join(', ')}), ` +
        'но в ней нет ни одной строки с логином ОО: заполните столбец логина (2021 г. — «логин», 2022 г. — «Пользователь») под строкой заголовков.',
      file,
    );
  const records = [...byLogin.values()].map(({ grades, gradeClasses, depth, ...rec }): ContextRecord => ({
    ...rec,
    pupils: rec.pupils ?? sum(grades),
    classes: rec.classes ?? sum(gradeClasses),
    inDepth: rec.inDepth ?? (depth.some((d) => d !== null) ? depth.filter(Boolean).length : null),
  }));
  return { file, layout, records, warnings };
}
