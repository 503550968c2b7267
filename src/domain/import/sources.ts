// Bytes → sheets of raw cell values. XLSX/XLS go through SheetJS (dense mode, raw values);
// CSV through the small reader in csv.ts. Nothing here knows about layouts.
import * as XLSX from 'xlsx';
import { ImportError } from '../model';
import { countLines, csvRecords, decodeText, detectDelimiter } from './csv';

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

type DenseCell = { v?: unknown } | undefined;

export function workbookSheets(bytes: Uint8Array, file: string): SheetSource[] {
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
    const values = (r: number): unknown[] => (data[r] ?? []).map((c) => c?.v);
    return {
      name,
      capacity: data.length,
      head: (limit) => Array.from({ length: Math.min(limit, data.length) }, (_, r) => values(r)),
      *rowsAfter(after) {
        const rec: SourceRow = { values: [], row: 0, progress: 0 };
        const total = data.length;
        for (let r = after + 1; r < total; r++) {
          const cells = data[r];
          if (!cells) continue;
          rec.values = cells.map((c) => c?.v);
          rec.row = r + 1;
          rec.progress = r / total;
          yield rec;
        }
      },
    };
  });
}

export function csvSheet(bytes: Uint8Array): SheetSource {
  const text = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  return {
    name: CSV_SHEET,
    capacity: countLines(text),
    head(limit) {
      const out: unknown[][] = [];
      for (const rec of csvRecords(text, delimiter)) {
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
        rec.values = r.fields;
        rec.row = r.line;
        rec.progress = r.end / total;
        yield rec;
      }
    },
  };
}
