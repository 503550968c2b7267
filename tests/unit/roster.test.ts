// The local class list: parsing a teacher's table, storing it by school, and keeping the names out of
// a backup unless the user asks for them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readBackupFile } from '../../src/domain/backup/index.ts';
import { RosterParseError, decodeCsv, parseRoster, splitCsv } from '../../src/domain/roster/parse-roster.ts';
import {
  LATEST_VERSION,
  deleteRoster,
  exportBackup,
  getAdapted,
  getRoster,
  listAdapted,
  inspectBackup,
  listRosters,
  openDb,
  restoreBackup,
  saveAdapted,
  saveRoster,
  setSetting,
  type OkoDb,
} from '../../src/db/index.ts';

describe('parseRoster', () => {
  it('reads «Код участника» + «ФИО» under a title row', () => {
    const r = parseRoster([
      ['Список 4А класса'],
      ['№', 'Код участника', 'ФИО'],
      [1, 10001, '  Иванов   Иван '],
      [2, '10002', 'Петрова Анна'],
      [3, '', ''],
      [4, '10004', ''],
      [5, '10002', 'Петрова Анна Сергеевна'],
    ]);
    expect(r.entries).toEqual({ '10001': 'Иванов Иван', '10002': 'Петрова Анна Сергеевна' });
    expect(r.skipped).toEqual([6]);
    expect(r.duplicates).toEqual(['10002']);
  });

  it('joins «Фамилия» and «Имя» columns; «Код» and «Фамилия Имя» headers', () => {
    expect(
      parseRoster([
        ['Код', 'Фамилия', 'Имя'],
        ['7', 'Сидоров', 'Пётр'],
      ]).entries,
    ).toEqual({
      '7': 'Сидоров Пётр',
    });
    expect(
      parseRoster([
        ['код:', 'Фамилия имя'],
        ['8', 'Ёлкина Ольга'],
      ]).entries,
    ).toEqual({
      '8': 'Ёлкина Ольга',
    });
  });

  it('a table without the columns or without rows is a Russian error', () => {
    expect(() => parseRoster([['Номер', 'Имя']])).toThrow(RosterParseError);
    expect(() => parseRoster([['Код', 'ФИО']])).toThrow(/ни одной строки/);
  });

  it('CSV: separators, quotes, BOM and Windows-1251', () => {
    expect(splitCsv('\uFEFFКод;ФИО\r\n1;"Иванов; Иван"\r\n2;"Ка""зак"\n')).toEqual([
      ['Код', 'ФИО'],
      ['1', 'Иванов; Иван'],
      ['2', 'Ка"зак'],
    ]);
    expect(splitCsv('Код,ФИО\n3,Орлов Олег')).toEqual([
      ['Код', 'ФИО'],
      ['3', 'Орлов Олег'],
    ]);
    // «Код» in Windows-1251.
    const cp1251 = Uint8Array.from([0xca, 0xee, 0xe4]);
    expect(decodeCsv(cp1251)).toBe('Код');
    expect(decodeCsv(new TextEncoder().encode('ФИО'))).toBe('ФИО');
  });
});

describe('roster storage and backups', () => {
  let db: OkoDb;
  const name = `roster-test-${Math.random().toString(36).slice(2)}`;
  beforeEach(async () => {
    db = await openDb(name);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(name);
  });

  const NAMES = { '10001': 'Иванов Иван', '10002': 'Петрова Анна' };

  it('stores, extends, lists and deletes a school list', async () => {
    expect(await saveRoster(db, 'sch123', NAMES)).toBe(2);
    expect(await saveRoster(db, 'sch123', { '10003': 'Орлов Олег' }, { merge: true })).toBe(3);
    expect(await getRoster(db, 'sch123')).toMatchObject({ '10003': 'Орлов Олег' });
    expect(await listRosters(db)).toEqual([{ login: 'sch123', count: 3 }]);
    await deleteRoster(db, 'sch123');
    expect(await getRoster(db, 'sch123')).toEqual({});
  });

  async function decodedSettings(bytes: Uint8Array): Promise<{ key: string; value: unknown }[]> {
    const { tables } = await readBackupFile(bytes, { maxDbVersion: LATEST_VERSION });
    return ((tables as Record<string, unknown>).settings ?? []) as { key: string; value: unknown }[];
  }

  it('a backup leaves the names out by default', async () => {
    await saveRoster(db, 'sch123', NAMES);
    await setSetting(db, 'backupIntervalDays', 14);
    const bytes = await exportBackup(db);
    expect(inspectBackup(bytes).includesNames).toBe(false);
    const settings = await decodedSettings(bytes);
    expect(settings.some((s) => s.key === 'backupIntervalDays')).toBe(true);
    expect(settings.some((s) => s.key.startsWith('roster:'))).toBe(false);
    // Not a byte of a name anywhere in the (uncompressed) file either.
    const plain = new TextDecoder().decode(await exportBackup(db, { compress: false }));
    expect(plain).not.toContain('Иванов');
    expect(plain).not.toContain('Петрова');
  });

  it('with includeNames the lists are in the file and come back on restore', async () => {
    await saveRoster(db, 'sch123', NAMES);
    const bytes = await exportBackup(db, { includeNames: true });
    expect(inspectBackup(bytes).includesNames).toBe(true);
    const settings = await decodedSettings(bytes);
    expect(settings.find((s) => s.key === 'roster:sch123')?.value).toEqual(NAMES);

    const other = `${name}-b`;
    const db2 = await openDb(other);
    try {
      await restoreBackup(db2, bytes, { mode: 'replace' });
      expect(await getRoster(db2, 'sch123')).toEqual(NAMES);
    } finally {
      db2.close();
      await Dexie.delete(other);
    }
  });

  it('АООП marks: set and cleared by a list with the column, listed, private like names, removed with the list', async () => {
    await saveRoster(db, 'sch123', NAMES);
    expect(await saveAdapted(db, 'sch123', { '10001': true, '10002': false })).toBe(1);
    expect(await saveAdapted(db, 'sch123', { '10003': true })).toBe(2);
    expect(await saveAdapted(db, 'sch123', { '10001': false })).toBe(1);
    expect(await getAdapted(db, 'sch123')).toEqual(['10003']);
    expect(await listAdapted(db)).toEqual({ sch123: ['10003'] });
    expect(await listRosters(db)).toEqual([{ login: 'sch123', count: 2, adapted: 1 }]);
    const without = await decodedSettings(await exportBackup(db));
    expect(without.some((s) => s.key.startsWith('adapted:'))).toBe(false);
    const withNames = await decodedSettings(await exportBackup(db, { includeNames: true }));
    expect(withNames.find((s) => s.key === 'adapted:sch123')?.value).toEqual(['10003']);
    await deleteRoster(db, 'sch123');
    expect(await getAdapted(db, 'sch123')).toEqual([]);
    expect(await listAdapted(db)).toEqual({});
  });

  it('restoring a copy without names keeps this device’s lists', async () => {
    const bytes = await exportBackup(db); // before any list exists
    await saveRoster(db, 'sch123', NAMES);
    await restoreBackup(db, bytes, { mode: 'replace' });
    expect(await getRoster(db, 'sch123')).toEqual(NAMES);
  });
});
