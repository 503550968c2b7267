// Backup and restore against the real storage layer (fake-indexeddb): round trip of every table,
// passphrases, damage, merge, atomicity.
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CellCode, type Dataset, type TaskSpec } from '../../src/domain/model.ts';
import { writeBackupFile } from '../../src/domain/backup/index.ts';
import { encodePrefix, finishFile, readPrefix } from '../../src/domain/backup/container.ts';
import {
  BackupError,
  DbError,
  LATEST_VERSION,
  exportBackup,
  getSetting,
  listImports,
  listRechecks,
  loadDataset,
  loadRecheck,
  openDb,
  inspectBackup,
  restoreBackup,
  saveDataset,
  saveRecheck,
  setSetting,
  type OkoDb,
} from '../../src/db/index.ts';

// ---------- fixtures ----------

const TASKS: TaskSpec[] = [
  { id: '1', max: 1, level: 'Б' },
  { id: '2', max: 2, level: 'П' },
  { id: '3.1', max: 3, level: 'В' },
];
const MATH = 'ВПР-2021-Математика-5';
const RUS = 'ВПР-2021-Русский язык-5';

/** Deterministic dataset: `perSchool` pupils in each school, two classes per school, some absent. */
function dataset(
  file: string,
  subject: string,
  logins: string[],
  perSchool: number,
  tasks: TaskSpec[] = TASKS,
  seed = 1,
): Dataset {
  let s = seed;
  const rnd = (k: number) => ((s = (s * 1103515245 + 12345) >>> 0) % k) as number;
  const n = logins.length * perSchool;
  const school = Uint32Array.from({ length: n }, (_, i) => Math.floor(i / perSchool));
  const absent = Uint8Array.from({ length: n }, () => (rnd(20) === 0 ? 1 : 0));
  return {
    meta: {
      file,
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: {
        kind: 'ВПР',
        subject,
        grade: 5,
        year: 2021,
        tasks,
        scale: [
          [0, 3],
          [4, 6],
          [7, 8],
          [9, 10],
        ],
      },
      maximaSource: 'header',
      taskHeaders: tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [{ id: 'reg22_m019', name: 'Бийск' }],
      schools: logins.map((login, k) => ({ login, name: `Школа ${k + 1}`, municipalityId: 'reg22_m019' })),
      classes: logins.flatMap((login, k) => [
        { id: `${login}/5А`, school: k, label: '5А' },
        { id: `${login}/5Б`, school: k, label: '5Б' },
      ]),
      warnings: [
        {
          kind: 'above-max',
          file,
          sheet: 'Лист1',
          row: 4,
          column: '2 (2б)',
          message: 'Балл 5 больше максимума 2',
        },
      ],
      fileHash: `hash-${file}`,
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from({ length: n }, (_, i) => i + 2),
      code: Array.from({ length: n }, (_, i) => String(100000 + seed * 1000 + i)),
      school,
      classIdx: Int32Array.from(school, (sc) => (rnd(50) === 0 ? -1 : 2 * sc + rnd(2))),
      absent,
      variant: Uint16Array.from(absent, (a) => (a ? 0 : 1 + rnd(2))),
      journal: Uint8Array.from(absent, (a) => (a ? 0 : 2 + rnd(4))),
      sex: Uint8Array.from({ length: n }, () => rnd(3)),
      scores: tasks.map((t) => Uint8Array.from(absent, (a) => (a ? 0 : rnd(t.max + 1)))),
      codes: tasks.map(() =>
        Uint8Array.from(absent, (a) => (a ? CellCode.EMPTY : rnd(10) === 0 ? CellCode.X : 0)),
      ),
    },
  };
}

const mathA = () => dataset('a.xlsx', 'Математика', ['sch1', 'sch2'], 12, TASKS, 1);
/** Same procedure, other school, tasks listed in another order. */
const mathB = () => dataset('b.csv', 'Математика', ['sch3'], 9, [TASKS[2], TASKS[0], TASKS[1]], 2);
const rusC = () => dataset('c.xlsx', 'Русский язык', ['sch1', 'sch4'], 10, TASKS, 3);

/** A re-check of `ds`: every other present pupil, the commission one point lower where it can be. */
function recheckOf(ds: Dataset, file: string): Dataset {
  const keep = [...ds.pupils.code.keys()].filter((i) => !ds.pupils.absent[i]).filter((_, k) => k % 2 === 0);
  const pick = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T): T =>
    keep
      .map((i) => a[i])
      .reduce((out, v, j) => ((out[j] = v), out), new (a.constructor as new (n: number) => T)(keep.length));
  const p = ds.pupils;
  return {
    meta: { ...ds.meta, file, fileHash: `hash-${file}`, warnings: [] },
    pupils: {
      n: keep.length,
      sourceRow: pick(p.sourceRow),
      code: keep.map((i) => p.code[i]),
      school: pick(p.school),
      classIdx: pick(p.classIdx),
      absent: pick(p.absent),
      variant: pick(p.variant),
      journal: pick(p.journal),
      sex: pick(p.sex),
      scores: p.scores.map((col) => Uint8Array.from(keep, (i) => Math.max(0, col[i] - 1))),
      codes: p.codes.map(pick),
    },
  };
}

let counter = 0;
const opened: OkoDb[] = [];
async function freshDb(): Promise<OkoDb> {
  const db = await openDb(`backup-test-${Date.now()}-${counter++}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A DB with 2 procedures, 3 imports and settings (one of them device-local). */
async function filledDb(): Promise<OkoDb> {
  const db = await freshDb();
  for (const ds of [mathA(), mathB(), rusC()]) await saveDataset(db, ds);
  await setSetting(db, 'lastProcedureKey', RUS);
  await setSetting(db, 'storagePersisted', true);
  return db;
}

/** Every row of every table, typed arrays as {type, bytes}: equality means byte-equal. */
async function snapshot(db: OkoDb): Promise<Record<string, unknown[]>> {
  const canon = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v)) {
      return {
        type: v.constructor.name,
        bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'),
      };
    }
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
    return v;
  };
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = (await table.toArray()).map(canon);
  return out;
}

const withoutDevice = (snap: Record<string, unknown[]>) => ({
  ...snap,
  settings: snap.settings.filter((s) => (s as { key: string }).key !== 'storagePersisted'),
});

async function rejection(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

/** Flip one byte; with `fixChecksum` the SHA-256 trailer is recomputed, as a deliberate edit would. */
async function flip(file: Uint8Array, at: number, fixChecksum = false): Promise<Uint8Array> {
  const bad = file.slice();
  bad[at] ^= 0x20;
  if (!fixChecksum) return bad;
  const body = bad.subarray(0, bad.length - 32);
  const sum = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  bad.set(sum, bad.length - 32);
  return bad;
}

// ---------- tests ----------

describe('backup → wipe → restore', () => {
  it('gives back every table row by row, typed arrays byte-equal', async () => {
    const db = await filledDb();
    await saveRecheck(db, recheckOf(mathA(), 'a-перепроверка.xlsx'), MATH);
    const recheck = await loadRecheck(db, MATH);
    const stages: string[] = [];
    const file = await exportBackup(db, { onProgress: (_, s) => stages.push(s) });
    expect(stages.at(-1)).toBe('Резервная копия готова');
    const header = inspectBackup(file);
    expect(header).toMatchObject({
      format: 'oko-backup/v1',
      dbVersion: LATEST_VERSION,
      scope: 'all',
      encrypted: false,
      includesNames: false,
      tables: { procedures: 2, imports: 3, schools: 5, chunks: 5, warnings: 3, settings: 1, rechecks: 1 },
    });
    // The export is recorded for the reminder, with the header's own time.
    expect(await getSetting(db, 'lastBackupAt')).toBe(header.createdAt);
    const original = await snapshot(db);
    const originalMath = await loadDataset(db, MATH);

    const name = db.name;
    db.close();
    await Dexie.delete(name);
    const restored = await openDb(name);
    opened.push(restored);
    expect((await snapshot(restored)).chunks).toEqual([]);

    const result = await restoreBackup(restored, file, { mode: 'replace' });
    expect(result.added).toEqual({ procedures: 2, imports: 3, pupils: 24 + 9 + 20 });
    expect(result.skipped).toEqual([]);
    // Device-local settings (storage persistence) are not carried to another device.
    expect(await snapshot(restored)).toEqual(withoutDevice(original));
    expect(await getSetting(restored, 'storagePersisted')).toBeUndefined();

    expect(await loadDataset(restored, MATH)).toEqual(originalMath);
    expect(await loadRecheck(restored, MATH)).toEqual(recheck);
  });

  it('re-checks travel with their procedure: one-procedure copy, merge with reordered tasks', async () => {
    const db = await filledDb();
    const r = await saveRecheck(db, recheckOf(mathB(), 'b-перепроверка.xlsx'), MATH);
    expect(r.matched).toBeGreaterThan(0);
    const recheck = (await loadRecheck(db, MATH))!;
    const rus = await exportBackup(db, { scope: { procedureKey: RUS } });
    expect(inspectBackup(rus).tables.rechecks).toBe(0);
    const math = await exportBackup(db, { scope: { procedureKey: MATH } });
    expect(inspectBackup(math).tables.rechecks).toBe(1);

    // The target defined Математика with the tasks in another order: the commission's columns follow.
    const target = await freshDb();
    await saveDataset(target, dataset('x.csv', 'Математика', ['sch7'], 4, [TASKS[1], TASKS[2], TASKS[0]], 7));
    const result = await restoreBackup(target, math, { mode: 'merge' });
    expect(result.skipped).toEqual([]);
    const merged = (await loadRecheck(target, MATH))!;
    expect(merged.meta.procedure.tasks.map((t) => t.id)).toEqual(['2', '3.1', '1']);
    const col = (ds: Dataset, task: string) =>
      ds.pupils.scores[ds.meta.procedure.tasks.findIndex((t) => t.id === task)];
    expect(merged.pupils.code).toEqual(recheck.pupils.code);
    for (const t of ['1', '2', '3.1']) expect(col(merged, t)).toEqual(col(recheck, t));

    // Merging again: the re-check is recognised, not doubled.
    const again = await restoreBackup(target, math, { mode: 'merge' });
    expect(again.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['a.xlsx', 'duplicate'],
      ['b.csv', 'duplicate'],
      ['b-перепроверка.xlsx', 'duplicate'],
    ]);
    expect(await listRechecks(target)).toHaveLength(1);

    // Replacing the procedure from its copy replaces its re-checks too.
    await restoreBackup(target, math, { mode: 'replace' });
    expect((await listRechecks(target)).map((x) => x.file)).toEqual(['b-перепроверка.xlsx']);
  });

  it('a damaged re-check row is refused before anything is written', async () => {
    const db = await filledDb();
    await saveRecheck(db, recheckOf(mathA(), 'a-перепроверка.xlsx'), MATH);
    const rows: Record<string, unknown[]> = {};
    for (const t of db.tables) rows[t.name] = await t.toArray();
    const bad = rows.rechecks[0] as { scores: Uint8Array[] };
    bad.scores[0] = bad.scores[0].slice(1);
    const file = await writeBackupFile(rows, {
      appVersion: 'test',
      dbVersion: LATEST_VERSION,
      scope: 'all',
      createdAt: '2026-01-01T00:00:00.000Z',
      includesNames: false,
    });
    const target = await freshDb();
    const before = await snapshot(target);
    await expect(restoreBackup(target, file, { mode: 'replace' })).rejects.toThrow(
      /перепроверки «a-перепроверка\.xlsx»/,
    );
    expect(await snapshot(target)).toEqual(before);
  });

  it('replace over existing data removes it and keeps this device’s settings', async () => {
    const source = await filledDb();
    const file = await exportBackup(source);
    const db = await freshDb();
    await saveDataset(db, dataset('other.xlsx', 'История', ['sch9'], 5));
    await setSetting(db, 'storagePersisted', false);
    const result = await restoreBackup(db, file, { mode: 'replace' });
    expect(result.removed).toEqual({ procedures: 1, imports: 1 });
    expect((await snapshot(db)).procedures).toEqual((await snapshot(source)).procedures);
    expect(await getSetting(db, 'storagePersisted')).toBe(false);
  });

  it('a one-procedure backup restores only that procedure and does not reset the reminder', async () => {
    const db = await filledDb();
    const file = await exportBackup(db, { scope: { procedureKey: RUS } });
    expect(await getSetting(db, 'lastBackupAt')).toBeUndefined();
    expect(inspectBackup(file)).toMatchObject({
      scope: { procedureKey: RUS },
      tables: { procedures: 1, imports: 1, schools: 2, chunks: 2, warnings: 1 },
    });
    const before = await snapshot(db);
    const target = await freshDb();
    await saveDataset(target, mathA());
    const result = await restoreBackup(target, file, { mode: 'replace' });
    expect(result.removed).toEqual({ procedures: 0, imports: 0 });
    expect(result.added).toMatchObject({ procedures: 1, imports: 1 });
    expect((await listImports(target)).map((i) => i.file).sort()).toEqual(['a.xlsx', 'c.xlsx']);
    // Replacing the same procedure in the source DB gives the same rows (with a new import id).
    await restoreBackup(db, file, { mode: 'replace' });
    const after = await snapshot(db);
    expect(after.chunks.length).toBe(before.chunks.length);
    expect((await loadDataset(db, RUS)).pupils.code).toEqual((await loadDataset(target, RUS)).pupils.code);
    await expect(exportBackup(db, { scope: { procedureKey: 'нет такой' } })).rejects.toThrow(DbError);
  });
});

describe('encrypted backup', () => {
  let source: OkoDb;
  let file: Uint8Array;
  beforeAll(async () => {
    source = await filledDb();
    opened.splice(opened.indexOf(source), 1); // kept across the tests of this block
    file = await exportBackup(source, { passphrase: 'Ёжик в тумане 2026' });
  });
  afterAll(async () => {
    source.close();
    await Dexie.delete(source.name);
  });

  it('stores PBKDF2 ≥ 600 000 iterations, salt and IV in the header', () => {
    const h = inspectBackup(file);
    expect(h.encrypted).toBe(true);
    expect(h.encryption).toMatchObject({ cipher: 'AES-GCM', keyBits: 256, kdf: 'PBKDF2', hash: 'SHA-256' });
    expect(h.encryption!.iterations).toBeGreaterThanOrEqual(600_000);
    expect(Buffer.from(h.encryption!.salt, 'base64').length).toBe(16);
    expect(Buffer.from(h.encryption!.iv, 'base64').length).toBe(12);
  });

  it('restores only with the right passphrase; otherwise the DB is unchanged', async () => {
    const db = await freshDb();
    await saveDataset(db, dataset('other.xlsx', 'История', ['sch9'], 5));
    const before = await snapshot(db);

    const missing = await rejection(restoreBackup(db, file, { mode: 'replace' }));
    expect((missing as BackupError).code).toBe('passphrase-required');
    let t = performance.now();
    const wrong = await rejection(
      restoreBackup(db, file, { mode: 'replace', passphrase: 'ёжик в тумане 2026' }),
    );
    console.log(`PBKDF2 600k + failed decrypt: ${(performance.now() - t).toFixed(0)} ms`);
    expect(wrong.message).toBe('Неверный пароль или файл повреждён.');
    expect(await snapshot(db)).toEqual(before);

    t = performance.now();
    // Decomposed «Ё» (Е + U+0308) is the same passphrase after NFC normalisation.
    await restoreBackup(db, file, { mode: 'replace', passphrase: 'Е\u0308жик в тумане 2026' });
    console.log(`encrypted restore (small DB): ${(performance.now() - t).toFixed(0)} ms`);
    expect(withoutDevice(await snapshot(db))).toEqual(withoutDevice(await snapshot(source)));
  });

  it('a flipped byte in the ciphertext or the header is refused and changes nothing', async () => {
    const db = await filledDb();
    const before = await snapshot(db);
    const prefixLength = readPrefix(file).prefix.length;
    const opts = { mode: 'replace' as const, passphrase: 'Ёжик в тумане 2026' };

    // Accidental damage: caught by the checksum, before the slow key derivation.
    for (const at of [prefixLength + 100, 30]) {
      const e = await rejection(restoreBackup(db, await flip(file, at), opts));
      expect(e.message).toMatch(/^Файл резервной копии повреждён/);
    }
    // Deliberate edits (checksum recomputed): caught by the GCM tag, the header being its AAD.
    const ciphertext = await rejection(restoreBackup(db, await flip(file, prefixLength + 100, true), opts));
    expect(ciphertext.message).toBe('Неверный пароль или файл повреждён.');
    const { header } = readPrefix(file);
    (header as { scope: unknown }).scope = { procedureKey: MATH };
    const edited = await finishFile(
      encodePrefix(header as object),
      file.subarray(prefixLength, file.length - 32),
    );
    const headerEdit = await rejection(restoreBackup(db, edited, opts));
    expect(headerEdit.message).toBe('Неверный пароль или файл повреждён.');

    expect(await snapshot(db)).toEqual(before);
  });
});

describe('damaged or foreign files', () => {
  it('truncated, flipped, newer or foreign: a clear error and the DB unchanged', async () => {
    const db = await filledDb();
    const file = await exportBackup(db);
    const before = await snapshot(db);
    const restore = (bytes: Uint8Array) => rejection(restoreBackup(db, bytes, { mode: 'replace' }));

    expect((await restore(file.subarray(0, file.length - 10))).message).toMatch(
      /^Файл резервной копии повреждён: файл обрезан/,
    );
    expect((await restore(file.subarray(0, 20))).message).toMatch(/обрезан/);
    expect((await restore(await flip(file, file.length - 50))).message).toMatch(/контрольная сумма/);
    expect((await restore(new TextEncoder().encode('{"format":"oko-report/v1"}'))).message).toBe(
      'Это не резервная копия ОКО-Аналитики.',
    );
    const { header, prefix } = readPrefix(file);
    const newer = (edit: object) =>
      finishFile(
        encodePrefix({ ...(header as object), ...edit }),
        file.subarray(prefix.length, file.length - 32),
      );
    expect((await restore(await newer({ format: 'oko-backup/v2', appVersion: '2.0.0' }))).message).toMatch(
      /^Копия сделана более новой версией приложения \(2\.0\.0\)/,
    );
    const dbNewer = await restore(await newer({ dbVersion: LATEST_VERSION + 1 }));
    expect((dbNewer as BackupError).code).toBe('newer-version');

    expect(await snapshot(db)).toEqual(before);
  });

  it('a well-formed file with an invalid row is refused before anything is written', async () => {
    const db = await filledDb();
    const before = await snapshot(db);
    const chunk = (await db.chunks.toArray())[0];
    chunk.scores[0] = chunk.scores[0].map(() => 9); // above the maximum 1
    const rows = {
      procedures: await db.procedures.toArray(),
      imports: await db.imports.toArray(),
      schools: await db.schools.toArray(),
      chunks: [chunk, ...(await db.chunks.toArray()).slice(1)],
      warnings: await db.warnings.toArray(),
    };
    const bad = await writeBackupFile(rows, {
      appVersion: 'test',
      dbVersion: LATEST_VERSION,
      scope: 'all',
      createdAt: new Date().toISOString(),
      includesNames: false,
    });
    const e = await rejection(restoreBackup(db, bad, { mode: 'replace' }));
    expect(e.message).toMatch(
      /^Файл резервной копии повреждён: процедура «ВПР-2021-Математика-5», импорт №1, школа sch1: задание 1: балл выше максимума/,
    );
    const orphan = await writeBackupFile(
      { ...rows, chunks: rows.chunks.slice(1), imports: rows.imports.slice(1) },
      {
        appVersion: 'test',
        dbVersion: LATEST_VERSION,
        scope: 'all',
        createdAt: new Date().toISOString(),
        includesNames: false,
      },
    );
    expect((await rejection(restoreBackup(db, orphan, { mode: 'merge' }))).message).toMatch(/нет импорта №1/);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('merge', () => {
  it('adds what is missing with new import ids, skips duplicates and conflicts, reorders tasks', async () => {
    const source = await filledDb();
    const file = await exportBackup(source);

    // The target already has a.xlsx (same hash) and, from another file, school sch3 of b.csv — but
    // its Математика procedure was defined by a file listing the tasks in another order.
    const target = await freshDb();
    await saveDataset(target, dataset('x.csv', 'Математика', ['sch7'], 4, [TASKS[1], TASKS[2], TASKS[0]], 7));
    await saveDataset(target, mathA());
    const before = await snapshot(target);

    const result = await restoreBackup(target, file, { mode: 'merge' });
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([['a.xlsx', 'duplicate']]);
    expect(result.added).toEqual({ procedures: 1, imports: 2, pupils: 9 + 20 });
    const imports = await listImports(target);
    expect(imports.map((i) => [i.file, i.id])).toEqual([
      ['c.xlsx', 4],
      ['b.csv', 3],
      ['a.xlsx', 2],
      ['x.csv', 1],
    ]);
    // Settings are the target's own in a merge.
    expect((await snapshot(target)).settings).toEqual(before.settings);

    // The merged pupils read back the same as in the source, task columns in the target's order.
    const src = await loadDataset(source, MATH);
    const dst = await loadDataset(target, MATH);
    expect(dst.meta.procedure.tasks.map((t) => t.id)).toEqual(['2', '3.1', '1']);
    const col = (ds: Dataset, task: string, code: string) =>
      ds.pupils.scores[ds.meta.procedure.tasks.findIndex((t) => t.id === task)][ds.pupils.code.indexOf(code)];
    for (const code of src.pupils.code)
      for (const t of ['1', '2', '3.1']) expect(col(dst, t, code)).toBe(col(src, t, code));
    expect((await loadDataset(target, RUS)).pupils.code).toEqual(
      (await loadDataset(source, RUS)).pupils.code,
    );

    // Merging again adds nothing.
    const again = await restoreBackup(target, file, { mode: 'merge' });
    expect(again.added.imports).toBe(0);
    expect(again.skipped.map((s) => s.reason)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });

  it('skips an import whose school is already loaded from another file, and one with other tasks', async () => {
    const source = await filledDb();
    const file = await exportBackup(source);
    const target = await freshDb();
    await saveDataset(target, dataset('b-new.csv', 'Математика', ['sch3'], 5, TASKS, 8));
    await saveDataset(target, dataset('r.xlsx', 'Русский язык', ['sch8'], 5, TASKS.slice(0, 2), 9));
    const result = await restoreBackup(target, file, { mode: 'merge' });
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['b.csv', 'school-conflict'],
      ['c.xlsx', 'task-mismatch'],
    ]);
    expect(result.skipped[0].message).toMatch(/Школа sch3 уже загружена/);
    expect(result.added).toEqual({ procedures: 0, imports: 1, pupils: 24 });
  });
});

describe('atomicity', () => {
  for (const mode of ['replace', 'merge'] as const) {
    it(`a failure in the middle of a ${mode} leaves the DB unchanged`, async () => {
      const source = await filledDb();
      const file = await exportBackup(source);
      const db = await freshDb();
      await saveDataset(db, dataset('other.xlsx', 'История', ['sch9'], 5));
      await setSetting(db, 'lastProcedureKey', 'ВПР-2021-История-5');
      const before = await snapshot(db);

      // Fails after the clear (replace) or after the first import's rows (merge): all must roll back.
      const failAt = mode === 'replace' ? 1 : 2;
      const real = db.chunks.bulkAdd.bind(db.chunks);
      let calls = 0;
      vi.spyOn(db.chunks, 'bulkAdd').mockImplementation(((...args: Parameters<typeof real>) => {
        if (++calls === failAt) return Promise.reject(new Error('сбой записи'));
        return real(...args);
      }) as typeof real);
      const e = await rejection(restoreBackup(db, file, { mode }));
      expect(e.message).toBe('сбой записи');
      expect(calls).toBe(failAt);
      vi.restoreAllMocks();
      expect(await snapshot(db)).toEqual(before);
    });
  }

  it('a quota error is reported in Russian and changes nothing', async () => {
    const source = await filledDb();
    const file = await exportBackup(source);
    const db = await filledDb();
    const before = await snapshot(db);
    vi.spyOn(db.chunks, 'bulkAdd').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    const e = await rejection(restoreBackup(db, file, { mode: 'replace' }));
    expect((e as DbError).code).toBe('quota');
    expect(e.message).toMatch(/^Недостаточно места.*восстановление отменено, данные не изменены/);
    vi.restoreAllMocks();
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('size and speed', () => {
  it('exports and restores a 26k-pupil database', async () => {
    const tasks: TaskSpec[] = Array.from({ length: 16 }, (_, k) => ({ id: String(k + 1), max: 1 + (k % 3) }));
    const logins = Array.from({ length: 150 }, (_, s) => `sch${220000 + s}`);
    const db = await freshDb();
    let t = performance.now();
    await saveDataset(db, dataset('region.csv', 'Математика', logins, 174, tasks, 11)); // 26 100 pupils
    const tSave = performance.now() - t;

    t = performance.now();
    const file = await exportBackup(db);
    const tExport = performance.now() - t;
    const before = await snapshot(db);

    const target = await freshDb();
    t = performance.now();
    await restoreBackup(target, file, { mode: 'replace' });
    const tRestore = performance.now() - t;
    const plain = await exportBackup(db, { compress: false });
    console.log(
      `26 100 pupils × 16 tasks, 150 schools: saveDataset ${tSave.toFixed(0)} ms, ` +
        `export ${tExport.toFixed(0)} ms (${(file.length / 1e6).toFixed(2)} MB gzip, ` +
        `${(plain.length / 1e6).toFixed(2)} MB plain), restore ${tRestore.toFixed(0)} ms (fake-indexeddb)`,
    );
    expect(await snapshot(target)).toEqual(before);
  });
});
