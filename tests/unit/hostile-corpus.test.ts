// The hostile and broken input corpus (tests/fixtures/bad/hostile/, written by
// tests/fixtures/bad/make-hostile-fixtures.ts): every file has its expected Russian message or its expected
// result, a failed import never changes the database, and no file pollutes Object.prototype.
//
// Decisions the corpus pins down:
// - Zip bombs are refused from the ZIP central directory, before SheetJS inflates anything (zip-guard.ts).
// - Hidden sheets are read like visible ones: a ФИС ОКО file whose «Протокол» is hidden is still that file's data.
// - Several sheets with a known header: the first in workbook order is imported, and a warning names the others.
// - Formulas are never evaluated: the cached value is used; a formula without one is an empty cell; an error
//   value (`#DIV/0!`) is text (a not-a-number warning), never its internal code 7.
// - A date in a score cell is its serial number (an above-max warning); booleans are not numbers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file';
import { ImportError, type Dataset, type WarningKind } from '../../src/domain/model';
import { listImports, listProcedures, openDb, saveDataset, type OkoDb } from '../../src/db/index';

const DIR = join(__dirname, '../fixtures/bad/hostile');
const read = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));

type Case =
  | { file: string; error: RegExp; memoryMb?: number }
  | {
      file: string;
      /** Warning kinds expected, in order (after sorting by row and column). */
      warnings: WarningKind[];
      warning?: RegExp;
      check?: (ds: Dataset) => void;
      memoryMb?: number;
    };

const BROKEN =
  /файл повреждён или это не XLSX \(не найдено оглавление ZIP-архива\) — возможно, он скачан или скопирован не полностью/;
const NOT_XLSX = /файл повреждён или это не XLSX \(файл XLSX — это ZIP-архив, а этот начинается иначе\)/;
const BOMB =
  /файл отклонён — часть «[^»]+» распаковывается из \d+ байт в \d+ МБ \(сжатие более чем в 200 раз\).*ZIP-бомб.*не распаковывался/;
// What to do comes first, the diagnostic (sheet, columns found) after «Подробности:».
const UNKNOWN =
  /^Не удалось узнать формат файла «[^»]+»\. Сохраните протокол из ФИС ОКО в формате XLSX без изменений или добавьте строку заголовков .*Подробности: на листе «[^»]+».* нет заголовка известного вида\. Найдены столбцы: «/;
const BINARY = /это не текстовый файл CSV — в нём двоичные данные/;
const NO_DATA = /не содержит данных: первые строки пусты/;

const pupils = (ds: Dataset) => ds.pupils.n;
const logins = (ds: Dataset) => ds.meta.schools.map((s) => s.login);
const rowScores = (ds: Dataset, i: number) => ds.pupils.scores.map((s) => s[i]);

const CASES: Case[] = [
  // ---- truncated and broken containers
  { file: 'trunc-10pc.xlsx', error: BROKEN },
  { file: 'trunc-50pc.xlsx', error: BROKEN },
  { file: 'trunc-90pc.xlsx', error: BROKEN },
  { file: 'trunc-eocd.xlsx', error: BROKEN },
  { file: 'trunc-30-bytes.xlsx', error: BROKEN },
  { file: 'zip-magic-then-junk.xlsx', error: BROKEN },
  // SheetJS does not check CRCs: a damaged deflate stream yields an empty sheet, which is at least refused.
  { file: 'corrupt-deflate.xlsx', error: NO_DATA },
  { file: 'empty-zip.xlsx', error: NOT_XLSX },
  {
    file: 'zip-without-workbook.xlsx',
    error: /файл повреждён или это не XLSX — таблицу не удалось прочитать/,
  },
  { file: 'png-renamed.xlsx', error: NOT_XLSX },
  { file: 'junk-binary.xlsx', error: NOT_XLSX },
  { file: 'junk-binary.csv', error: BINARY },
  {
    file: 'junk-biff.xls',
    error: /«junk-biff\.xls»: файл повреждён или это не XLSX — таблицу не удалось прочитать/,
  },
  // SheetJS reads a text file named .xls as a text table: the unknown-layout message lists what it found.
  { file: 'junk-text.xls', error: UNKNOWN },
  // ---- zip bombs: refused from the central directory, nothing inflated
  { file: 'bomb-sheet-rows.xlsx', error: BOMB, memoryMb: 30 },
  { file: 'bomb-sheet-blanks.xlsx', error: BOMB, memoryMb: 30 },
  {
    file: 'bomb-shared-strings.xlsx',
    error: /часть «xl\/sharedStrings\.xml» распаковывается.*ZIP-бомб/,
    memoryMb: 30,
  },
  // Sizes that lie (1 MB stated, 60 MB real): SheetJS inflates only the stated size, so the sheet is empty.
  { file: 'bomb-lying-size.xlsx', error: NO_DATA, memoryMb: 30 },
  {
    file: 'bomb-total-size.xlsx',
    error:
      /файл отклонён — в распакованном виде он занял бы 240 МБ, больше допустимых 200 МБ\. Файл не распаковывался/,
    memoryMb: 30,
  },
  // ---- sizes
  {
    file: 'rows-1048576.xlsx',
    warnings: [],
    memoryMb: 150,
    check: (ds) => {
      expect(pupils(ds)).toBe(3);
      expect(Array.from(ds.pupils.sourceRow)).toEqual([2, 3, 1048576]);
      expect(rowScores(ds, 2)).toEqual([1, 1, 1]);
      // Typed columns are sized by the rows present, not by the sheet's last row number.
      expect(ds.pupils.absent.length).toBe(3);
    },
  },
  {
    file: 'dimension-lie.xlsx',
    warnings: [],
    memoryMb: 100,
    check: (ds) => expect(Array.from(ds.pupils.sourceRow)).toEqual([2, 3]),
  },
  {
    file: 'cols-10000-header.xlsx',
    error: /Найдены столбцы: «Столбец 1», «Столбец 2», .*«Столбец 40», …\. Ожидался один из форматов/,
  },
  {
    file: 'cols-10000-row.xlsx',
    warnings: [],
    check: (ds) => expect([pupils(ds), ds.meta.taskHeaders.length]).toEqual([1, 3]),
  },
  {
    file: 'huge-cell-5mb.xlsx',
    warnings: ['not-a-number'],
    warning: /^Задание 1: «Я{60}… \(5242880 симв\.\)» — не число/,
    memoryMb: 300,
  },
  {
    file: 'huge-header-100k.xlsx',
    error: /Найдены столбцы: «Ж{60}… \(100000 симв\.\)», «Класс», «Оценка»\./,
  },
  { file: 'huge-line.csv', warnings: ['not-a-number'], warning: /^Задание 3: «Z{60}… \(819200 симв\.\)»/ },
  // ---- formulas, merges, hidden sheets, several layouts, duplicated headers
  {
    file: 'formulas.xlsx',
    warnings: ['not-a-number'],
    warning: /^Задание 1: «#DIV\/0!» — не число/,
    check: (ds) => {
      expect(logins(ds)).toEqual(['sch1', '=HYPERLINK("http://evil.example/","sch2")']);
      expect(ds.pupils.code).toEqual(['40001', '40002', '40003']); // cached `=40000+1`
      expect(rowScores(ds, 0)).toEqual([1, 0]); // cached `=1/0` → 1; `=SUM()` without a value → empty
    },
  },
  {
    file: 'formulas-text.csv',
    warnings: ['total-mismatch', 'not-a-number', 'not-a-number'],
    check: (ds) => {
      expect(logins(ds)).toEqual(['=HYPERLINK("http://evil.example/"', 'sch1']);
      expect(ds.pupils.code).toEqual(['1', '=1+2']);
      expect(rowScores(ds, 1)).toEqual([0, 0, 1]); // `=1+1`, `@SUM(1)` are text; `+1` is 1
    },
  },
  {
    file: 'merged-header.xlsx',
    warnings: [],
    check: (ds) => expect(Array.from(ds.pupils.sourceRow)).toEqual([3, 4]),
  },
  {
    file: 'merged-header-cells.xlsx',
    warnings: [],
    check: (ds) => expect([pupils(ds), ds.meta.taskHeaders]).toEqual([2, ['1 (1б)', '2 (2б)', '3 (1б)']]),
  },
  {
    file: 'hidden-protocol.xlsx',
    warnings: [],
    check: (ds) => expect([ds.meta.sheet, pupils(ds)]).toEqual(['Протокол', 2]),
  },
  {
    file: 'mixed-layouts.xlsx',
    warnings: ['other'],
    warning:
      /Таблица результатов есть и на других листах \(«Протокол»\), но импортирован только лист «Форма» — первый по порядку/,
    check: (ds) => expect([ds.meta.sheet, ds.meta.layout, pupils(ds)]).toEqual(['Форма', 'vpr-form', 1]),
  },
  {
    // Two `1 (1б)` columns: which one holds the scores is a guess, so the file is refused (the first of two
    // `Код участника` columns would be used).
    file: 'duplicate-headers.xlsx',
    error: /строка заголовка 1: задание 1 встречается дважды — столбцы D «1 \(1б\)» и E «1 \(1б\)»/,
  },
  // ---- prototype pollution
  { file: 'proto-headers.xlsx', warnings: [], check: (ds) => expect(pupils(ds)).toBe(2) },
  {
    file: 'proto-values.csv',
    warnings: [],
    check: (ds) => {
      expect(logins(ds)).toEqual(['__proto__', 'constructor', 'prototype', 'hasOwnProperty']);
      expect(ds.pupils.code).toEqual(['__proto__', 'constructor', 'prototype', 'toString']);
      // Class ids are `login/label`: `__proto__/5А` is a class like any other.
      expect(ds.meta.classes.map((c) => c.id)).toContain('__proto__/5А');
    },
  },
  {
    file: 'proto-sheet-name.xlsx',
    warnings: [],
    check: (ds) => expect([ds.meta.sheet, pupils(ds)]).toEqual(['__proto__', 1]),
  },
  // ---- encodings and CSV oddities
  ...['utf16le-bom.csv', 'utf16be-bom.csv', 'utf16le-no-bom.csv'].map((file): Case => ({
    file,
    warnings: [],
    check: (ds) =>
      expect([ds.meta.layout, logins(ds), ds.pupils.code]).toEqual([
        'region-2021',
        ['sch220206'],
        ['50001', '50002'],
      ]),
  })),
  // KOI8-R is read as Windows-1251: the header is mojibake, and the message shows it as found.
  {
    file: 'koi8r.csv',
    error: /Найдены столбцы: «МПЗЙО ЫЛПМЩ», «ТЕЗЙПО», .*Ожидался один из форматов: выгрузка ФИС ОКО/,
  },
  { file: 'only-delimiters.csv', error: NO_DATA },
  { file: 'crlf-only.csv', error: NO_DATA },
  {
    file: 'header-only.csv',
    error: /header-only\.csv, лист «CSV»: под заголовком \(строка 1\) нет ни одной строки с учеником/,
  },
  {
    file: 'unterminated-quote.csv',
    error:
      /«unterminated-quote\.csv», строка 3: кавычка \("\) в этой строке не закрыта.*строки учеников после неё были бы потеряны/,
  },
  {
    // Stray NUL bytes are dropped: `sch\0220206` is the same school, `50\002` is `5002`.
    file: 'nul-bytes.csv',
    warnings: [],
    check: (ds) =>
      expect([logins(ds), ds.pupils.code, rowScores(ds, 0)]).toEqual([
        ['sch220206'],
        ['50001', '5002'],
        [1, 2, 0],
      ]),
  },
  { file: 'nul-only.csv', error: BINARY },
  {
    // Control characters are shown as `·` in the list of columns found.
    file: 'control-chars-header.csv',
    error: /Найдены столбцы: «··\[31mЛогин·», «\u202eтаблица», «Оценка»\./,
  },
  // ---- odd values in task cells
  {
    file: 'numbers-odd.xlsx',
    warnings: [
      ...['negative', 'fractional', 'above-max'],
      ...['not-a-number', 'not-a-number'], // `1e3`, `1E0`; `-0` is 0
      'not-a-number', // `0x1`; `1,0` and ` 2 ` are numbers
      ...['not-a-number', 'not-a-number', 'fractional'], // Infinity, NaN (SheetJS writes them as #DIV/0!, #NUM!), 1e-7
      ...['not-a-number', 'not-a-number'], // full-width `１`, Arabic-Indic `٢`; `1.0` is 1
    ] as WarningKind[],
    check: (ds) => {
      expect(rowScores(ds, 1)).toEqual([0, 0, 0]);
      expect(rowScores(ds, 2)).toEqual([1, 2, 0]);
      expect(rowScores(ds, 4)).toEqual([0, 0, 1]);
    },
  },
  {
    file: 'dates-booleans.xlsx',
    warnings: ['above-max', 'not-a-number', 'not-a-number'],
    warning: /^Задание 1: балл 45352 больше максимального \(1\); засчитано 0\.$/,
  },
  {
    file: 'numbers-odd.csv',
    warnings: [
      'not-a-number',
      'not-a-number',
      'not-a-number',
      'not-a-number',
      'fractional',
      'negative',
      'not-a-number',
    ],
    check: (ds) => expect(rowScores(ds, 1)).toEqual([0, 0, 0]),
  },
];

let db: OkoDb;
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const memory: string[] = [];

async function dbState(d: OkoDb) {
  return {
    procedures: await listProcedures(d),
    imports: (await listImports(d)).map((i) => i.id),
    counts: await Promise.all(d.tables.map(async (t) => [t.name, await t.count()] as const)),
  };
}

beforeAll(async () => {
  db = await openDb('hostile-corpus');
  // A database with something in it: a failed import must leave it exactly as it was.
  const seed = await importFile(
    new Uint8Array(readFileSync(join(__dirname, '../fixtures/bad/region-2021-cp1251.csv'))),
    {
      fileName: 'region-2021-cp1251.csv',
      procedure: { subject: 'Математика', grade: 5, year: 2021 },
    },
  );
  await saveDataset(db, seed);
});

afterAll(() => {
  db.close();
  console.log(`peak RSS growth per file (MB):\n  ${memory.join('\n  ')}`);
});

it('the corpus has at least 40 files, each with an expectation', () => {
  const files = readdirSync(DIR).sort();
  expect(files.length).toBeGreaterThanOrEqual(40);
  expect(CASES.map((c) => c.file).sort()).toEqual(files);
});

describe('hostile corpus', () => {
  for (const c of CASES)
    it(c.file, async () => {
      const bytes = read(c.file);
      const before = await dbState(db);
      globalThis.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      let ds: Dataset | undefined;
      let error: unknown;
      try {
        ds = await importFile(bytes, {
          fileName: c.file,
          procedure: { subject: 'Математика', grade: 5, year: 2024 },
        });
      } catch (e) {
        error = e;
      } finally {
        clearInterval(timer);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      const grew = (peak - rss0) / 2 ** 20;
      memory.push(
        `${c.file}: ${grew.toFixed(1)} (RSS ${(rss0 / 2 ** 20).toFixed(0)} → peak ${(peak / 2 ** 20).toFixed(0)})`,
      );
      if (c.memoryMb) expect(grew).toBeLessThan(c.memoryMb);

      // No prototype pollution, whatever the file held.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);

      if ('error' in c) {
        expect(error, 'the import must fail').toBeInstanceOf(ImportError);
        const err = error as ImportError;
        expect(err.message).toMatch(c.error);
        expect(err.file).toBe(c.file);
        expect(err.message).toContain(c.file);
        if (c.error === UNKNOWN) expect(err.message).toContain(`Подробности: на листе «${err.sheet}»`);
        expect(err.message.length).toBeLessThan(3000);
        // The same failed attempt through the whole path (import + save) leaves the database unchanged.
        await expect(
          importFile(bytes, { fileName: c.file }).then((d) => saveDataset(db, d)),
        ).rejects.toBeInstanceOf(ImportError);
        expect(await dbState(db)).toEqual(before);
        return;
      }
      if (error) throw error;
      const got = ds!;
      expect(got.meta.warnings.map((w) => w.kind)).toEqual(c.warnings);
      for (const w of got.meta.warnings) {
        expect(w.file).toBe(c.file);
        expect(w.message.length).toBeLessThan(600);
      }
      if (c.warning) expect(got.meta.warnings[0].message).toMatch(c.warning);
      c.check?.(got);
      // An accepted file is also storable (in its own database, so that the shared one stays as seeded).
      const own = await openDb(`hostile-${c.file}`);
      try {
        const saved = await saveDataset(own, got);
        expect(saved.duplicate).toBe(false);
        expect((await listProcedures(own)).length).toBe(1);
      } finally {
        own.close();
      }
      expect(await dbState(db)).toEqual(before);
    });
});
