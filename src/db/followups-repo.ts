// Follow-up check sheets («контрольные точки», domain/followup): one row per procedure × school ×
// class. Every write is one put of the whole sheet (atomic); the shape is checked before it, and the
// same check guards a backup restore. The table never reaches an exchange package (domain/exchange
// builds packages from analysis figures only).
import type { FollowupSheet } from '../domain/followup/types.ts';
import { valueProblem, isRealIsoDate } from '../domain/followup/sheet.ts';
import type { OkoDb } from './database.ts';
import { DbError, toDbError } from './errors.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a row is not a check sheet, or null. */
export function followupProblem(row: unknown): string | null {
  if (!isObject(row)) return 'не запись';
  const s = row as unknown as FollowupSheet;
  for (const k of ['id', 'procedureKey', 'school', 'schoolName', 'classId', 'classLabel'] as const)
    if (typeof s[k] !== 'string') return `поле ${k}`;
  if (s.id !== `${s.procedureKey}|${s.school}|${s.classId}`) return 'код листа';
  if (!Array.isArray(s.items) || !Array.isArray(s.rounds)) return 'строки или проверки';
  for (const it of s.items) {
    if (!isObject(it) || typeof it.code !== 'string' || typeof it.key !== 'string') return 'строка листа';
    if (it.kind !== 'skill' && it.kind !== 'task') return 'вид дефицита';
    if (!Number.isInteger(it.max) || it.max <= 0 || !Array.isArray(it.tasks)) return 'задания строки';
  }
  let last = '';
  for (const r of s.rounds) {
    if (!isObject(r) || typeof r.date !== 'string' || !isRealIsoDate(r.date)) return 'дата проверки';
    if (r.date <= last) return 'порядок дат проверок';
    last = r.date;
    if (!Array.isArray(r.results) || r.results.length !== s.items.length) return `проверка ${r.date}`;
    for (let i = 0; i < r.results.length; i++)
      if (valueProblem(r.results[i], s.items[i].max)) return `проверка ${r.date}, строка ${i + 1}`;
  }
  return null;
}

function checked(sheet: FollowupSheet): FollowupSheet {
  const problem = followupProblem(sheet);
  if (problem) throw new DbError(`Лист контрольных точек не сохранён: ${problem}.`, 'invalid');
  return sheet;
}

export async function getFollowup(db: OkoDb, id: string): Promise<FollowupSheet | undefined> {
  try {
    return await db.followups.get(id);
  } catch (e) {
    throw toDbError(e);
  }
}

/** The sheets of a procedure, optionally of one school. */
export async function listFollowups(
  db: OkoDb,
  procedureKey: string,
  school?: string,
): Promise<FollowupSheet[]> {
  try {
    const rows = await db.followups.where('procedureKey').equals(procedureKey).toArray();
    return school === undefined ? rows : rows.filter((r) => r.school === school);
  } catch (e) {
    throw toDbError(e);
  }
}

/** Stores the whole sheet in one put (nothing partial). */
export async function putFollowup(db: OkoDb, sheet: FollowupSheet): Promise<void> {
  const row = checked(sheet);
  try {
    await db.followups.put(row);
  } catch (e) {
    throw toDbError(e);
  }
}

export async function deleteFollowup(db: OkoDb, id: string): Promise<void> {
  try {
    await db.followups.delete(id);
  } catch (e) {
    throw toDbError(e);
  }
}

/** The demo's sheets: added when absent, a sheet the user edited is kept. */
export async function addMissingFollowups(db: OkoDb, sheets: FollowupSheet[]): Promise<number> {
  let added = 0;
  for (const s of sheets) {
    if (await db.followups.get(s.id)) continue;
    await db.followups.add(checked(s));
    added++;
  }
  return added;
}
