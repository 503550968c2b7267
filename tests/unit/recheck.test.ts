// Re-checks (перепроверка) end to end below the page: the import worker's API stores the synthetic
// region's re-check files beside their protocols (real DB layer on fake-indexeddb), the objectivity
// worker's API loads them, and its re-check signals equal objectivityReport on the same datasets.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Dexie from 'dexie';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { read, utils, write } from 'xlsx';
import {
  ImportConflictError,
  deleteImport,
  deleteProcedure,
  deleteRecheck,
  listImports,
  listProcedures,
  listRechecks,
  loadDataset,
  loadRecheck,
  openDb,
  saveDataset,
  saveDatasets,
  saveRecheck,
  updateProcedureSpec,
  type OkoDb,
} from '../../src/db/index.ts';
import { importFile } from '../../src/domain/import/import-file.ts';
import { procedureId, type Dataset } from '../../src/domain/model.ts';
import { objectivityReport, type Signal } from '../../src/domain/objectivity/index.ts';
import { createImportApi } from '../../workers/import.api.ts';
import { createObjectivityApi } from '../../workers/objectivity.api.ts';

const DIR = resolve('tests/fixtures/synthetic');
const truth = JSON.parse(readFileSync(resolve(DIR, 'truth.json'), 'utf8')) as {
  procedures: { id: string; file: string; recheck: string }[];
  schools: Record<string, { recheckCodes: Record<string, number[]> }>;
};
const bytesOf = (file: string) => new Uint8Array(readFileSync(resolve(DIR, file)));
const [P4, P5] = truth.procedures;

// The app imports without a spec (maxima from the `N (kб)` headers), as the page does.
const parse = (bytes: Uint8Array, fileName: string) => importFile(bytes, { fileName });

let protocol4: Dataset;
let protocol5: Dataset;
let recheck4: Dataset;
let recheck5: Dataset;
beforeAll(async () => {
  [protocol4, protocol5, recheck4, recheck5] = await Promise.all([
    parse(bytesOf(P4.file), P4.file),
    parse(bytesOf(P5.file), P5.file),
    parse(bytesOf(P4.recheck), P4.recheck),
    parse(bytesOf(P5.recheck), P5.recheck),
  ]);
});

const opened: OkoDb[] = [];
let seq = 0;
async function freshDb(): Promise<OkoDb> {
  const db = await openDb(`oko-recheck-${process.pid}-${seq++}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** Every table's rows (typed arrays as plain arrays): "nothing changed" means this is equal. */
async function snapshot(db: OkoDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return JSON.parse(JSON.stringify(out, (_, v) => (ArrayBuffer.isView(v) ? [...(v as Uint8Array)] : v)));
}

function importApi(db: OkoDb) {
  return createImportApi({
    importFile: (bytes, opts) => importFile(bytes, opts),
    saveDataset: (ds, opts) => saveDataset(db, ds, opts),
    saveDatasets: (list, opts) => saveDatasets(db, list, opts),
    saveRecheck: (ds, key, opts) => saveRecheck(db, ds, key, opts),
    generateDemo: async () => ({
      datasets: [],
      rechecks: [],
      context: { fileName: '', bytes: new Uint8Array() },
    }),
    saveDemo: async () => {
      throw new Error('not used here');
    },
    writeXlsx: () => new Uint8Array(),
  });
}

/** The re-check file with its `Протокол` sheet edited cell by cell (header row 1 = index 0). */
function editedRecheck(edit: (rows: unknown[][]) => void): Uint8Array {
  const wb = read(bytesOf(P4.recheck));
  const ws = wb.Sheets['Протокол'];
  const rows = utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
  edit(rows);
  wb.Sheets['Протокол'] = utils.aoa_to_sheet(rows);
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function headerRow(rows: unknown[][]): number {
  return rows.findIndex((r) => r.some((c) => c === 'Код'));
}

describe('storing a re-check', () => {
  it('matches every work to the protocol and leaves the protocol’s pupils, lists and analysis alone', async () => {
    const db = await freshDb();
    await saveDataset(db, protocol4);
    const before = await listProcedures(db);
    const loaded = await loadDataset(db, P4.id);

    // The original problem: the same pupils as a protocol are a conflict.
    await expect(saveDataset(db, recheck4)).rejects.toBeInstanceOf(ImportConflictError);

    const r = await saveRecheck(db, recheck4, P4.id);
    const codes = Object.values(truth.schools).flatMap((s) => s.recheckCodes[P4.id] ?? []);
    expect(r).toMatchObject({ duplicate: false, works: codes.length, matched: codes.length, notFound: 0 });
    expect(r.unmatched).toEqual([]);

    expect(await listProcedures(db)).toEqual(before);
    expect(await loadDataset(db, P4.id)).toStrictEqual(loaded);
    expect((await listImports(db)).map((i) => i.file)).toEqual([P4.file]);
    expect(await listRechecks(db)).toMatchObject([
      { id: r.recheckId, procedureKey: P4.id, file: P4.recheck, works: codes.length, matched: codes.length },
    ]);

    // Loaded back: the commission's totals of the file, work by work.
    const back = (await loadRecheck(db, P4.id))!;
    expect(back.pupils.n).toBe(recheck4.pupils.n);
    const total = (ds: Dataset, i: number) => ds.pupils.scores.reduce((s, col) => s + col[i], 0);
    const logins = (ds: Dataset, i: number) => ds.meta.schools[ds.pupils.school[i]].login;
    for (let i = 0; i < back.pupils.n; i++) {
      expect(back.pupils.code[i]).toBe(recheck4.pupils.code[i]);
      expect(logins(back, i)).toBe(logins(recheck4, i));
      expect(total(back, i)).toBe(total(recheck4, i));
    }
    expect(new Set(back.pupils.code.map(Number))).toEqual(new Set(codes));
    expect(await loadRecheck(db, P5.id)).toBeNull();

    // Twice: recognised, nothing added.
    expect((await saveRecheck(db, recheck4, P4.id)).duplicate).toBe(true);
    expect(await listRechecks(db)).toHaveLength(1);
  });

  it('goes with its protocol: deleting the import or the procedure deletes the re-check', async () => {
    const db = await freshDb();
    const { importId } = await saveDataset(db, protocol4);
    await saveDataset(db, protocol5);
    await saveRecheck(db, recheck4, P4.id);
    const r5 = await saveRecheck(db, recheck5, P5.id);

    expect(await deleteImport(db, importId)).toBe(true);
    expect((await listRechecks(db)).map((r) => r.procedureKey)).toEqual([P5.id]);

    expect(await deleteRecheck(db, r5.recheckId)).toBe(true);
    expect(await listRechecks(db)).toEqual([]);
    expect((await loadDataset(db, P5.id)).pupils.n).toBe(protocol5.pupils.n);

    await saveRecheck(db, recheck5, P5.id);
    expect(await deleteProcedure(db, P5.id)).toBe(true);
    expect(await db.rechecks.count()).toBe(0);
  });

  it('follows its procedure when the spec renames it', async () => {
    const db = await freshDb();
    await saveDataset(db, protocol4);
    await saveRecheck(db, recheck4, P4.id);
    const { key } = await updateProcedureSpec(db, P4.id, { year: 2022 });
    expect(key).toBe('ВПР-2022-Математика-4');
    expect(await loadRecheck(db, P4.id)).toBeNull();
    expect((await loadRecheck(db, key))!.pupils.n).toBe(recheck4.pupils.n);
  });
});

describe('schema v3', () => {
  it('migrates a v2 database: protocol intact, an empty re-check table that takes a re-check', async () => {
    const name = `oko-recheck-v2-${process.pid}-${seq++}`;
    const v2 = await openDb(name, { schemaVersion: 2 });
    expect(v2.tables.map((t) => t.name)).not.toContain('rechecks');
    await saveDataset(v2, protocol4);
    const before = await loadDataset(v2, P4.id);
    const lists = await listProcedures(v2);
    v2.close();

    // Opened at v3 exactly: this is the v2 → v3 step (v3 → v4 is followup-db.test.ts).
    const v3 = await openDb(name, { schemaVersion: 3 });
    opened.push(v3);
    expect(v3.verno).toBe(3);
    expect(await v3.rechecks.count()).toBe(0);
    expect(await listProcedures(v3)).toEqual(lists);
    expect(await loadDataset(v3, P4.id)).toStrictEqual(before);
    expect((await saveRecheck(v3, recheck4, P4.id)).matched).toBe(recheck4.pupils.n);
  });
});

describe('bad re-check files through the import worker: Russian messages, nothing changed', () => {
  it('unknown codes are warnings with file and row; the rest is stored', async () => {
    const db = await freshDb();
    await saveDataset(db, protocol4);
    const api = importApi(db);
    const changed: { row: number; code: string }[] = [];
    const bytes = editedRecheck((rows) => {
      const h = headerRow(rows);
      const col = rows[h].indexOf('Код');
      for (const k of [1, 5, 9]) {
        rows[h + k][col] = `9${rows[h + k][col]}`;
        changed.push({ row: h + k + 1, code: String(rows[h + k][col]) });
      }
    });
    const p = await api.parse('перепроверка-правка.xlsx', bytes);
    if (!p.ok) throw new Error(p.error.message);
    const out = await api.saveRecheck(p.value.token, P4.id);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.recheck).toMatchObject({
      works: recheck4.pupils.n,
      matched: recheck4.pupils.n - 3,
      notFound: 3,
    });
    expect(out.value.recheck.unmatched.map((w) => ({ row: w.row, file: w.file, sheet: w.sheet }))).toEqual(
      changed.map((c) => ({ row: c.row, file: 'перепроверка-правка.xlsx', sheet: 'Протокол' })),
    );
    for (const [k, w] of out.value.recheck.unmatched.entries()) {
      expect(w.message).toMatch(new RegExp(`^участника ${changed[k].code} нет в протоколе школы edu99\\d+`));
    }
    expect(api.heldCount()).toBe(0);
  });

  it('no code found, another task layout, no stored procedure, a protocol file: errors, DB unchanged', async () => {
    const db = await freshDb();
    await saveDataset(db, protocol4);
    await saveDataset(db, protocol5);
    const api = importApi(db);
    const before = await snapshot(db);

    const attempt = async (bytes: Uint8Array, name: string, key: string) => {
      const p = await api.parse(name, bytes);
      if (!p.ok) throw new Error(p.error.message);
      const out = await api.saveRecheck(p.value.token, key);
      if (out.ok) throw new Error('stored');
      expect(await snapshot(db)).toEqual(before);
      return out.error;
    };

    const renumbered = editedRecheck((rows) => {
      const h = headerRow(rows);
      const col = rows[h].indexOf('Код');
      for (let r = h + 1; r < rows.length; r++) if (rows[r][col] != null) rows[r][col] = `7${rows[r][col]}`;
    });
    const none = await attempt(renumbered, 'чужие-коды.xlsx', P4.id);
    expect(none).toMatchObject({ kind: 'storage', code: 'invalid' });
    expect(none.message).toBe(
      `В файле «чужие-коды.xlsx» ни один код участника не найден в протоколе «${P4.id}» ` +
        `(проверено работ: ${recheck4.pupils.n}). Перепроверка сопоставляется с протоколом по логину школы ` +
        'и коду участника: проверьте, что выбрана та процедура. Ничего не сохранено.',
    );

    // Grade 5 has another task list: the first differing column is named.
    const other = await attempt(bytesOf(P4.recheck), P4.recheck, P5.id);
    expect(other).toMatchObject({ kind: 'storage', code: 'task-mismatch' });
    expect(other.message).toMatch(
      /^Перепроверка «vpr-ma4-2023-recheck\.xlsx» не совпадает по заданиям с протоколом «ВПР-2024-Математика-5»: .*столбец «/,
    );

    const wider = editedRecheck((rows) => {
      const h = headerRow(rows);
      const col = rows[h].indexOf('3 (2б)');
      rows[h][col] = '3 (3б)';
    });
    const layout = await attempt(wider, 'другие-максимумы.xlsx', P4.id);
    expect(layout).toMatchObject({ kind: 'storage', code: 'task-mismatch' });
    expect(layout.message).toContain('столбец «3 (3б)»: максимум 3, а в протоколе 2');

    const missing = await attempt(bytesOf(P4.recheck), P4.recheck, 'ВПР-2023-Русский язык-4');
    expect(missing.message).toBe(
      'Процедура «ВПР-2023-Русский язык-4» не загружена: сначала загрузите её протокол, затем перепроверку. ' +
        'Ничего не сохранено.',
    );

    const same = await attempt(bytesOf(P4.file), P4.file, P4.id);
    expect(same).toMatchObject({ code: 'conflict' });
    expect(same.message).toContain('уже загружен как протокол процедуры');
  });
});

describe('objectivity worker with stored re-checks', () => {
  it('passes them to the engine: the re-check signals equal objectivityReport on the same datasets', async () => {
    const db = await freshDb();
    for (const ds of [protocol4, protocol5]) await saveDataset(db, ds);
    const api = importApi(db);
    for (const p of [P4, P5]) {
      const parsed = await api.parse(p.recheck, bytesOf(p.recheck));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const out = await api.saveRecheck(parsed.value.token, p.id);
      if (!out.ok) throw new Error(out.error.message);
    }

    const objectivity = createObjectivityApi({
      listProcedures: async () => listProcedures(db),
      loadDataset: (key) => loadDataset(db, key, { warnings: false }),
      loadRecheck: (key) => loadRecheck(db, key),
      getContext: async () => undefined,
      setContext: async () => {},
      now: () => 0,
    });
    const run = await objectivity.run('ВПР', 'Математика');
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.rechecks).toEqual([
      { procedureKey: P4.id, works: recheck4.pupils.n },
      { procedureKey: P5.id, works: recheck5.pupils.n },
    ]);
    expect(run.value.notes.some((n) => n.includes('нет данных перепроверки'))).toBe(false);

    const j = await objectivity.json();
    if (!j.ok) throw new Error(j.error.message);
    const viaWorker = (JSON.parse(new TextDecoder().decode(j.value)) as { signals: Signal[] }).signals.filter(
      (s) => s.id === 'recheck-downgrade',
    );
    const direct = objectivityReport([protocol4, protocol5], {
      rechecks: [recheck4, recheck5],
      seed: 1,
    }).signals.filter((s) => s.id === 'recheck-downgrade');
    // Per school and year with ≥ 2 works (the signal's minimum), and pooled over both years.
    const counts = Object.values(truth.schools).map((x) =>
      [P4, P5].map((p) => x.recheckCodes[p.id]?.length ?? 0),
    );
    const perYear = counts.flat().filter((k) => k >= 2).length;
    const pooled = counts.filter(([a, b]) => a > 0 && b > 0 && a + b >= 2).length;
    expect(viaWorker.length).toBe(perYear + pooled);
    expect(viaWorker.length).toBeGreaterThan(100);
    const pick = (s: Signal) => [s.procedure, s.unit, s.n, s.effect, s.ci95, s.p, s.q, s.flagged, s.details];
    expect(JSON.parse(JSON.stringify(viaWorker.map(pick)))).toEqual(
      JSON.parse(JSON.stringify(direct.map(pick))),
    );

    // A naive second computation of one school's mean downgrade and share lost ≥ 2 points.
    const school = Object.keys(truth.schools)[0];
    const totalsOf = (ds: Dataset) => {
      const m = new Map<string, number>();
      for (let i = 0; i < ds.pupils.n; i++) {
        if (ds.meta.schools[ds.pupils.school[i]].login !== school || ds.pupils.absent[i]) continue;
        let t = 0;
        for (const col of ds.pupils.scores) t += col[i];
        m.set(ds.pupils.code[i], t);
      }
      return m;
    };
    const orig = totalsOf(protocol4);
    const d = [...totalsOf(recheck4)].map(([code, t]) => orig.get(code)! - t);
    const sig = viaWorker.find((s) => s.procedure === P4.id && s.unit === school)!;
    expect(sig.n).toBe(d.length);
    expect(sig.effect).toBeCloseTo(d.reduce((a, b) => a + b, 0) / d.length, 12);
    expect(sig.details!.share2).toBeCloseTo(d.filter((x) => x >= 2).length / d.length, 12);
    expect(procedureId(recheck4.meta.procedure)).toBe(P4.id);
  }, 120_000);
});
