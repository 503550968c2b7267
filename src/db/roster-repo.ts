// The local class list: pupil names attached to participant codes, ON THIS DEVICE ONLY.
// Stored in the settings table (no schema migration) under `roster:<school login>` → { code: name }.
// Nothing that leaves the device carries them: reports and packages are built from datasets (codes
// only), and a backup leaves these keys out unless the user asks for names (exportBackup includeNames).
import type { Roster } from '../domain/roster/parse-roster.ts';
import type { OkoDb } from './database.ts';
import { toDbError } from './errors.ts';

export const ROSTER_PREFIX = 'roster:';

export const isRosterKey = (key: string): boolean => key.startsWith(ROSTER_PREFIX);

const rosterKey = (login: string): string => `${ROSTER_PREFIX}${login.trim()}`;

export interface RosterInfo {
  login: string;
  count: number;
}

function asRoster(value: unknown): Roster {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Roster = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

export async function getRoster(db: OkoDb, login: string): Promise<Roster> {
  const row = await db.settings.get(rosterKey(login));
  return asRoster(row?.value);
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
      await db.settings.put({ key: rosterKey(login), value });
      return Object.keys(value).length;
    });
  } catch (e) {
    throw toDbError(e);
  }
}

export async function deleteRoster(db: OkoDb, login: string): Promise<void> {
  await db.settings.delete(rosterKey(login));
}

/** Every school with a stored list, by login. */
export async function listRosters(db: OkoDb): Promise<RosterInfo[]> {
  const rows = await db.settings.where('key').startsWith(ROSTER_PREFIX).toArray();
  return rows
    .map((r) => ({ login: r.key.slice(ROSTER_PREFIX.length), count: Object.keys(asRoster(r.value)).length }))
    .sort((a, b) => a.login.localeCompare(b.login));
}

/** Remove every stored name (all schools). */
export async function clearRosters(db: OkoDb): Promise<void> {
  await db.settings.where('key').startsWith(ROSTER_PREFIX).delete();
}
