// The context form in the app: imported through the objectivity worker's API on a real (fake-indexeddb)
// database, kept per school and year, in backups; the form's personal data never reaches IndexedDB,
// the stored file or a backup.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createObjectivityApi } from '../../workers/objectivity.api';
import { exportBackup, getSetting, openDb, restoreBackup, setSetting, settingKeys } from '../../src/db';
import { loadContextRecords, saveContextRecords } from '../../src/db/context-repo';
import { mulberry32 } from '../../src/domain/demo/prng';
import { writeForm2021, writeForm2022 } from '../../src/domain/context/form-writer';
import { syntheticRegion } from '../../src/domain/context/synthetic';

let counter = 0;
async function setup() {
  const db = await openDb(`context-test-${Date.now()}-${counter++}`);
  const api = createObjectivityApi({
    listProcedures: async () => [],
    loadDataset: async () => {
      throw new Error('not used');
    },
    getContext: async () => getSetting(db, settingKeys.schoolContext),
    setContext: async (v) => setSetting(db, settingKeys.schoolContext, v),
    saveContextRecords: async (p) => saveContextRecords(db, p),
  });
  return { db, api };
}

const decode = (b: Uint8Array) => new TextDecoder().decode(b);
/** Everything the settings table holds, as text (byte values decoded). */
async function settingsText(db: Awaited<ReturnType<typeof openDb>>): Promise<string> {
  const rows = await db.settings.toArray();
  return JSON.stringify(rows, (_, v) => (v instanceof Uint8Array ? decode(v) : v));
}

describe('context form in the app', () => {
  const { schools } = syntheticRegion(mulberry32(21), { capital: 5, town: 6, rural: 8, special: 2 });
  const pii = schools.flatMap((s) => [s.director, s.phone, s.email, s.inn]);

  it('import: the form is accepted, kept per school and year, and no personal data is stored', async () => {
    const { db, api } = await setup();
    const a = await api.saveContext(writeForm2021(schools), 'Сбор контекстных данных об ОО (2021).xlsx');
    const b = await api.saveContext(
      writeForm2022(schools.slice(3)),
      'Сбор контекстных данных об ОО (2022).xlsx',
    );
    expect(a).toEqual({
      ok: true,
      value: { fileName: 'Сбор контекстных данных об ОО (2021).xlsx', schools: schools.length },
    });
    expect(b.ok).toBe(true);
    const ctx = await api.context();
    expect(ctx).toEqual({
      ok: true,
      value: { fileName: 'Сбор контекстных данных об ОО (2022).xlsx', schools: schools.length - 3 },
    });
    const records = await loadContextRecords(db);
    expect(records.filter((r) => r.year === 2021)).toHaveLength(schools.length);
    expect(records.filter((r) => r.year === 2022)).toHaveLength(schools.length - 3);
    expect(records.find((r) => r.login === schools[0].login)!.settlementType).toBe(schools[0].settlementType);
    const text = await settingsText(db);
    expect(text).toContain(schools[5].login); // the search does find what is stored
    for (const x of pii) expect(text).not.toContain(x);
    db.close();
  });

  it('backups carry the records and no personal data; a restore brings them back', async () => {
    const { db, api } = await setup();
    await api.saveContext(writeForm2022(schools), 'форма.xlsx');
    const file = await exportBackup(db, { compress: false });
    const text = new TextDecoder('utf-8', { fatal: false }).decode(file);
    expect(text).toContain(schools[0].login);
    for (const x of pii) expect(text).not.toContain(x);
    const target = await openDb(`context-test-${Date.now()}-${counter++}`);
    await restoreBackup(target, file, { mode: 'replace' });
    expect(await loadContextRecords(target)).toEqual(await loadContextRecords(db));
    db.close();
    target.close();
  });

  it('the simple table still imports as before (its bytes kept as given)', async () => {
    const { db, api } = await setup();
    const csv = new TextEncoder().encode('Логин ОО;Тип поселения;Индекс благополучия\nsch1;город;0,5\n');
    const r = await api.saveContext(csv, 'context.csv');
    expect(r).toEqual({ ok: true, value: { fileName: 'context.csv', schools: 1 } });
    expect((await getSetting(db, settingKeys.schoolContext))!.bytes).toEqual(csv);
    db.close();
  });

  it('a file that is neither: a Russian input error, nothing stored', async () => {
    const { db, api } = await setup();
    const r = await api.saveContext(new TextEncoder().encode('a;b\n1;2\n'), 'x.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Файл контекста не прочитан: «x\.csv»: это не форма ФИС ОКО/);
    expect(await db.settings.count()).toBe(0);
    db.close();
  });

  it('a stored value with unknown fields reads back without them', async () => {
    const { db } = await setup();
    await db.settings.put({
      key: 'contextYear:2021',
      value: [{ login: 'x', director: 'Петров', settlementType: 2 }],
    });
    const r = await loadContextRecords(db);
    expect(r).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain('Петров');
    db.close();
  });
});

describe('the demo gains a context form in the official layout', () => {
  it('2022 layout with personal-data columns; the demo stores its answers per school, without them', async () => {
    const { generateDemoBundle } = await import('../../src/domain/demo/generate');
    const { saveDemo } = await import('../../src/db');
    const demo = generateDemoBundle();
    const wb = XLSX.read(demo.contextForm.bytes);
    expect(wb.SheetNames).toContain('Общая информация об ОО');
    const head = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['Общая информация об ОО'], { header: 1 })[0];
    expect(head).toContain('Пользователь');
    expect(head).toContain('3.\tФИО директора');
    const logins = demo.datasets[0].meta.schools.map((s) => s.login);
    expect(new Set(demo.contextForm.records.map((r) => r.login))).toEqual(new Set(logins));
    const db = await openDb(`context-test-${Date.now()}-${counter++}`);
    await saveDemo(db, demo);
    const stored = await loadContextRecords(db);
    expect(stored.map((r) => r.year)).toEqual(logins.map(() => 2026));
    expect(await settingsText(db)).not.toMatch(/Иванова Мария|@school\.example/);
    db.close();
  });
});
