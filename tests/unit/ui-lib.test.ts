// Pure helpers of the UI: CSV export safety, sorting, Russian formatting, maxima → spec.
import { describe, expect, test } from 'vitest';
import type { ImportWarning } from '../../src/domain/model';
import { formatDecimal, formatInt, plural } from '../../src/domain/text/format';
import { sortBy } from '../../src/domain/report/sort';
import { maximaFromTasks, maximaProblems, specFromMaxima } from '../../src/ui/lib/spec-from-maxima';
import { csvCell, warningsToCsv } from '../../src/ui/lib/warnings-export';

const w = (over: Partial<ImportWarning>): ImportWarning => ({
  kind: 'above-max',
  file: 'f.xlsx',
  sheet: 'Протокол',
  row: 2,
  column: '3 (2б)',
  message: 'Балл 5 больше максимума 2',
  ...over,
});

describe('CSV export', () => {
  test.each(['=1+2', '+7', '-3', '@SUM(A1)', '\tx', '\rx'])('neutralises a formula start: %j', (v) => {
    expect(csvCell(v).replace(/^"/, '')).toMatch(/^'/);
  });
  test('quotes separators, quotes and newlines', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(12)).toBe('12');
  });
  test('BOM, header, one line per warning, CRLF', () => {
    const csv = warningsToCsv([w({}), w({ row: 3, message: '=HYPERLINK("http://x")' })]);
    expect(csv.startsWith('\uFEFFФайл;Лист;Строка;Столбец;Вид;Сообщение\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('f.xlsx;Протокол;2;3 (2б);Больше максимума;Балл 5 больше максимума 2');
    expect(lines[2]).toBe(`f.xlsx;Протокол;3;3 (2б);Больше максимума;"'=HYPERLINK(""http://x"")"`);
  });
});

describe('sorting', () => {
  const rows = [
    { row: 10, column: '10 (1б)' },
    { row: 2, column: '2 (1б)' },
    { row: 2, column: 'Яблоко' },
  ];
  test('numbers as numbers, stable, both directions', () => {
    expect(sortBy(rows, 'row', 'ascending').map((r) => r.column)).toEqual(['2 (1б)', 'Яблоко', '10 (1б)']);
    expect(sortBy(rows, 'row', 'descending').map((r) => r.row)).toEqual([10, 2, 2]);
  });
  test('text with numeric collation', () => {
    expect(sortBy(rows, 'column', 'ascending').map((r) => r.column)).toEqual(['2 (1б)', '10 (1б)', 'Яблоко']);
  });
});

describe('Russian formatting', () => {
  test('thousands and decimal comma', () => {
    expect(formatInt(26123).replace(/\s/g, ' ')).toBe('26 123');
    expect(formatDecimal(1.25, 2)).toBe('1,25');
  });
  test('plural forms', () => {
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => plural(n, ['файл', 'файла', 'файлов']))).toEqual([
      'файл',
      'файла',
      'файлов',
      'файлов',
      'файл',
      'файла',
      'файлов',
    ]);
  });
});

describe('confirmed maxima → spec', () => {
  const tasks = [
    { id: '1', max: 1 },
    { id: '2', max: 1 },
  ];
  test('keeps the file task ids and applies the confirmed maxima', () => {
    const spec = specFromMaxima(tasks, {
      kind: ' ВПР ',
      subject: 'Математика',
      grade: 5,
      year: 2021,
      maxima: [2, 3],
    });
    expect(spec).toEqual({
      kind: 'ВПР',
      subject: 'Математика',
      grade: 5,
      year: 2021,
      tasks: [
        { id: '1', max: 2 },
        { id: '2', max: 3 },
      ],
      scale: null,
    });
  });
  test('catalogue maxima by id, else by position, else none', () => {
    expect(
      maximaFromTasks(tasks, [
        { id: '2', max: 4 },
        { id: '1', max: 3 },
      ]),
    ).toEqual([3, 4]);
    expect(
      maximaFromTasks(tasks, [
        { id: 'a', max: 4 },
        { id: 'b', max: 3 },
      ]),
    ).toEqual([4, 3]);
    expect(maximaFromTasks(tasks, [{ id: 'a', max: 4 }])).toBeNull();
    expect(maximaFromTasks(tasks, undefined)).toBeNull();
  });
  test('reports bad input in Russian', () => {
    const ok = { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021, maxima: [1, 2] };
    expect(maximaProblems(ok)).toEqual([]);
    expect(maximaProblems({ ...ok, maxima: [1, 0] })).toEqual([
      'Максимум задания №2 — целое число от 1 до 100.',
    ]);
    expect(maximaProblems({ ...ok, grade: 12, subject: ' ' })).toHaveLength(2);
  });
});
