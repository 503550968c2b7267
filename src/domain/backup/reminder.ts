// When to remind the user to make a backup: the data lives only in this browser.

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * True when no backup was made yet, the last one is `intervalDays` or more old, or its date is more
 * than a day in the future (the clock was changed: better one reminder too many than none for years).
 */
export function backupIsDue(
  lastBackupAt: string | undefined,
  intervalDays: number,
  now: Date = new Date(),
): boolean {
  if (!lastBackupAt) return true;
  const last = Date.parse(lastBackupAt);
  if (Number.isNaN(last)) return true;
  const elapsed = now.getTime() - last;
  return elapsed >= intervalDays * DAY_MS || elapsed < -DAY_MS;
}
