// The backup header: a small JSON object readable without the passphrase (to show what a file holds
// and to ask for the passphrase only when needed). It is authenticated, never secret.
import { corruptBackup, newerVersion } from './errors.ts';

export const BACKUP_FORMAT = 'oko-backup/v1';
export const BACKUP_FORMAT_VERSION = 1;

/** Everything, or one procedure (`ВПР-2021-Математика-5`) with its imports. */
export type BackupScope = 'all' | { procedureKey: string };

export interface BackupEncryption {
  cipher: 'AES-GCM';
  keyBits: 256;
  kdf: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** Base64 of the 16-byte PBKDF2 salt. */
  salt: string;
  /** Base64 of the 12-byte AES-GCM nonce. */
  iv: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  /** ISO time the backup was made. */
  createdAt: string;
  /** package.json version of the app that wrote it (shown in messages only). */
  appVersion: string;
  /** IndexedDB schema version the rows have (src/db/schema.ts LATEST_VERSION at the time). */
  dbVersion: number;
  scope: BackupScope;
  /** Row count per table, checked after decoding. */
  tables: Record<string, number>;
  encrypted: boolean;
  /**
   * Whether pupil names (the future local roster) are inside. Names are excluded unless the user
   * ticks «включить ФИО» on export; today the DB holds no names, so it is always false.
   */
  includesNames: boolean;
  compression: 'gzip' | 'none';
  /** Length of the encoded rows before compression and encryption (bounds decompression). */
  bodyBytes: number;
  /** Length of the payload that follows the header (after compression and encryption). */
  payloadBytes: number;
  encryption?: BackupEncryption;
}

const MAX_BODY_BYTES = 2 ** 31;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Check the parsed header JSON. The format version is checked first: a newer format may have any
 * other shape, and the user must hear "update the app", not "damaged".
 */
export function parseHeader(json: unknown): BackupHeader {
  if (!isRecord(json) || typeof json.format !== 'string') throw corruptBackup('заголовок не читается');
  const m = /^oko-backup\/v(\d+)$/.exec(json.format);
  if (!m) throw corruptBackup(`неизвестный формат «${json.format.slice(0, 40)}»`);
  if (Number(m[1]) > BACKUP_FORMAT_VERSION) throw newerVersion(json.appVersion, `формат ${json.format}`);
  if (Number(m[1]) !== BACKUP_FORMAT_VERSION) throw corruptBackup(`неизвестный формат «${json.format}»`);

  const bad = (field: string): never => {
    throw corruptBackup(`поле заголовка ${field}`);
  };
  const h = json;
  if (typeof h.createdAt !== 'string' || Number.isNaN(Date.parse(h.createdAt))) bad('createdAt');
  if (typeof h.appVersion !== 'string') bad('appVersion');
  if (!Number.isSafeInteger(h.dbVersion) || (h.dbVersion as number) < 1) bad('dbVersion');
  const scope = h.scope;
  if (scope !== 'all' && !(isRecord(scope) && typeof scope.procedureKey === 'string' && scope.procedureKey)) {
    bad('scope');
  }
  if (!isRecord(h.tables) || !Object.values(h.tables).every(isCount)) bad('tables');
  if (typeof h.encrypted !== 'boolean') bad('encrypted');
  if (typeof h.includesNames !== 'boolean') bad('includesNames');
  if (h.compression !== 'gzip' && h.compression !== 'none') bad('compression');
  if (!isCount(h.bodyBytes) || h.bodyBytes > MAX_BODY_BYTES) bad('bodyBytes');
  if (!isCount(h.payloadBytes)) bad('payloadBytes');
  if (h.encrypted) parseEncryption(h.encryption);
  else if (h.encryption !== undefined) bad('encryption');
  return h as unknown as BackupHeader;
}

function parseEncryption(e: unknown): void {
  const ok =
    isRecord(e) &&
    e.cipher === 'AES-GCM' &&
    e.keyBits === 256 &&
    e.kdf === 'PBKDF2' &&
    e.hash === 'SHA-256' &&
    Number.isSafeInteger(e.iterations) &&
    typeof e.salt === 'string' &&
    typeof e.iv === 'string';
  if (!ok) throw corruptBackup('параметры шифрования');
}

/** Human summary for the restore dialog: `все данные` or the procedure key. */
export function describeScope(scope: BackupScope): string {
  return scope === 'all' ? 'все данные' : `процедура «${scope.procedureKey}»`;
}
