// Layouts are recognised by header names, wherever the header row is and in any column order.
import type { LayoutId } from '../model';
import { normaliseHeader, parseNumberedHeader, parseTaskHeader } from '../spec/task-header';

export interface TaskColumn {
  /** 0-based column index in the sheet. */
  col: number;
  /** Header text as found in the file. */
  header: string;
  /** Normalised task id (`5.1`); for numbered layouts the column number (`7`). */
  id: string;
  /** Maximum from the header (`3 (2б)`); undefined for numbered layouts. */
  max?: number;
}

export interface ColumnMap {
  layout: LayoutId;
  /** 0-based index of the header row. */
  headerRow: number;
  /** Header texts by column (for messages). */
  headers: string[];
  login?: number;
  code?: number;
  variants: number[];
  classCol?: number;
  sex?: number;
  journal?: number;
  total?: number;
  municipality?: number;
  school?: number;
  uploadDate?: number;
  tasks: TaskColumn[];
}

/** How far down a sheet the header row may be. */
export const HEADER_SCAN_ROWS = 30;

export const LAYOUT_DESCRIPTIONS: Record<LayoutId, string> = {
  'fisoko-protocol':
    'выгрузка ФИС ОКО, лист «Протокол»: Пользователь | … | Школа | … | Код | Вариант | 1 (1б) …',
  'vpr-form': 'форма сбора результатов ВПР: Код участника | Вариант | 1 (5б) … | Порядковый номер класса …',
  'region-2021':
    'региональная выгрузка 2021: логин школы | регион | … | вариант | всего баллов | балл за 1 …',
  'region-2020':
    'региональная выгрузка 2020: groups, user, id, code, otc, gender, klass, var-1, sum, a-1-grade …',
  'gia-protocol':
    'протокол ГИА (ОГЭ, ЕГЭ, ГВЭ): строка экзамена «02 - Математика 2024.06.04», Код ОО | Класс | … | Первичный балл | Оценка или Тестовый балл',
  'gia-appeal':
    'результаты апелляций ГИА: Экзамен | … | Состояние апелляции | Текущие: Первичный балл, Оценка',
  'gia-csv':
    'выгрузка ГИА в CSV: SchoolCode; ClassCode; …; TestResultBCell; TestResultCCell; PrimaryMark; Mark5',
};

const VARIANT = /^вариант(?: \(часть \d+\))?$/;
const JOURNAL = /^отметка за предыдущ/;

function headerTexts(row: ArrayLike<unknown>): string[] {
  const out: string[] = [];
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    out.push(v === undefined || v === null ? '' : String(v).replace(/\s+/g, ' ').trim());
  }
  return out;
}

/** Tries every layout on one row; null when the row is not a header we know. */
export function detectLayout(row: ArrayLike<unknown>, headerRow: number): ColumnMap | null {
  const headers = headerTexts(row);
  const norm = headers.map(normaliseHeader);
  const col = (...names: (string | RegExp)[]): number | undefined => {
    for (const name of names) {
      const i = norm.findIndex((h) => (typeof name === 'string' ? h === name : name.test(h)));
      if (i >= 0) return i;
    }
    return undefined;
  };
  const all = (re: RegExp) => norm.flatMap((h, i) => (re.test(h) ? [i] : []));
  const headerTasks = (): TaskColumn[] =>
    headers.flatMap((h, i) => {
      const t = parseTaskHeader(h);
      return t ? [{ col: i, header: h, id: t.id, max: t.max }] : [];
    });
  const numberedTasks = (re: RegExp): TaskColumn[] =>
    headers.flatMap((h, i) => {
      const n = re.test(norm[i]) ? parseNumberedHeader(h) : null;
      return n === null ? [] : [{ col: i, header: h, id: String(n) }];
    });
  const base = { headerRow, headers };

  if (col('пользователь') !== undefined && col('школа') !== undefined) {
    const tasks = headerTasks();
    const code = col('код', 'код участника');
    const variants = all(VARIANT);
    if (tasks.length && code !== undefined && variants.length)
      return {
        ...base,
        layout: 'fisoko-protocol',
        login: col('пользователь'),
        school: col('школа'),
        municipality: col('муниципалитет'),
        uploadDate: col('дата загрузки'),
        code,
        variants,
        classCol: col('наименование класса', /^класс/),
        sex: col('пол'),
        journal: col(JOURNAL),
        total: col('итого баллов'),
        tasks,
      };
  }
  if (col('логин школы') !== undefined) {
    const tasks = numberedTasks(/^балл за \d+$/);
    if (tasks.length)
      return {
        ...base,
        layout: 'region-2021',
        login: col('логин школы'),
        // In the real 2021 export the column `регион` holds the municipality.
        municipality: col('муниципалитет', 'регион'),
        code: col('код обучающегося'),
        variants: all(/^вариант/),
        classCol: col('класс'),
        sex: col('пол'),
        journal: col(JOURNAL),
        total: col('всего баллов'),
        tasks,
      };
  }
  if (col('user') !== undefined) {
    const tasks = numberedTasks(/^a-\d+-grade$/);
    if (tasks.length)
      return {
        ...base,
        layout: 'region-2020',
        login: col('user'),
        municipality: col('groups'),
        code: col('code'),
        variants: all(/^var-\d+$/),
        classCol: col('klass'),
        sex: col('gender'),
        journal: col('otc'),
        total: col('sum'),
        tasks,
      };
  }
  if (col('пользователь') === undefined) {
    const tasks = headerTasks();
    const code = col('код участника', 'код');
    const variants = all(VARIANT);
    if (tasks.length && code !== undefined && variants.length)
      return {
        ...base,
        layout: 'vpr-form',
        code,
        variants,
        classCol: col('наименование класса', 'порядковый номер класса', /^класс/),
        sex: col('пол'),
        journal: col(JOURNAL),
        total: col('итого баллов'),
        tasks,
      };
  }
  return null;
}

/** Column names to show when no layout matched: the fullest of the first rows. */
export function visibleColumns(rows: ArrayLike<unknown>[]): string[] {
  let best: string[] = [];
  for (const row of rows.slice(0, HEADER_SCAN_ROWS)) {
    const names = headerTexts(row).filter(Boolean);
    if (names.length > best.length) best = names;
  }
  return best;
}
