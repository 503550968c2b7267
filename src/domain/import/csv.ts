// A small RFC-4180 CSV reader: records are produced one at a time, so a 500 000-row file never
// exists as a whole grid of cell objects.

/** UTF-8 (with or without BOM) when it decodes cleanly, otherwise Windows-1251 (Russian Excel). */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  const utf16 = utf16Kind(bytes);
  if (utf16) {
    text = new TextDecoder(utf16).decode(bytes); // strips its own BOM
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1251').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Excel's «Unicode text» is UTF-16LE with a BOM; without a BOM, UTF-16 shows as a NUL byte in every
 * other position of ASCII text (checked on the first 512 bytes).
 */
function utf16Kind(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Without a BOM: in ASCII and Cyrillic UTF-16 the high byte of every unit is 0x00 or 0x04.
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 8) return null;
  const high = (b: number) => b === 0 || b === 4;
  let even = 0;
  let odd = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (high(bytes[i])) even++;
    if (high(bytes[i + 1])) odd++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (odd > half * 0.9 && oddNul > half * 0.1 && even < half * 0.3) return 'utf-16le';
  if (even > half * 0.9 && odd < half * 0.3) return 'utf-16be';
  return null;
}

export type Delimiter = ';' | ',' | '\t';
const DELIMITERS: Delimiter[] = [';', '\t', ','];

/**
 * The delimiter that splits the widest line among the first lines (a title line may come before
 * the header, so the first line alone can mislead). Ties prefer `;`, the Russian Excel default.
 */
export function detectDelimiter(text: string, lines = 30): Delimiter {
  let best: Delimiter = ';';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let widest = 0;
    let seen = 0;
    for (const rec of csvRecords(text, d)) {
      widest = Math.max(widest, rec.fields.length);
      if (++seen >= lines) break;
    }
    if (widest > bestCount) {
      best = d;
      bestCount = widest;
    }
  }
  return best;
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** Offset just after the record, for progress. */
  end: number;
  /** A quote opened in this record is never closed: its last field runs to the end of the file. */
  unterminated?: boolean;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Records of `text`; quotes per RFC 4180 (`""` inside quotes), CRLF or LF line ends. */
export function* csvRecords(text: string, delimiter: Delimiter): Generator<CsvRecord> {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let unterminated = false;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted field: copy segments between doubled quotes.
        let start = ++i;
        value = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            // Unterminated quote: take the rest of the file rather than lose it.
            value += text.slice(start);
            line += countNewlines(text, start, n);
            unterminated = true;
            i = n;
            break;
          }
          line += countNewlines(text, i, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(start, q + 1);
            i = start = q + 2;
          } else {
            value += text.slice(start, q);
            i = q + 1;
            break;
          }
        }
        // Stray characters after the closing quote are kept, as Excel does.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j++;
        }
        if (j > i) value += text.slice(i, j);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    yield unterminated
      ? { fields, line: startLine, end: i, unterminated }
      : { fields, line: startLine, end: i };
  }
}

/** An upper bound on the number of records (for sizing typed arrays). */
export function countLines(text: string): number {
  const count = (ch: string) => {
    let n = 1;
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
    return n;
  };
  const lf = count('\n');
  // Old Mac files end lines with CR alone.
  return lf > 1 ? lf : count('\r');
}
