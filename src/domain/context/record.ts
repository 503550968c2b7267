// Cleaning a context record read back from JSON or storage. Kept apart from the readers of files so
// that the settings registry (loaded on the page) does not pull SheetJS in.
import { EMPTY_RECORD, type ContextRecord } from './types.ts';

export const FIELDS = Object.keys(EMPTY_RECORD) as (keyof typeof EMPTY_RECORD)[];

/** The JSON type of each field (EMPTY_RECORD is all nulls). */
const EMPTY_RECORD_TYPES: Record<(typeof FIELDS)[number], string | number | boolean> = {
  name: '',
  municipality: '',
  regionCode: '',
  settlementType: 0,
  settlementSize: 0,
  transport: 0,
  special: false,
  evening: false,
  boarding: false,
  pupils: 0,
  classes: 0,
  pupilsAdapted: 0,
  teachers: 0,
  teachersHighest: 0,
  teachersYoung: 0,
  teachersPension: 0,
  computers: 0,
  internet: 0,
  inDepth: 0,
  codeOge: '',
  codeEge: '',
  ses: 0,
  urban: false,
};

/**
 * A record from JSON or storage: only the known fields, each of its own type (a hand-edited file or
 * an old stored value cannot smuggle anything else in); null without a login.
 */
export function cleanRecord(s: unknown): ContextRecord | null {
  const o = s as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || typeof o.login !== 'string' || !o.login) return null;
  const rec: ContextRecord = {
    login: o.login,
    year: typeof o.year === 'number' ? o.year : null,
    ...EMPTY_RECORD,
  };
  for (const f of FIELDS) {
    const v = o[f];
    if (v !== null && v !== undefined && typeof v === typeof EMPTY_RECORD_TYPES[f])
      (rec as unknown as Record<string, unknown>)[f] = v;
  }
  return rec;
}
