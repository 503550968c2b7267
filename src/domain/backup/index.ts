// Public API of the backup format (pure: no DOM, no DB). The DB side is src/db/backup.ts.
export { readBackupFile, readBackupHeader, writeBackupFile } from './backup-file.ts';
export type { ReadBackupOptions, WriteBackupOptions } from './backup-file.ts';
export { PBKDF2_ITERATIONS } from './crypto.ts';
export { BackupError, corruptBackup, type BackupErrorCode } from './errors.ts';
export {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  describeScope,
  type BackupEncryption,
  type BackupHeader,
  type BackupScope,
} from './header.ts';
export { backupIsDue } from './reminder.ts';
export type { BackupTables } from './rows-codec.ts';
export { BACKUP_EXTENSION, backupFileName } from './file-name.ts';
