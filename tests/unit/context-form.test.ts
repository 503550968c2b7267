// The ФИС ОКО context form in both official layouts, built from the description in issue #13:
// every school read with its settlement type, size and special flag as written; PII never read.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { mulberry32 } from '../../src/domain/demo/prng.ts';
import { writeForm2021, writeForm2022, type FormSchool } from '../../src/domain/context/form-writer.ts';
import { syntheticRegion } from '../../src/domain/context/synthetic.ts';
import { parseContextForm, giaCode } from '../../src/domain/context/parse-form.ts';
import {
  contextTableOf,
  mergeContextRecords,
  okoContextJson,
  readContextFile,
} from '../../src/domain/context/read-context.ts';
import { normHeader, QUESTIONS } from '../../src/domain/context/questions.ts';
import { ImportError } from '../../src/domain/model.ts';

const region = () => syntheticRegion(mulberry32(7), { capital: 6, town: 8, rural: 10, special: 3 });

function xlsx(sheets: [string, unknown[][]][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [n, a] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(a), n);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function expectSame(s: FormSchool, r: ReturnType<typeof mergeContextRecords>[number]) {
  expect(r.settlementType).toBe(s.settlementType);
  expect(r.settlementSize).toBe(s.settlementSize);
  expect(r.special).toBe(s.special);
  expect(r.boarding).toBe(s.boarding);
  expect(r.transport).toBe(s.transport);
  expect(r.pupils).toBe(s.pupilsByGrade.reduce((a, b) => a + b, 0));
  expect(r.classes).toBe(s.classesByGrade.reduce((a, b) => a + b, 0));
  expect(r.pupilsAdapted).toBe(s.pupilsAdapted);
  expect(r.teachers).toBe(s.teachers);
  expect(r.teachersHighest).toBe(s.teachersHighest);
  expect(r.teachersYoung).toBe(s.teachersYoung);
  expect(r.teachersPension).toBe(s.teachersPension);
  expect(r.computers).toBe(s.computers);
  expect(r.internet).toBe(s.internet);
  expect(r.inDepth).toBe(s.inDepth.filter(Boolean).length);
}

describe('2021 layout', () => {
  it('reads every school with its answers by number; ~90 columns', () => {
    const { schools } = region();
    const bytes = writeForm2021(schools);
    const sheet = XLSX.read(bytes).Sheets['Лист1'];
    const width = XLSX.utils.decode_range(sheet['!ref']!).e.c + 1;
    expect(width).toBeGreaterThanOrEqual(85);
    const p = parseContextForm(bytes, 'Сбор контекстных данных об ОО (2021).xlsx')!;
    expect(p.layout).toBe('form-2021');
    expect(p.warnings).toEqual([]);
    expect(p.records).toHaveLength(schools.length);
    const by = new Map(mergeContextRecords([p]).map((r) => [r.login, r]));
    for (const s of schools) {
      const r = by.get(s.login)!;
      expectSame(s, r);
      expect(r.year).toBe(2021);
      expect(r.municipality).toBe(s.municipality);
      expect(r.regionCode).toBe('22');
    }
  });

  it('no column other than the whitelisted questions is read; PII columns match no question', () => {
    for (const h of [
      'ФИО директора',
      '3.\tФИО директора',
      'Телефон',
      'E-mail',
      'ИНН',
      '2. ИНН',
      '5. Адрес электронной почты',
    ])
      expect(QUESTIONS.find((q) => q.test(normHeader(h)))).toBeUndefined();
  });
});

describe('2022 layout', () => {
  it('reads all sheets merged by login; TAB after the number; answers «4) …»; 17.2 is the special flag', () => {
    const { schools } = region();
    const p = parseContextForm(writeForm2022(schools), 'Сбор контекстных данных об ОО (2022).xlsx')!;
    expect(p.layout).toBe('form-2022');
    expect(p.warnings).toEqual([]);
    const by = new Map(mergeContextRecords([p]).map((r) => [r.login, r]));
    expect(by.size).toBe(schools.length);
    for (const s of schools) {
      const r = by.get(s.login)!;
      expectSame(s, r);
      expect(r.year).toBe(2022);
      expect(r.evening).toBe(false);
      expect(r.name).toBe(s.name);
      // «000127» is kept as the number 127 (ГИА protocols drop or keep the zeros).
      expect(r.codeOge).toBe(String(Number(s.codeOge)));
      expect(r.codeEge).toBe(String(Number(s.codeEge)));
    }
  });

  it('a partial export (a sheet missing) still gives every school and the questions it has', () => {
    const { schools } = region();
    const p = parseContextForm(
      writeForm2022(schools, { omitSheets: ['КАДРОВОЕ ОБЕСПЕЧЕНИЕ ОО'] }),
      'f.xlsx',
    )!;
    expect(p.records).toHaveLength(schools.length);
    expect(p.records.every((r) => r.teachers === null && r.settlementType !== null)).toBe(true);
  });

  it('the year comes from «Дата загрузки» before the file name', () => {
    const { schools } = region();
    const p = parseContextForm(
      writeForm2022(schools.slice(0, 2), { date: '01.04.2023 09:00' }),
      'форма 2022.xlsx',
    )!;
    expect(p.records.map((r) => r.year)).toEqual([2023, 2023]);
  });
});

describe('robustness', () => {
  it('headers: extra spaces, line breaks, case, column order; unknown sheets and columns ignored', () => {
    const bytes = xlsx([
      ['Инструкция', [['Заполните форму'], ['логин — логин ОО']]],
      [
        'Данные',
        [
          ['Сбор контекстных данных'],
          [
            '  ЛОГИН ',
            'Какой-то новый вопрос',
            'КАКОВ   РАЗМЕР\nнаселённого пункта, в котором расположена ОО?',
            'Где  расположена Ваша образовательная организация?',
            'ОО является специальной (коррекционной)?',
          ],
          ['sch1', 'x', '3. От 5 до 20 тыс. человек', '4. Населенный пункт сельского типа', 'Нет'],
          ['sch2', 'y', 8, 'Столица субъекта РФ', 'Да'],
          ['', '', '', '', ''],
        ],
      ],
    ]);
    const p = parseContextForm(bytes, 'x.xlsx')!;
    expect(p.records.map((r) => [r.login, r.settlementType, r.settlementSize, r.special])).toEqual([
      ['sch1', 4, 3, false],
      ['sch2', 1, 8, true],
    ]);
  });

  it('wording variants: login header, zero-width characters, the special flag preferred from «является», size in words', () => {
    const bytes = xlsx([
      [
        'Лист1',
        [
          [
            'Логин ОО в ФИС ОКО',
            'Наличие в ОО коррекционных групп',
            '\u200bГде расположена Ваша образовательная организация?',
            'Каков размер населенного пункта, в котором расположена ОО?',
            'Является ли ОО специальной (коррекционной)?',
            'Логин ответственного',
          ],
          ['sch1', 'Да', 'Город', 'Менее 1 тыс. человек', 'Нет', 'ivanov'],
          ['sch2', 'Нет', '3) Населенный пункт городского типа', 'Более 680 тыс. человек', 'Да', 'petrov'],
        ],
      ],
    ]);
    const p = parseContextForm(bytes, 'f.xlsx')!;
    expect(p.warnings).toEqual([]);
    expect(p.records.map((r) => [r.login, r.settlementType, r.settlementSize, r.special])).toEqual([
      ['sch1', 2, 1, false],
      ['sch2', 3, 8, true],
    ]);
  });

  it('an unreadable answer is skipped with a Russian warning naming file, sheet, row and column', () => {
    const bytes = xlsx([
      [
        'Лист1',
        [
          ['логин', 'Где расположена ОО?'],
          ['sch1', 'на Луне'],
          ['sch2', '9. Город'],
        ],
      ],
    ]);
    const p = parseContextForm(bytes, 'f.xlsx')!;
    expect(p.records.map((r) => r.settlementType)).toEqual([null, null]);
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toMatchObject({
      file: 'f.xlsx',
      sheet: 'Лист1',
      row: 2,
      column: 'Где расположена ОО?',
    });
    expect(p.warnings[0].message).toMatch(/ответ «на Луне» не распознан/);
  });

  it('neither the form nor the simple table: one clear Russian error naming the file', () => {
    const bytes = xlsx([
      [
        'Лист1',
        [
          ['a', 'b'],
          [1, 2],
        ],
      ],
    ]);
    expect(() => readContextFile(bytes, 'чужой.xlsx')).toThrow(ImportError);
    expect(() => readContextFile(bytes, 'чужой.xlsx')).toThrow(/«чужой\.xlsx»: это не форма ФИС ОКО/);
  });

  it('the simple table keeps working (ses, город/село)', () => {
    const csv = new TextEncoder().encode(
      'Логин ОО;Тип поселения;Индекс благополучия\nsch1;город;0,5\nsch2;село;-1\n',
    );
    const p = readContextFile(csv, 'context.csv');
    expect(p.layout).toBe('simple');
    const t = contextTableOf([{ bytes: csv, file: 'context.csv' }]);
    expect(t.get('sch1')).toMatchObject({ urban: true, ses: 0.5 });
    expect(t.get('sch2')).toMatchObject({ urban: false, ses: -1 });
  });

  it('giaCode compares codes as numbers', () => {
    expect(giaCode('000127')).toBe('127');
    expect(giaCode(127)).toBe('127');
    expect(giaCode(' 0127 ')).toBe('127');
    expect(giaCode('')).toBeNull();
  });
});

describe('merge across years and PII', () => {
  it('latest non-null answer wins; a school only in one year is present; years listed', () => {
    const { schools } = region();
    const s21 = schools.map((s) => ({ ...s }));
    const s22 = schools
      .slice(1)
      .map((s) => ({ ...s, settlementSize: ((s.settlementSize % 8) + 1) as number }));
    const files = [
      readContextFile(writeForm2022(s22), 'Сбор контекстных данных об ОО (2022).xlsx'),
      readContextFile(writeForm2021(s21), 'Сбор контекстных данных об ОО (2021).xlsx'),
    ];
    const out = okoContextJson(files);
    expect(out.format).toBe('oko-context/v1');
    expect(out.schools).toHaveLength(schools.length);
    const by = new Map(out.schools.map((r) => [r.login, r]));
    expect(by.get(schools[0].login)).toMatchObject({
      settlementSize: schools[0].settlementSize,
      years: [2021],
    });
    expect(by.get(schools[1].login)).toMatchObject({
      settlementSize: s22[0].settlementSize,
      years: [2021, 2022],
    });
    // 2021 has no ГИА codes: the 2022 value stays.
    expect(by.get(schools[1].login)!.codeOge).toBe(String(Number(schools[1].codeOge)));
  });

  it('no personal data in the parsed records or the JSON', () => {
    const { schools } = region();
    const json = JSON.stringify(
      okoContextJson([
        readContextFile(writeForm2022(schools), 'a.xlsx'),
        readContextFile(writeForm2021(schools), 'b.xlsx'),
      ]),
    );
    for (const s of schools) {
      expect(json).not.toContain(s.director);
      expect(json).not.toContain(s.phone);
      expect(json).not.toContain(s.email);
      expect(json).not.toContain(s.inn);
    }
    expect(json).not.toMatch(/Иванова|@school\.example|\+7 \(/);
  });

  it('oko-context/v1 reads back to the same records (only known fields, typed)', () => {
    const { schools } = region();
    const out = okoContextJson([readContextFile(writeForm2022(schools), 'a.xlsx')]);
    const back = okoContextJson([
      readContextFile(new TextEncoder().encode(JSON.stringify(out)), 'context.json'),
    ]);
    expect(back).toEqual(out);
    const evil = {
      format: 'oko-context/v1',
      schools: [{ login: 'x', director: 'Петров', settlementType: '2' }],
    };
    const r = readContextFile(new TextEncoder().encode(JSON.stringify(evil)), 'e.json').records[0];
    expect(JSON.stringify(r)).not.toContain('Петров');
    expect(r.settlementType).toBeNull();
  });
});
