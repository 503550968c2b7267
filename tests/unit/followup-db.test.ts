// Follow-up check sheets against the real storage layer (fake-indexeddb): the v3 → v4 migration,
// the worker API over the DB (an import with bad cells writes nothing), backups and restores carry
// the sheets, exchange packages never do.
import Dexie from 'dexie';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import {
  exportBackup,
  loadDataset,
  openDb,
  restoreBackup,
  saveDataset,
  type OkoDb,
} from '../../src/db/index.ts';
import { getFollowup, listFollowups, putFollowup } from '../../src/db/followups-repo.ts';
import { readBackupFile, writeBackupFile } from '../../src/domain/backup/index.ts';
import { generateDemoBundle } from '../../src/domain/demo/generate.ts';
import { DEMO_FOLLOWUP_PROCEDURE } from '../../src/domain/demo/followup.ts';
import { SHEET_NAME, type FollowupSheet } from '../../src/domain/followup/index.ts';
import { procedureId } from '../../src/domain/model.ts';
import { createExchangeApi } from '../../workers/exchange.api.ts';
import { createFollowupApi } from '../../workers/followup.api.ts';
import { LATEST_VERSION, SCHEMA_V3, SCHEMA_V4 } from '../../src/db/schema.ts';

const bundle = generateDemoBundle();
const ds = bundle.datasets.find((d) => procedureId(d.meta.procedure) === DEMO_FOLLOWUP_PROCEDURE)!;
const [demoSheet] = bundle.followups;

const opened: Dexie[] = [];
let seq = 0;
const uniqueName = () => `oko-followup-${process.pid}-${Date.now()}-${seq++}`;
async function freshDb(): Promise<OkoDb> {
  const db = await openDb(uniqueName());
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function api(db: OkoDb) {
  return createFollowupApi({
    loadDataset: (key) => loadDataset(db, key),
    listProcedures: async () => (await db.procedures.toArray()).map((p) => ({ ...p })),
    getFollowup: (id) => getFollowup(db, id),
    listFollowups: (key, school) => listFollowups(db, key, school),
    putFollowup: (s) => putFollowup(db, s),
    today: () => '2026-12-01',
    now: () => '2026-12-01T10:00:00.000Z',
  });
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('followups table', () => {
  it('migrates a v3 database to v4: data intact, the empty followups table added', async () => {
    expect(LATEST_VERSION).toBe(4);
    const name = uniqueName();
    const v3 = await openDb(name, { schemaVersion: 3 });
    expect(v3.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_V3).sort());
    await saveDataset(v3, ds);
    v3.close();
    const v4 = await openDb(name);
    opened.push(v4);
    expect(v4.verno).toBe(4);
    expect(v4.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_V4).sort());
    expect(await v4.followups.count()).toBe(0);
    const back = await loadDataset(v4, DEMO_FOLLOWUP_PROCEDURE);
    expect(back.pupils.n).toBe(ds.pupils.n);
    await putFollowup(v4, demoSheet);
    expect(await getFollowup(v4, demoSheet.id)).toEqual(demoSheet);
  });

  it('the API makes, edits and imports a sheet; a bad XLSX writes nothing', async () => {
    const db = await freshDb();
    await saveDataset(db, ds);
    const a = api(db);
    const cls = ds.meta.classes[0];
    const opened1 = ok(await a.open(DEMO_FOLLOWUP_PROCEDURE, cls.id));
    expect(opened1.sheet.items).toEqual(demoSheet.items);
    expect(ok(await a.classes(DEMO_FOLLOWUP_PROCEDURE)).find((c) => c.classId === cls.id)?.stored).toBe(true);
    const id = opened1.sheet.id;
    ok(await a.addRound(id, '2026-10-16'));
    const v = ok(await a.setCell(id, '2026-10-16', 0, 'formed'));
    expect(v.summary.statuses[0]).toBe('closing');
    const future = await a.addRound(id, '2026-12-02');
    expect(future.ok || future.error.message).toMatch(/позже сегодняшней/);

    const before = await getFollowup(db, id);
    const file = ok(await a.sheetXlsx(id));
    const wb = XLSX.read(file.bytes, { type: 'array' });
    const ws = wb.Sheets[SHEET_NAME];
    ws['G4'] = { t: 's', v: '20.11.2026' };
    ws['G5'] = { t: 's', v: 'с' };
    ws['G6'] = { t: 's', v: 'отлично' }; // text in a score cell
    const bad = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const r = await a.importXlsx(id, bad, 'лист.xlsx');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({
        kind: 'import',
        file: 'лист.xlsx',
        sheet: SHEET_NAME,
        row: 6,
        column: 'G',
      });
      expect(r.error.message).toMatch(/строка 6, столбец G: в ячейке «отлично»/);
    }
    expect(await getFollowup(db, id)).toEqual(before);

    ws['G6'] = { t: 's', v: 'н' };
    const good = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const after = ok(await a.importXlsx(id, good, 'лист.xlsx'));
    expect(after.sheet.rounds.map((x) => x.date)).toEqual(['2026-10-16', '2026-11-20']);
    expect(after.sheet.rounds[1].results.slice(0, 2)).toEqual(['formed', 'unformed']);
    expect(after.summary.statuses[0]).toBe('closed');
    expect(await getFollowup(db, id)).toEqual(after.sheet);
  });

  it('a later work of the same skills counts as a check (all skills matched by text)', async () => {
    const db = await freshDb();
    await saveDataset(db, ds);
    // The same cohort a year later, written exactly as before: every deficit is still one.
    const P = ds.meta.procedure;
    const later = {
      ...ds,
      meta: { ...ds.meta, fileHash: 'later-work', procedure: { ...P, year: 2027, grade: 6 } },
    };
    await saveDataset(db, later);
    const laterKey = procedureId(later.meta.procedure);
    const a = api(db);
    const id = ok(await a.open(DEMO_FOLLOWUP_PROCEDURE, demoSheet.classId)).sheet.id;
    expect(ok(await a.laterCandidates(id)).map((c) => c.key)).toEqual([laterKey]);
    const preview = ok(await a.laterPreview(id, laterKey));
    expect(preview.matches.every((m) => m.by === 'skill' || m.kind === 'task')).toBe(true);
    const future = await a.applyLater(id, laterKey, '2027-05-01');
    expect(future.ok || future.error.message).toMatch(/позже сегодняшней/);
    const v = ok(await a.applyLater(id, laterKey, '2026-11-30'));
    const round = v.sheet.rounds.find((r) => r.date === '2026-11-30')!;
    v.sheet.items.forEach((it, i) => {
      if (it.kind === 'task') return;
      expect(round.results[i]).toBe(it.startScore > 0 ? 'partial' : 'unformed');
    });
    expect(await getFollowup(db, id)).toEqual(v.sheet);
  });

  it('a backup carries the sheets; restore (replace and merge) brings them back; damage is refused', async () => {
    const db = await freshDb();
    await saveDataset(db, ds);
    await putFollowup(db, demoSheet);
    const bytes = await exportBackup(db);
    const { tables } = await readBackupFile(bytes, { maxDbVersion: LATEST_VERSION });
    expect(tables.followups).toEqual([demoSheet]);

    const other = await freshDb();
    await restoreBackup(other, bytes, { mode: 'replace' });
    expect(await other.followups.toArray()).toEqual([demoSheet]);

    const merged = await freshDb();
    await restoreBackup(merged, bytes, { mode: 'merge' });
    expect(await merged.followups.toArray()).toEqual([demoSheet]);

    // A one-procedure copy carries its sheets too.
    const one = await exportBackup(db, { scope: { procedureKey: DEMO_FOLLOWUP_PROCEDURE } });
    expect((await readBackupFile(one, { maxDbVersion: LATEST_VERSION })).tables.followups).toEqual([
      demoSheet,
    ]);

    // A damaged sheet (a round shorter than the items) fails the whole restore: nothing written.
    const broken: FollowupSheet = {
      ...demoSheet,
      rounds: [{ ...demoSheet.rounds[0], results: demoSheet.rounds[0].results.slice(1) }],
    };
    const header = {
      appVersion: 't',
      dbVersion: LATEST_VERSION,
      scope: 'all' as const,
      createdAt: '2026-12-01T00:00:00.000Z',
      includesNames: false,
    };
    const damaged = await writeBackupFile({ ...tables, followups: [broken] }, header);
    const empty = await freshDb();
    await expect(restoreBackup(empty, damaged, { mode: 'replace' })).rejects.toThrow(
      /лист контрольных точек/,
    );
    expect(await empty.followups.count()).toBe(0);
    expect(await empty.procedures.count()).toBe(0);
  });

  it('exchange packages never hold a sheet', async () => {
    const db = await freshDb();
    await saveDataset(db, ds);
    await putFollowup(db, demoSheet);
    const ex = createExchangeApi({
      listProcedures: async () => [{ key: DEMO_FOLLOWUP_PROCEDURE, ...ds.meta.procedure, tasks: undefined }],
      loadDataset: (key) => loadDataset(db, key),
    });
    const pkg = ok(await ex.exportPackage(DEMO_FOLLOWUP_PROCEDURE, demoSheet.school));
    const text = pkg.text;
    expect(text.length).toBeGreaterThan(100);
    expect(JSON.parse(text).school.login).toBe(demoSheet.school);
    for (const needle of [
      demoSheet.id,
      ...demoSheet.rounds.map((r) => r.date),
      'followup',
      'rounds',
      'сформировано',
    ])
      expect(text).not.toContain(needle);
    for (const code of new Set(demoSheet.items.map((i) => i.code))) expect(text).not.toContain(`"${code}"`);
  });
});
