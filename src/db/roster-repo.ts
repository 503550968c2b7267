// The local class list: pupil names attached to participant codes, ON THIS DEVICE ONLY.
// Stored in the settings table (no schema migration) under `roster:<school login>` → { code: name }.
// Nothing that leaves the device carries them: reports and packages are built from datasets (codes
// only), and a backup leaves these keys out unless the user asks for names (exportBackup includeNames).
import type { Roster } from '../domain/roster/parse-roster.ts';
import type { OkoDb } from './database.ts';
import { toDbError } from './errors.ts';
import { readSetting, settingKeys } from './settings-keys.ts';
import { deleteSetting, getSetting, setSetting } from './settings-repo.ts';

export const ROSTER_PREFIX = settingKeys.roster.prefix;

export const isRosterKey = (key: string): boolean => key.startsWith(ROSTER_PREFIX);

/** `roster:<login>`, the login trimmed. */
const rosterKey = settingKeys.roster;

export interface RosterInfo {
  login: string;
  count: number;
}

/** The stored names of a school (only the string entries of what is stored); {} when none. */
export async function getRoster(db: OkoDb, login: string): Promise<Roster> {
  return (await getSetting(db, rosterKey(login))) ?? {};
}

/** Replace (default) or extend the list of a school. Returns the number of names stored for it. */
export async function saveRoster(
  db: OkoDb,
  login: string,
  entries: Roster,
  opts: { merge?: boolean } = {},
): Promise<number> {
  if (!login.trim()) throw new Error('Не указан логин школы.');
  try {
    return await db.transaction('rw', db.settings, async () => {
      const value = opts.merge ? { ...(await getRoster(db, login)), ...entries } : { ...entries };
      await setSetting(db, rosterKey(login), value);
      return Object.keys(value).length;
    });
  } catch (e) {
    throw toDbError(e);
  }
}

export async function deleteRoster(db: OkoDb, login: string): Promise<void> {
  await deleteSetting(db, rosterKey(login));
}

/** Every school with a stored list, by login. */
export async function listRosters(db: OkoDb): Promise<RosterInfo[]> {
  const rows = await db.settings.where('key').startsWith(ROSTER_PREFIX).toArray();
  return rows
    .map((r) => {
      const login = r.key.slice(ROSTER_PREFIX.length);
      return { login, count: Object.keys(readSetting(rosterKey(login), r.value) ?? {}).length };
    })
    .sort((a, b) => a.login.localeCompare(b.login));
}
