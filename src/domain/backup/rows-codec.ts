// Encoding of table rows: JSON for the structure, one binary section for every typed array.
//
//   body = uint32 LE J | J bytes of UTF-8 JSON | zero padding to a multiple of 8 | binary section
//
// The JSON is `{ "<table>": [row, …], … }`; each typed array in a row is replaced by
// `{"$ta": "<constructor name>", "o": <byte offset in the binary section>, "n": <element count>}`.
// Arrays start at multiples of 8 and hold the elements little-endian, so decoding is one memcpy each
// (no base64: 26k pupils encode and decode in a few tens of milliseconds).
import { LITTLE_ENDIAN } from './bytes.ts';
import { BackupError, corruptBackup } from './errors.ts';

export type BackupTables = Record<string, unknown[]>;

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

interface TypedCtor {
  new (buffer: ArrayBuffer): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
}

const TYPED: Record<string, TypedCtor> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};

const ALIGN = 8;
const REF = '$ta';
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

function invalid(what: string): BackupError {
  return new BackupError(`Эти данные нельзя сохранить в резервную копию: ${what}.`, 'invalid');
}

function checkPlatform(): void {
  if (!LITTLE_ENDIAN)
    throw new BackupError('Резервные копии не поддерживаются на этой платформе.', 'unsupported');
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function encodeTables(tables: BackupTables): Uint8Array {
  checkPlatform();
  const arrays: TypedArray[] = [];
  let blobBytes = 0;

  const toJson = (v: unknown): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        // JSON would turn NaN/Infinity into null silently: refuse rather than alter a row.
        if (!Number.isFinite(v)) throw invalid(`число ${v}`);
        return v;
      case 'object': {
        if (v === null) return v;
        if (ArrayBuffer.isView(v)) {
          // The tag, not `instanceof`: also right for arrays from another realm (a worker, a test VM).
          const name = (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? 'DataView';
          if (!Object.hasOwn(TYPED, name)) throw invalid(`тип ${name}`);
          const ta = v as TypedArray;
          const ref = { [REF]: name, o: blobBytes, n: ta.length };
          arrays.push(ta);
          blobBytes = align(blobBytes + ta.byteLength);
          return ref;
        }
        if (Array.isArray(v)) {
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) {
            if (v[i] === undefined) throw invalid('пропуск в массиве');
            out[i] = toJson(v[i]);
          }
          return out;
        }
        if (!isPlainObject(v)) throw invalid(`объект ${v.constructor?.name ?? '?'}`);
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          if (k === REF || k === '__proto__') throw invalid(`поле ${k}`);
          // Absent and undefined fields are the same to the app (IndexedDB keys must be absent, not undefined).
          if (x !== undefined) out[k] = toJson(x);
        }
        return out;
      }
      default:
        throw invalid(`значение типа ${typeof v}`);
    }
  };

  const tree: Record<string, unknown[]> = {};
  for (const [name, rows] of Object.entries(tables)) tree[name] = rows.map(toJson);
  const json = new TextEncoder().encode(JSON.stringify(tree));

  const blobStart = align(4 + json.length);
  const out = new Uint8Array(blobStart + blobBytes);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let off = blobStart;
  for (const ta of arrays) {
    out.set(new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength), off);
    off += align(ta.byteLength);
  }
  return out;
}

export function decodeTables(body: Uint8Array): BackupTables {
  checkPlatform();
  if (body.length < 4) throw corruptBackup('нет данных');
  const jsonLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (4 + jsonLength > body.length) throw corruptBackup('данные обрезаны');
  let tree: unknown;
  try {
    tree = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(4, 4 + jsonLength)));
  } catch (e) {
    throw corruptBackup('данные не читаются', e);
  }
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) throw corruptBackup('нет таблиц');
  const blob = body.subarray(align(4 + jsonLength));

  const typed = (ref: Record<string, unknown>): TypedArray => {
    const name = ref[REF];
    const ctor = typeof name === 'string' && Object.hasOwn(TYPED, name) ? TYPED[name] : undefined;
    const { o, n } = ref;
    if (
      !ctor ||
      !Number.isSafeInteger(o) ||
      !Number.isSafeInteger(n) ||
      (o as number) < 0 ||
      (n as number) < 0
    ) {
      throw corruptBackup('описание массива');
    }
    const start = o as number;
    const end = start + (n as number) * ctor.BYTES_PER_ELEMENT;
    if (start % ALIGN !== 0 || end > blob.length) throw corruptBackup('массив за пределами данных');
    // A copy with its own buffer: IndexedDB would otherwise store the whole body with every view.
    return new ctor(blob.slice(start, end).buffer);
  };

  // JSON.parse output is ours: revive typed arrays in place.
  const revive = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (typeof v[i] === 'object') v[i] = revive(v[i]);
      return v;
    }
    const obj = v as Record<string, unknown>;
    if (REF in obj) return typed(obj);
    for (const k of Object.keys(obj)) if (typeof obj[k] === 'object') obj[k] = revive(obj[k]);
    return obj;
  };

  const tables: BackupTables = {};
  for (const [name, rows] of Object.entries(tree)) {
    if (!Array.isArray(rows)) throw corruptBackup(`таблица ${name}`);
    tables[name] = revive(rows) as unknown[];
  }
  return tables;
}
