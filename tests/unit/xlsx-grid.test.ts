// The fast XLSX grid reader (src/domain/import/xlsx-grid.ts) against SheetJS, cell for cell, on every
// XLSX fixture of the project (real region exports, ФИС ОКО protocols, synthetic files, the hostile
// corpus) and on generated workbooks with the awkward parts of the format: where the fast reader
// reads a file, every sheet name, row and cell equals what SheetJS gives; where it is unsure it
// must return null (SheetJS then reads the file), never a different answer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsxGrid } from '../../src/domain/import/xlsx-grid';
import { sheetJsSheets, type SheetSource } from '../../src/domain/import/sources';
import { guardZip } from '../../src/domain/import/zip-guard';

const ROOT = join(__dirname, '../fixtures');

function xlsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return xlsxFiles(path);
    return /\.xlsx$/i.test(name) ? [path] : [];
  });
}

/** Every row of a sheet source as plain arrays (holes as undefined), keyed by its Excel row number. */
function rowsOf(sheet: SheetSource): Map<number, unknown[]> {
  const out = new Map<number, unknown[]>();
  for (const rec of sheet.rowsAfter(-1)) out.set(rec.row, Array.from(rec.values));
  return out;
}

function expectSameAsSheetJs(bytes: Uint8Array, file: string): 'fast' | 'fallback' {
  const fast = readXlsxGrid(bytes);
  if (!fast) return 'fallback';
  const slow = sheetJsSheets(bytes, file);
  expect(fast.map((s) => s.name)).toEqual(slow.map((s) => s.name));
  for (const [k, sheet] of slow.entries()) {
    const want = rowsOf(sheet);
    const got = new Map<number, unknown[]>();
    fast[k].rows.forEach((row, r) => got.set(r + 1, Array.from(row)));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [r, cells] of want) {
      // Trailing holes do not change a row's values.
      const g = got.get(r)!;
      const n = Math.max(g.length, cells.length);
      for (let c = 0; c < n; c++) {
        if (g[c] !== cells[c])
          expect({ file, sheet: sheet.name, row: r, col: c + 1, v: g[c] }).toEqual({
            file,
            sheet: sheet.name,
            row: r,
            col: c + 1,
            v: cells[c],
          });
      }
    }
  }
  return 'fast';
}

describe('fast XLSX grid reader equals SheetJS', () => {
  const files = xlsxFiles(ROOT);
  it('finds the fixtures', () => expect(files.length).toBeGreaterThan(20));
  for (const path of files) {
    const file = path.slice(ROOT.length + 1);
    it(file, () => {
      const bytes = new Uint8Array(readFileSync(path));
      // Zip bombs and truncated archives are refused from the ZIP directory before either reader runs.
      try {
        if (bytes[0] === 0x50 && bytes[1] === 0x4b) guardZip(bytes, file);
      } catch {
        return;
      }
      let sheetJsFails = false;
      try {
        sheetJsSheets(bytes, file);
      } catch {
        sheetJsFails = true;
      }
      let how: string;
      try {
        how = expectSameAsSheetJs(bytes, file);
      } catch (e) {
        if (sheetJsFails) how = 'both fail';
        else throw e;
      }
      // A file SheetJS cannot read is never read by the fast path either.
      if (sheetJsFails) expect(readXlsxGrid(bytes)).toBeNull();
      expect(['fast', 'fallback', 'both fail']).toContain(how);
    });
  }

  it('reads the real region export itself (not by falling back)', () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'real/vpr2021-ma5-region-export.xlsx')));
    expect(expectSameAsSheetJs(bytes, 'vpr2021-ma5-region-export.xlsx')).toBe('fast');
  });

  it('awkward cells: rich text, phonetic runs, entities, _x escapes, inline strings, booleans, errors, gaps', () => {
    const ws: XLSX.WorkSheet = {
      '!ref': 'A1:H6',
      A1: { t: 's', v: 'Логин & <школа> "1"' },
      B1: { t: 's', v: 'перенос\r\nстроки' },
      C1: { t: 'n', v: 0.1 + 0.2 },
      D1: { t: 'b', v: true },
      E1: { t: 'e', v: 0x07 },
      F1: { t: 'n', v: -1.5e-7 },
      G1: { t: 's', v: 'один\rвозврат' },
      H1: { t: 's', v: '  пробелы  ' },
      A3: { t: 'n', v: 12345678901234 },
      C3: { t: 's', v: '_x0041_ буква' },
      A6: { t: 'b', v: false },
    };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Протокол & итоги');
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['a', 1],
        [null, 2],
      ]),
      'Второй',
    );
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(expectSameAsSheetJs(bytes, 'awkward.xlsx')).toBe('fast');
    const fast = readXlsxGrid(bytes)!;
    expect(fast[0].name).toBe('Протокол & итоги');
    expect(fast[0].rows[0][0]).toBe('Логин & <школа> "1"');
    expect(fast[0].rows[0][4]).toBe('#DIV/0!');
    expect(fast[0].rows[1]).toBeUndefined();
  });
});

/** A workbook written by hand, with the parts of the format SheetJS's own writer never produces. */
function handMade(sheetXml: string, sst: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        '<sheet name="Лист &amp; 1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        '</Relationships>',
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sst}</sst>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        `<sheetData>${sheetXml}</sheetData></worksheet>`,
    ),
  };
  return zipSync(files);
}

describe('hand-written XML the fast reader must read as SheetJS does', () => {
  const SST =
    '<si><t>Школа &amp; класс</t></si>' +
    '<si><r><rPr><b/></rPr><t>жир</t></r><r><t xml:space="preserve"> и обычный</t></r><rPh sb="0" eb="1"><t>ふり</t></rPh></si>' +
    '<si><t>перенос\r\nстроки_x000D_ и &#1071;&#x42F;</t></si>' +
    '<si><t/></si>';
  it('rich text, phonetic runs, entities, inline and formula strings, booleans, errors, cells without r', () => {
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>встроенная &lt;строка&gt;</t></is></c><c r="B2" t="str"><v>&amp;lt;формула</v></c>' +
      '<c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="e"><v>#N/A</v></c><c r="F2" t="e"><v>#ЧТО?</v></c></row>' +
      '<row r="4"><c t="n"><v> 12.5</v></c><c><v>1e3</v></c><c s="3"/><c t="str"/><c r="F4"><f>SUM(A1)</f></c><c r="G4"><v>7</v></c></row>' +
      '<row><c><v>-0</v></c></row>' +
      '<row r="7" spans="1:2"><c r="B7" s="1"/></row>';
    const bytes = handMade(rows, SST);
    expect(expectSameAsSheetJs(bytes, 'hand.xlsx')).toBe('fast');
    const [sheet] = readXlsxGrid(bytes)!;
    expect(sheet.name).toBe('Лист & 1');
    expect(sheet.rows[0]).toEqual(['Школа & класс', 'жир и обычный', 'перенос\nстроки\r и ЯЯ', '']);
    expect(sheet.rows[3][0]).toBe(12.5);
    expect(sheet.rows[3][3]).toBe('');
    expect(sheet.rows[6]).toBeUndefined();
  });

  it('gives up (SheetJS reads it) on what it does not know: dates, namespaces, CDATA, a missing string', () => {
    for (const rows of [
      '<row r="1"><c r="A1" t="d"><v>2024-05-01</v></c></row>',
      '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',
      '<row r="1"><c r="A1" t="str"><v><![CDATA[a<b]]></v></c></row>',
      '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
    ])
      expect(readXlsxGrid(handMade(rows, SST))).toBeNull();
  });
});
