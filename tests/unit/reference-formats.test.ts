// Reading details of ФИС ОКО reports: CSV (Windows-1251, `;`, decimal commas), level detection,
// and the Russian errors that name the file, sheet and row.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { utils, write } from 'xlsx';
import { ImportError } from '../../src/domain/model';
import { parseReferenceReport } from '../../src/domain/reference';
import { levelDetector } from '../../src/domain/reference/levels';
import { parseCsv } from '../../src/domain/reference/csv';
import {
  headerBlock,
  MARKS_ROWS,
  marksAoa,
  ruText,
  xlsx,
  type Aoa,
} from '../fixtures/reference/reference-workbooks';

function cp1251(text: string): Uint8Array {
  // Cyrillic А..я are 0xC0..0xFF, Ё/ё 0xA8/0xB8, № 0xB9, « » 0xAB/0xBB, no-break space 0xA0.
  const special: Record<string, number> = {
    Ё: 0xa8,
    ё: 0xb8,
    '№': 0xb9,
    '«': 0xab,
    '»': 0xbb,
    '\u00a0': 0xa0,
  };
  return Uint8Array.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (ch in special) return special[ch];
      throw new Error(`no cp1251 byte for ${ch}`);
    }),
  );
}

const csvOf = (aoa: Aoa, sep = ';') =>
  aoa
    .map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? ruText(c) : c)).join(sep))
    .join('\r\n');

describe('CSV', () => {
  it('reads a Windows-1251 `;` CSV with decimal commas like the XLSX', () => {
    const fromXlsx = parseReferenceReport(xlsx([['Ф3', marksAoa()]]), 'Ф3.xlsx');
    const fromCsv = parseReferenceReport(cp1251(csvOf(marksAoa())), 'Статистика по отметкам.csv');
    expect(fromCsv.reports[0].sheet).toBe('Статистика по отметкам');
    expect(fromCsv.procedure).toEqual(fromXlsx.procedure);
    expect(fromCsv.reports[0].rows).toEqual(fromXlsx.reports[0].rows);
  });

  it('reads UTF-8 with a BOM and quoted fields', () => {
    expect(parseCsv('"a;b";"say ""hi"""\r\n1;2,5\n')).toEqual([
      ['a;b', 'say "hi"'],
      ['1', '2,5'],
    ]);
    const bytes = new TextEncoder().encode(`\uFEFF${csvOf(marksAoa())}`);
    expect(parseReferenceReport(bytes, 'm.csv').reports[0].rows[0].participants).toBe(1722202);
  });
});

describe('levels', () => {
  it('follows Вся выборка → region → municipality → school → class', () => {
    const level = levelDetector();
    expect(level('Вся выборка')).toEqual({ level: 'russia', name: 'Вся выборка' });
    expect(level('Алтайский край')).toEqual({ level: 'region', name: 'Алтайский край' });
    expect(level('Красногорский район(reg22_m019)')).toEqual({
      level: 'municipality',
      id: 'reg22_m019',
      name: 'Красногорский район',
    });
    // Only the first region-like name is the region: municipalities may be «…округ».
    expect(level('Городской округ Барнаул').level).toBe('other');
    expect(level('МКОУ Школа(sch220206)')).toEqual({ level: 'school', id: 'sch220206', name: 'МКОУ Школа' });
    expect(level('4А').level).toBe('class');
  });

  it('takes a region by its `reg…0000` code, in parentheses or in front', () => {
    expect(levelDetector()('reg220000 | Алтайский край')).toEqual({
      level: 'region',
      id: 'reg220000',
      name: 'Алтайский край',
    });
    expect(levelDetector()('г. Москва').level).toBe('region');
    expect(levelDetector()('Ханты-Мансийский автономный округ — Югра(reg860000)').level).toBe('region');
  });
});

describe('errors', () => {
  const block = headerBlock(
    'Неизвестный отчёт',
    'ВПР 2026 Русский язык 4 класс',
    'Русский язык',
    24,
    '20.04.2026',
  );

  function thrown(f: () => unknown): ImportError {
    try {
      f();
    } catch (e) {
      if (e instanceof ImportError) return e;
      throw e;
    }
    throw new Error('no error');
  }

  it('names the file, sheet and header row, the headers found and the reports expected', () => {
    const bytes = xlsx([
      [
        'РУ 4 Средний балл',
        [...block, ['Группы участников', 'Средний балл', 'Медиана'], ['Вся выборка', 14.2, 14]],
      ],
    ]);
    const e = thrown(() => parseReferenceReport(bytes, 'средний.xlsx'));
    expect([e.file, e.sheet, e.row]).toEqual(['средний.xlsx', 'РУ 4 Средний балл', 8]);
    expect(e.message).toContain('на листе «РУ 4 Средний балл», строка 8');
    expect(e.message).toContain('«Группы участников», «Средний балл», «Медиана»');
    for (const report of [
      'Статистика по отметкам',
      'Сравнение отметок с отметками по журналу',
      'Распределение первичных баллов',
      'Выполнение заданий',
      'Индивидуальные результаты',
    ])
      expect(e.message).toContain(`«${report}»`);
  });

  it('rejects the collection form (not a report) and names its header row', () => {
    const form = [
      ['Код участника', 'Вариант', '1 (5б)', '2 (5б)', 'Итого баллов'],
      [40001, 1, 5, 4, 9],
    ];
    const e = thrown(() => parseReferenceReport(xlsx([['Протокол', form]]), 'Форма сбора.xlsx'));
    expect([e.sheet, e.row]).toEqual(['Протокол', 1]);
    expect(e.message).toContain('«Код участника», «Вариант», «1 (5б)»');
    expect(e.message).toContain('результаты участников');
  });

  it('without any known header, points at the row that looks like one', () => {
    const e = thrown(() =>
      parseReferenceReport(
        xlsx([['Лист1', [['Список'], [], ['ФИО', 'Класс', 'Балл'], ['Иванов', '4А', 12]]]]),
        'l.xlsx',
      ),
    );
    expect([e.sheet, e.row]).toEqual(['Лист1', 3]);
    expect(e.message).toContain('«ФИО», «Класс», «Балл»');
  });

  it('a recognised report with no rows is an error naming its header row', () => {
    const e = thrown(() => parseReferenceReport(xlsx([['М', marksAoa().slice(0, 8)]]), 'm.xlsx'));
    expect([e.sheet, e.row]).toEqual(['М', 8]);
    expect(e.message).toContain('«Статистика по отметкам»');
  });

  it('refuses sheets of different procedures in one file', () => {
    const other = marksAoa().map((r, i) =>
      i === 2 ? ['ВПР 2026 Математика 4 класс'] : i === 3 ? ['Предмет:', 'Математика'] : r,
    );
    const e = thrown(() =>
      parseReferenceReport(
        xlsx([
          ['РУ', marksAoa()],
          ['МА', other],
        ]),
        'mix.xlsx',
      ),
    );
    expect(e.sheet).toBe('МА');
    expect(e.message).toContain('ВПР 2026 Математика 4 класс');
  });

  it('an empty or unreadable file is an ImportError too', () => {
    expect(thrown(() => parseReferenceReport(new Uint8Array(), 'empty.csv')).file).toBe('empty.csv');
    expect(thrown(() => parseReferenceReport(xlsx([['Пусто', []]]), 'e.xlsx')).message).toContain(
      'нет ни одного листа',
    );
  });
});

describe('layout details', () => {
  it('keeps Excel row numbers when the table does not start at A1, and reads a date stored as a serial', () => {
    const aoa = marksAoa().map((r, i) => (i === 5 ? ['Дата:', 46132] : r));
    const ws = utils.aoa_to_sheet([]);
    utils.sheet_add_aoa(ws, aoa, { origin: 'C3' });
    const wb = utils.book_new();
    utils.book_append_sheet(wb, ws, 'Смещён');
    const bytes = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const report = parseReferenceReport(bytes, 'offset.xlsx');
    expect(report.procedure.date).toBe('20.04.2026');
    expect(report.reports[0].rows.map((r) => [r.row, r.level, r.participants])).toEqual([
      [11, 'russia', 1722202],
      [12, 'region', 30216],
      [13, 'municipality', 3162],
      [14, 'school', 89],
    ]);
  });

  it('reads ФИС ОКО «.xls» downloads that are HTML tables', () => {
    const cells = marksAoa(true).map((r) => `<tr>${r.map((c) => `<td>${c ?? ''}</td>`).join('')}</tr>`);
    const html = new TextEncoder().encode(`<html><body><table>${cells.join('')}</table></body></html>`);
    const report = parseReferenceReport(html, 'Статистика по отметкам.xls');
    expect(report.procedure).toMatchObject({ subject: 'Русский язык', grade: 4, year: 2026, maxScore: 24 });
    expect(report.reports[0].rows[0]).toMatchObject({
      level: 'russia',
      schools: 35589,
      participants: 1722202,
      marksPct: { 2: 5.06, 3: 32.92, 4: 44.33, 5: 17.69 },
    });
  });

  it('takes the procedure from the file name when the header block is missing', () => {
    const table = marksAoa().slice(7);
    const report = parseReferenceReport(xlsx([['Лист1', table]]), 'Русский язык 4 класс ВПР 2026.xlsx');
    expect(report.procedure).toEqual({ kind: 'ВПР', subject: 'Русский язык', grade: 4, year: 2026 });
    expect(report.reports[0].rows[0].row).toBe(2);
  });

  it('the committed fixtures parse to the rows of the builders', () => {
    const dir = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));
    const read = (name: string) => parseReferenceReport(new Uint8Array(readFileSync(dir + name)), name);
    expect(read('fisoko-ru4-2026-marks.xlsx').reports[0].rows.map((r) => r.participants)).toEqual(
      MARKS_ROWS.map((r) => r[2]),
    );
    expect(read('fisoko-ma4-2024-journal.xlsx').reports[0].sheet).toBe('МА 4 Сравнение отметок с отметк');
    expect(read('fisoko-ru4-2026-all-reports.xlsx').reports.map((r) => r.type)).toEqual([
      'marks',
      'scores',
      'tasks',
      'individual',
    ]);
  });
});
