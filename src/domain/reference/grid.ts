// Bytes → sheets as plain grids. XLSX/XLS/ODS and HTML-as-XLS go through SheetJS, CSV through csv.ts.
import { read, utils, type WorkSheet } from 'xlsx';
import type { Cell } from './cells';
import { decodeText, parseCsv } from './csv';

export interface SheetGrid {
  name: string;
  rows: Cell[][];
  /** 1-based row number of rows[0], as Excel shows it. */
  firstRow: number;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

function sheetGrid(name: string, ws: WorkSheet): SheetGrid {
  const ref = ws['!ref'];
  if (!ref) return { name, rows: [], firstRow: 1 };
  // Columns before the used range are padded back so that column indices match the sheet.
  const start = utils.decode_range(ref).s;
  const rows = utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  return {
    name,
    rows: rows.map((r) => [...new Array<Cell>(start.c).fill(null), ...r]),
    firstRow: start.r + 1,
  };
}

export function readGrids(bytes: Uint8Array, fileName: string): SheetGrid[] {
  if (isZip(bytes) || isOle(bytes)) {
    const wb = read(bytes, { type: 'array', cellDates: false });
    return wb.SheetNames.map((n) => sheetGrid(n, wb.Sheets[n]));
  }
  const text = decodeText(bytes);
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  if (/^\s*<(?:!doctype|html|table|\?xml)/i.test(text)) {
    // ФИС ОКО's older `.xls` downloads are HTML tables; raw keeps `5,06` as text for cellNumber.
    const wb = read(text, { type: 'string', raw: true });
    return wb.SheetNames.map((n) => sheetGrid(n === 'Sheet1' ? base : n, wb.Sheets[n]));
  }
  return [{ name: base, rows: parseCsv(text), firstRow: 1 }];
}
