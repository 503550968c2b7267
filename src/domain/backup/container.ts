// The file frame around the header and the payload. Layout (integers little-endian):
//
//   offset   size  what
//   0        8     magic 89 4F 4B 4F 42 41 4B 0A ("\x89OKOBAK\n": a binary marker, then the name)
//   8        4     header length H (uint32)
//   12       H     header: UTF-8 JSON, see header.ts
//   12+H     P     payload, P = header.payloadBytes (rows, maybe gzip, maybe AES-GCM)
//   12+H+P   32    SHA-256 of all bytes before it
//
// The magic, the length field and the header's `format` never change between versions, so that any
// future file is recognised and a newer one is reported as such. The checksum tells damage (a bad copy,
// a truncated download) from a wrong passphrase; deliberate edits are caught by AES-GCM (header as AAD).
import { sha256 } from './bytes.ts';
import { corruptBackup, notABackup } from './errors.ts';

export const MAGIC = Uint8Array.of(0x89, 0x4f, 0x4b, 0x4f, 0x42, 0x41, 0x4b, 0x0a);
const PREFIX_FIXED = MAGIC.length + 4;
const CHECKSUM_BYTES = 32;
/** A header is a few hundred bytes; a huge length means a damaged or foreign file. */
const MAX_HEADER_BYTES = 1 << 20;

/** Magic + length + header: also the AES-GCM additional data, so the header cannot be altered. */
export function encodePrefix(header: object): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX_FIXED + json.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, PREFIX_FIXED);
  return out;
}

export async function finishFile(prefix: Uint8Array, payload: Uint8Array): Promise<Uint8Array> {
  const end = prefix.length + payload.length;
  const out = new Uint8Array(end + CHECKSUM_BYTES);
  out.set(prefix, 0);
  out.set(payload, prefix.length);
  out.set(await sha256(out.subarray(0, end)), end);
  return out;
}

export interface Prefix {
  /** The parsed, not yet validated header JSON. */
  header: unknown;
  /** The exact prefix bytes (the AAD). */
  prefix: Uint8Array;
}

export function readPrefix(bytes: Uint8Array): Prefix {
  const head = bytes.subarray(0, MAGIC.length);
  // A file cut inside the magic is still recognisably ours (a broken download); an empty one is not.
  if (bytes.length === 0 || head.some((b, i) => b !== MAGIC[i])) throw notABackup();
  if (bytes.length < PREFIX_FIXED) throw corruptBackup('файл обрезан');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (len > MAX_HEADER_BYTES) throw corruptBackup('недопустимая длина заголовка');
  if (bytes.length < PREFIX_FIXED + len) throw corruptBackup('файл обрезан');
  const prefix = bytes.subarray(0, PREFIX_FIXED + len);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(prefix.subarray(PREFIX_FIXED)));
  } catch (e) {
    throw corruptBackup('заголовок не читается', e);
  }
  return { header, prefix };
}

/** The payload, after checking the file length and the checksum. */
export async function readPayload(
  bytes: Uint8Array,
  prefixLength: number,
  payloadBytes: number,
): Promise<Uint8Array> {
  const expected = prefixLength + payloadBytes + CHECKSUM_BYTES;
  if (bytes.length < expected) {
    throw corruptBackup(`файл обрезан (${bytes.length} байт из ${expected})`);
  }
  if (bytes.length > expected)
    throw corruptBackup(`лишние данные в конце файла (${bytes.length - expected} байт)`);
  const end = expected - CHECKSUM_BYTES;
  const sum = await sha256(bytes.subarray(0, end));
  const stored = bytes.subarray(end);
  if (sum.some((b, i) => b !== stored[i])) throw corruptBackup('контрольная сумма не совпадает');
  return bytes.subarray(prefixLength, end);
}
