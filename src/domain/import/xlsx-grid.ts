// A fast reader for the plain XLSX grids the region exports are (one sheet of numbers and shared
// strings, ~22 MB of sheet XML for 26 000 pupils): the sheet XML is scanned once with indexOf
// instead of SheetJS's general parser (≈ 4× less time on the real file). It reads only what
// sources.ts takes from SheetJS — each sheet's cell values, by name, in workbook order — and gives
// up (returns null) on anything it does not know for certain, so SheetJS reads those files as
// before: prefixed namespaces, date cells, chartsheets, strict OOXML, a damaged archive.
// tests/unit/xlsx-grid.test.ts compares it cell for cell with SheetJS on every fixture.
import { unzipSync } from 'fflate';

/** One sheet: rows by 0-based index (holes where a row has no value), cells likewise. */
export interface GridSheet {
  name: string;
  rows: unknown[][];
}

/** The error values Excel writes, as sources.ts shows them; any other error text reads as #ОШИБКА. */
const ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA']);

class Unsupported extends Error {}
const unsupported = (why: string): never => {
  throw new Unsupported(why);
};

const decoder = new TextDecoder('utf-8');

const ENTITIES: Record<string, string> = {
  '&quot;': '"',
  '&apos;': "'",
  '&gt;': '>',
  '&lt;': '<',
  '&amp;': '&',
};
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi;
const CODE = /_x([\da-fA-F]{4})_/gi;

/**
 * XML entities and the OOXML `_xHHHH_` escapes, resolved exactly as SheetJS's raw_unescapexml does
 * (same patterns, same odd cases), so that both readers give the same text.
 */
function rawUnescape(s: string): string {
  if (s.includes('<![CDATA[')) unsupported('CDATA');
  if (s.includes('&'))
    s = s.replace(
      ENTITY,
      (m: string, code: string | undefined) =>
        ENTITIES[m] || String.fromCharCode(parseInt(code as string, m.includes('x') ? 16 : 10)) || m,
    );
  if (s.includes('_x') || s.includes('_X'))
    s = s.replace(CODE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

/** Text with nothing to unescape (most cells: digits). */
const plain = (s: string) => !s.includes('&') && !s.includes('_') && !s.includes('<');

/** Cell and string text: escapes resolved, then a CR LF line break read as LF (SheetJS's xlsx flag). */
export function unescapeXml(s: string): string {
  s = rawUnescape(s);
  return s.includes('\r') ? s.replace(/\r\n/g, '\n') : s;
}

/** The value of attribute `name` in one start tag's text, or undefined. */
function attr(tag: string, name: string): string | undefined {
  const key = ` ${name}="`;
  let i = tag.indexOf(key);
  if (i < 0) {
    // Attributes may follow a line break or tab instead of a space (rare: no pattern otherwise).
    if (!/[\t\n\r]/.test(tag)) return undefined;
    const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
    return m ? m[1] : undefined;
  }
  i += key.length;
  return tag.slice(i, tag.indexOf('"', i));
}

const T_FIRST = /^\s*<(?:\w+:)?t[^>]*>/;
const T_END = /<\/(?:\w+:)?t>/;
const RUN = /<(?:\w+:)?r\b[^<>]*>/;
const PHONETIC = /<(?:\w+:)?rPh\b[^<>]*>[\s\S]*?<\/(?:\w+:)?rPh>/g;
const T_ALL = /<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g;
const TAG = /<[^<>]*>/g;

/** The text of a string item (`<si>` or `<is>` content), as SheetJS's parse_si reads it. */
function itemText(xml: string): string {
  if (!xml) return '';
  if (T_FIRST.test(xml)) return unescapeXml(xml.slice(xml.indexOf('>') + 1).split(T_END)[0] || '');
  if (RUN.test(xml))
    return unescapeXml((xml.replace(PHONETIC, '').match(T_ALL) ?? []).join('').replace(TAG, ''));
  // Neither plain nor rich text: SheetJS keeps no text at all; let it decide.
  return unsupported('строка без текста');
}

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const open = xml.indexOf('<sst');
  if (open < 0) return unsupported('нет sst');
  const body = xml.slice(xml.indexOf('>', open) + 1, xml.lastIndexOf('</sst>'));
  if (/<(?:si|sstItem)[\s/]|<\w+:si\b/.test(body)) unsupported('необычный si');
  return body
    .replace(/<(?:si|sstItem)>/g, '')
    .split(/<\/(?:si|sstItem)>/)
    .map((x) => itemText(x.trim()));
}

/** 0-based column of a reference like «AB12» (letters only are read). */
function columnOf(ref: string): number {
  let c = 0;
  for (let k = 0; k < ref.length; k++) {
    const ch = ref.charCodeAt(k);
    if (ch < 65 || ch > 90) break;
    c = c * 26 + (ch - 64);
  }
  return c - 1;
}

function rowOf(ref: string): number {
  let k = 0;
  while (k < ref.length && ref.charCodeAt(k) >= 65 && ref.charCodeAt(k) <= 90) k++;
  return Number(ref.slice(k)) - 1;
}

/** The text between `<tag>` (or `<tag …>`) and `</tag>` inside a cell body, or undefined. */
function inner(body: string, tag: string): string | undefined {
  const open = body.indexOf(`<${tag}`);
  if (open < 0) return undefined;
  const gt = body.indexOf('>', open);
  if (body.charCodeAt(gt - 1) === 47) return '';
  const close = body.indexOf(`</${tag}>`, gt);
  return close < 0 ? unsupported(`незакрытый <${tag}>`) : body.slice(gt + 1, close);
}

/** A cell's value as SheetJS gives it (raw, no formats, no dates), or undefined for no cell. */
function cellValue(type: string | undefined, body: string, sst: string[]): unknown {
  if (type === 'inlineStr') return typedValue(type, undefined, body, sst);
  return quickValue(type, inner(body, 'v'), sst);
}

/** The value of a cell whose `<v>` text is `raw` (the cell has no other content that matters). */
function quickValue(type: string | undefined, raw: string | undefined, sst: string[]): unknown {
  return typedValue(type, raw, '', sst);
}

function typedValue(type: string | undefined, raw: string | undefined, body: string, sst: string[]): unknown {
  const v = raw === undefined || raw === '' ? undefined : plain(raw) ? raw : rawUnescape(raw);
  if (type === undefined && v === undefined) return undefined;
  switch (type ?? 'n') {
    case 'n':
      return v === undefined ? undefined : parseFloat(v);
    case 's': {
      if (v === undefined) return undefined;
      const s = sst[parseInt(v, 10)];
      return s === undefined ? unsupported('нет строки') : s;
    }
    case 'str':
      return v === undefined ? '' : unescapeXml(v);
    case 'inlineStr': {
      const is = inner(body, 'is');
      return is === undefined ? '' : itemText(is);
    }
    case 'b':
      return v === '1' || v === 'true';
    case 'e':
      return v !== undefined && ERRORS.has(v) ? v : '#ОШИБКА';
    default:
      return unsupported(`тип ячейки ${type}`);
  }
}

/** The cells of a worksheet's sheetData, placed as SheetJS's dense mode places them. */
function sheetRows(xml: string, sst: string[]): unknown[][] {
  const start = xml.indexOf('<sheetData');
  if (start < 0) return unsupported('нет sheetData');
  const rows: unknown[][] = [];
  // As in SheetJS: the row tag's number (1-based) and the last column, for cells without a reference.
  let tagr = 0;
  let tagc = -1;
  let i = start;
  for (;;) {
    const lt = xml.indexOf('<', i + 1);
    if (lt < 0) break;
    const ch = xml.charCodeAt(lt + 1);
    const next = xml.charCodeAt(lt + 2);
    if (ch === 99 /* c */ && (next === 32 || next === 62 || next === 47)) {
      const gt = xml.indexOf('>', lt);
      const tag = xml.slice(lt, gt);
      // The common cell, `<c r="B7" s="1" t="s"><v>12</v></c>`, without building strings for its parts.
      if (xml.startsWith('<v>', gt + 1) && !tag.includes("'")) {
        const vEnd = xml.indexOf('</v>', gt + 4);
        const rAt = tag.indexOf(' r="');
        if (vEnd > 0 && rAt > 0 && xml.startsWith('</c>', vEnd + 4)) {
          let col = 0;
          let k = rAt + 4;
          for (let d = tag.charCodeAt(k); d >= 65 && d <= 90; d = tag.charCodeAt(++k))
            col = col * 26 + (d - 64);
          let row = 0;
          for (let d = tag.charCodeAt(k); d >= 48 && d <= 57; d = tag.charCodeAt(++k))
            row = row * 10 + (d - 48);
          if (tag.charCodeAt(k) === 34 /* " */ && col > 0 && row > 0) {
            tagc = col - 1;
            const value = quickValue(attr(tag, 't'), xml.slice(gt + 4, vEnd), sst);
            if (value !== undefined) (rows[row - 1] ??= [])[tagc] = value;
            i = vEnd + 7;
            continue;
          }
        }
      }
      if (tag.includes("'")) unsupported('апострофы в атрибутах');
      const ref = attr(tag, 'r');
      let r: number;
      if (ref !== undefined) {
        tagc = columnOf(ref);
        r = rowOf(ref);
      } else {
        tagc++;
        r = tagr - 1;
      }
      const empty = xml.charCodeAt(gt - 1) === 47;
      const close = empty ? gt : xml.indexOf('</c>', gt);
      if (close < 0) unsupported('незакрытая ячейка');
      const value = cellValue(attr(tag, 't'), empty ? '' : xml.slice(gt + 1, close), sst);
      if (value !== undefined) {
        if (!(r >= 0) || !(tagc >= 0)) unsupported('ячейка вне строки');
        (rows[r] ??= [])[tagc] = value;
      }
      i = empty ? gt : close + 3;
    } else if (ch === 114 /* r */ && xml.startsWith('<row', lt) && (next === 111 || next === 79)) {
      const gt = xml.indexOf('>', lt);
      const tag = xml.slice(lt, gt);
      if (!/^<row[\s/>]/.test(tag + '>') || tag.includes("'")) unsupported('строка');
      const rr = attr(tag, 'r');
      tagr = rr !== undefined ? parseInt(rr, 10) : tagr + 1;
      if (!(tagr >= 1)) unsupported('номер строки');
      tagc = -1;
      i = gt;
    } else if (ch === 47 /* / */ && xml.startsWith('</sheetData>', lt)) {
      break;
    } else {
      // </row> goes on; anything else inside sheetData we do not know: SheetJS decides.
      if (!(ch === 47 && xml.startsWith('</row>', lt))) unsupported(`элемент ${xml.slice(lt, lt + 12)}`);
      i = lt + 1;
    }
  }
  return rows;
}

/** Path of a relationship target below `xl/`. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/**
 * The sheets of a plain XLSX, or null when this reader is not sure to read it exactly as SheetJS
 * (then the caller uses SheetJS). Never throws.
 */
export function readXlsxGrid(bytes: Uint8Array): GridSheet[] | null {
  try {
    const files = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'xl/workbook.xml' ||
        f.name === 'xl/_rels/workbook.xml.rels' ||
        f.name === 'xl/sharedStrings.xml' ||
        f.name.startsWith('xl/worksheets/'),
    });
    const text = (name: string) => (files[name] ? decoder.decode(files[name]) : undefined);
    const workbook = text('xl/workbook.xml');
    const rels = text('xl/_rels/workbook.xml.rels');
    if (!workbook || !rels || !workbook.includes('<workbook')) return null;
    // Strict OOXML, prefixed elements, 1904 dates and the like: SheetJS's business.
    if (workbook.includes('purl.oclc.org') || /<\w+:sheet\b/.test(workbook) || workbook.includes('date1904'))
      return null;
    const targets = new Map<string, string>();
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = attr(m[0], 'Id');
      const target = attr(m[0], 'Target');
      const type = attr(m[0], 'Type') ?? '';
      if (id && target && type.endsWith('/worksheet')) targets.set(id, target);
    }
    const sst = sharedStrings(text('xl/sharedStrings.xml'));
    const sheets: GridSheet[] = [];
    for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = attr(m[0], 'name');
      const id = attr(m[0], 'r:id');
      const target = id ? targets.get(id) : undefined;
      if (name === undefined || !target) return null;
      const xml = text(partPath(target));
      if (xml === undefined || !/<worksheet\b/.test(xml)) return null;
      sheets.push({ name: unescapeXml(name), rows: sheetRows(xml, sst) });
    }
    return sheets.length > 0 ? sheets : null;
  } catch {
    return null;
  }
}
