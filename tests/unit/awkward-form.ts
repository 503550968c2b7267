// Awkward but valid ФИС ОКО context forms, made from a well-formed one (tests only): title and blank
// rows, a header merged over two rows with a merged group title over the per-grade pupil counts,
// numbers written as text, line breaks in headers, an instruction sheet first, sheets reordered.
import * as XLSX from 'xlsx';

type Aoa = unknown[][];

/** Numbers as text in several spellings a person or another program writes them. */
function asText(v: unknown, k: number): unknown {
  if (typeof v !== 'number') return v;
  const spellings = [
    ` ${v} `,
    `${v},0`,
    `${v}`,
    v >= 1000 ? `${Math.floor(v / 1000)}\u00a0${String(v % 1000).padStart(3, '0')}` : `${v}`,
  ];
  return spellings[k % spellings.length];
}

/**
 * One sheet made awkward: a title row merged across, a blank row, the header over two rows (merged
 * vertically) except the per-grade pupil counts, which get a merged group title «Количество
 * обучающихся» above «в N классе»; blank rows between schools; numbers as text; line breaks.
 */
function awkwardSheet(aoa: Aoa): XLSX.WorkSheet {
  const [header, ...data] = aoa;
  const width = header.length;
  const upper: unknown[] = [];
  const lower: unknown[] = [];
  const merges: XLSX.Range[] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: width - 1 } }];
  const top = 2; // the upper header row
  let groupStart = -1;
  header.forEach((h, c) => {
    const m = /^(\d+\.\s*)?Количество обучающихся (в \d+ классе)$/.exec(String(h));
    if (m) {
      if (groupStart < 0) {
        groupStart = c;
        upper.push(`${m[1] ?? ''}Количество обучающихся`);
      } else upper.push('');
      lower.push(m[2]);
    } else {
      if (groupStart >= 0) {
        merges.push({ s: { r: top, c: groupStart }, e: { r: top, c: c - 1 } });
        groupStart = -1;
      }
      upper.push(String(h).replace(/ (ОО|организац)/, '\n$1'));
      lower.push('');
      merges.push({ s: { r: top, c }, e: { r: top + 1, c } });
    }
  });
  const rows: Aoa = [['Сбор контекстных данных об ОО'], [], upper, lower];
  data.forEach((row, i) => {
    rows.push(row.map((v, c) => (c === 0 ? `  ${String(v)} ` : asText(v, i + c))));
    if (i % 3 === 1) rows.push([]);
    if (i % 5 === 2) rows.push(['   ', '']);
  });
  rows.push([], []);
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = merges;
  return ws;
}

export function awkwardBook(bytes: Uint8Array, order: (names: string[]) => string[]): Uint8Array {
  const src = XLSX.read(bytes);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['Инструкция по заполнению'],
      ['Заполните все листы формы.'],
      ['логин — логин ОО в ФИС ОКО'],
    ]),
    'Инструкция',
  );
  for (const name of order(src.SheetNames))
    XLSX.utils.book_append_sheet(
      wb,
      awkwardSheet(XLSX.utils.sheet_to_json<unknown[]>(src.Sheets[name], { header: 1, raw: true })),
      name,
    );
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
