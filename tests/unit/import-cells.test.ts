// The small pieces of the importer: cell classes, class labels, CSV reading, file-name guesses.
import { describe, expect, it } from 'vitest';
import { CellCode } from '../../src/domain/model';
import {
  RAW_FRACTIONAL,
  RAW_NEGATIVE,
  RAW_TEXT,
  classifyTaskCell,
  isAbsentMark,
  journalMark,
  sexCode,
} from '../../src/domain/import/cells';
import { classLabel } from '../../src/domain/import/class-label';
import { csvRecords, decodeText, detectDelimiter } from '../../src/domain/import/csv';
import { gradeFromCodes, guessFromFileName } from '../../src/domain/import/procedure-info';
import { importFile } from '../../src/domain/import/import-file';
import { summarize } from '../../src/domain/model';

const cls = (v: unknown) => classifyTaskCell(v) & 15;
const val = (v: unknown) => classifyTaskCell(v) >>> 4;

describe('task cells', () => {
  it.each([
    [undefined, CellCode.EMPTY],
    [null, CellCode.EMPTY],
    ['', CellCode.EMPTY],
    [' \u00a0', CellCode.EMPTY],
    ['X', CellCode.X],
    ['x', CellCode.X],
    ['Х', CellCode.X],
    ['х', CellCode.X],
    ['X ', CellCode.X],
    ['не пройд.', CellCode.NOT_TAUGHT],
    ['Н', CellCode.N],
    ['н', CellCode.N],
    ['H', CellCode.N],
    ['h', CellCode.N],
    ['-', CellCode.DASH],
    ['-1', RAW_NEGATIVE],
    [-2, RAW_NEGATIVE],
    ['0.5', RAW_FRACTIONAL],
    [1.5, RAW_FRACTIONAL],
    ['abc', RAW_TEXT],
    [true, RAW_TEXT],
    ['XX', RAW_TEXT],
  ])('%j → class %i', (v, c) => {
    expect(cls(v)).toBe(c);
  });

  it.each([
    ['0', 0],
    ['2', 2],
    [' 2\u00a0', 2],
    [3, 3],
    ['12', 12],
    ['2.0', 2],
    [2.0, 2],
  ])('%j is the number %i', (v, n) => {
    expect(cls(v)).toBe(CellCode.NUMBER);
    expect(val(v)).toBe(n);
  });

  it('absence, journal, sex', () => {
    expect(
      ['отсутствовал', 'Отсутствовал ', 'НЕ ПРИСУТСТВОВАЛ', 'не  присутствовал'].map(isAbsentMark),
    ).toEqual([true, true, true, true]);
    expect(['1', '', 'присутствовал'].map(isAbsentMark)).toEqual([false, false, false]);
    expect(['4', '4 ', '4.0', '4\u00a0', 5, 2, '1', '6', 'нет отметки', '', 4.5].map(journalMark)).toEqual([
      4, 4, 4, 4, 5, 2, 0, 0, 0, 0, 0,
    ]);
    expect(['м', 'М', 'ж', 'Ж', 'm', 'F', '', '?'].map(sexCode)).toEqual([1, 1, 2, 2, 1, 2, 0, 0]);
  });
});

describe('class labels', () => {
  it.each([
    ['а', 5, '5А'],
    ['a', 5, '5А'],
    ['5b', 5, '5В'],
    ['4 м', 4, '4 М'],
    ['  4   a ', 4, '4 А'],
    ['нет', 5, '5'],
    ['НЕТ', 4, '4'],
    ['-', 4, '4'],
    [5, 5, '5'],
    ['5.0', 5, '5'],
    ['10K', 10, '10К'],
    ['нет', 0, 'НЕТ'],
    ['б', 0, 'Б'],
  ])('%j in grade %i → %s', (raw, grade, label) => {
    expect(classLabel(raw, grade)).toBe(label);
  });
  it('empty → no class', () => {
    expect(classLabel('', 5)).toBeNull();
    expect(classLabel(' \u00a0', 5)).toBeNull();
    expect(classLabel(null, 5)).toBeNull();
  });
});

describe('CSV reader', () => {
  const records = (text: string, d: ';' | ',' | '\t' = ';') =>
    [...csvRecords(text, d)].map((r) => [r.line, r.fields]);
  it('RFC 4180 quotes, CRLF/LF, trailing empty field', () => {
    expect(records('a;"b;c";"d""e"\r\n1;"x\ny";\n2')).toEqual([
      [1, ['a', 'b;c', 'd"e']],
      [2, ['1', 'x\ny', '']],
      [4, ['2']],
    ]);
  });
  it('detects the delimiter from the widest of the first lines', () => {
    expect(detectDelimiter('Отчёт, сводный\na;b;c;d\n1;2;3;4')).toBe(';');
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
  });
  it('decodes UTF-8 with BOM and Windows-1251', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xd0, 0x9a, 0xd0, 0xbe, 0xd0, 0xb4]))).toBe('Код');
    expect(decodeText(new Uint8Array([0xca, 0xee, 0xe4]))).toBe('Код');
  });
});

describe('procedure from the file name and codes', () => {
  it.each([
    [
      'Результаты по математике, 5 класс. ВПР 2021.xlsx',
      { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 },
    ],
    ['vpr2021-ma5-region-export.xlsx', { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 }],
    ['vpr2020-ma4-region-export.xlsx', { kind: 'ВПР', subject: 'Математика', grade: 4, year: 2020 }],
    [
      'Форма сбора результатов Английский язык 8 класс ВПР 2026.xlsx',
      { kind: 'ВПР', subject: 'Английский язык', grade: 8, year: 2026 },
    ],
    [
      'Олимпиада школьный этап математика 7 класс 2026.xlsx',
      { kind: 'Олимпиада', subject: 'Математика', grade: 7, year: 2026 },
    ],
    [
      'Муниципальная диагностика по математике, 7 класс, 2026.csv',
      { kind: 'Диагностика', subject: 'Математика', grade: 7, year: 2026 },
    ],
    ['data.csv', {}],
  ])('%s', (name, guess) => {
    expect(guessFromFileName(name)).toEqual(guess);
  });
  it('grade from participant codes', () => {
    expect(gradeFromCodes(['40001', '40002', '50001'])).toBe(4);
    expect(gradeFromCodes(['110001', '110002'])).toBe(11);
    expect(gradeFromCodes(['abc', ''])).toBe(0);
  });
});

describe('size', () => {
  // Must work within the test timeout; the time itself is measured by the bench, not here.
  it('imports a 500 000-row CSV', async () => {
    const header = [
      'user',
      'code',
      'klass',
      'var-1',
      'sum',
      ...Array.from({ length: 15 }, (_, i) => `a-${i + 1}-grade`),
    ].join(',');
    const parts = [header];
    for (let i = 0; i < 500_000; i++)
      parts.push(`sch${i % 700},${50000 + i},${'абв'[i % 3]},1,7,1,0,1,X,1,0,1,0,1,0,1,0,1,0,0`);
    const bytes = new TextEncoder().encode(parts.join('\n'));
    const ds = await importFile(bytes, {
      fileName: 'big.csv',
      procedure: { subject: 'Математика', grade: 5, year: 2021 },
    });
    expect(summarize(ds)).toMatchObject({ rows: 500_000, written: 500_000, schools: 700, warnings: 0 });
    expect(ds.meta.maximaSource).toBe('observed');
  });
});
