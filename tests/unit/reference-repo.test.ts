// Reference files from ФИС ОКО stored per procedure in the settings table (fake-indexeddb).
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addReference,
  deleteReference,
  deleteReferences,
  listReferences,
  matchReference,
  openDb,
  referenceFit,
  type NewReference,
  type OkoDb,
} from '../../src/db/index.ts';
import { parseReferenceReport, referenceUnitsFor } from '../../src/domain/reference/index.ts';
import { marksAoa, xlsx } from '../fixtures/reference/reference-workbooks.ts';

const KEY = 'ВПР-2026-Русский язык-4';
let db: OkoDb | undefined;
let n = 0;

async function fresh(): Promise<OkoDb> {
  db = await openDb(`reference-repo-${++n}`);
  return db;
}

afterEach(async () => {
  if (db) {
    db.close();
    await Dexie.delete(db.name);
    db = undefined;
  }
});

function parsed(file = 'marks.xlsx'): NewReference {
  const report = parseReferenceReport(xlsx([['Статистика', marksAoa()]]), file);
  return {
    file,
    procedure: report.procedure,
    units: referenceUnitsFor(report),
    ignoredSheets: report.ignoredSheets,
  };
}

describe('reference repo', () => {
  it('adds, lists and deletes the reference files of a procedure', async () => {
    const d = await fresh();
    expect(await listReferences(d, KEY)).toEqual([]);
    const a = await addReference(d, KEY, parsed('a.xlsx'));
    const b = await addReference(d, KEY, parsed('b.xlsx'));
    expect(a.id).not.toBe(b.id);
    const list = await listReferences(d, KEY);
    expect(list.map((r) => r.file)).toEqual(['a.xlsx', 'b.xlsx']);
    const russia = list[0].units.find((u) => u.level === 'russia');
    expect(russia?.uspevaemost).toBeCloseTo(100 - 5.06, 9);
    expect(russia?.kachestvo).toBeCloseTo(44.33 + 17.69, 9);
    expect(list[0].procedure).toMatchObject({ kind: 'ВПР', subject: 'Русский язык', grade: 4, year: 2026 });
    // Other procedures are not affected.
    expect(await listReferences(d, 'ВПР-2022-Математика-4')).toEqual([]);

    expect(await deleteReference(d, KEY, a.id)).toBe(true);
    expect(await deleteReference(d, KEY, a.id)).toBe(false);
    expect((await listReferences(d, KEY)).map((r) => r.file)).toEqual(['b.xlsx']);
    expect(await deleteReference(d, KEY, b.id)).toBe(true);
    expect(await d.settings.get(`reference:${KEY}`)).toBeUndefined();
  });

  it('a file of the same name replaces the earlier one; deleteReferences clears the procedure', async () => {
    const d = await fresh();
    await addReference(d, KEY, parsed('a.xlsx'));
    const again = await addReference(d, KEY, parsed('a.xlsx'));
    const list = await listReferences(d, KEY);
    expect(list).toHaveLength(1);
    expect(list[0].id).toBe(again.id);
    await deleteReferences(d, KEY);
    expect(await listReferences(d, KEY)).toEqual([]);
  });

  it('survives a reopen of the database and ignores a damaged value', async () => {
    const d = await fresh();
    await addReference(d, KEY, parsed());
    d.close();
    db = await openDb(d.name);
    expect(await listReferences(db, KEY)).toHaveLength(1);
    await db.settings.put({ key: `reference:${KEY}`, value: { not: 'a list' } });
    expect(await listReferences(db, KEY)).toEqual([]);
  });
});

describe('matching a reference file to a procedure', () => {
  const procs = [
    { key: 'ВПР-2026-Русский язык-4', kind: 'ВПР', subject: 'Русский язык', grade: 4, year: 2026 },
    { key: 'ВПР-2025-Русский язык-4', kind: 'ВПР', subject: 'Русский язык', grade: 4, year: 2025 },
    { key: 'ВПР-2022-Математика-4', kind: 'ВПР', subject: 'Математика', grade: 4, year: 2022 },
  ];

  it('one exact match', () => {
    const file = { kind: 'ВПР', subject: 'русский  язык', grade: 4, year: 2026 };
    expect(referenceFit(file, procs[0])).toBe('match');
    expect(referenceFit(file, procs[1])).toBe('mismatch');
    expect(matchReference(file, procs)).toEqual({ exact: procs[0].key, candidates: [procs[0].key] });
  });

  it('a file without year or grade is ambiguous: the user chooses among the candidates', () => {
    const file = { kind: 'ВПР', subject: 'Русский язык', grade: 4, year: 0 };
    expect(referenceFit(file, procs[0])).toBe('partial');
    expect(matchReference(file, procs)).toEqual({ exact: null, candidates: [procs[0].key, procs[1].key] });
    const bare = { kind: '', subject: '', grade: 0, year: 0 };
    expect(matchReference(bare, procs).candidates).toHaveLength(3);
  });

  it('no stored procedure fits', () => {
    const file = { kind: 'ВПР', subject: 'История', grade: 5, year: 2024 };
    expect(matchReference(file, procs)).toEqual({ exact: null, candidates: [] });
  });
});
