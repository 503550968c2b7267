// Editing the spec of a stored procedure (task levels, skills, КЭС/КТ, the mark scale) and the
// user's own library of specs (kept in the settings table under 'userSpecs': no schema change).
//
// Task ids and maxima are fixed by the stored scores and cannot change here. Changing kind, subject,
// grade or year changes the procedure id (`ВПР-2022-Математика-5`): the procedure is then renamed
// atomically — procedures, imports, schools and chunks in one 'rw' transaction — and the rename is
// refused when a procedure with the new id already exists (merging two procedures is an import's job).
import {
  ImportError,
  procedureId,
  type MarkScale,
  type ProcedureSpec,
  type TaskLevel,
  type TaskSpec,
} from '../domain/model.ts';
import { parseSpec, validateScale, type ScaleIssue } from '../domain/spec/index.ts';
import type { OkoDb } from './database.ts';
import { DbError, toDbError } from './errors.ts';
import type { ProcedureRow } from './schema.ts';
import { settingKeys } from './settings-keys.ts';
import { getSetting, setSetting } from './settings-repo.ts';

/** What can change in one task. `null` (or an empty string/list) clears the field. */
export interface TaskPatch {
  id: string;
  /** May be given (e.g. from a spec file) but must equal the stored maximum. */
  max?: number;
  level?: TaskLevel | null;
  skill?: string | null;
  kes?: string[] | null;
  kt?: string[] | null;
}

export interface SpecPatch {
  /** Only the listed tasks change; the others keep their fields. */
  tasks?: TaskPatch[];
  /** `null` removes the scale; absent keeps it. */
  scale?: MarkScale | null;
  kind?: string;
  subject?: string;
  grade?: number;
  year?: number;
}

export interface SpecUpdateResult {
  /** The procedure id after the update (differs from the old one after a rename). */
  key: string;
  renamed: boolean;
  /** Problems of the saved scale (gaps, overlaps, …): stored anyway, shown as warnings. */
  issues: ScaleIssue[];
}

const LEVELS: readonly string[] = ['Б', 'П', 'В'];

function invalid(message: string): never {
  throw new DbError(message, 'invalid');
}

/** The full spec of a stored procedure (tasks with every field, the scale). */
export async function getProcedureSpec(db: OkoDb, key: string): Promise<ProcedureSpec> {
  const row = await db.procedures.get(key);
  if (!row) throw new DbError(`Процедура «${key}» не найдена в хранилище.`, 'not-found');
  return rowToSpec(row);
}

function rowToSpec(row: ProcedureRow): ProcedureSpec {
  return {
    kind: row.kind,
    subject: row.subject,
    grade: row.grade,
    year: row.year,
    tasks: row.tasks.map((t) => ({ ...t })),
    scale: row.scale ? row.scale.map(([a, b]) => [a, b] as [number, number]) : null,
  };
}

function cleanCodes(v: unknown, where: string): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string'))
    invalid(`${where}: ожидался список кодов (строк).`);
  const list = (v as string[]).map((c) => c.trim()).filter((c) => c !== '');
  return list.length > 0 ? list : undefined;
}

function patchTask(task: TaskSpec, p: TaskPatch): TaskSpec {
  if (p.max !== undefined && p.max !== task.max)
    throw new DbError(
      `Задание ${task.id}: максимальный балл ${task.max} менять нельзя (указано ${p.max}) — ` +
        'он задан загруженными баллами. Ничего не сохранено.',
      'task-mismatch',
    );
  const next: TaskSpec = { ...task };
  if (p.level !== undefined) {
    if (p.level === null || (p.level as string) === '') delete next.level;
    else if (LEVELS.includes(p.level)) next.level = p.level;
    else invalid(`Задание ${task.id}: уровень должен быть Б, П или В, а не «${String(p.level)}».`);
  }
  if (p.skill !== undefined) {
    if (p.skill !== null && typeof p.skill !== 'string')
      invalid(`Задание ${task.id}: умение должно быть текстом.`);
    const skill = p.skill?.trim();
    if (skill) next.skill = skill;
    else delete next.skill;
  }
  for (const field of ['kes', 'kt'] as const) {
    if (p[field] === undefined) continue;
    const codes = cleanCodes(p[field], `Задание ${task.id}, ${field === 'kes' ? 'КЭС' : 'КТ'}`);
    if (codes) next[field] = codes;
    else delete next[field];
  }
  return next;
}

function patchTasks(tasks: TaskSpec[], patches: TaskPatch[]): TaskSpec[] {
  const byId = new Map(tasks.map((t, i) => [t.id, i]));
  const next = tasks.map((t) => ({ ...t }));
  const seen = new Set<string>();
  for (const p of patches) {
    const i = byId.get(p.id);
    if (i === undefined)
      throw new DbError(
        `Задания ${p.id} нет в процедуре: номера заданий менять нельзя. Ничего не сохранено.`,
        'task-mismatch',
      );
    if (seen.has(p.id)) invalid(`Задание ${p.id} указано дважды.`);
    seen.add(p.id);
    next[i] = patchTask(next[i], p);
  }
  return next;
}

/** Shape check only: four pairs of integers. Gaps and overlaps are warnings (returned as issues). */
function checkScale(scale: MarkScale): MarkScale {
  const ok =
    Array.isArray(scale) &&
    scale.length === 4 &&
    scale.every(
      (r) =>
        Array.isArray(r) &&
        r.length === 2 &&
        r.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 10_000),
    );
  if (!ok) invalid('Шкала отметок — четыре диапазона целых неотрицательных баллов (для отметок 2, 3, 4, 5).');
  return scale.map(([a, b]) => [a, b] as [number, number]);
}

function patchIdentity(
  row: ProcedureRow,
  patch: SpecPatch,
): Pick<ProcedureRow, 'kind' | 'subject' | 'grade' | 'year'> {
  const kind = patch.kind === undefined ? row.kind : patch.kind.trim();
  const subject = patch.subject === undefined ? row.subject : patch.subject.trim();
  const grade = patch.grade ?? row.grade;
  const year = patch.year ?? row.year;
  if (!kind) invalid('Укажите вид процедуры (ВПР, ОГЭ, …).');
  if (!subject) invalid('Укажите предмет.');
  if (!Number.isInteger(grade) || grade < 1 || grade > 11) invalid('Класс — целое число от 1 до 11.');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) invalid('Год — целое число от 2000 до 2100.');
  return { kind, subject, grade, year };
}

/**
 * Change a stored procedure's spec. Task ids and maxima cannot change (DbError 'task-mismatch').
 * A new kind/subject/grade/year renames the procedure atomically; an existing target id is a
 * DbError 'conflict'. Nothing is written when anything is wrong.
 */
export async function updateProcedureSpec(
  db: OkoDb,
  key: string,
  patch: SpecPatch,
): Promise<SpecUpdateResult> {
  try {
    return await db.transaction(
      'rw',
      [db.procedures, db.imports, db.schools, db.chunks, db.settings, db.rechecks],
      async (): Promise<SpecUpdateResult> => {
        const row = await db.procedures.get(key);
        if (!row) throw new DbError(`Процедура «${key}» не найдена в хранилище.`, 'not-found');
        const tasks = patch.tasks ? patchTasks(row.tasks, patch.tasks) : row.tasks;
        const scale = patch.scale === undefined ? row.scale : patch.scale && checkScale(patch.scale);
        const identity = patchIdentity(row, patch);
        const newKey = procedureId(identity);
        const next: ProcedureRow = { ...row, ...identity, key: newKey, tasks, scale };
        const max = tasks.reduce((s, t) => s + t.max, 0);
        const issues = scale ? validateScale(scale, max) : [];

        if (newKey === key) {
          await db.procedures.put(next);
          return { key, renamed: false, issues };
        }
        if (await db.procedures.get(newKey))
          throw new DbError(
            `Процедура «${newKey}» уже есть в хранилище: переименовать «${key}» в неё нельзя. ` +
              'Ничего не сохранено.',
            'conflict',
          );
        await renameProcedure(db, key, newKey);
        await db.procedures.delete(key);
        await db.procedures.add(next);
        return { key: newKey, renamed: true, issues };
      },
    );
  } catch (e) {
    throw toDbError(e);
  }
}

/** Moves imports, schools and chunks to the new key. Runs inside the caller's transaction. */
async function renameProcedure(db: OkoDb, from: string, to: string): Promise<void> {
  await db.imports
    .where('procedureKey')
    .equals(from)
    .modify((imp) => {
      imp.procedureKey = to;
    });
  await db.rechecks
    .where('procedureKey')
    .equals(from)
    .modify((r) => {
      r.procedureKey = to;
    });
  // schools and chunks have the key inside their primary keys: re-add under the new one.
  const schools = await db.schools
    .where('[procedureKey+login]')
    .between([from, ''], [from, '\uffff'])
    .toArray();
  await db.schools.bulkDelete(schools.map((s) => [s.procedureKey, s.login] as [string, string]));
  await db.schools.bulkAdd(schools.map((s) => ({ ...s, procedureKey: to })));
  // One school at a time: a region's chunks are large, never hold them all at once.
  const chunkKeys = (await db.chunks.where('procedureKey').equals(from).primaryKeys()) as [
    string,
    number,
    string,
  ][];
  for (const k of chunkKeys) {
    const c = await db.chunks.get(k);
    if (!c) continue;
    await db.chunks.delete(k);
    await db.chunks.add({ ...c, procedureKey: to });
  }
  if ((await getSetting(db, settingKeys.lastProcedureKey)) === from)
    await setSetting(db, settingKeys.lastProcedureKey, to);
}

// ---------- the user's spec library ----------

export interface UserSpec {
  /** Stable id: the procedure id of the spec unless given otherwise. */
  id: string;
  /** Shown in the library list. */
  name: string;
  savedAt: string;
  spec: ProcedureSpec;
}

/** Stored entries that still parse (the key's reader skips a damaged entry rather than the list). */
const readUserSpecs = async (db: OkoDb): Promise<UserSpec[]> =>
  (await getSetting(db, settingKeys.userSpecs)) ?? [];

/** The user's specs, by name. */
export async function listUserSpecs(db: OkoDb): Promise<UserSpec[]> {
  return (await readUserSpecs(db)).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

/**
 * Add or replace (same id) a spec in the library. The spec is validated as a `spec.json` would be;
 * a bad one is a DbError 'invalid' with the parser's Russian message.
 */
export async function saveUserSpec(
  db: OkoDb,
  spec: ProcedureSpec,
  opts: { id?: string; name?: string } = {},
): Promise<UserSpec> {
  let parsed: ProcedureSpec;
  try {
    parsed = parseSpec(JSON.parse(JSON.stringify(spec)), opts.name ?? procedureId(spec));
  } catch (e) {
    if (e instanceof ImportError) invalid(e.message);
    throw e;
  }
  const id = opts.id?.trim() || procedureId(parsed);
  const entry: UserSpec = {
    id,
    name: opts.name?.trim() || `${parsed.kind} ${parsed.year} · ${parsed.subject} · ${parsed.grade} класс`,
    savedAt: new Date().toISOString(),
    spec: parsed,
  };
  try {
    await db.transaction('rw', db.settings, async () => {
      const list = (await readUserSpecs(db)).filter((s) => s.id !== id);
      await setSetting(db, settingKeys.userSpecs, [...list, entry]);
    });
  } catch (e) {
    throw toDbError(e);
  }
  return entry;
}

/** Remove a library spec; false when there was none with this id. */
export async function deleteUserSpec(db: OkoDb, id: string): Promise<boolean> {
  try {
    return await db.transaction('rw', db.settings, async () => {
      const list = await readUserSpecs(db);
      const rest = list.filter((s) => s.id !== id);
      if (rest.length === list.length) return false;
      await setSetting(db, settingKeys.userSpecs, rest);
      return true;
    });
  } catch (e) {
    throw toDbError(e);
  }
}
