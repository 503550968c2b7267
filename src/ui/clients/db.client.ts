// Page-side reads of the database: the list of stored procedures and deleting one.
// The page keeps its own Dexie connection so that it hears when another tab upgrades the schema.
import {
  getAdapted,
  listAdapted,
  getRoster,
  deleteProcedure,
  deleteRecheck,
  deleteUserSpec,
  getProcedureSpec,
  listImports,
  listProcedures,
  listRechecks,
  listUserSpecs,
  openDb,
  saveUserSpec,
  updateProcedureSpec,
  type ProcedureInfo,
  type SpecPatch,
  type SpecUpdateResult,
  type UserSpec,
} from '../../db';
import type { ProcedureSpec } from '../../domain/model';
import { lockedWrite } from '../../db/db-sync';
import { procedureTitle } from '../../domain/text/procedure';

/** A stored procedure as the lists show it. */
export interface StoredProcedure {
  key: string;
  title: string;
  rows: number;
  written: number;
  absent: number;
  schools: number;
  classes: number;
  files: string[];
  /** Re-checks (перепроверка) of the procedure: stored apart, never counted as pupils. */
  rechecks: StoredRecheck[];
}

export interface StoredRecheck {
  id: number;
  file: string;
  /** Works stored (found in the protocol) and the file's works. */
  matched: number;
  works: number;
}

type Db = Awaited<ReturnType<typeof openDb>>;

let db: Promise<Db> | undefined;
let onReloadNeeded: () => void = () => {};

/** Called once if another tab (a newer version) upgrades or deletes the database. */
export function whenReloadNeeded(cb: () => void): void {
  onReloadNeeded = cb;
}

function database(): Promise<Db> {
  db ??= openDb(undefined, { onReloadNeeded: () => onReloadNeeded() }).catch((e: unknown) => {
    db = undefined; // let the next call retry (e.g. a blocked upgrade that later resolves)
    throw e;
  });
  return db;
}

/** Open the connection early so the versionchange signal is heard even before the first list. */
export function connect(): Promise<void> {
  return database().then(() => undefined);
}

function toStored(row: ProcedureInfo, files: string[], rechecks: StoredRecheck[]): StoredProcedure {
  return {
    key: row.key,
    title: procedureTitle(row),
    rows: row.counts.rows,
    written: row.counts.written,
    absent: row.counts.absent,
    schools: row.counts.schools,
    classes: row.counts.classes,
    files,
    rechecks,
  };
}

export async function storedProcedures(): Promise<StoredProcedure[]> {
  const d = await database();
  const [rows, imports, rechecks] = await Promise.all([listProcedures(d), listImports(d), listRechecks(d)]);
  const files = new Map<string, string[]>();
  for (const i of imports) files.set(i.procedureKey, [...(files.get(i.procedureKey) ?? []), i.file]);
  const checks = new Map<string, StoredRecheck[]>();
  for (const r of rechecks) {
    const list = checks.get(r.procedureKey) ?? [];
    list.push({ id: r.id, file: r.file, matched: r.matched, works: r.works });
    checks.set(r.procedureKey, list);
  }
  return rows.map((r) => toStored(r, files.get(r.key) ?? [], checks.get(r.key) ?? []));
}

export async function removeRecheck(id: number): Promise<void> {
  const d = await database();
  await lockedWrite(() => deleteRecheck(d, id));
}

export async function removeProcedure(key: string): Promise<void> {
  const d = await database();
  // One writer at a time across tabs; the other tabs re-read their lists afterwards.
  await lockedWrite(() => deleteProcedure(d, key));
}

// Specs screen: the full spec of a procedure, its update, and the user's spec library.
export type { SpecPatch, SpecUpdateResult, UserSpec };

export async function procedureSpec(key: string): Promise<ProcedureSpec> {
  return getProcedureSpec(await database(), key);
}

export async function updateSpec(key: string, patch: SpecPatch): Promise<SpecUpdateResult> {
  return updateProcedureSpec(await database(), key, patch);
}

export async function userSpecs(): Promise<UserSpec[]> {
  return listUserSpecs(await database());
}

export async function addUserSpec(spec: ProcedureSpec, name?: string): Promise<UserSpec> {
  return saveUserSpec(await database(), spec, name ? { name } : {});
}

export async function removeUserSpec(id: string): Promise<boolean> {
  return deleteUserSpec(await database(), id);
}

/** The school's local roster (code → ФИО), read on this device only; empty when none was loaded. */
export async function rosterOf(login: string): Promise<Record<string, string>> {
  return getRoster(await database(), login);
}

/** Codes marked «АООП» in every school's local class list, by login (schools with none left out). */
export async function allAdapted(): Promise<Record<string, string[]>> {
  return listAdapted(await database());
}

/** Codes marked «АООП» in the school's local class list. */
export async function adaptedOf(login: string): Promise<string[]> {
  return getAdapted(await database(), login);
}
