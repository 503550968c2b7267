// Passphrase encryption: AES-GCM 256 with a key from PBKDF2-SHA-256 (WebCrypto, browsers and Node ≥ 20).
// The whole file prefix (magic, length, header) is the GCM additional data: the tag then covers
// the header too, so nobody can change the scope, the counts or the KDF parameters unnoticed.
import { fromBase64, plain, subtle, toBase64 } from './bytes.ts';
import { BackupError, corruptBackup } from './errors.ts';
import type { BackupEncryption } from './header.ts';

/** OWASP 2023 recommendation for PBKDF2-HMAC-SHA-256; ≈ 0.5 s on a laptop, a few seconds on a weak tablet. */
export const PBKDF2_ITERATIONS = 600_000;
/** Bounds accepted on restore: fewer would be a downgrade, more a way to hang the tab. */
const MIN_ITERATIONS = 600_000;
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export function newEncryption(): BackupEncryption {
  const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));
  return {
    cipher: 'AES-GCM',
    keyBits: 256,
    kdf: 'PBKDF2',
    hash: 'SHA-256',
    iterations: PBKDF2_ITERATIONS,
    salt: toBase64(random(SALT_BYTES)),
    iv: toBase64(random(IV_BYTES)),
  };
}

function params(enc: BackupEncryption): { salt: Uint8Array; iv: Uint8Array } {
  const salt = fromBase64(enc.salt);
  const iv = fromBase64(enc.iv);
  if (!salt || salt.length !== SALT_BYTES || !iv || iv.length !== IV_BYTES) {
    throw corruptBackup('параметры шифрования');
  }
  if (enc.iterations < MIN_ITERATIONS || enc.iterations > MAX_ITERATIONS) {
    throw corruptBackup(`недопустимое число итераций PBKDF2 (${enc.iterations})`);
  }
  return { salt, iv };
}

async function deriveKey(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
  use: KeyUsage,
): Promise<CryptoKey> {
  // NFC: the same Cyrillic passphrase typed on another OS may arrive decomposed (й = и + ◌̆).
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const base = await subtle().importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: plain(salt), iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    [use],
  );
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length === 0) throw new BackupError('Пароль не может быть пустым.', 'invalid');
}

export async function encrypt(
  plaintext: Uint8Array,
  passphrase: string,
  enc: BackupEncryption,
  aad: Uint8Array,
): Promise<Uint8Array> {
  checkPassphrase(passphrase);
  const { salt, iv } = params(enc);
  const key = await deriveKey(passphrase, salt, enc.iterations, 'encrypt');
  const out = await subtle().encrypt(
    { name: 'AES-GCM', iv: plain(iv), additionalData: plain(aad), tagLength: GCM_TAG_BYTES * 8 },
    key,
    plain(plaintext),
  );
  return new Uint8Array(out);
}

/** Parameters are checked before the slow key derivation, so a damaged header fails fast. */
export function checkEncryption(enc: BackupEncryption): void {
  params(enc);
}

export async function decrypt(
  ciphertext: Uint8Array,
  passphrase: string,
  enc: BackupEncryption,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const { salt, iv } = params(enc);
  const key = await deriveKey(passphrase, salt, enc.iterations, 'decrypt');
  try {
    const out = await subtle().decrypt(
      { name: 'AES-GCM', iv: plain(iv), additionalData: plain(aad), tagLength: GCM_TAG_BYTES * 8 },
      key,
      plain(ciphertext),
    );
    return new Uint8Array(out);
  } catch (e) {
    // GCM cannot tell a wrong key from altered bytes; the checksum has already excluded plain damage.
    throw new BackupError('Неверный пароль или файл повреждён.', 'wrong-passphrase', { cause: e });
  }
}
