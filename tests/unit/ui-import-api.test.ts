// The import worker's API without a worker: datasets stay inside, only meta and counts come out.
import { describe, expect, test } from 'vitest';
import { ImportError, type Dataset, type ProcedureSpec } from '../../src/domain/model';
import { DbError } from '../../src/db/errors';
import { createImportApi, type ImportDeps } from '../../workers/import.api';
import { throttleProgress } from '../../workers/progress';

function dataset(n: number, absentEvery = 3, maximaSource: 'header' | 'observed' = 'header'): Dataset {
  const absent = new Uint8Array(n).map((_, i) => (i % absentEvery === 0 ? 1 : 0));
  return {
    meta: {
      file: 'f.xlsx',
      sheet: 'Протокол',
      layout: 'fisoko-protocol',
      procedure: { kind: 'ВПР', subject: 'Математика', grade: 4, year: 2022, tasks: [{ id: '1', max: 1 }] },
      maximaSource,
      taskHeaders: ['1 (1б)'],
      rows: n,
      municipalities: [],
      schools: [{ login: 'sch1' }],
      classes: [],
      warnings: [],
    },
    pupils: {
      n,
      sourceRow: new Uint32Array(n),
      code: Array.from({ length: n }, (_, i) => String(i)),
      school: new Uint32Array(n),
      classIdx: new Int32Array(n).fill(-1),
      absent,
      variant: new Uint16Array(n),
      journal: new Uint8Array(n),
      sex: new Uint8Array(n),
      scores: [new Uint8Array(n)],
      codes: [new Uint8Array(n)],
    },
  };
}

function fakeDeps(over: Partial<ImportDeps> = {}) {
  const saved: Dataset[] = [];
  const specs: (ProcedureSpec | undefined)[] = [];
  const deps: ImportDeps = {
    importFile: async (_bytes, opts) => {
      specs.push(opts.spec);
      opts.onProgress?.(0.5, 'Чтение');
      return dataset(9, 3, opts.spec ? 'header' : 'observed');
    },
    saveDataset: async (ds) => {
      const duplicate = saved.length > 0;
      if (!duplicate) saved.push(ds);
      return { importId: 1, procedureKey: 'ВПР-2022-Математика-4', duplicate };
    },
    saveDatasets: async () => {
      throw new Error('not used here');
    },
    saveRecheck: async () => {
      throw new Error('not used here');
    },
    generateDemo: async () => ({
      datasets: [dataset(4), dataset(5)],
      rechecks: [],
      context: { fileName: 'c.csv', bytes: new Uint8Array([1]) },
    }),
    saveDemo: async () => {
      throw new Error('not used here');
    },
    writeXlsx: (rows) => new TextEncoder().encode(JSON.stringify(rows)),
    ...over,
  };
  return { deps, saved, specs };
}

describe('import api', () => {
  test('parse returns meta and counts only, and holds the dataset until saved', async () => {
    const { deps, saved } = fakeDeps();
    const api = createImportApi(deps);
    const progress: number[] = [];
    const r = await api.parse('f.xlsx', new Uint8Array([1]), (f) => progress.push(f));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.summary).toEqual({
      rows: 9,
      written: 6,
      absent: 3,
      schools: 1,
      classes: 0,
      warnings: 0,
    });
    expect(JSON.stringify(r.value)).not.toContain('sourceRow');
    expect(progress.at(-1)).toBe(1);
    expect(api.heldCount()).toBe(1);

    const s = await api.save(r.value.token);
    expect(s).toMatchObject({ ok: true, value: { duplicate: false } });
    expect(saved).toHaveLength(1);
    expect(api.heldCount()).toBe(0);
  });

  test('reparse re-runs with the spec and replaces the held dataset', async () => {
    const { deps, specs } = fakeDeps();
    const api = createImportApi(deps);
    const r = await api.parse('f.xlsx', new Uint8Array([1]));
    if (!r.ok) throw new Error('parse failed');
    expect(r.value.meta.maximaSource).toBe('observed');
    const spec: ProcedureSpec = {
      kind: 'ВПР',
      subject: 'Математика',
      grade: 4,
      year: 2022,
      tasks: [{ id: '1', max: 2 }],
    };
    const again = await api.reparse(r.value.token, spec);
    expect(again.ok && again.value.meta.maximaSource).toBe('header');
    expect(specs).toEqual([undefined, spec]);
    expect(api.heldCount()).toBe(1);
  });

  test('an ImportError keeps its place; a DbError its Russian message', async () => {
    const api = createImportApi(
      fakeDeps({
        importFile: async () => {
          throw new ImportError('Файл повреждён', 'x.xlsx', 'Лист1', 5, 'C');
        },
      }).deps,
    );
    expect(await api.parse('x.xlsx', new Uint8Array())).toEqual({
      ok: false,
      error: {
        kind: 'import',
        message: 'Файл повреждён',
        file: 'x.xlsx',
        sheet: 'Лист1',
        row: 5,
        column: 'C',
      },
    });

    const { deps } = fakeDeps({
      saveDataset: async () => {
        throw new DbError('Нет места', 'quota');
      },
    });
    const api2 = createImportApi(deps);
    const r = await api2.parse('f.xlsx', new Uint8Array([1]));
    if (!r.ok) throw new Error('parse failed');
    expect(await api2.save(r.value.token)).toEqual({
      ok: false,
      error: { kind: 'storage', message: 'Нет места', code: 'quota', file: 'f.xlsx' },
    });
    expect(api2.heldCount()).toBe(1); // still there: the user may free space and retry
  });

  test('demo: the generated bundle is stored in one call, its counts passed on', async () => {
    const given: unknown[] = [];
    const { deps } = fakeDeps({
      saveDemo: async (demo) => {
        given.push(demo);
        return { stored: 1, duplicates: 1, rechecksStored: 2, rechecksDuplicate: 0, context: 'kept' };
      },
    });
    const api = createImportApi(deps);
    expect(await api.loadDemo()).toEqual({
      ok: true,
      value: { stored: 1, duplicates: 1, rechecks: 2, context: false },
    });
    expect(given).toEqual([await deps.generateDemo()]);
  });

  test('demo: a storage error is a Russian failure, not a crash', async () => {
    const { deps } = fakeDeps();
    const r = await createImportApi(deps).loadDemo();
    expect(r).toEqual({
      ok: false,
      error: {
        kind: 'unexpected',
        message: 'Не удалось обработать файл: not used here',
        file: 'демонстрационные данные',
      },
    });
  });

  test('unknown token → a Russian message, not a crash', async () => {
    const api = createImportApi(fakeDeps().deps);
    const r = await api.save(42);
    expect(r.ok).toBe(false);
  });
});

describe('progress throttle', () => {
  test('at most one report per 100 ms, the last value always delivered', () => {
    let t = 0;
    const seen: number[] = [];
    const p = throttleProgress(
      (f) => void seen.push(f),
      () => t,
    );
    p.report(0.1, 'a');
    t = 10;
    p.report(0.2, 'a');
    t = 20;
    p.report(0.3, 'a');
    expect(seen).toEqual([0.1]);
    t = 150;
    p.report(0.4, 'a');
    expect(seen).toEqual([0.1, 0.4]);
    t = 160;
    p.report(0.5, 'a');
    p.done();
    expect(seen).toEqual([0.1, 0.4, 0.5]);
  });
});
