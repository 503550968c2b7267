// The single list of the keys of the `settings` table and the type of each key's value.
//
// A key is built here and only here: `settingKeys.roadmap(procedure, login)` is the string
// `roadmap:<procedure>:<login>` branded with its value type (`SettingKey<Roadmap>`), so that
// getSetting/setSetting (./settings-repo.ts) are typed by the key and no caller casts. The strings
// are the stored format — databases and backups of earlier versions hold them — so they never change.
// Every key also has a reader: what is read back may come from an older version or a backup file,
// so a value is checked (and cleaned) before the app sees it; a value that does not fit reads as absent.
import type { ObservationTable } from '../domain/documents/objectivity-plan.ts';
import type { TemplateName } from '../domain/documents/user-templates.ts';
import type { People } from '../domain/roadmap/build-roadmap.ts';
import type { Roadmap } from '../domain/roadmap/types.ts';
import type { Roster } from '../domain/roster/parse-roster.ts';
import { cleanRecord } from '../domain/context/record.ts';
import type { ContextRecord } from '../domain/context/types.ts';
import { readContextSummary } from '../domain/context/summary.ts';
import { readSupportMeasures } from '../domain/context/support-measures.ts';
import { parseSpec } from '../domain/spec/index.ts';
import type { StoredReference } from './reference-repo.ts';
import type { UserSpec } from './specs-repo.ts';

declare const valueOf: unique symbol;

/**
 * A settings key whose value has type T. At run time it is the plain key string; the brand exists
 * only for the type checker (invariant in T: a roadmap key is not a people key).
 */
export type SettingKey<T> = string & { readonly [valueOf]: (value: T) => T };

/** The value type of a key. */
export type SettingValue<K> = K extends SettingKey<infer T> ? T : never;

/** Checks a stored value; undefined = absent or unusable. */
type Reader<T> = (value: unknown) => T | undefined;

/** The uploaded school context file («Объективность»). */
export interface StoredSchoolContext {
  fileName: string;
  bytes: Uint8Array;
  savedAt: string;
}

// Readers by family: the key itself for a fixed key, the part before the first ':' otherwise.
const readers = new Map<string, Reader<unknown>>();

function fixed<T>(name: string, read: Reader<T>): SettingKey<T> {
  readers.set(name, read);
  return name as SettingKey<T>;
}

/** A family of keys `<name>:<parts joined by ':'>`; `prefix` finds them all (`where('key').startsWith`). */
function family<T, A extends unknown[]>(
  name: string,
  read: Reader<T>,
  parts: (...args: A) => string[],
): ((...args: A) => SettingKey<T>) & { prefix: string } {
  readers.set(name, read);
  const prefix = `${name}:`;
  const build = (...args: A) => [name, ...parts(...args)].join(':') as SettingKey<T>;
  return Object.assign(build, { prefix });
}

// ---------- readers (the checks the repositories and workers made at read, gathered here) ----------

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
const string: Reader<string> = (v) => (typeof v === 'string' ? v : undefined);
const number: Reader<number> = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const boolean: Reader<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);

/** People for roles and the observation table: any object (its entries are read leniently). */
const record = <T>(v: unknown): T | undefined => (isObject(v) ? (v as T) : undefined);

const roadmap: Reader<Roadmap> = (v) =>
  isObject(v) && Array.isArray((v as Roadmap).stages) ? (v as Roadmap) : undefined;

/** Only the string entries of a stored class list. */
const roster: Reader<Roster> = (v) => {
  if (v === undefined) return undefined;
  const out: Roster = {};
  if (!isObject(v) || Array.isArray(v)) return out;
  for (const [code, name] of Object.entries(v)) if (typeof name === 'string') out[code] = name;
  return out;
};

/** Participant codes marked «АООП» in a class list: only the string entries. */
const codes: Reader<string[]> = (v) => {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string'))] : [];
};

/** The reference files that still have their id, file name and units. */
const references: Reader<StoredReference[]> = (v) =>
  v === undefined
    ? undefined
    : Array.isArray(v)
      ? (v as StoredReference[]).filter(
          (r) =>
            isObject(r) && typeof r.id === 'string' && typeof r.file === 'string' && Array.isArray(r.units),
        )
      : [];

/** Library entries that still parse; a damaged entry is skipped rather than breaking the list. */
const userSpecs: Reader<UserSpec[]> = (value) => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return [];
  const out: UserSpec[] = [];
  for (const v of value as unknown[]) {
    if (!isObject(v)) continue;
    const e = v as Partial<UserSpec>;
    if (typeof e.id !== 'string' || !e.id) continue;
    try {
      const spec = parseSpec(e.spec, e.id);
      out.push({
        id: e.id,
        name: typeof e.name === 'string' && e.name.trim() ? e.name : e.id,
        savedAt: typeof e.savedAt === 'string' ? e.savedAt : '',
        spec,
      });
    } catch {
      // skip
    }
  }
  return out;
};

const schoolContext: Reader<StoredSchoolContext> = (v) => {
  if (!isObject(v)) return undefined;
  const c = v as Partial<StoredSchoolContext>;
  if (typeof c.fileName !== 'string' || !(c.bytes instanceof Uint8Array)) return undefined;
  return { fileName: c.fileName, bytes: c.bytes, savedAt: typeof c.savedAt === 'string' ? c.savedAt : '' };
};

/** Context records of one year: only the known fields survive (no personal data can come back). */
const contextRecords: Reader<ContextRecord[]> = (v) =>
  Array.isArray(v) ? v.map(cleanRecord).filter((r): r is ContextRecord => r !== null) : undefined;

// ---------- the registry ----------

/** Keys with one value each (the screen «Сохранность», the last procedure). */
export const appSettingKeys = {
  /** ISO time of the last backup export (drives the "make a backup" reminder). */
  lastBackupAt: fixed('lastBackupAt', string),
  /** Days between backup reminders (7, 14 or 30; the screen «Сохранность» sets it). */
  backupIntervalDays: fixed('backupIntervalDays', number),
  /** Result of navigator.storage.persist() and when it was asked (this device only). */
  storagePersisted: fixed('storagePersisted', boolean),
  persistRequestedAt: fixed('persistRequestedAt', string),
  /** Procedure shown last, reopened on start. */
  lastProcedureKey: fixed('lastProcedureKey', string),
  /** The address (hash route) shown last, restored on start (src/ui/state/router.svelte.ts). */
  lastPlace: fixed('lastPlace', string),
  /** The municipality in focus on Объективность, Документы and Обмен (its id; '' = all). */
  focusMunicipality: fixed('focusMunicipality', string),
  /** The school in focus (its login; '' = none). */
  focusSchool: fixed('focusSchool', string),
};

/** The fixed settings by name and type (`getSetting(db, 'lastBackupAt')` takes the name too). */
export type AppSettings = { [K in keyof typeof appSettingKeys]: SettingValue<(typeof appSettingKeys)[K]> };

export const settingKeys = {
  ...appSettingKeys,
  /** The user's spec library (src/db/specs-repo.ts). */
  userSpecs: fixed('userSpecs', userSpecs),
  /** The uploaded school context file (workers/engine.worker.ts, objectivity API). */
  schoolContext: fixed('schoolContext', schoolContext),
  /** The context form's answers per school for one year (`contextYear:<year>` or `contextYear:unknown`). */
  contextYear: family('contextYear', contextRecords, (year: number | null) => [
    year === null ? 'unknown' : String(year),
  ]),
  /** The last context analysis (src/domain/context/summary.ts) for the municipal справка and plan. */
  contextSummary: fixed('contextSummary', readContextSummary),
  /** The edited measures of the support programme for low-result schools (context screen). */
  supportMeasures: fixed('supportMeasures', readSupportMeasures),
  /** People for the roles of the roadmaps (role id → name). */
  roadmapPeople: fixed('roadmapPeople', record<People>),
  /** A school's edited roadmap: `roadmap:<procedureKey>:<login>`. */
  roadmap: family('roadmap', roadmap, (procedureKey: string, login: string) => [procedureKey, login]),
  /** The observation table of a municipality: `observation:<municipalityId>`. */
  observation: family('observation', record<ObservationTable>, (municipalityId: string) => [municipalityId]),
  /** The edited municipal plan on objectivity: `objectivityPlan:<municipalityId>:<school year>`. */
  objectivityPlan: family('objectivityPlan', roadmap, (municipalityId: string, schoolYear: number) => [
    municipalityId,
    String(schoolYear),
  ]),
  /** The user's template as JSON text (parsed by the documents worker): `template:<name>`. */
  template: family('template', string, (name: TemplateName) => [name]),
  /** ФИС ОКО reference files of a procedure: `reference:<procedureKey>`. */
  reference: family('reference', references, (procedureKey: string) => [procedureKey]),
  /** The local class list of a school, on this device only: `roster:<login>` (login trimmed). */
  roster: family('roster', roster, (login: string) => [login.trim()]),
  /**
   * Codes of a school's pupils on adapted programmes (АООП), from its class list: `adapted:<login>`.
   * As private as the names: on this device only, out of backups unless names are included.
   */
  adapted: family('adapted', codes, (login: string) => [login.trim()]),
};

/** The checked value of a key, from what the table holds (undefined: absent or unusable). */
export function readSetting<T>(key: SettingKey<T>, value: unknown): T | undefined {
  const colon = key.indexOf(':');
  const read = readers.get(colon < 0 ? key : key.slice(0, colon));
  if (!read) throw new Error(`Unknown settings key: ${key}`);
  return read(value) as T | undefined;
}
