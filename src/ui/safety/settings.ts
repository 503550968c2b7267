// Page-side reads and writes of the few settings this screen owns. A connection of its own, opened
// lazily: like db.client's, it closes when another tab upgrades the schema (db.client shows the notice).
import { appSettingKeys, getSetting, setSetting, type AppSettings } from '../../db';
import { lazyConnection } from '../lib/lazy-db';

const database = lazyConnection();

export type SafetySettings = Partial<
  Pick<AppSettings, 'lastBackupAt' | 'backupIntervalDays' | 'storagePersisted' | 'persistRequestedAt'>
>;

export async function readSafetySettings(): Promise<SafetySettings> {
  const d = await database();
  const [lastBackupAt, backupIntervalDays, storagePersisted, persistRequestedAt] = await Promise.all([
    getSetting(d, appSettingKeys.lastBackupAt),
    getSetting(d, appSettingKeys.backupIntervalDays),
    getSetting(d, appSettingKeys.storagePersisted),
    getSetting(d, appSettingKeys.persistRequestedAt),
  ]);
  return { lastBackupAt, backupIntervalDays, storagePersisted, persistRequestedAt };
}

export async function writeSetting<K extends keyof AppSettings>(
  key: K,
  value: AppSettings[K],
): Promise<void> {
  await setSetting(await database(), key, value);
}

/** One app setting (undefined when absent or unusable), e.g. the remembered place or focus. */
export async function readAppSetting<K extends keyof AppSettings>(
  key: K,
): Promise<AppSettings[K] | undefined> {
  return getSetting(await database(), key);
}
