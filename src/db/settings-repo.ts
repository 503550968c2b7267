// Small key-value store for app settings (table added in schema v2).
import type { OkoDb } from './database.ts';

/** Known settings and their types; add keys here. */
export interface AppSettings {
  /** ISO time of the last backup export (drives the "make a backup" reminder). */
  lastBackupAt: string;
  /** Days between backup reminders (7, 14 or 30; the screen «Сохранность» sets it). */
  backupIntervalDays: number;
  /** Result of navigator.storage.persist() and when it was asked. */
  storagePersisted: boolean;
  persistRequestedAt: string;
  /** Procedure shown last, reopened on start. */
  lastProcedureKey: string;
}

export async function getSetting<K extends keyof AppSettings>(
  db: OkoDb,
  key: K,
): Promise<AppSettings[K] | undefined> {
  const row = await db.settings.get(key);
  return row?.value as AppSettings[K] | undefined;
}

export async function setSetting<K extends keyof AppSettings>(
  db: OkoDb,
  key: K,
  value: AppSettings[K],
): Promise<void> {
  await db.settings.put({ key, value });
}

export async function deleteSetting(db: OkoDb, key: keyof AppSettings): Promise<void> {
  await db.settings.delete(key);
}
