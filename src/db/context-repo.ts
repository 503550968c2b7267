// The context form's answers per school and year, in the settings table (`contextYear:<year>`):
// small, carried by a backup of everything, never by an aggregate package. Only the records' known
// fields are stored (src/domain/context/record.ts) — the form's personal data never gets here.
import type { ContextRecord, ParsedContext } from '../domain/context/types.ts';
import type { OkoDb } from './database.ts';
import { getSetting, setSetting } from './settings-repo.ts';
import { readSetting, settingKeys } from './settings-keys.ts';

/** Adds a parsed file's records to their years; a school already stored for a year is replaced. */
export async function saveContextRecords(db: OkoDb, parsed: ParsedContext): Promise<void> {
  const byYear = new Map<number | null, ContextRecord[]>();
  for (const r of parsed.records) (byYear.get(r.year) ?? byYear.set(r.year, []).get(r.year)!).push(r);
  await db.transaction('rw', db.settings, async () => {
    for (const [year, records] of byYear) {
      const key = settingKeys.contextYear(year);
      const had = (await getSetting(db, key)) ?? [];
      const fresh = new Set(records.map((r) => r.login));
      await setSetting(db, key, [...had.filter((r) => !fresh.has(r.login)), ...records]);
    }
  });
}

/** Every stored year's records (unknown year first, then by year). */
export async function loadContextRecords(db: OkoDb): Promise<ContextRecord[]> {
  const rows = await db.settings.where('key').startsWith(settingKeys.contextYear.prefix).toArray();
  const out: ContextRecord[] = [];
  for (const row of rows.sort((a, b) => a.key.localeCompare(b.key)))
    out.push(...(readSetting(row.key as ReturnType<typeof settingKeys.contextYear>, row.value) ?? []));
  return out;
}
