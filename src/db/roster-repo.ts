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

export const ADAPTED_PREFIX = settingKeys.adapted.prefix;

/** A class list's keys (names and the АООП marks): private, out of backups without names. */
export const isRosterKey = (key: string): boolean =>
  key.startsWith(ROSTER_PREFIX) || key.startsWith(ADAPTED_PREFIX);

/** `roster:<login>`, the login trimmed. */
const rosterKey = settingKeys.roster;

export interface RosterInfo {
  login: string;
  count: number;
  /** Pupils marked «АООП» in the list. */
  adapted?: number;
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
  await db.transaction('rw', db.settings, async () => {
    await deleteSetting(db, rosterKey(login));
    await deleteSetting(db, settingKeys.adapted(login));
  });
}

/** Codes of the school's pupils on adapted programmes (АООП); [] when none are marked. */
export async function getAdapted(db: OkoDb, login: string): Promise<string[]> {
  return (await getSetting(db, settingKeys.adapted(login))) ?? [];
}

/** Every school's marked codes, by login. */
export async function listAdapted(db: OkoDb): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const r of await db.settings.where('key').startsWith(ADAPTED_PREFIX).toArray()) {
    const login = r.key.slice(ADAPTED_PREFIX.length);
    const codes = readSetting(settingKeys.adapted(login), r.value) ?? [];
    if (codes.length) out[login] = codes;
  }
  return out;
}

/**
 * Mark (true) or unmark (false) codes of a school as learning by an adapted programme; codes not in
 * `marks` keep their mark. Returns the number of marked codes of the school.
 */
export async function saveAdapted(db: OkoDb, login: string, marks: Record<string, boolean>): Promise<number> {
  if (!login.trim()) throw new Error('Не указан логин школы.');
  try {
    return await db.transaction('rw', db.settings, async () => {
      const set = new Set(await getAdapted(db, login));
      for (const [code, on] of Object.entries(marks)) {
        if (on) set.add(code);
        else set.delete(code);
      }
      const value = [...set].sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
      if (value.length) await setSetting(db, settingKeys.adapted(login), value);
      else await deleteSetting(db, settingKeys.adapted(login));
      return value.length;
    });
  } catch (e) {
    throw toDbError(e);
  }
}

/** Every school with a stored list, by login. */
export async function listRosters(db: OkoDb): Promise<RosterInfo[]> {
  const rows = await db.settings.where('key').startsWith(ROSTER_PREFIX).toArray();
  const marked = await db.settings.where('key').startsWith(ADAPTED_PREFIX).toArray();
  const adapted = new Map(
    marked.map((r) => {
      const login = r.key.slice(ADAPTED_PREFIX.length);
      return [login, readSetting(settingKeys.adapted(login), r.value)?.length ?? 0];
    }),
  );
  return rows
    .map((r) => {
      const login = r.key.slice(ROSTER_PREFIX.length);
      const count = Object.keys(readSetting(rosterKey(login), r.value) ?? {}).length;
      return { login, count, ...(adapted.get(login) && { adapted: adapted.get(login) }) };
    })
    .sort((a, b) => a.login.localeCompare(b.login));
}
