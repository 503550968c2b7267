// Typed backup errors with Russian messages the UI shows as is.
// `name` is set explicitly: Comlink forwards only name/message/stack across the worker boundary.

export type BackupErrorCode =
  | 'not-backup' // not an OKO backup at all (another file was chosen)
  | 'corrupt' // damaged, truncated or inconsistent
  | 'newer-version' // written by a newer app: this one cannot read it safely
  | 'wrong-passphrase' // authentication failed: wrong passphrase or a deliberately edited file
  | 'passphrase-required'
  | 'unsupported' // the browser lacks WebCrypto / DecompressionStream
  | 'invalid'; // the data to back up cannot be encoded (a programming error, not user data)

export class BackupError extends Error {
  constructor(
    message: string,
    readonly code: BackupErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}

export function corruptBackup(detail: string, cause?: unknown): BackupError {
  return new BackupError(`Файл резервной копии повреждён: ${detail}.`, 'corrupt', { cause });
}

export function notABackup(): BackupError {
  return new BackupError('Это не резервная копия ОКО-Аналитики.', 'not-backup');
}

export function newerVersion(appVersion: unknown, what: string): BackupError {
  const app = typeof appVersion === 'string' && appVersion ? ` (${appVersion})` : '';
  return new BackupError(
    `Копия сделана более новой версией приложения${app}: ${what}. ` +
      'Обновите приложение и повторите восстановление.',
    'newer-version',
  );
}
