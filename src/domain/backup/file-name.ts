// The name offered when saving a backup: sortable by date, tells whole-DB copies from one procedure.
import type { BackupScope } from './header.ts';

export const BACKUP_EXTENSION = '.okobackup';

export function backupFileName(createdAt: string, scope: BackupScope): string {
  // Local-time-free and colon-free: `2026-11-23T12-34`.
  const stamp = createdAt.slice(0, 16).replace(':', '-');
  const what = scope === 'all' ? 'все-данные' : scope.procedureKey.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `oko-backup-${what}-${stamp}${BACKUP_EXTENSION}`;
}
