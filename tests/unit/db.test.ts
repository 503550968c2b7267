import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CellCode,
  summarize,
  type ClassInfo,
  type Dataset,
  type ImportWarning,
  type SchoolInfo,
  type TaskSpec,
} from '../../src/domain/model.ts';
import {
  CorruptDataError,
  DbError,
  ImportConflictError,
  StorageQuotaError,
  deleteImport,
  deleteProcedure,
  getImportWarnings,
  getSetting,
  isQuotaError,
  listImports,
  listProcedures,
  loadDataset,
  openDb,
  saveDataset,
  setSetting,
  type OkoDb,
} from '../../src/db/index.ts';
import { LATEST_VERSION, SCHEMA_V1, SCHEMA_V3 } from '../../src/db/schema.ts';

// ---------- fixtures ----------

const TASKS: TaskSpec[] = [
  { id: '1', max: 1, level: 'Б' },
  { id: '2', max: 2, level: 'П' },
  { id: '3.1', max: 3, level: 'В' },
];
const PROC = { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021, tasks: TASKS, scale: null };
const KEY = 'ВПР-2021-Математика-5';

interface PupilIn {
  code: string;
  school: number;
  cls: number;
  absent?: boolean;
  scores: number[];
  codes?: number[];
  variant?: number;
  journal?: number;
  sex?: number;
}

function makeDataset(
  file: string,
  schools: SchoolInfo[],
  classes: ClassInfo[],
  pupils: PupilIn[],
  opts: { tasks?: TaskSpec[]; warnings?: ImportWarning[]; fileHash?: string } = {},
): Dataset {
  const tasks = opts.tasks ?? TASKS;
  const n = pupils.length;
  return {
    meta: {
      file,
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: { ...PROC, tasks },
      maximaSource: 'header',
      taskHeaders: tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [
        { id: 'reg22_m019', name: 'Бийск' },
        { id: 'reg22_m020', name: 'Барнаул' },
      ],
      schools,
      classes,
      warnings: opts.warnings ?? [],
      fileHash: opts.fileHash ?? `hash-${file}`,
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(pupils, (_, i) => i + 2),
      code: pupils.map((p) => p.code),
      school: Uint32Array.from(pupils, (p) => p.school),
      classIdx: Int32Array.from(pupils, (p) => p.cls),
      absent: Uint8Array.from(pupils, (p) => (p.absent ? 1 : 0)),
      variant: Uint16Array.from(pupils, (p) => p.variant ?? (p.absent ? 0 : 1)),
      journal: Uint8Array.from(pupils, (p) => p.journal ?? 0),
      sex: Uint8Array.from(pupils, (p) => p.sex ?? 0),
      scores: tasks.map((_, k) => Uint8Array.from(pupils, (p) => p.scores[k])),
      codes: tasks.map((_, k) => Uint8Array.from(pupils, (p) => p.codes?.[k] ?? CellCode.NUMBER)),
    },
  };
}

const WARN: ImportWarning = {
  kind: 'above-max',
  file: 'a.xlsx',
  sheet: 'Лист1',
  row: 4,
  column: '2 (2б)',
  message: 'Балл 5 больше максимума 2: записан 0',
};

/** 2 schools, 3 classes, 7 pupils (schools interleaved, one absent, one without class). */
function datasetA(): Dataset {
  return makeDataset(
    'a.xlsx',
    [
      { login: 'sch1', name: 'МБОУ СОШ №1', municipalityId: 'reg22_m019' },
      { login: 'sch2', name: 'Гимназия №2', municipalityId: 'reg22_m020' },
    ],
    [
      { id: 'sch1/5А', school: 0, label: '5А' },
      { id: 'sch2/5А', school: 1, label: '5А' },
      { id: 'sch1/5Б', school: 0, label: '5Б' },
    ],
    [
      { code: '10001', school: 0, cls: 0, scores: [1, 2, 3], journal: 5, sex: 1 },
      { code: '20001', school: 1, cls: 1, scores: [0, 0, 1], codes: [2, 4, 0], sex: 2 },
      { code: '10002', school: 0, cls: 2, scores: [1, 0, 2], codes: [0, 6, 0], variant: 2, journal: 3 },
      { code: '10003', school: 0, cls: 0, absent: true, scores: [0, 0, 0], codes: [1, 1, 1] },
      { code: '20002', school: 1, cls: -1, scores: [1, 1, 0], codes: [0, 0, 3], journal: 4 },
      { code: '00007', school: 0, cls: 2, scores: [0, 2, 3], variant: 2 },
      { code: '20003', school: 1, cls: 1, scores: [1, 2, 2], sex: 1 },
    ],
    { warnings: [WARN] },
  );
}

/** Another file of the same procedure: other school, tasks listed in another order. */
function datasetB(): Dataset {
  const tasks = [TASKS[2], TASKS[0], TASKS[1]];
  return makeDataset(
    'b.csv',
    [{ login: 'sch3', name: 'Лицей №3', municipalityId: 'reg22_m019' }],
    [
      { id: 'sch3/5В', school: 0, label: '5В' },
      { id: 'sch3/5Г', school: 0, label: '5Г' },
    ],
    [
      { code: '30001', school: 0, cls: 1, scores: [3, 1, 2] },
      { code: '30002', school: 0, cls: 0, scores: [0, 0, 1], codes: [5, 0, 0] },
    ],
    { tasks },
  );
}

/** Deterministic generated municipality: n pupils over `schools` schools, 16 tasks. */
function generated(n: number, schoolCount: number, taskCount = 16, file = 'big.xlsx'): Dataset {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) as number;
  const tasks: TaskSpec[] = Array.from({ length: taskCount }, (_, k) => ({
    id: String(k + 1),
    max: 1 + (k % 3),
  }));
  const schools: SchoolInfo[] = Array.from({ length: schoolCount }, (_, s) => ({
    login: `sch${220000 + s}`,
    name: `Школа ${s + 1}`,
    municipalityId: `reg22_m${String(s % 60).padStart(3, '0')}`,
  }));
  const classes: ClassInfo[] = [];
  for (let s = 0; s < schoolCount; s++) {
    for (const l of ['А', 'Б', 'В'])
      classes.push({ id: `${schools[s].login}/5${l}`, school: s, label: `5${l}` });
  }
  const pupils: PupilIn[] = [];
  for (let i = 0; i < n; i++) {
    const school = Math.floor((i * schoolCount) / n); // sorted by school, as files usually are
    const absent = rnd() < 0.05;
    pupils.push({
      code: String(100000 + i),
      school,
      cls: rnd() < 0.01 ? -1 : school * 3 + Math.floor(rnd() * 3),
      absent,
      scores: tasks.map((t) => (absent ? 0 : Math.floor(rnd() * (t.max + 1)))),
      codes: tasks.map(() => (absent ? CellCode.EMPTY : rnd() < 0.03 ? CellCode.X : CellCode.NUMBER)),
      variant: absent ? 0 : 1 + Math.floor(rnd() * 2),
      journal: absent ? 0 : 2 + Math.floor(rnd() * 4),
      sex: Math.floor(rnd() * 3),
    });
  }
  const ds = makeDataset(file, schools, classes, pupils, { tasks });
  ds.meta.municipalities = Array.from({ length: 60 }, (_, m) => ({
    id: `reg22_m${String(m).padStart(3, '0')}`,
    name: `Район ${m}`,
  }));
  return ds;
}

/** Every pupil as a plain record with resolved names: compares datasets whatever their indices. */
function records(ds: Dataset) {
  const p = ds.pupils;
  return Array.from({ length: p.n }, (_, i) => ({
    code: p.code[i],
    sourceRow: p.sourceRow[i],
    school: ds.meta.schools[p.school[i]].login,
    cls: p.classIdx[i] < 0 ? null : ds.meta.classes[p.classIdx[i]].id,
    classSchool: p.classIdx[i] < 0 ? null : ds.meta.schools[ds.meta.classes[p.classIdx[i]].school].login,
    absent: p.absent[i],
    variant: p.variant[i],
    journal: p.journal[i],
    sex: p.sex[i],
    scores: Object.fromEntries(ds.meta.procedure.tasks.map((t, k) => [t.id, p.scores[k][i]])),
    codes: Object.fromEntries(ds.meta.procedure.tasks.map((t, k) => [t.id, p.codes[k][i]])),
  }));
}

async function counts(db: OkoDb) {
  return {
    procedures: await db.procedures.count(),
    imports: await db.imports.count(),
    schools: await db.schools.count(),
    chunks: await db.chunks.count(),
    warnings: await db.warnings.count(),
  };
}

// ---------- setup ----------

const opened: Dexie[] = [];
let seq = 0;
const uniqueName = () => `oko-test-${process.pid}-${Date.now()}-${seq++}`;

async function freshDb(name = uniqueName()): Promise<OkoDb> {
  const db = await openDb(name);
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

// ---------- tests ----------

describe('saveDataset / loadDataset', () => {
  it('round-trips every column of one import exactly', async () => {
    const db = await freshDb();
    const ds = datasetA();
    const progress: number[] = [];
    const r = await saveDataset(db, ds, { onProgress: (f) => progress.push(f) });
    expect(r).toEqual({ importId: expect.any(Number), procedureKey: KEY, duplicate: false });
    expect(progress.at(-1)).toBe(1);

    const back = await loadDataset(db, KEY);
    expect(back).toStrictEqual(ds);
    expect(summarize(back)).toEqual(summarize(ds));
  });

  it('stores columnar chunks: one row per [procedure, import, school] with typed arrays', async () => {
    const db = await freshDb();
    const { importId } = await saveDataset(db, datasetA());
    const chunks = await db.chunks.toArray();
    expect(chunks.map((c) => c.school).sort()).toEqual(['sch1', 'sch2']);
    const c = (await db.chunks.get([KEY, importId, 'sch2']))!;
    expect(c.n).toBe(3);
    expect(c.scores).toHaveLength(3);
    expect(c.scores[0]).toBeInstanceOf(Uint8Array);
    expect(c.code).toEqual(['20001', '20002', '20003']);
    expect(Array.from(c.pos)).toEqual([1, 4, 6]);
  });

  it('merges two imports of one procedure, remapping schools, classes and task order', async () => {
    const db = await freshDb();
    const a = datasetA();
    const b = datasetB();
    await saveDataset(db, a);
    await saveDataset(db, b);

    const merged = await loadDataset(db, KEY);
    expect(merged.pupils.n).toBe(9);
    expect(merged.meta.procedure.tasks.map((t) => t.id)).toEqual(['1', '2', '3.1']);
    expect(merged.meta.schools.map((s) => s.login)).toEqual(['sch1', 'sch2', 'sch3']);
    expect(merged.meta.classes).toEqual([
      ...a.meta.classes,
      { id: 'sch3/5В', school: 2, label: '5В' },
      { id: 'sch3/5Г', school: 2, label: '5Г' },
    ]);
    expect(records(merged)).toEqual([...records(a), ...records(b)]);
    expect(merged.pupils.scores.every((s) => s instanceof Uint8Array && s.length === 9)).toBe(true);
    expect(merged.meta.rows).toBe(9);
    expect(merged.meta.file).toBe('a.xlsx; b.csv');
    expect(merged.meta.fileHash).toBeUndefined();
    expect(merged.meta.warnings).toEqual([WARN]);
    expect(merged.meta.municipalities.map((m) => m.id)).toEqual(['reg22_m019', 'reg22_m020']);
  });

  it('loads a school subset with compact indices', async () => {
    const db = await freshDb();
    const a = datasetA();
    await saveDataset(db, a);
    await saveDataset(db, datasetB());

    const sub = await loadDataset(db, KEY, { schools: ['sch2', 'sch3', 'nope'], warnings: false });
    expect(sub.meta.schools.map((s) => s.login)).toEqual(['sch2', 'sch3']);
    expect(sub.meta.classes.map((c) => c.id)).toEqual(['sch2/5А', 'sch3/5В', 'sch3/5Г']);
    expect(sub.meta.municipalities.map((m) => m.id)).toEqual(['reg22_m019', 'reg22_m020']);
    expect(sub.meta.rows).toBe(5);
    expect(sub.meta.warnings).toEqual([]);
    const all = records(await loadDataset(db, KEY));
    expect(records(sub)).toEqual(all.filter((r) => r.school !== 'sch1'));
  });

  it('does not store the same file twice', async () => {
    const db = await freshDb();
    const first = await saveDataset(db, datasetA());
    const before = await counts(db);
    const again = await saveDataset(db, datasetA());
    expect(again).toEqual({ importId: first.importId, procedureKey: KEY, duplicate: true });
    expect(await counts(db)).toEqual(before);
  });

  it('rejects a school already loaded from another file, naming school and file; writes nothing', async () => {
    const db = await freshDb();
    await saveDataset(db, datasetA());
    const before = await counts(db);
    const c = makeDataset(
      'c.xlsx',
      [{ login: 'sch9' }, { login: 'sch2', name: 'Гимназия №2' }],
      [],
      [
        { code: '1', school: 0, cls: -1, scores: [1, 1, 1] },
        { code: '2', school: 1, cls: -1, scores: [0, 1, 1] },
      ],
    );
    const err = await saveDataset(db, c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportConflictError);
    expect((err as Error).message).toContain('sch2 (Гимназия №2)');
    expect((err as Error).message).toContain('«a.xlsx»');
    expect((err as Error).message).toContain('удалите прежний импорт');
    expect(await counts(db)).toEqual(before);
  });

  it('rejects a file whose tasks differ from the stored procedure', async () => {
    const db = await freshDb();
    await saveDataset(db, datasetA());
    const other = datasetB();
    other.meta.procedure.tasks = [TASKS[2], TASKS[0], { id: '2', max: 3 }];
    const err = await saveDataset(db, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('task-mismatch');
    expect((err as Error).message).toContain('задание 2: максимум 3, а не 2');
  });

  it('rejects an inconsistent dataset before writing', async () => {
    const db = await freshDb();
    const ds = datasetA();
    ds.pupils.classIdx[1] = 0; // a class of sch1 for a pupil of sch2
    await expect(saveDataset(db, ds)).rejects.toThrow(/класс другой школы/);
    expect((await counts(db)).imports).toBe(0);
  });

  it('stores warnings per import', async () => {
    const db = await freshDb();
    const { importId } = await saveDataset(db, datasetA());
    expect(await getImportWarnings(db, importId)).toEqual([WARN]);
    await expect(getImportWarnings(db, 999)).rejects.toThrow(/не найден/);
  });
});

describe('lists and deletes', () => {
  it('lists procedures with summed counts and task maxima', async () => {
    const db = await freshDb();
    await saveDataset(db, datasetA());
    await saveDataset(db, datasetB());
    const other = datasetB();
    other.meta.procedure.grade = 6;
    other.meta.fileHash = 'other';
    await saveDataset(db, other);

    const list = await listProcedures(db);
    expect(list.map((p) => p.key)).toEqual([KEY, 'ВПР-2021-Математика-6']);
    expect(list[0]).toMatchObject({
      kind: 'ВПР',
      subject: 'Математика',
      grade: 5,
      year: 2021,
      counts: { rows: 9, written: 8, absent: 1, schools: 3, classes: 5, warnings: 1, imports: 2 },
      tasks: [
        { id: '1', max: 1, level: 'Б' },
        { id: '2', max: 2, level: 'П' },
        { id: '3.1', max: 3, level: 'В' },
      ],
      scale: null,
    });
    expect(list[0].bytes).toBeGreaterThan(0);
    expect((await listImports(db, KEY)).map((i) => i.file)).toEqual(['b.csv', 'a.xlsx']);
  });

  it('deleteImport removes one import; the last one takes the procedure with it', async () => {
    const db = await freshDb();
    const a = await saveDataset(db, datasetA());
    const b = await saveDataset(db, datasetB());

    expect(await deleteImport(db, a.importId)).toBe(true);
    expect(records(await loadDataset(db, KEY))).toEqual(records(datasetB()));
    // The school is free again: the old file can be re-imported.
    expect((await saveDataset(db, datasetA())).duplicate).toBe(false);

    await deleteImport(db, b.importId);
    expect((await listProcedures(db))[0].counts.imports).toBe(1);
    expect(await deleteImport(db, 12345)).toBe(false);
  });

  it('deleteProcedure removes everything of the procedure only', async () => {
    const db = await freshDb();
    await saveDataset(db, datasetA());
    await saveDataset(db, datasetB());
    const other = datasetB();
    other.meta.procedure.year = 2022;
    other.meta.fileHash = 'other';
    await saveDataset(db, other);

    expect(await deleteProcedure(db, KEY)).toBe(true);
    expect(await counts(db)).toEqual({ procedures: 1, imports: 1, schools: 1, chunks: 1, warnings: 1 });
    await expect(loadDataset(db, KEY)).rejects.toMatchObject({ code: 'not-found' });
    expect(await deleteProcedure(db, KEY)).toBe(false);
  });
});

describe('atomicity and errors', () => {
  it('a failure mid-transaction leaves nothing written', async () => {
    const db = await freshDb();
    await saveDataset(db, datasetA());
    const before = await counts(db);

    // 250 schools → 3 bulkAdd batches of chunks: the first is written, the second fails.
    const real = db.chunks.bulkAdd.bind(db.chunks);
    let calls = 0;
    vi.spyOn(db.chunks, 'bulkAdd').mockImplementation(((...args: Parameters<typeof real>) => {
      if (++calls === 2) throw new Error('сбой посреди записи');
      return real(...args);
    }) as typeof real);

    const big = generated(2500, 250, 16, 'mid.xlsx');
    big.meta.procedure.grade = 7;
    await expect(saveDataset(db, big)).rejects.toThrow('сбой посреди записи');
    expect(calls).toBe(2);
    expect(await counts(db)).toEqual(before);
    expect((await listProcedures(db)).map((p) => p.counts.imports)).toEqual([1]);
  });

  it('turns QuotaExceededError into a Russian StorageQuotaError and writes nothing', async () => {
    const db = await freshDb();
    const before = await counts(db);
    vi.spyOn(db.chunks, 'bulkAdd').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const err = await saveDataset(db, datasetA()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageQuotaError);
    expect((err as Error).message).toMatch(/^Недостаточно места в хранилище браузера/);
    expect((err as Error).name).toBe('StorageQuotaError');
    expect(await counts(db)).toEqual(before);
  });

  it('recognises quota errors wrapped by Dexie', () => {
    expect(isQuotaError(new DOMException('x', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('abort', new DOMException('x', 'QuotaExceededError')))).toBe(
      true,
    );
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(isQuotaError(undefined)).toBe(false);
  });

  it('reports a corrupted chunk with a Russian error instead of crashing later', async () => {
    const db = await freshDb();
    const { importId } = await saveDataset(db, datasetA());
    await db.chunks.update([KEY, importId, 'sch2'], { 'scores.1': new Uint8Array(2) });
    const err = await loadDataset(db, KEY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptDataError);
    expect((err as Error).message).toBe(
      `Данные в хранилище повреждены (процедура «${KEY}», импорт №${importId}, школа sch2): ` +
        'задание 2: ожидалась длина 3, получено 2. Удалите процедуру и загрузите файл заново.',
    );

    await db.chunks.update([KEY, importId, 'sch2'], {
      'scores.1': new Uint8Array(3),
      variant: [1, 1, 1] as unknown as Uint16Array,
    });
    await expect(loadDataset(db, KEY)).rejects.toThrow(
      /столбец variant: ожидался Uint16Array, получено Array/,
    );
  });
});

describe('schema, tabs, settings', () => {
  it('migrates a v1 database to v2: data intact, import sizes filled, settings table added', async () => {
    const name = uniqueName();
    const v1 = await openDb(name, { schemaVersion: 1 });
    expect(v1.verno).toBe(1);
    expect(v1.tables.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMA_V1).sort());
    const { importId } = await saveDataset(v1, datasetA());
    const written = (await v1.imports.get(importId))!.bytes;
    // A v1 app never wrote `bytes`.
    await v1.imports.toCollection().modify((i) => {
      delete i.bytes;
    });
    v1.close();

    const v2 = await openDb(name, { schemaVersion: 2 });
    opened.push(v2);
    expect(v2.verno).toBe(2);
    expect((await v2.imports.get(importId))!.bytes).toBe(written);
    expect(await loadDataset(v2, KEY)).toStrictEqual(datasetA());
    await setSetting(v2, 'lastBackupAt', '2026-11-23T12:00:00.000Z');
    expect(await getSetting(v2, 'lastBackupAt')).toBe('2026-11-23T12:00:00.000Z');
  });

  it('refuses to open a database written by a newer app version, in Russian', async () => {
    const name = uniqueName();
    const newer = new Dexie(name);
    newer.version(LATEST_VERSION + 1).stores({ ...SCHEMA_V3, extra: 'id' });
    await newer.open();
    newer.close();
    await expect(openDb(name)).rejects.toMatchObject({ code: 'version' });
    await Dexie.delete(name);
  });

  it('closes and signals "reload needed" when another tab upgrades the schema', async () => {
    const name = uniqueName();
    const onReload = vi.fn();
    const db = await openDb(name, { onReloadNeeded: onReload });
    opened.push(db);
    await saveDataset(db, datasetA());

    const newer = new Dexie(name);
    newer.version(LATEST_VERSION + 1).stores({ ...SCHEMA_V3, extra: 'id' });
    await newer.open(); // would be blocked if the old connection stayed open
    expect(onReload).toHaveBeenCalledTimes(1);
    expect(db.reloadNeeded).toBe(true);
    expect(db.isOpen()).toBe(false);
    const late = vi.fn();
    db.onReloadNeeded(late);
    expect(late).toHaveBeenCalledTimes(1);
    expect(await newer.table('imports').count()).toBe(1);
    newer.close();
  });

  it('settings: get, set, overwrite', async () => {
    const db = await freshDb();
    expect(await getSetting(db, 'storagePersisted')).toBeUndefined();
    await setSetting(db, 'storagePersisted', false);
    await setSetting(db, 'storagePersisted', true);
    expect(await getSetting(db, 'storagePersisted')).toBe(true);
  });
});

describe('performance (fake-indexeddb)', () => {
  it('26 000 pupils × 16 tasks × 600 schools: save, list, load; round trip exact', async () => {
    const db = await freshDb();
    const ds = generated(26_000, 600);
    const key = 'ВПР-2021-Математика-5';

    let t = performance.now();
    await saveDataset(db, ds);
    const saveMs = performance.now() - t;

    t = performance.now();
    const list = await listProcedures(db);
    const listMs = performance.now() - t;
    expect(list[0].counts.schools).toBe(600);

    const loadMs: number[] = [];
    let back: Dataset | undefined;
    for (let r = 0; r < 3; r++) {
      t = performance.now();
      back = await loadDataset(db, key);
      loadMs.push(performance.now() - t);
    }
    expect(back).toStrictEqual(ds);

    t = performance.now();
    const sub = await loadDataset(db, key, { schools: ds.meta.schools.slice(0, 10).map((s) => s.login) });
    const subMs = performance.now() - t;
    expect(sub.meta.schools).toHaveLength(10);

    console.log(
      `[db timing] save ${saveMs.toFixed(0)} ms; listProcedures ${listMs.toFixed(1)} ms; ` +
        `loadDataset ${loadMs.map((m) => m.toFixed(0)).join('/')} ms; 10 schools ${subMs.toFixed(1)} ms`,
    );
    // fake-indexeddb is far slower than a browser's IndexedDB; this only guards against regressions.
    expect(Math.min(...loadMs)).toBeLessThan(2000);
  });
});
