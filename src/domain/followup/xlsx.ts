// The check sheet as an XLSX workbook (SheetJS): written for the teacher to fill on paper or in a
// spreadsheet, and read back with strict checks. Reading never changes anything: it returns the
// rounds to merge, or throws an ImportError naming file, sheet, row and column (the import is atomic).
import * as XLSX from 'xlsx';
import { ImportError } from '../model.ts';
import { dateRu } from '../text/format.ts';
import { isRealIsoDate, valueProblem } from './sheet.ts';
import { itemLabel, LEVEL_RU, type CheckValue, type FollowupRound, type FollowupSheet } from './types.ts';

export const SHEET_NAME = 'Контрольные точки';
/** Header of the empty column left for the next round: the teacher writes the date over it. */
export const NEW_ROUND = 'дд.мм.гггг';
const FIXED = ['Код участника', 'ФИО', 'Умение или задание', 'Задания работы', 'Макс. балл'];
const HEADER_ROW = 3; // 0-based: the fourth row
const ID_ROW = 1;
const LEGEND =
  'Результат: «с» — сформировано, «ч» — частично, «н» — не сформировано, или балл (0 … макс.). ' +
  'Пустая ячейка — не проверялось. Дату новой проверки впишите в заголовок столбца «дд.мм.гггг».';

const SHORT: Record<Exclude<CheckValue, number | null>, string> = {
  formed: 'с',
  partial: 'ч',
  unformed: 'н',
};

export interface SheetXlsxInput {
  sheet: FollowupSheet;
  /** Procedure title for the first row. */
  title: string;
  /** Code → name, only when the user chose to print names from the local roster. */
  names?: Map<string, string>;
}

/** The rows of the check sheet (also the printable table): fixed columns, one per round, one empty. */
export function sheetRows(input: SheetXlsxInput): (string | number)[][] {
  const { sheet, names } = input;
  const header = [...FIXED, ...sheet.rounds.map((r) => dateRu(r.date)), NEW_ROUND];
  const rows = sheet.items.map((item, i) => [
    item.code,
    names?.get(item.code)?.trim() ?? '',
    itemLabel(item),
    item.tasks.map((t) => `№ ${t}`).join(', '),
    item.max,
    ...sheet.rounds.map((r) => {
      const v = r.results[i] ?? null;
      return v === null ? '' : typeof v === 'number' ? v : SHORT[v];
    }),
    '',
  ]);
  return [
    [`Лист контрольных точек: ${sheet.classLabel} класс — ${sheet.schoolName}; ${input.title}`],
    ['Код листа', sheet.id],
    [LEGEND],
    header,
    ...rows,
  ];
}

export function writeSheetXlsx(input: SheetXlsxInput): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(sheetRows(input));
  ws['!cols'] = [{ wch: 14 }, { wch: 24 }, { wch: 60 }, { wch: 14 }, { wch: 8 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, SHEET_NAME);
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

const LEVEL_WORDS: Record<string, Exclude<CheckValue, number | null>> = {
  с: 'formed',
  c: 'formed',
  '+': 'formed',
  [LEVEL_RU.formed]: 'formed',
  ч: 'partial',
  '±': 'partial',
  [LEVEL_RU.partial]: 'partial',
  н: 'unformed',
  '-': 'unformed',
  '−': 'unformed',
  [LEVEL_RU.unformed]: 'unformed',
};

type Cell = XLSX.CellObject | undefined;

function text(c: Cell): string {
  if (!c || c.v === undefined || c.v === null) return '';
  return String(c.v).trim();
}

/** A header cell as an ISO date: «05.12.2026», «2026-12-05» or an Excel date number. */
function headerDate(c: Cell): string | null {
  if (c?.t === 'n' && typeof c.v === 'number') {
    const d = XLSX.SSF.parse_date_code(c.v);
    if (!d) return null;
    const iso = `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
    return isRealIsoDate(iso) ? iso : null;
  }
  if (c?.t === 'd' && c.v instanceof Date) return c.v.toISOString().slice(0, 10);
  const s = text(c);
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) {
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return isRealIsoDate(iso) ? iso : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m && isRealIsoDate(s) ? s : null;
}

/** The cell's value, or undefined when it is neither a level nor a whole number. */
function cellValue(c: Cell): CheckValue | undefined {
  if (!c || c.v === undefined || c.v === null || text(c) === '') return null;
  if (c.t === 'n' && typeof c.v === 'number') return c.v;
  const s = text(c).toLowerCase().replace(/\s+/g, ' ');
  if (Object.hasOwn(LEVEL_WORDS, s)) return LEVEL_WORDS[s];
  if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}

/**
 * Reads a filled check sheet against the stored one. Returns the rounds found in the file (a round
 * holds the stored results of the items the file has no row for). Throws ImportError on the first
 * problem: another class's sheet, an unknown pupil or skill, a date not read or in the future,
 * a repeated date, a cell that is neither a level nor a score in range.
 */
export function readSheetXlsx(
  bytes: Uint8Array,
  file: string,
  stored: FollowupSheet,
  today: string,
): FollowupRound[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: false });
  } catch {
    throw new ImportError(`Файл «${file}» не читается как таблица Excel (XLSX).`, file);
  }
  const name = wb.SheetNames.includes(SHEET_NAME) ? SHEET_NAME : wb.SheetNames[0];
  const ws = wb.Sheets[name];
  const at = (r: number, c: number): Cell => ws?.[XLSX.utils.encode_cell({ r, c })] as Cell;
  const fail = (msg: string, r?: number, c?: number): never => {
    const col = c === undefined ? undefined : XLSX.utils.encode_col(c);
    const place = r === undefined ? '' : `, строка ${r + 1}${col ? `, столбец ${col}` : ''}`;
    throw new ImportError(
      `Файл «${file}», лист «${name}»${place}: ${msg}`,
      file,
      name,
      r === undefined ? undefined : r + 1,
      col,
    );
  };
  if (!ws || !ws['!ref']) return fail('лист пуст — ожидался лист контрольных точек.');
  const range = XLSX.utils.decode_range(ws['!ref']);

  const id = text(at(ID_ROW, 1));
  if (text(at(ID_ROW, 0)) !== 'Код листа' || !id)
    fail('не найден код листа (ячейка B2) — загрузите лист, скачанный из приложения.', ID_ROW, 1);
  if (id !== stored.id)
    fail(`лист составлен для другого класса или процедуры («${id}»), а выбран «${stored.id}».`, ID_ROW, 1);
  FIXED.forEach((h, c) => {
    if (text(at(HEADER_ROW, c)) !== h) fail(`ожидался заголовок «${h}».`, HEADER_ROW, c);
  });

  // Round columns: a date header; the empty «дд.мм.гггг» column counts only when it holds values.
  const columns: { c: number; date: string }[] = [];
  for (let c = FIXED.length; c <= range.e.c; c++) {
    const head = text(at(HEADER_ROW, c));
    const filled = () => {
      for (let r = HEADER_ROW + 1; r <= range.e.r; r++) if (text(at(r, c)) !== '') return true;
      return false;
    };
    if (head === '' || head === NEW_ROUND) {
      if (filled())
        fail(
          'у заполненного столбца нет даты проверки — впишите её в заголовок (дд.мм.гггг).',
          HEADER_ROW,
          c,
        );
      continue;
    }
    const date = headerDate(at(HEADER_ROW, c));
    if (!date) fail(`«${head}» — не дата; ожидалась дата проверки в виде дд.мм.гггг.`, HEADER_ROW, c);
    if (date! > today) fail(`дата проверки ${dateRu(date!)} ещё не наступила.`, HEADER_ROW, c);
    if (columns.some((x) => x.date === date)) fail(`дата ${dateRu(date!)} повторяется.`, HEADER_ROW, c);
    columns.push({ c, date: date! });
  }

  const codes = new Set(stored.items.map((x) => x.code));
  const index = new Map(stored.items.map((x, i) => [`${x.code}\u0000${itemLabel(x)}`, i]));
  const labels = new Set(stored.items.map((x) => itemLabel(x)));
  const rounds = columns.map(({ date }) => ({
    date,
    results: [...(stored.rounds.find((r) => r.date === date)?.results ?? stored.items.map(() => null))],
  }));
  const seen = new Set<number>();
  for (let r = HEADER_ROW + 1; r <= range.e.r; r++) {
    const code = text(at(r, 0));
    const label = text(at(r, 2));
    const any = columns.some(({ c }) => text(at(r, c)) !== '');
    if (code === '' && label === '' && !any) continue; // an empty line
    if (!codes.has(code)) fail(`обучающегося с кодом «${code}» нет в листе этого класса.`, r, 0);
    if (!labels.has(label)) fail(`умения или задания «${label}» нет в листе этого класса.`, r, 2);
    const i = index.get(`${code}\u0000${label}`);
    if (i === undefined) fail(`у обучающегося «${code}» умение «${label}» не отмечено как дефицит.`, r, 2);
    if (seen.has(i!)) fail(`строка обучающегося «${code}» с этим умением повторяется.`, r, 0);
    seen.add(i!);
    columns.forEach(({ c }, k) => {
      const v = cellValue(at(r, c));
      if (v === undefined || valueProblem(v, stored.items[i!].max))
        fail(
          `в ячейке «${text(at(r, c))}» — ожидалось «с», «ч», «н» или целый балл от 0 до ${stored.items[i!].max}.`,
          r,
          c,
        );
      rounds[k].results[i!] = v!;
    });
  }
  return rounds;
}
