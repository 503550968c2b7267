// A JSON document as a sequence of text pieces, byte for byte what `JSON.stringify(value, null,
// indent)` returns, but never as one string: a region's report (60 000 units, ~0.5 GB of text) is
// over V8's string limit («Invalid string length»). Large arrays and the top levels are walked
// here; every smaller value (one unit, one warning) goes through JSON.stringify itself, so the
// escaping, number formatting, toJSON and undefined rules stay exactly the built-in ones.

/**
 * Objects above this depth and arrays one level deeper (or longer than WALK_ARRAY_OVER) are walked
 * piece by piece: report → procedures[] → procedure → units[] is walked, a unit is one piece.
 */
const WALK_ARRAY_OVER = 64;
const WALK_OBJECT_DEPTH = 3;
/** Pieces are joined up to about this many characters before they are yielded. */
const CHUNK_CHARS = 1 << 20;

/** Pieces of `JSON.stringify(value, null, indent)` (`indent` spaces, 0 = compact). */
export function* jsonChunks(value: unknown, indent = 1): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces(value, indent, 0)) {
    parts.push(piece);
    size += piece.length;
    if (size >= CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** Whether JSON.stringify drops the property (object) or writes null (array) for this value. */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function* pieces(value: unknown, indent: number, depth: number): Generator<string> {
  const v =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  const walk =
    v !== null &&
    typeof v === 'object' &&
    (Array.isArray(v) ? v.length > WALK_ARRAY_OVER || depth <= WALK_OBJECT_DEPTH : depth < WALK_OBJECT_DEPTH);
  if (!walk) {
    yield nested(v, indent, depth);
    return;
  }
  const inner = indent > 0 ? '\n' + ' '.repeat(indent * (depth + 1)) : '';
  const outer = indent > 0 ? '\n' + ' '.repeat(indent * depth) : '';
  if (Array.isArray(v)) {
    if (v.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield i === 0 ? inner : ',' + inner;
      if (omitted(v[i])) yield 'null';
      else yield* pieces(v[i], indent, depth + 1);
    }
    yield outer + ']';
    return;
  }
  const obj = v as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    if (omitted(item)) continue;
    yield (first ? '{' : ',') + inner + JSON.stringify(key) + (indent > 0 ? ': ' : ':');
    first = false;
    yield* pieces(item, indent, depth + 1);
  }
  yield first ? '{}' : outer + '}';
}

/** JSON.stringify of a value that sits `depth` levels deep: its inner lines get that indent too. */
function nested(v: unknown, indent: number, depth: number): string {
  const text = JSON.stringify(v, null, indent) ?? 'null';
  // Strings in JSON text never hold a raw line break, so every \n is a layout one.
  return indent > 0 && depth > 0 ? text.replaceAll('\n', '\n' + ' '.repeat(indent * depth)) : text;
}
