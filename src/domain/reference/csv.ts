// CSV as saved by Russian Excel: `;`-separated, often Windows-1251, decimal commas. Parsed here
// rather than by SheetJS, which would read `5,06` in a comma-separated line as two cells.

/** UTF-8 (BOM or not) when the bytes are valid UTF-8, else Windows-1251. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** `;` or tab when most lines use it, else `,`. */
function sniffDelimiter(lines: string[]): string {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 30);
  for (const d of [';', '\t']) {
    const using = sample.filter((l) => l.includes(d)).length;
    if (using > 0 && using * 2 >= sample.length) return d;
  }
  return ',';
}

/** Rows of string cells; quoted fields may hold the delimiter, `""` and line breaks. */
export function parseCsv(text: string): string[][] {
  const delimiter = sniffDelimiter(text.split(/\r?\n/));
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
