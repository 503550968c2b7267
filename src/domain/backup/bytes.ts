// Byte helpers shared by the container, the codec and the crypto.
import { BackupError } from './errors.ts';

/**
 * TS ≥ 5.7 types WebCrypto/Blob inputs as backed by a plain ArrayBuffer; our arrays always are
 * (never a SharedArrayBuffer), so the cast is safe.
 */
export function plain(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.byteLength;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Returns null for text that is not base64 (a damaged header). */
export function fromBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** WebCrypto exists only in secure contexts (https, localhost): say so instead of a TypeError. */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) {
    throw new BackupError(
      'Браузер не предоставляет средства шифрования (WebCrypto): откройте приложение по адресу https://.',
      'unsupported',
    );
  }
  return s;
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', plain(bytes)));
}

/** Typed arrays are stored in the platform's byte order; every browser and Node target is little-endian. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
