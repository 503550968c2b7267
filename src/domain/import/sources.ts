// Bytes → sheets of raw cell values. XLSX/XLS go through SheetJS (dense mode, raw values);
// CSV through the small reader in csv.ts. Nothing here knows about layouts.
import * as XLSX from 'xlsx';
import { ImportError } from '../model';
import { countLines, csvRecords, decodeText, detectDelimiter, type CsvRecord } from './csv';
import { guardZip } from './zip-guard';
import { readXlsxGrid } from './xlsx-grid';
import { ERROR_TEXT, readBiff8 } from './biff8';

export interface SourceRow {
  values: ArrayLike<unknown>;
  /** 1-based row number as Excel shows it (CSV: the line where the record starts). */
  row: number;
  /** 0..1, how far through the sheet this row is. */
  progress: number;
}

export interface SheetSource {
  name: string;
  /** The first `limit` rows as values, for header detection. */
  head(limit: number): unknown[][];
  /** Rows after the 0-based row `after` (each SourceRow object is reused: copy what you keep). */
  rowsAfter(after: number): Iterable<SourceRow>;
  /** An upper bound on the number of rows. */
  capacity: number;
}

/** Sheet name used in messages for CSV files, which have no sheets. */
export const CSV_SHEET = 'CSV';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

export type SourceKind = 'workbook' | 'csv';

/** By extension and magic bytes: SheetJS would happily read junk as a one-column CSV. */
export function sourceKind(bytes: Uint8Array, file: string): SourceKind {
  const ext = /\.([^.]+)$/.exec(file.toLowerCase())?.[1] ?? '';
  const zip = startsWith(bytes, ZIP_MAGIC);
  if (['xlsx', 'xlsm', 'xltx', 'xltm'].includes(ext) && !zip)
    throw new ImportError(
      `«${file}»: файл повреждён или это не XLSX (файл XLSX — это ZIP-архив, а этот начинается иначе). Откройте его в Excel и сохраните заново как «Книга Excel (*.xlsx)».`,
      file,
    );
  if (['csv', 'tsv', 'txt'].includes(ext)) return 'csv';
  return zip || startsWith(bytes, OLE_MAGIC) || ext === 'xls' || ext === 'ods' ? 'workbook' : 'csv';
}

type DenseCell = { v?: unknown; t?: string } | undefined;

// SheetJS keeps an error cell (`#DIV/0!`) as its numeric code (7): that must never read as a score.
const cellValue = (c: DenseCell): unknown => (c?.t === 'e' ? (ERROR_TEXT[c.v as number] ?? '#ОШИБКА') : c?.v);

/**
 * A sheet whose row `r` (0-based) is `row(r)` (holes kept where a cell is empty), undefined where
 * the sheet has no such row; `has(r)` says so without building the row.
 */
function gridSource(
  name: string,
  length: number,
  has: (r: number) => boolean,
  row: (r: number) => unknown[] | undefined,
): SheetSource {
  // Rows actually present: a sheet whose last row is 1 048 576 is a sparse array, not a million rows.
  let present = 0;
  for (let r = 0; r < length; r++) if (has(r)) present++;
  return {
    name,
    capacity: present,
    head: (limit) => Array.from({ length: Math.min(limit, length) }, (_, r) => row(r)?.slice() ?? []),
    *rowsAfter(after) {
      const rec: SourceRow = { values: [], row: 0, progress: 0 };
      for (let r = after + 1; r < length; r++) {
        const cells = row(r);
        if (!cells) continue;
        rec.values = cells;
        rec.row = r + 1;
        rec.progress = r / length;
        yield rec;
      }
    },
  };
}

export function workbookSheets(bytes: Uint8Array, file: string): SheetSource[] {
  // Sizes from the ZIP directory are checked before anything is inflated (zip bombs, truncation).
  const zip = startsWith(bytes, ZIP_MAGIC);
  if (zip) guardZip(bytes, file);
  // Plain grids (the region exports) by the fast reader; anything it is unsure of by SheetJS.
  const grid = zip ? readXlsxGrid(bytes) : null;
  if (grid)
    return grid.map((s) =>
      gridSource(
        s.name,
        s.rows.length,
        (r) => s.rows[r] !== undefined,
        (r) => s.rows[r],
      ),
    );
  // BIFF8 .xls (the regional ГИА protocols) by the fast record reader, likewise.
  const biff = !zip && startsWith(bytes, OLE_MAGIC) ? readBiff8(bytes) : null;
  if (biff)
    return biff.map((s) =>
      gridSource(
        s.name,
        s.rows.length,
        (r) => s.rows[r] !== undefined,
        (r) => s.rows[r],
      ),
    );
  return sheetJsSheets(bytes, file);
}

/** Any workbook SheetJS reads (XLSX, XLS, ODS…), as sheets of raw values. */
export function sheetJsSheets(bytes: Uint8Array, file: string): SheetSource[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
    });
  } catch (e) {
    throw new ImportError(
      `«${file}»: файл повреждён или это не XLSX — таблицу не удалось прочитать (${(e as Error).message}).`,
      file,
    );
  }
  return wb.SheetNames.map((name) => {
    const data = ((wb.Sheets[name] as { '!data'?: DenseCell[][] })['!data'] ?? []) as DenseCell[][];
    return gridSource(
      name,
      data.length,
      (r) => data[r] !== undefined,
      (r) => data[r]?.map(cellValue),
    );
  });
}

export function csvSheet(bytes: Uint8Array, file = ''): SheetSource {
  let text = decodeText(bytes);
  // Binary junk renamed to .csv: control characters (other than tab and line breaks) are rare in text.
  const probe = text.slice(0, 65536);
  // eslint-disable-next-line no-control-regex
  const controls = probe.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g)?.length ?? 0;
  if (controls > Math.max(16, probe.length * 0.05))
    throw new ImportError(
      `«${file}»: это не текстовый файл CSV — в нём двоичные данные (${controls} управляющих символов в первых ` +
        `${probe.length} знаках). Откройте таблицу в Excel и сохраните её как «CSV (разделители — запятые)» или «Книга Excel (*.xlsx)».`,
      file,
      CSV_SHEET,
    );
  // A few stray NUL bytes (a broken export) would split logins and codes invisibly.
  if (text.includes('\u0000')) text = text.split('\u0000').join('');
  const delimiter = detectDelimiter(text);
  const check = (r: CsvRecord) => {
    if (r.unterminated && /[\r\n]/.test(r.fields[r.fields.length - 1]))
      throw new ImportError(
        `«${file}», строка ${r.line}: кавычка (") в этой строке не закрыта, и весь остаток файла попал бы в одну ячейку — ` +
          'строки учеников после неё были бы потеряны. Исправьте кавычки в этой строке и сохраните файл заново.',
        file,
        CSV_SHEET,
        r.line,
      );
  };
  return {
    name: CSV_SHEET,
    capacity: countLines(text),
    head(limit) {
      const out: unknown[][] = [];
      for (const rec of csvRecords(text, delimiter)) {
        check(rec);
        out.push(rec.fields);
        if (out.length >= limit) break;
      }
      return out;
    },
    *rowsAfter(after) {
      const rec: SourceRow = { values: [], row: 0, progress: 0 };
      let index = 0;
      const total = text.length || 1;
      for (const r of csvRecords(text, delimiter)) {
        if (index++ <= after) continue;
        check(r);
        rec.values = r.fields;
        rec.row = r.line;
        rec.progress = r.end / total;
        yield rec;
      }
    },
  };
}
