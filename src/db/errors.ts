// Typed storage errors with Russian messages the UI can show as is.
// `name` is set explicitly: Comlink forwards only name/message/stack across the worker boundary.

export type DbErrorCode =
  'invalid' | 'conflict' | 'task-mismatch' | 'quota' | 'corrupt' | 'not-found' | 'version';

export class DbError extends Error {
  constructor(
    message: string,
    readonly code: DbErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DbError';
  }
}

/** The procedure already holds pupils of this school from another file. Nothing was written. */
export class ImportConflictError extends DbError {
  constructor(
    readonly procedureKey: string,
    readonly school: string,
    readonly earlierImportId: number,
    readonly earlierFile: string,
    /** An extra sentence before «Ничего не сохранено» (ГИА: what to do with a reserve day). */
    hint = '',
  ) {
    super(
      `Школа ${school} уже загружена в процедуру «${procedureKey}» из файла «${earlierFile}». ` +
        'Чтобы заменить данные, сначала удалите прежний импорт, затем загрузите файл снова. ' +
        `${hint ? `${hint} ` : ''}Ничего не сохранено.`,
      'conflict',
    );
    this.name = 'ImportConflictError';
  }
}

export class StorageQuotaError extends DbError {
  constructor(cause: unknown) {
    super(
      'Недостаточно места в хранилище браузера: импорт отменён, ничего не сохранено. ' +
        'Освободите место (удалите ненужные процедуры или данные других сайтов) и повторите импорт.',
      'quota',
      { cause },
    );
    this.name = 'StorageQuotaError';
  }
}

/** A stored row does not have the expected shape: better to stop here than deep in the statistics. */
export class CorruptDataError extends DbError {
  constructor(where: string, problem: string) {
    super(
      `Данные в хранилище повреждены (${where}): ${problem}. Удалите процедуру и загрузите файл заново.`,
      'corrupt',
    );
    this.name = 'CorruptDataError';
  }
}

interface ErrorLike {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
}

/** QuotaExceededError, also when Dexie wraps it (AbortError.inner) or it sits in `cause`. */
export function isQuotaError(e: unknown): boolean {
  for (let depth = 0, cur = e; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const err = cur as ErrorLike;
    if (err.name === 'QuotaExceededError') return true;
    cur = err.inner ?? err.cause;
  }
  return false;
}

/** Translate low-level storage failures into typed errors; DbErrors pass through. */
export function toDbError(e: unknown): unknown {
  if (e instanceof DbError) return e;
  if (isQuotaError(e)) return new StorageQuotaError(e);
  if (e && typeof e === 'object' && (e as ErrorLike).name === 'VersionError') {
    return new DbError(
      'База данных создана более новой версией приложения. Закройте эту вкладку и откройте приложение заново.',
      'version',
      { cause: e },
    );
  }
  return e;
}
