// Writing and reading a whole backup file: rows → body → gzip → AES-GCM → frame, and back.
// The order of the checks on reading matters: "not a backup" and "newer version" before anything
// that depends on the version, damage before the (slow) passphrase check, counts after decoding.
import { canCompress, gunzip, gzip } from './compression.ts';
import { encodePrefix, finishFile, readPayload, readPrefix } from './container.ts';
import {
  GCM_TAG_BYTES,
  checkEncryption,
  checkPassphrase,
  decrypt,
  encrypt,
  newEncryption,
} from './crypto.ts';
import { BackupError, corruptBackup, newerVersion } from './errors.ts';
import { BACKUP_FORMAT, parseHeader, type BackupHeader, type BackupScope } from './header.ts';
import { decodeTables, encodeTables, type BackupTables } from './rows-codec.ts';

export interface WriteBackupOptions {
  appVersion: string;
  dbVersion: number;
  scope: BackupScope;
  /** ISO time; the caller records the same value as `lastBackupAt`. */
  createdAt: string;
  includesNames: boolean;
  /** Encrypt when given (non-empty). */
  passphrase?: string;
  /** gzip when the platform can (default true). */
  compress?: boolean;
}

export async function writeBackupFile(tables: BackupTables, opts: WriteBackupOptions): Promise<Uint8Array> {
  const encrypted = opts.passphrase !== undefined;
  if (encrypted) checkPassphrase(opts.passphrase!);
  const body = encodeTables(tables);
  const compress = (opts.compress ?? true) && canCompress();
  const packed = compress ? await gzip(body) : body;
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    createdAt: opts.createdAt,
    appVersion: opts.appVersion,
    dbVersion: opts.dbVersion,
    scope: opts.scope,
    tables: Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.length])),
    encrypted,
    includesNames: opts.includesNames,
    compression: compress ? 'gzip' : 'none',
    bodyBytes: body.length,
    // GCM appends its tag; the length must be known now because the header is authenticated.
    payloadBytes: packed.length + (encrypted ? GCM_TAG_BYTES : 0),
  };
  if (encrypted) header.encryption = newEncryption();
  const prefix = encodePrefix(header);
  const payload = encrypted ? await encrypt(packed, opts.passphrase!, header.encryption!, prefix) : packed;
  return finishFile(prefix, payload);
}

export interface ReadBackupOptions {
  passphrase?: string;
  /** The newest DB schema version this app can write: rows of a newer one are refused. */
  maxDbVersion: number;
}

/** Header only (no passphrase needed): for the restore dialog, before asking for a passphrase. */
export function readBackupHeader(bytes: Uint8Array, maxDbVersion: number): BackupHeader {
  return checkedHeader(readPrefix(bytes).header, maxDbVersion);
}

function checkedHeader(json: unknown, maxDbVersion: number): BackupHeader {
  const header = parseHeader(json);
  if (header.dbVersion > maxDbVersion) {
    throw newerVersion(header.appVersion, `версия базы данных ${header.dbVersion}`);
  }
  return header;
}

export async function readBackupFile(
  bytes: Uint8Array,
  opts: ReadBackupOptions,
): Promise<{ header: BackupHeader; tables: BackupTables }> {
  const { header: json, prefix } = readPrefix(bytes);
  const header = checkedHeader(json, opts.maxDbVersion);
  let payload = await readPayload(bytes, prefix.length, header.payloadBytes);
  if (header.encrypted) {
    checkEncryption(header.encryption!);
    if (!opts.passphrase) {
      throw new BackupError('Копия защищена паролем: введите пароль.', 'passphrase-required');
    }
    payload = await decrypt(payload, opts.passphrase, header.encryption!, prefix);
  }
  const body = header.compression === 'gzip' ? await gunzip(payload, header.bodyBytes) : payload;
  if (body.length !== header.bodyBytes) throw corruptBackup('данные не той длины');
  const tables = decodeTables(body);
  const names = new Set([...Object.keys(tables), ...Object.keys(header.tables)]);
  for (const name of names) {
    if (tables[name]?.length !== header.tables[name]) throw corruptBackup(`число записей в таблице ${name}`);
  }
  return { header, tables };
}
