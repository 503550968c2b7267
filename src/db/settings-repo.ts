// Small key-value store for app settings (table added in schema v2). The keys and their value types
// are listed in ./settings-keys.ts; a read value is checked by the key's reader there.
import type { OkoDb } from './database.ts';
import { readSetting, type AppSettings, type SettingKey } from './settings-keys.ts';

export type { AppSettings } from './settings-keys.ts';

// The name of a fixed setting is its key string, so the implementations take any string: the
// overloads decide what a caller may pass and get back.

export function getSetting<K extends keyof AppSettings>(
  db: OkoDb,
  key: K,
): Promise<AppSettings[K] | undefined>;
export function getSetting<T>(db: OkoDb, key: SettingKey<T>): Promise<T | undefined>;
export async function getSetting(db: OkoDb, key: string): Promise<unknown> {
  return readSetting(key as SettingKey<unknown>, (await db.settings.get(key))?.value);
}

export function setSetting<K extends keyof AppSettings>(
  db: OkoDb,
  key: K,
  value: AppSettings[K],
): Promise<void>;
export function setSetting<T>(db: OkoDb, key: SettingKey<T>, value: T): Promise<void>;
export async function setSetting(db: OkoDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

export function deleteSetting(db: OkoDb, key: keyof AppSettings): Promise<void>;
export function deleteSetting<T>(db: OkoDb, key: SettingKey<T>): Promise<void>;
export async function deleteSetting(db: OkoDb, key: string): Promise<void> {
  await db.settings.delete(key);
}
