// Reference reports from ФИС ОКО (issue «Results analysis», point 2), stored per procedure in the
// settings table under `reference:<procedureKey>`: the parsed units, never the file. No schema bump;
// a full backup carries them with the other settings.
import type { OkoDb } from './database.ts';
import type { ReferenceProcedure, ReferenceUnit } from '../domain/reference/types.ts';
import { settingKeys } from './settings-keys.ts';
import { deleteSetting, getSetting, setSetting } from './settings-repo.ts';

/** One loaded reference file of a procedure. */
export interface StoredReference {
  /** Unique within the procedure. */
  id: string;
  file: string;
  /** What the file's header says (may differ from the procedure when the user chose it). */
  procedure: ReferenceProcedure;
  units: ReferenceUnit[];
  ignoredSheets: string[];
  addedAt: string;
}

export type NewReference = Omit<StoredReference, 'id' | 'addedAt'>;

const keyOf = settingKeys.reference;

/** The reference files of a procedure, in the order they were added (damaged entries left out). */
export async function listReferences(db: OkoDb, procedureKey: string): Promise<StoredReference[]> {
  return (await getSetting(db, keyOf(procedureKey))) ?? [];
}

/**
 * Store a reference file for a procedure. A file of the same name replaces the earlier one (a newer
 * download of the same report). Returns the stored entry.
 */
export async function addReference(
  db: OkoDb,
  procedureKey: string,
  ref: NewReference,
  now: Date = new Date(),
): Promise<StoredReference> {
  return db.transaction('rw', db.settings, async () => {
    const list = await listReferences(db, procedureKey);
    const stored: StoredReference = {
      ...ref,
      id: `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      addedAt: now.toISOString(),
    };
    const kept = list.filter((r) => r.file !== ref.file);
    await setSetting(db, keyOf(procedureKey), [...kept, stored]);
    return stored;
  });
}

/** Remove one reference file; true when it was there. */
export async function deleteReference(db: OkoDb, procedureKey: string, id: string): Promise<boolean> {
  return db.transaction('rw', db.settings, async () => {
    const list = await listReferences(db, procedureKey);
    const kept = list.filter((r) => r.id !== id);
    if (kept.length === list.length) return false;
    if (kept.length) await setSetting(db, keyOf(procedureKey), kept);
    else await deleteSetting(db, keyOf(procedureKey));
    return true;
  });
}

/** Remove every reference file of a procedure. */
export async function deleteReferences(db: OkoDb, procedureKey: string): Promise<void> {
  await deleteSetting(db, keyOf(procedureKey));
}

// ---------- matching a file to a procedure ----------

export interface ProcedureFields {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
}

/** `match`: all four fields known and equal; `partial`: none differs but some are missing in the file. */
export type ReferenceFit = 'match' | 'partial' | 'mismatch';

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

export function referenceFit(file: ReferenceProcedure, p: Omit<ProcedureFields, 'key'>): ReferenceFit {
  const checks: (boolean | null)[] = [
    file.kind ? norm(file.kind) === norm(p.kind) : null,
    file.subject ? norm(file.subject) === norm(p.subject) : null,
    file.grade ? file.grade === p.grade : null,
    file.year ? file.year === p.year : null,
  ];
  if (checks.includes(false)) return 'mismatch';
  return checks.includes(null) ? 'partial' : 'match';
}

/**
 * Which stored procedures a reference file may belong to. `exact` is the one procedure it names
 * (kind, subject, grade and year all match); otherwise `candidates` lists those that nothing in the
 * file contradicts, and the user chooses.
 */
export function matchReference(
  file: ReferenceProcedure,
  procedures: readonly ProcedureFields[],
): { exact: string | null; candidates: string[] } {
  const fits = procedures.map((p) => ({ key: p.key, fit: referenceFit(file, p) }));
  const exact = fits.filter((f) => f.fit === 'match');
  if (exact.length === 1) return { exact: exact[0].key, candidates: [exact[0].key] };
  return { exact: null, candidates: fits.filter((f) => f.fit !== 'mismatch').map((f) => f.key) };
}
