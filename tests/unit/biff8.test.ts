// The fast BIFF8 reader against SheetJS, cell by cell: the value of every cell (and which rows exist)
// must equal SheetJS's dense read as the importer maps it, on the ОГЭ protocol generator's `.xls`,
// on a SheetJS workbook with a shared string table, and on a workbook stream assembled record by
// record (SST over CONTINUE with 8/16-bit switches, RK, MULRK, NUMBER, BOOLERR, every FORMULA
// result, blanks). Files it does not cover (BIFF5, junk) give null, and SheetJS reads them.
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ERROR_TEXT, readBiff8 } from '../../src/domain/import/biff8.ts';
import { workbookSheets } from '../../src/domain/import/sources.ts';
import { SHAPES, generateExam, ogeProtocolXls } from '../../src/domain/demo/gia-protocols.ts';

type Cell = { t?: string; v?: unknown } | undefined;

/** SheetJS's values, as sources.ts maps its cells (error cells → their Excel text). */
function sheetjs(bytes: Uint8Array): { name: string; rows: (unknown[] | undefined)[] }[] {
  const wb = XLSX.read(bytes, {
    type: 'array',
    dense: true,
    cellFormula: false,
    cellHTML: false,
    cellText: false,
  });
  return wb.SheetNames.map((name) => {
    const data = ((wb.Sheets[name] as { '!data'?: Cell[][] })['!data'] ?? []) as Cell[][];
    return {
      name,
      rows: Array.from(data, (cells) =>
        cells ? Array.from(cells, (c) => (c?.t === 'e' ? ERROR_TEXT[c.v as number] : c?.v)) : undefined,
      ),
    };
  });
}

function expectSame(bytes: Uint8Array): number {
  const ours = readBiff8(bytes);
  expect(ours).not.toBeNull();
  const theirs = sheetjs(bytes);
  expect(ours!.map((s) => s.name)).toEqual(theirs.map((s) => s.name));
  let cells = 0;
  ours!.forEach((s, k) => {
    const t = theirs[k].rows;
    const n = Math.max(t.length, s.rows.length);
    for (let r = 0; r < n; r++) {
      expect(s.rows[r] === undefined, `row ${r + 1} present`).toBe(t[r] === undefined);
      const m = Math.max(t[r]?.length ?? 0, s.rows[r]?.length ?? 0);
      for (let c = 0; c < m; c++) {
        expect(s.rows[r]?.[c], `${s.name}!R${r + 1}C${c + 1}`).toStrictEqual(t[r]?.[c]);
        if (t[r]?.[c] !== undefined) cells++;
      }
    }
  });
  return cells;
}

// ---- a Workbook stream written record by record ----------------------------------------------
const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const u32 = (v: number) => [...u16(v & 0xffff), ...u16(v >>> 16)];
const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)];
const rec = (type: number, body: number[]) => [...u16(type), ...u16(body.length), ...body];
const utf16 = (s: string) => [...s].flatMap((ch) => u16(ch.charCodeAt(0)));
const latin = (s: string) => [...s].map((ch) => ch.charCodeAt(0));
const BOF = (dt: number) =>
  rec(0x0809, [...u16(0x0600), ...u16(dt), ...u16(0), ...u16(0), ...u32(0), ...u32(0)]);
const EOF = rec(0x000a, []);
const cell = (r: number, c: number) => [...u16(r), ...u16(c), ...u16(15)];
const rkInt = (v: number) => u32(((v << 2) | 2) >>> 0);
const rkX100 = (v: number) => u32(((Math.round(v * 100) << 2) | 3) >>> 0);

function handBuilt(): Uint8Array {
  // SST: a Cyrillic (16-bit) string split by a CONTINUE that switches to 8-bit, a rich string with
  // runs and an extended block, a plain 8-bit string with a byte above 0x7F (code point, not cp1252).
  const split = 'Протокол проверки'; // 17 characters: 10 in the SST record, 7 in the CONTINUE
  const first = [...u16(split.length), 1, ...utf16(split.slice(0, 10))];
  const rich = [...u16(3), 0x0c, ...u16(1), ...u32(4), ...latin('abc'), ...u16(0), ...u16(1), 1, 2, 3, 4];
  const sst = rec(0x00fc, [...u32(5), ...u32(4), ...first]);
  const cont = rec(0x003c, [
    1, // the rest of «Протокол проверки», again 16-bit: a CONTINUE starts with a new flags byte
    ...utf16(split.slice(10)),
    ...rich,
    ...[...u16(4), 0, ...latin('Caf\u0080')],
    ...[...u16(5), 0, ...latin('total')],
  ]);
  const sheetName = 'Лист А';
  const sheet: number[] = [
    ...BOF(0x0010),
    ...rec(0x00fd, [...cell(0, 0), ...u32(0)]),
    ...rec(0x00fd, [...cell(0, 2), ...u32(1)]),
    ...rec(0x00fd, [...cell(1, 0), ...u32(2)]),
    ...rec(0x00fd, [...cell(1, 1), ...u32(3)]),
    ...rec(0x0203, [...cell(2, 0), ...f64(9306)]),
    ...rec(0x0203, [...cell(2, 1), ...f64(-0.25)]),
    ...rec(0x027e, [...cell(2, 2), ...rkInt(-17)]),
    ...rec(0x027e, [...cell(2, 3), ...rkX100(12.34)]),
    ...rec(0x027e, [...cell(2, 4), ...u32(0x3ff00000)]), // the high word of 1.0
    ...rec(0x00bd, [
      ...u16(3),
      ...u16(1),
      ...u16(15),
      ...rkInt(5),
      ...u16(15),
      ...rkX100(0.07),
      ...u16(15),
      ...rkInt(0),
      ...u16(3),
    ]),
    ...rec(0x0205, [...cell(4, 0), 1, 0]),
    ...rec(0x0205, [...cell(4, 1), 0, 0]),
    ...rec(0x0205, [...cell(4, 2), 0x07, 1]),
    ...rec(0x0201, [...cell(5, 0)]), // BLANK: no value, no row
    ...rec(0x00be, [...u16(5), ...u16(1), ...u16(15), ...u16(15), ...u16(2)]), // MULBLANK
    // FORMULA: number, text (with a STRING record), boolean, error, empty text.
    ...rec(0x0006, [...cell(6, 0), ...f64(42.5), ...u16(0), ...u32(0), ...u16(3), 0x1e, ...u16(1)]),
    ...rec(0x0006, [...cell(6, 1), 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0), ...u16(0)]),
    ...rec(0x0207, [...u16(6), 1, ...utf16('9306-А')]),
    ...rec(0x0006, [...cell(6, 2), 1, 0, 1, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0), ...u16(0)]),
    ...rec(0x0006, [...cell(6, 3), 2, 0, 0x2a, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0), ...u16(0)]),
    ...rec(0x0006, [...cell(6, 4), 3, 0, 0, 0, 0, 0, 0xff, 0xff, ...u16(0), ...u32(0), ...u16(0)]),
    // LABEL (inline text), 8-bit and 16-bit.
    ...rec(0x0204, [...cell(7, 0), ...u16(3), 0, ...latin('9B\u00e9')]),
    ...rec(0x0204, [...cell(7, 1), ...u16(2), 1, ...utf16('9А')]),
  ];
  // Enough rows to put the stream beyond the mini-stream cutoff (4 096 bytes).
  for (let r = 10; r < 600; r++) sheet.push(...rec(0x027e, [...cell(r, r % 5), ...rkInt(r)]));
  sheet.push(...EOF);

  const boundsheet = (pos: number) =>
    rec(0x0085, [...u32(pos), 0, 0, sheetName.length, 1, ...utf16(sheetName)]);
  const globals = (pos: number) => [...BOF(0x0005), ...boundsheet(pos), ...sst, ...cont, ...EOF];
  const pos = globals(0).length;
  const stream = new Uint8Array([...globals(pos), ...sheet]);
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, 'Workbook', stream);
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
}

describe('fast BIFF8 reader equals SheetJS', () => {
  it('the ОГЭ protocol generator’s .xls (LABEL, NUMBER), two exams', () => {
    const bytes = ogeProtocolXls([
      generateExam(SHAPES.ogeMath, { seed: 5 }),
      generateExam(SHAPES.ogeRus, { seed: 6 }),
    ]);
    expect(expectSame(bytes)).toBeGreaterThan(5000);
  });

  it('a SheetJS workbook with a shared string table (LABELSST) and two sheets', () => {
    const wb = XLSX.utils.book_new();
    const rows: unknown[][] = [['Код ОО', 'Класс', 'Балл', 'Доля', 'Да']];
    for (let i = 0; i < 3000; i++)
      rows.push([String(9300 + i), `9${'АБВ'[i % 3]} класс №${i}`, i % 33, i / 7, i % 2 === 0]);
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Протокол');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x'], [], [1e-7, 'Ünïcode ✓']]), 'Второй');
    const bytes = new Uint8Array(XLSX.write(wb, { bookType: 'xls', type: 'array', bookSST: true }));
    expect(expectSame(bytes)).toBeGreaterThan(15000);
  });

  it('a stream written record by record: SST over CONTINUE, RK, MULRK, BOOLERR, FORMULA, blanks', () => {
    const bytes = handBuilt();
    expectSame(bytes);
    // And against hand values, so that both readers agreeing on nonsense cannot pass.
    const [s] = readBiff8(bytes)!;
    expect(s.name).toBe('Лист А');
    expect(s.rows[0]).toEqual(['Протокол проверки', undefined, 'abc']);
    expect(s.rows[1]).toEqual(['Caf\u0080', 'total']);
    expect(s.rows[2]).toEqual([9306, -0.25, -17, 12.34, 1]);
    expect(s.rows[3]).toEqual([undefined, 5, 0.07, 0]);
    expect(s.rows[4]).toEqual([true, false, '#DIV/0!']);
    expect(s.rows[5]).toBeUndefined();
    expect(s.rows[6]).toEqual([42.5, '9306-А', true, '#N/A', '']);
    expect(s.rows[7]).toEqual(['9B\u00e9', '9А']);
    expect(s.rows[599]).toEqual([undefined, undefined, undefined, undefined, 599]);
  });

  it('leaves BIFF5 and junk to SheetJS; the importer still reads BIFF5', () => {
    const wb = XLSX.utils.book_new();
    const rows = Array.from({ length: 400 }, (_, i) => [`School ${i}`, i]);
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Лист1');
    const biff5 = new Uint8Array(XLSX.write(wb, { bookType: 'biff5', type: 'array' }));
    expect(readBiff8(biff5)).toBeNull();
    const [sheet] = workbookSheets(biff5, 'old.xls');
    expect(sheet.head(2)).toEqual([
      ['School 0', 0],
      ['School 1', 1],
    ]);
    expect(readBiff8(new Uint8Array(readFileSync('tests/fixtures/bad/hostile/junk-biff.xls')))).toBeNull();
    expect(readBiff8(new Uint8Array(600))).toBeNull();
  });

  it('the importer’s sheets over the fast reader give the same rows as over SheetJS', () => {
    const bytes = ogeProtocolXls([generateExam(SHAPES.ogeMath, { seed: 7 })]);
    const [fast] = workbookSheets(bytes, 'p.xls');
    const slow = sheetjs(bytes)[0].rows;
    const got = [...fast.rowsAfter(-1)].length; // rows are reused objects: count them
    expect(got).toBe(slow.filter((r) => r !== undefined).length);
    expect(fast.capacity).toBe(got);
    const firstRows = fast.head(6);
    expect(firstRows.map((r) => Array.from(r, (v) => v ?? null))).toEqual(
      slow.slice(0, 6).map((r) => Array.from(r ?? [], (v) => v ?? null)),
    );
  });
});
