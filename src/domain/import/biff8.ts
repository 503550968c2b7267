// A fast reader of the cell values of BIFF8 `.xls` workbooks (Excel 97–2003, what regional systems
// export). SheetJS reads such files through plain JS arrays (the compound-file sectors are copied
// byte by byte into an Array, every cell becomes an object): a region's ОГЭ protocol of 30 000 rows
// took most of its import time there. This reader walks the records once over the bytes and keeps
// only values. It returns null for anything it does not cover (another BIFF version, encryption, a
// small stream in the mini-FAT, an unknown cell record, damage), and the caller then uses SheetJS:
// values must equal what SheetJS gives (tests/unit/biff8.test.ts compares them cell by cell).

export interface Biff8Sheet {
  name: string;
  /** Dense rows of values (string, number, boolean; error cells as their Excel text); holes where no cell has a value. */
  rows: (unknown[] | undefined)[];
}

/** Excel's texts of error codes: an error cell must never read as a number. */
export const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};
const errorText = (code: number) => ERROR_TEXT[code] ?? '#ОШИБКА';

class Unsupported extends Error {}
const fail = (): never => {
  throw new Unsupported();
};

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;

/** The `Workbook` stream of an OLE compound file; null when absent or too small for the FAT. */
function workbookStream(b: Uint8Array): Uint8Array | null {
  if (b.length < 512 || CFB_MAGIC.some((x, i) => b[i] !== x)) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shift = dv.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const ssz = 1 << shift;
  const sectors = Math.floor((b.length - ssz) / ssz) + (b.length % ssz ? 1 : 0);
  const at = (s: number) => (s + 1) * ssz;
  const u32 = (off: number) => (off + 4 <= b.length ? dv.getUint32(off, true) : fail());

  // FAT sectors: 109 in the header, the rest in the DIFAT chain.
  const nFat = dv.getUint32(0x2c, true);
  if (nFat > sectors) return null;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < nFat; i++) fatSectors.push(dv.getUint32(0x4c + 4 * i, true));
  let difat = dv.getUint32(0x44, true);
  for (let guard = 0; fatSectors.length < nFat && difat < sectors && guard <= sectors; guard++) {
    const per = ssz / 4 - 1;
    for (let i = 0; i < per && fatSectors.length < nFat; i++) fatSectors.push(u32(at(difat) + 4 * i));
    difat = u32(at(difat) + 4 * per);
  }
  if (fatSectors.length < nFat) return null;
  const fat = new Uint32Array(nFat * (ssz / 4));
  fatSectors.forEach((s, k) => {
    if (s >= sectors) fail();
    for (let i = 0; i < ssz / 4; i++) fat[k * (ssz / 4) + i] = u32(at(s) + 4 * i);
  });
  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN; s = fat[s]) {
      if (s >= sectors || s >= fat.length || out.length > sectors) fail();
      out.push(s);
    }
    return out;
  };

  const cutoff = dv.getUint32(0x38, true);
  for (const s of chain(dv.getUint32(0x30, true))) {
    for (let e = at(s); e < at(s) + ssz; e += 128) {
      const len = dv.getUint16(e + 64, true);
      if (b[e + 66] !== 2 || len < 2 || len > 64) continue;
      let name = '';
      for (let i = 0; i < len / 2 - 1; i++) name += String.fromCharCode(dv.getUint16(e + 2 * i, true));
      if (name.toLowerCase() !== 'workbook') continue;
      const size = dv.getUint32(e + 120, true);
      if (size < cutoff) return null; // in the mini stream: a tiny file, SheetJS is quick enough
      const out = new Uint8Array(size);
      let o = 0;
      for (const sec of chain(dv.getUint32(e + 116, true))) {
        if (o >= size) break;
        const n = Math.min(ssz, size - o, b.length - at(sec));
        out.set(b.subarray(at(sec), at(sec) + n), o);
        o += n;
      }
      return o === size ? out : null;
    }
  }
  return null;
}

const utf16 = new TextDecoder('utf-16le');

/** Short texts (most cells) decode faster by hand than through TextDecoder. */
function utf16le(b: Uint8Array, from: number, to: number): string {
  if (to - from > 64) return utf16.decode(b.subarray(from, to));
  let s = '';
  for (let i = from; i + 1 < to; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
  return s;
}

/** 8-bit «compressed» characters are code points 0..255 (not windows-1252). */
function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  if (to - from <= 64) {
    for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  for (let i = from; i < to; i += 8192)
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return s;
}

/** A record payload split over CONTINUE records: strings may cross the boundaries. */
class Segments {
  k = 0;
  p: number;
  constructor(
    private b: Uint8Array,
    private parts: [number, number][],
  ) {
    this.p = parts.length ? parts[0][0] : 0;
  }
  private ensure(): void {
    while (this.p >= this.parts[this.k][1]) {
      if (++this.k >= this.parts.length) fail();
      this.p = this.parts[this.k][0];
    }
  }
  u8(): number {
    this.ensure();
    return this.b[this.p++];
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  skip(n: number): void {
    while (n > 0) {
      this.ensure();
      const d = Math.min(n, this.parts[this.k][1] - this.p);
      this.p += d;
      n -= d;
    }
  }
  /** `cch` characters; at a CONTINUE boundary a new flags byte says whether they are 8- or 16-bit. */
  chars(cch: number, high: boolean): string {
    let s = '';
    while (cch > 0) {
      if (this.p >= this.parts[this.k][1]) {
        if (++this.k >= this.parts.length) fail();
        this.p = this.parts[this.k][0];
        high = (this.b[this.p++] & 1) === 1;
      }
      const avail = Math.floor((this.parts[this.k][1] - this.p) / (high ? 2 : 1));
      const n = Math.min(cch, avail);
      if (n === 0) fail();
      const end = this.p + n * (high ? 2 : 1);
      s += high ? utf16le(this.b, this.p, end) : latin1(this.b, this.p, end);
      this.p = end;
      cch -= n;
    }
    return s;
  }
  /** XLUnicodeRichExtendedString (SST) or XLUnicodeString (LABEL, STRING). */
  string(rich: boolean): string {
    const cch = this.u16();
    const flags = this.u8();
    const runs = rich && flags & 8 ? this.u16() : 0;
    const ext = rich && flags & 4 ? this.u32() : 0;
    const s = this.chars(cch, (flags & 1) === 1);
    if (runs) this.skip(4 * runs);
    if (ext) this.skip(ext);
    return s;
  }
}

function rk(v: number): number {
  const x = v & 2 ? (v | 0) >> 2 : new Float64Array(new Uint32Array([0, v & 0xfffffffc]).buffer)[0];
  return v & 1 ? x / 100 : x;
}

const CONTINUE = 0x003c;

/** Cell values of every worksheet, or null when the file is not a plain BIFF8 workbook. */
export function readBiff8(bytes: Uint8Array): Biff8Sheet[] | null {
  try {
    const w = workbookStream(bytes);
    return w ? readStream(w) : null;
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return null;
    throw e;
  }
}

function readStream(b: Uint8Array): Biff8Sheet[] | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const type = (p: number) => dv.getUint16(p, true);
  const len = (p: number) => dv.getUint16(p + 2, true);
  /** The payload of the record at `p` and of its CONTINUE records. */
  const parts = (p: number): [number, number][] => {
    const out: [number, number][] = [[p + 4, p + 4 + len(p)]];
    for (let q = p + 4 + len(p); q + 4 <= b.length && type(q) === CONTINUE; q += 4 + len(q))
      out.push([q + 4, q + 4 + len(q)]);
    return out;
  };
  if (type(0) !== 0x0809 || dv.getUint16(4, true) !== 0x0600) return null;

  const sheets: { name: string; pos: number }[] = [];
  let sst: string[] = [];
  for (let p = 0; p + 4 <= b.length; p += 4 + len(p)) {
    const t = type(p);
    if (t === 0x000a) break; // EOF of the globals
    if (t === 0x002f) return null; // FILEPASS: encrypted
    if (t === 0x0085) {
      if (b[p + 4 + 5] !== 0) return null; // a chart or macro sheet: leave it to SheetJS
      const s = new Segments(b, [[p + 4 + 6, p + 4 + len(p)]]);
      const cch = s.u8();
      const high = (s.u8() & 1) === 1;
      sheets.push({ name: s.chars(cch, high), pos: dv.getUint32(p + 4, true) });
    } else if (t === 0x00fc) {
      const s = new Segments(b, parts(p));
      s.skip(4);
      const unique = s.u32();
      sst = new Array<string>(unique);
      for (let i = 0; i < unique; i++) sst[i] = s.string(true);
    }
  }
  return sheets.map(({ name, pos }) => ({ name, rows: readSheet(b, dv, pos, sst, parts) }));
}

function readSheet(
  b: Uint8Array,
  dv: DataView,
  start: number,
  sst: string[],
  parts: (p: number) => [number, number][],
): (unknown[] | undefined)[] {
  const rows: (unknown[] | undefined)[] = [];
  const put = (r: number, c: number, v: unknown) => ((rows[r] ??= [])[c] = v);
  if (dv.getUint16(start, true) !== 0x0809) fail();
  for (let p = start + 4 + dv.getUint16(start + 2, true); p + 4 <= b.length;) {
    const t = dv.getUint16(p, true);
    const n = dv.getUint16(p + 2, true);
    const d = p + 4;
    if (d + n > b.length) fail();
    switch (t) {
      case 0x000a: // EOF
        return rows;
      case 0x00fd: {
        // LABELSST
        const i = dv.getUint32(d + 6, true);
        if (i >= sst.length) fail();
        put(dv.getUint16(d, true), dv.getUint16(d + 2, true), sst[i]);
        break;
      }
      case 0x0203: // NUMBER
        put(dv.getUint16(d, true), dv.getUint16(d + 2, true), dv.getFloat64(d + 6, true));
        break;
      case 0x027e: // RK
        put(dv.getUint16(d, true), dv.getUint16(d + 2, true), rk(dv.getUint32(d + 6, true)));
        break;
      case 0x00bd: {
        // MULRK: row, first column, (ixfe, rk)…, last column
        const r = dv.getUint16(d, true);
        const first = dv.getUint16(d + 2, true);
        const count = (n - 6) / 6;
        for (let k = 0; k < count; k++) put(r, first + k, rk(dv.getUint32(d + 4 + 6 * k + 2, true)));
        break;
      }
      case 0x0204: {
        // LABEL: one record, no CONTINUE (the common case in exported protocols: read inline)
        const cch = dv.getUint16(d + 6, true);
        const high = (b[d + 8] & 1) === 1;
        const end = d + 9 + cch * (high ? 2 : 1);
        if (end > d + n) fail();
        put(
          dv.getUint16(d, true),
          dv.getUint16(d + 2, true),
          high ? utf16le(b, d + 9, end) : latin1(b, d + 9, end),
        );
        break;
      }
      case 0x0205: {
        // BOOLERR
        const v = b[d + 6];
        put(dv.getUint16(d, true), dv.getUint16(d + 2, true), b[d + 7] ? errorText(v) : v !== 0);
        break;
      }
      case 0x0006: {
        // FORMULA: the cached result
        const r = dv.getUint16(d, true);
        const c = dv.getUint16(d + 2, true);
        if (dv.getUint16(d + 12, true) !== 0xffff) put(r, c, dv.getFloat64(d + 6, true));
        else if (b[d + 6] === 1) put(r, c, b[d + 8] !== 0);
        else if (b[d + 6] === 2) put(r, c, errorText(b[d + 8]));
        else if (b[d + 6] === 0) {
          // A text result: the STRING record that follows (after an optional SHRFMLA/ARRAY/TABLE).
          let q = d + n;
          while (q + 4 <= b.length && [0x04bc, 0x0221, 0x0236].includes(dv.getUint16(q, true)))
            q += 4 + dv.getUint16(q + 2, true);
          if (dv.getUint16(q, true) !== 0x0207) fail();
          put(r, c, new Segments(b, parts(q)).string(false));
        } else if (b[d + 6] === 3) put(r, c, '');
        else fail();
        break;
      }
      // Value records of other BIFF versions or rich labels: not expected in BIFF8, leave to SheetJS.
      case 0x0002:
      case 0x0003:
      case 0x0004:
      case 0x0005:
      case 0x00d6:
      case 0x0406:
        fail();
    }
    p = d + n;
  }
  fail();
  return rows;
}
