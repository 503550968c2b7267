// The backup worker's API, free of the worker itself: Node tests call it directly (or over a
// MessageChannel), backup.worker.ts exposes it. PBKDF2 (600 000 iterations), gzip and the IndexedDB
// reads and writes all run here, so the page stays responsive on a weak tablet.
// Files travel as transferred ArrayBuffers (Comlink `transfer`): a backup can be tens of megabytes.
import type { ProgressFn } from '../src/domain/model';
import { BackupError, backupFileName, type BackupHeader, type BackupScope } from '../src/domain/backup';
import type { RestoreResult } from '../src/db/backup';
import { lockedWrite } from '../src/db/db-sync';
import { DbError } from '../src/db/errors';
import { throttleProgress } from './progress';
import { failureOf, guard, STORAGE_CLOSED, transferred, type Failure } from './outcome';

/** What the backup worker needs from the DB layer (wired in ./backup.worker.ts). */
export interface BackupDeps {
  exportBackup(opts: {
    scope: BackupScope;
    passphrase?: string;
    includeNames?: boolean;
    onProgress?: ProgressFn;
  }): Promise<Uint8Array>;
  inspectBackup(bytes: Uint8Array): BackupHeader;
  restoreBackup(
    bytes: Uint8Array,
    opts: { passphrase?: string; mode: 'replace' | 'merge'; onProgress?: ProgressFn },
  ): Promise<RestoreResult>;
}

export type { Outcome } from './outcome';

/** A made backup: its bytes (transferred to the page), the file name and what it holds. */
export interface MadeBackup {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
  header: BackupHeader;
  elapsedMs: number;
}

export interface Restored {
  result: RestoreResult;
  elapsedMs: number;
}

export interface ExportRequest {
  scope: BackupScope;
  /** Empty or absent: not encrypted. */
  passphrase?: string;
  /** The local class lists (pupil names) go into the file only when the user ticked it. */
  includeNames?: boolean;
}

export interface RestoreRequest {
  passphrase?: string;
  mode: 'replace' | 'merge';
}

/** The screen needs the code: a wrong passphrase focuses the passphrase field, quota explains what to free. */
export function toBackupFailure(e: unknown): Failure {
  // Both already carry a Russian message meant for the user (quota included).
  if (e instanceof BackupError) return { kind: 'backup', code: e.code, message: e.message };
  if (e instanceof DbError) return failureOf(e, '');
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'DatabaseClosedError') return { kind: 'storage', message: STORAGE_CLOSED };
  if (err.name === 'QuotaExceededError' || /quota/i.test(err.message)) {
    return {
      kind: 'storage',
      code: 'quota',
      message:
        'Недостаточно места в хранилище браузера: данные не изменены. Удалите ненужные процедуры и повторите.',
    };
  }
  return failureOf(e, 'Непредвиденная ошибка');
}

/** The whole buffer of a view, so that it can be transferred without leaving a copy behind. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

const passphraseOf = (p: string | undefined) => (p ? { passphrase: p } : {});

export function createBackupApi(deps: BackupDeps) {
  const handlers = {
    /** Make a backup file; its bytes are transferred to the page, which saves them as a download. */
    async exportBackup(req: ExportRequest, onProgress?: ProgressFn): Promise<MadeBackup> {
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      try {
        const bytes = ownBuffer(
          await deps.exportBackup({
            scope: req.scope,
            ...passphraseOf(req.passphrase),
            ...(req.includeNames === true && { includeNames: true }),
            onProgress: progress.report,
          }),
        );
        const header = deps.inspectBackup(bytes);
        const made: MadeBackup = {
          bytes,
          // The local clock's time in the name (the header keeps the UTC instant).
          fileName: backupFileName(
            header.createdAt,
            header.scope,
            -new Date(header.createdAt).getTimezoneOffset(),
          ),
          header,
          elapsedMs: Date.now() - started,
        };
        return transferred(made, [bytes.buffer]);
      } finally {
        progress.done();
      }
    },

    /** What a file holds (no passphrase needed). The bytes are dropped afterwards. */
    async inspect(bytes: Uint8Array): Promise<BackupHeader> {
      return deps.inspectBackup(bytes);
    },

    /** Restore a file into IndexedDB. On failure (wrong passphrase, damage, quota) nothing is changed. */
    async restore(bytes: Uint8Array, req: RestoreRequest, onProgress?: ProgressFn): Promise<Restored> {
      const progress = throttleProgress(onProgress);
      const started = Date.now();
      try {
        // One writer at a time across tabs; the other tabs re-read their lists afterwards.
        const result = await lockedWrite(() =>
          deps.restoreBackup(bytes, {
            mode: req.mode,
            ...passphraseOf(req.passphrase),
            onProgress: progress.report,
          }),
        );
        return { result, elapsedMs: Date.now() - started };
      } finally {
        progress.done();
      }
    },
  };
  return guard(handlers, toBackupFailure);
}

export type BackupApi = ReturnType<typeof createBackupApi>;
