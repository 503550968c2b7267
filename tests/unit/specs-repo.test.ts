// Spec editing of stored procedures and the user's spec library (fake-indexeddb).
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CellCode, type Dataset, type ProcedureSpec, type TaskSpec } from '../../src/domain/model.ts';
import {
  deleteUserSpec,
  getProcedureSpec,
  getSetting,
  listImports,
  listProcedures,
  listUserSpecs,
  loadDataset,
  openDb,
  saveDataset,
  saveUserSpec,
  setSetting,
  updateProcedureSpec,
  type OkoDb,
} from '../../src/db/index.ts';

const TASKS: TaskSpec[] = [
  { id: '1', max: 1 },
  { id: '2', max: 2 },
  { id: '3.1', max: 3 },
];
const KEY = 'ВПР-2022-Математика-5';

function dataset(file: string, logins: string[], tasks = TASKS): Dataset {
  const n = logins.length * 2;
  return {
    meta: {
      file,
      sheet: 'Лист1',
      layout: 'fisoko-protocol',
      procedure: { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2022, tasks, scale: null },
      maximaSource: 'header',
      taskHeaders: tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [{ id: 'm1', name: 'Бийск' }],
      schools: logins.map((login) => ({ login, name: `Школа ${login}`, municipalityId: 'm1' })),
      classes: logins.map((l, s) => ({ id: `${l}/5А`, school: s, label: '5А' })),
      warnings: [],
      fileHash: `hash-${file}`,
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from({ length: n }, (_, i) => i + 2),
      code: Array.from({ length: n }, (_, i) => `${file}-${i}`),
      school: Uint32Array.from({ length: n }, (_, i) => i >> 1),
      classIdx: Int32Array.from({ length: n }, (_, i) => i >> 1),
      absent: new Uint8Array(n),
      variant: new Uint16Array(n).fill(1),
      journal: new Uint8Array(n),
      sex: new Uint8Array(n),
      scores: tasks.map((t) => Uint8Array.from({ length: n }, (_, i) => i % (t.max + 1))),
      codes: tasks.map(() => new Uint8Array(n).fill(CellCode.NUMBER)),
    },
  };
}

let dbs: OkoDb[] = [];
async function freshDb(): Promise<OkoDb> {
  const db = await openDb(`specs-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs) {
    db.close();
    await Dexie.delete(db.name);
  }
  dbs = [];
});

async function withProcedure(): Promise<OkoDb> {
  const db = await freshDb();
  await saveDataset(db, dataset('a.xlsx', ['sch1', 'sch2']));
  await saveDataset(db, dataset('b.xlsx', ['sch3']));
  return db;
}

describe('updateProcedureSpec', () => {
  it('patches levels, skills, codes and the scale; loadDataset returns the new spec', async () => {
    const db = await withProcedure();
    const r = await updateProcedureSpec(db, KEY, {
      tasks: [
        { id: '1', level: 'Б', skill: '  Счёт  ', kes: ['1.1', ' ', '2'], kt: ['3'] },
        { id: '3.1', level: 'В' },
      ],
      scale: [
        [0, 1],
        [2, 3],
        [4, 4],
        [5, 6],
      ],
    });
    expect(r).toEqual({ key: KEY, renamed: false, issues: [] });
    const ds = await loadDataset(db, KEY);
    expect(ds.meta.procedure.tasks).toEqual([
      { id: '1', max: 1, level: 'Б', skill: 'Счёт', kes: ['1.1', '2'], kt: ['3'] },
      { id: '2', max: 2 },
      { id: '3.1', max: 3, level: 'В' },
    ]);
    expect(ds.meta.procedure.scale).toEqual([
      [0, 1],
      [2, 3],
      [4, 4],
      [5, 6],
    ]);
    expect(ds.pupils.n).toBe(6);

    // Clearing: null / empty values remove the fields; scale null removes the scale.
    await updateProcedureSpec(db, KEY, { tasks: [{ id: '1', level: null, skill: '', kes: [], kt: null }] });
    await updateProcedureSpec(db, KEY, { scale: null });
    const spec = await getProcedureSpec(db, KEY);
    expect(spec.tasks[0]).toEqual({ id: '1', max: 1 });
    expect(spec.tasks[2]).toEqual({ id: '3.1', max: 3, level: 'В' });
    expect(spec.scale).toBeNull();
  });

  it('stores a scale with gaps or overlaps but reports the issues', async () => {
    const db = await withProcedure();
    const r = await updateProcedureSpec(db, KEY, {
      scale: [
        [0, 2],
        [2, 3],
        [4, 4],
        [5, 5],
      ],
    });
    expect(r.issues.map((i) => i.kind).sort()).toEqual(['end', 'overlap']);
    expect((await getProcedureSpec(db, KEY)).scale?.[1]).toEqual([2, 3]);
  });

  it('rejects changed maxima, unknown task ids, bad levels and malformed scales; nothing written', async () => {
    const db = await withProcedure();
    const before = await getProcedureSpec(db, KEY);
    await expect(
      updateProcedureSpec(db, KEY, {
        tasks: [
          { id: '1', level: 'П' },
          { id: '2', max: 3 },
        ],
      }),
    ).rejects.toMatchObject({
      name: 'DbError',
      code: 'task-mismatch',
      message: expect.stringMatching(/максимальный балл/),
    });
    await expect(updateProcedureSpec(db, KEY, { tasks: [{ id: '9', level: 'Б' }] })).rejects.toMatchObject({
      code: 'task-mismatch',
      message: expect.stringMatching(/Задания 9 нет/),
    });
    await expect(
      updateProcedureSpec(db, KEY, { tasks: [{ id: '1', level: 'X' as 'Б' }] }),
    ).rejects.toMatchObject({ code: 'invalid' });
    await expect(
      updateProcedureSpec(db, KEY, {
        scale: [
          [0, 1],
          [2, 3.5],
          [4, 5],
          [6, 6],
        ],
      }),
    ).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/Шкала/) });
    await expect(updateProcedureSpec(db, 'нет-такой', { scale: null })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(await getProcedureSpec(db, KEY)).toEqual(before);
    // Same maxima given explicitly are fine (a spec file carries them).
    await updateProcedureSpec(db, KEY, { tasks: [{ id: '2', max: 2, level: 'П' }] });
    expect((await getProcedureSpec(db, KEY)).tasks[1]).toEqual({ id: '2', max: 2, level: 'П' });
  });

  it('renames the procedure atomically when kind/subject/grade/year change', async () => {
    const db = await withProcedure();
    await setSetting(db, 'lastProcedureKey', KEY);
    await updateProcedureSpec(db, KEY, { tasks: [{ id: '2', level: 'П' }] });
    const before = await loadDataset(db, KEY);

    const r = await updateProcedureSpec(db, KEY, {
      year: 2021,
      scale: [
        [0, 1],
        [2, 3],
        [4, 4],
        [5, 6],
      ],
    });
    const NEW = 'ВПР-2021-Математика-5';
    expect(r).toMatchObject({ key: NEW, renamed: true, issues: [] });
    expect((await listProcedures(db)).map((p) => p.key)).toEqual([NEW]);
    expect((await listImports(db)).map((i) => i.procedureKey)).toEqual([NEW, NEW]);
    expect(await db.schools.where('procedureKey').equals(KEY).count()).toBe(0);
    expect(await db.schools.where('procedureKey').equals(NEW).count()).toBe(3);
    expect(await db.chunks.where('procedureKey').equals(KEY).count()).toBe(0);
    expect(await getSetting(db, 'lastProcedureKey')).toBe(NEW);

    const after = await loadDataset(db, NEW);
    expect(after.meta.procedure).toMatchObject({ year: 2021, tasks: before.meta.procedure.tasks });
    expect(after.pupils.code).toEqual(before.pupils.code);
    expect(after.pupils.scores).toEqual(before.pupils.scores);
    await expect(loadDataset(db, KEY)).rejects.toMatchObject({ code: 'not-found' });

    // A later import of the renamed procedure's file still checks school conflicts under the new key.
    const d = dataset('c.xlsx', ['sch1']);
    d.meta.procedure.year = 2021;
    await expect(saveDataset(db, d)).rejects.toMatchObject({ name: 'ImportConflictError' });
  });

  it('a rename that fails half-way (e.g. quota) leaves the old procedure whole', async () => {
    const db = await withProcedure();
    const before = await loadDataset(db, KEY);
    let calls = 0;
    const add = db.chunks.add.bind(db.chunks);
    const spy = vi.spyOn(db.chunks, 'add').mockImplementation((...args) => {
      if (++calls === 2) throw new Error('диск переполнен');
      return add(...args);
    });
    await expect(updateProcedureSpec(db, KEY, { year: 2021 })).rejects.toThrow('диск переполнен');
    spy.mockRestore();
    expect(calls).toBe(2);
    expect((await listProcedures(db)).map((p) => p.key)).toEqual([KEY]);
    expect((await listImports(db)).map((i) => i.procedureKey)).toEqual([KEY, KEY]);
    expect(await db.schools.where('procedureKey').equals(KEY).count()).toBe(3);
    const after = await loadDataset(db, KEY);
    expect(after.pupils.code).toEqual(before.pupils.code);
    expect(after.pupils.scores).toEqual(before.pupils.scores);
  });

  it('refuses a rename onto an existing procedure and leaves both untouched', async () => {
    const db = await withProcedure();
    const other = dataset('z.xlsx', ['sch9']);
    other.meta.procedure.year = 2021;
    await saveDataset(db, other);
    const keys = (await listProcedures(db)).map((p) => p.key);
    await expect(
      updateProcedureSpec(db, KEY, { year: 2021, tasks: [{ id: '1', level: 'Б' }] }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/уже есть/) });
    expect((await listProcedures(db)).map((p) => p.key)).toEqual(keys);
    expect((await getProcedureSpec(db, KEY)).tasks[0]).toEqual({ id: '1', max: 1 });
    expect((await loadDataset(db, KEY)).pupils.n).toBe(6);
    expect((await loadDataset(db, 'ВПР-2021-Математика-5')).pupils.n).toBe(2);
  });

  it('rejects an invalid grade or an empty subject', async () => {
    const db = await withProcedure();
    await expect(updateProcedureSpec(db, KEY, { grade: 12 })).rejects.toMatchObject({ code: 'invalid' });
    await expect(updateProcedureSpec(db, KEY, { subject: '  ' })).rejects.toMatchObject({ code: 'invalid' });
    expect((await listProcedures(db)).map((p) => p.key)).toEqual([KEY]);
  });
});

describe('user specs library', () => {
  const SPEC: ProcedureSpec = {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2021,
    tasks: [
      { id: '1', max: 1, level: 'Б', kes: ['1'] },
      { id: '2', max: 2 },
    ],
    scale: [
      [0, 1],
      [2, 2],
      [3, 3],
      [3, 3],
    ],
  };

  it('saves, lists, replaces by id and deletes', async () => {
    const db = await freshDb();
    expect(await listUserSpecs(db)).toEqual([]);
    const a = await saveUserSpec(db, SPEC);
    expect(a.id).toBe('ВПР-2021-Математика-5');
    expect(a.name).toMatch(/ВПР 2021/);
    await saveUserSpec(db, { ...SPEC, subject: 'Алгебра', grade: 7 }, { name: 'Алгебра 7 (моя)' });
    let list = await listUserSpecs(db);
    expect(list.map((s) => s.name)).toEqual(['Алгебра 7 (моя)', a.name]);
    expect(list[1].spec).toEqual(SPEC);

    // Same id replaces.
    await saveUserSpec(db, { ...SPEC, scale: null });
    list = await listUserSpecs(db);
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.id === a.id)?.spec.scale).toBeNull();

    expect(await deleteUserSpec(db, a.id)).toBe(true);
    expect(await deleteUserSpec(db, a.id)).toBe(false);
    expect((await listUserSpecs(db)).map((s) => s.id)).toEqual(['ВПР-2021-Алгебра-7']);
  });

  it('rejects an invalid spec with a Russian message and skips damaged stored entries', async () => {
    const db = await freshDb();
    await expect(saveUserSpec(db, { ...SPEC, grade: 0 })).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/"grade" должен быть/),
    });
    await db.settings.put({ key: 'userSpecs', value: [{ id: 'x', spec: { tasks: 'нет' } }, 5] });
    expect(await listUserSpecs(db)).toEqual([]);
    await saveUserSpec(db, SPEC);
    expect((await listUserSpecs(db)).map((s) => s.id)).toEqual(['ВПР-2021-Математика-5']);
  });
});
