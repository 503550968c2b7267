// The name offered when saving a backup: says what it is in Russian, tells whole-DB copies from one
// procedure, and carries the date as people write it: `ОКО-копия-все-данные-23.11.2026-15-55.okobackup`.
import type { BackupScope } from './header.ts';

export const BACKUP_EXTENSION = '.okobackup';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `createdAt` is the header's ISO instant; `offsetMinutes` is the local time's offset from UTC
 * (+180 for Moscow: the caller passes `-new Date(createdAt).getTimezoneOffset()`), so that the
 * time in the name is the time on the user's clock. Colon-free: Windows refuses «:».
 */
export function backupFileName(createdAt: string, scope: BackupScope, offsetMinutes = 0): string {
  const t = new Date(Date.parse(createdAt) + offsetMinutes * 60_000);
  const stamp = Number.isNaN(t.getTime())
    ? createdAt.slice(0, 16).replace(/[^0-9T-]+/g, '-')
    : `${two(t.getUTCDate())}.${two(t.getUTCMonth() + 1)}.${t.getUTCFullYear()}-${two(t.getUTCHours())}-${two(t.getUTCMinutes())}`;
  const what = scope === 'all' ? 'все-данные' : scope.procedureKey.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `ОКО-копия-${what}-${stamp}${BACKUP_EXTENSION}`;
}
