// The «Обмен» municipal summary as an XLSX workbook (#17): one sheet, one row per unit of every
// procedure (all → municipality → school), with the municipality of each school in its own column.
// Withheld figures (a group under 5 pupils) are written «<5», as on the screen; numbers stay numbers.
import * as XLSX from 'xlsx';

/** A row of the municipal summary (the «Обмен» table and its XLSX; the worker's `MunicipalRow`). */
export interface SummaryRow {
  level: 'all' | 'municipality' | 'school';
  id: string;
  name: string;
  /** The unit above (a school's municipality id; null for «all»). */
  parent: string | null;
  suppressed: boolean;
  written: number | null;
  mean: number | null;
  uspevaemost: number | null;
  kachestvo: number | null;
  sou: number | null;
  /** all / municipality: schools whose package withheld everything. */
  omittedSchools: number;
}

export interface SummaryProcedure {
  title: string;
  packages: number;
  rows: SummaryRow[];
}

export const SUMMARY_SHEET = 'Сводка';
export const SUMMARY_HEADER = [
  'Процедура',
  'Уровень',
  'Муниципалитет',
  'Единица',
  'Писали',
  'Средний балл',
  'У, %',
  'КЗ, %',
  'СОУ, %',
  'Скрытых школ',
] as const;

const LEVEL_RU = { all: 'все участники', municipality: 'муниципалитет', school: 'школа' } as const;
const SMALL = '<5';

type Cell = string | number | null;

/** The sheet's rows (header first), in the screen's order. */
export function summaryRows(procedures: readonly SummaryProcedure[]): Cell[][] {
  const out: Cell[][] = [[...SUMMARY_HEADER]];
  for (const p of procedures) {
    const municipalities = new Map(
      p.rows.filter((r) => r.level === 'municipality').map((r) => [r.id, r.name]),
    );
    for (const r of p.rows) {
      const figure = (v: number | null): Cell => (r.suppressed ? SMALL : v);
      const municipality =
        r.level === 'municipality'
          ? r.name
          : r.level === 'school'
            ? (municipalities.get(r.parent ?? '') ?? '')
            : '';
      out.push([
        p.title,
        LEVEL_RU[r.level],
        municipality,
        r.name,
        figure(r.written),
        figure(r.mean),
        figure(r.uspevaemost),
        figure(r.kachestvo),
        figure(r.sou),
        r.level === 'school' ? null : r.omittedSchools,
      ]);
    }
  }
  return out;
}

/** The workbook bytes. */
export function summaryWorkbook(procedures: readonly SummaryProcedure[]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(summaryRows(procedures));
  ws['!cols'] = [{ wch: 34 }, { wch: 16 }, { wch: 28 }, { wch: 34 }, ...Array(6).fill({ wch: 12 })];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, SUMMARY_SHEET);
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
