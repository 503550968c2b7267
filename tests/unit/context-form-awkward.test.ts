// The reader against awkward but valid forms of both layouts, built from the description of issue #13:
// title rows and blank rows, merged header cells (a header over two rows; a group title over the
// per-grade columns), shuffled and extra sheets, numbers written as text, line breaks in headers.
// Every school must come out with its settlement type, size and special flag as the form says; truly
// bad input gets a Russian message naming the file, sheet, row and column.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { mulberry32 } from '../../src/domain/demo/prng.ts';
import { writeForm2021, writeForm2022, type FormSchool } from '../../src/domain/context/form-writer.ts';
import { syntheticRegion } from '../../src/domain/context/synthetic.ts';
import { parseContextForm } from '../../src/domain/context/parse-form.ts';
import { contextTableOf, readContextFile } from '../../src/domain/context/read-context.ts';
import { ImportError } from '../../src/domain/model.ts';
import { awkwardBook } from './awkward-form.ts';
import type { ContextRecord } from '../../src/domain/context/types.ts';

const region = () => syntheticRegion(mulberry32(11), { capital: 5, town: 7, rural: 9, special: 3 });

type Aoa = unknown[][];

function expectSchools(schools: FormSchool[], records: ContextRecord[]) {
  expect(records).toHaveLength(schools.length);
  const by = new Map(records.map((r) => [r.login, r]));
  for (const s of schools) {
    const r = by.get(s.login)!;
    expect(r, s.login).toBeDefined();
    expect(r.settlementType).toBe(s.settlementType);
    expect(r.settlementSize).toBe(s.settlementSize);
    expect(r.special).toBe(s.special);
    expect(r.pupils).toBe(s.pupilsByGrade.reduce((a, b) => a + b, 0));
    expect(r.classes).toBe(s.classesByGrade.reduce((a, b) => a + b, 0));
    expect(r.teachers).toBe(s.teachers);
    expect(r.computers).toBe(s.computers);
  }
}

describe('awkward but valid forms', () => {
  it('2021: title and blank rows, a two-row merged header, numbers as text, an instruction sheet', () => {
    const { schools } = region();
    const bytes = awkwardBook(writeForm2021(schools), (n) => n);
    // The awkward sheet really is awkward: its header is not in the first row, counts are text.
    const sheet = XLSX.read(bytes).Sheets['Лист1'];
    expect(sheet['A1'].v).toBe('Сбор контекстных данных об ОО');
    expect(sheet['!merges']!.length).toBeGreaterThan(50);
    const p = parseContextForm(bytes, 'Сбор контекстных данных об ОО 2021.xlsx')!;
    expect(p.layout).toBe('form-2021');
    expect(p.warnings).toEqual([]);
    expectSchools(schools, p.records);
    expect(p.records.every((r) => r.year === 2021)).toBe(true);
  });

  it('2022: sheets shuffled after an instruction sheet, merged headers, numbers and dates as text', () => {
    const { schools } = region();
    const bytes = awkwardBook(writeForm2022(schools), (n) => [...n].reverse());
    expect(XLSX.read(bytes).SheetNames[0]).toBe('Инструкция');
    const p = parseContextForm(bytes, 'context.xlsx')!;
    expect(p.layout).toBe('form-2022');
    expect(p.warnings).toEqual([]);
    expectSchools(schools, p.records);
    // The year from «Дата загрузки» (the file name has none).
    expect(p.records.every((r) => r.year === 2022)).toBe(true);
  });
});

it('the simple table (XLSX) with blank rows between schools keeps every school', () => {
  const aoa: Aoa = [['Логин ОО', 'Тип поселения', 'Индекс благополучия']];
  for (let i = 0; i < 12; i++) {
    aoa.push([`sch${i}`, i % 2 ? 'город' : 'село', i / 10]);
    if (i % 4 === 3) aoa.push([], []);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'Контекст');
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  const t = contextTableOf([{ bytes, file: 'context.xlsx' }]);
  expect(t.size).toBe(12);
  expect(t.get('sch11')).toMatchObject({ urban: true, ses: 1.1 });
});

describe('truly bad input: Russian messages with file, sheet, row and column', () => {
  const book = (sheets: [string, Aoa][]) => {
    const wb = XLSX.utils.book_new();
    for (const [n, a] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(a), n);
    return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  };

  it('a row with answers but no login is named, not silently dropped', () => {
    const p = parseContextForm(
      book([
        [
          'Лист1',
          [
            ['логин', 'Где расположена Ваша образовательная организация?'],
            ['sch1', '2. Город'],
            ['', '4. Населенный пункт сельского типа'],
          ],
        ],
      ]),
      'форма.xlsx',
    )!;
    expect(p.records.map((r) => r.login)).toEqual(['sch1']);
    expect(p.warnings).toEqual([
      {
        file: 'форма.xlsx',
        sheet: 'Лист1',
        row: 3,
        column: 'логин',
        message: 'нет логина ОО, а ответы есть; строка пропущена (укажите логин школы).',
      },
    ]);
  });

  it('answers out of the scale: skipped with the expected range named', () => {
    const p = parseContextForm(
      book([
        [
          'Общая информация об ОО',
          [
            [
              'Пользователь',
              '14. Где расположена образовательная организация?',
              '15. Каков размер населенного пункта?',
              '17.2. ОО является отдельной организацией, осуществляющей образовательную деятельность по АОП?',
            ],
            ['sch1', '7) Город', '9) Более 1 млн', 'может быть'],
          ],
        ],
      ]),
      'ф.xlsx',
    )!;
    expect(p.records[0]).toMatchObject({ settlementType: null, settlementSize: null, special: null });
    expect(p.warnings.map((w) => [w.sheet, w.row, w.column])).toEqual([
      ['Общая информация об ОО', 2, '14. Где расположена образовательная организация?'],
      ['Общая информация об ОО', 2, '15. Каков размер населенного пункта?'],
      [
        'Общая информация об ОО',
        2,
        '17.2. ОО является отдельной организацией, осуществляющей образовательную деятельность по АОП?',
      ],
    ]);
    expect(p.warnings[0].message).toMatch(/номер ответа от 1 до 4/);
    expect(p.warnings[1].message).toMatch(/номер ответа от 1 до 8/);
    expect(p.warnings[2].message).toMatch(/«Да» или «Нет»/);
  });

  it('a form without any school row: the error names the file and the sheets read', () => {
    const bytes = book([
      ['Общая информация об ОО', [['Пользователь', '14. Где расположена образовательная организация?'], []]],
    ]);
    expect(() => readContextFile(bytes, 'пустая.xlsx')).toThrow(ImportError);
    expect(() => readContextFile(bytes, 'пустая.xlsx')).toThrow(
      /«пустая\.xlsx»: форма контекстных данных найдена \(лист «Общая информация об ОО»\), но в ней нет ни одной строки с логином ОО/,
    );
  });

  it('a damaged file: a Russian error naming it', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    let msg = '';
    try {
      readContextFile(bytes, 'битая.xlsx');
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/битая\.xlsx/);
    expect(msg).toMatch(/[а-я]{4}/);
    expect(msg).not.toMatch(/^[A-Za-z]/);
  });
});
