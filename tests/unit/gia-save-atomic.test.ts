// One ОГЭ file with two exams is stored all or nothing: when the second exam cannot be stored (its
// school is already loaded from another file, or a write fails mid-way), the first is not stored
// either — through the import worker's API (real domain + fake-indexeddb) and the storage layer.
import Dexie from 'dexie';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createImportApi } from '../../workers/import.api.ts';
import { realImportDeps } from '../../workers/integration.ts';
import { SHAPES, generateExam, ogeProtocolXls } from '../../src/domain/demo/gia-protocols.ts';
import { importGiaForApp, sheetsOf } from '../../src/domain/import/gia-import.ts';
import { listImports, listProcedures, openDb, saveDatasets, type OkoDb } from '../../src/db/index.ts';

const NAME = 'oko-analytics';
afterAll(async () => {
  await Dexie.delete(NAME);
});

async function counts(db: OkoDb) {
  return {
    procedures: await db.procedures.count(),
    imports: await db.imports.count(),
    schools: await db.schools.count(),
    chunks: await db.chunks.count(),
    warnings: await db.warnings.count(),
  };
}

describe('a multi-exam ГИА file is one transaction', () => {
  it('the app: a school conflict on the second exam leaves the first exam unstored', async () => {
    const api = createImportApi(realImportDeps);
    // Русский язык of the same schools, already loaded from another file.
    const earlier = await api.parse('rus.xls', ogeProtocolXls([generateExam(SHAPES.ogeRus, { seed: 80 })]));
    if (!earlier.ok) throw new Error(earlier.error.message);
    expect((await api.save(earlier.value.token)).ok).toBe(true);

    const db = await openDb(NAME);
    const before = await counts(db);
    expect(before.procedures).toBe(1);

    const math = generateExam(SHAPES.ogeMath, { seed: 81 });
    const rus = generateExam(SHAPES.ogeRus, { seed: 82 });
    const parsed = await api.parse('both.xls', ogeProtocolXls([math, rus]));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.value.meta.procedure.subject).toBe('Математика');
    expect(parsed.value.others?.map((o) => o.meta.procedure.subject)).toEqual(['Русский язык']);

    const saved = await api.save(parsed.value.token);
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.kind).toBe('storage');
    expect(saved.error.file).toBe('both.xls');
    expect(saved.error.message).toContain('уже загружена в процедуру');
    expect(saved.error.message).toContain('«rus.xls»');
    expect(saved.error.message).toContain('Ничего не сохранено');
    // Nothing of both.xls: no Математика procedure, no new import, school or chunk.
    expect(await counts(db)).toEqual(before);
    expect((await listProcedures(db)).map((p) => p.subject)).toEqual(['Русский язык']);
    expect((await listImports(db)).map((i) => i.file)).toEqual(['rus.xls']);
    db.close();
  });

  it('a reserve-day protocol after the main day: a clear message, nothing written', async () => {
    const api = createImportApi(realImportDeps);
    const main = generateExam(SHAPES.ogeMath, { seed: 85 });
    const reserve = generateExam({ ...SHAPES.ogeMath, date: `${main.year}.06.24` }, { seed: 86 });
    const first = await api.parse('main.xls', ogeProtocolXls([main]));
    if (!first.ok) throw new Error(first.error.message);
    expect((await api.save(first.value.token)).ok).toBe(true);
    const db = await openDb(NAME);
    const before = await counts(db);

    const second = await api.parse('reserve.xls', ogeProtocolXls([reserve]));
    if (!second.ok) throw new Error(second.error.message);
    const saved = await api.save(second.value.token);
    expect(saved.ok).toBe(false);
    if (saved.ok) return;
    expect(saved.error.message).toContain('«main.xls»');
    expect(saved.error.message).toContain(
      `Если «reserve.xls» — протокол резервного дня того же экзамена (ОГЭ «Математика» ${main.year})`,
    );
    expect(saved.error.message).toContain('соберите основной и резервный дни в один файл');
    expect(saved.error.message).toMatch(/Ничего не сохранено\.$/);
    expect(await counts(db)).toEqual(before);
    db.close();
  });

  it('the storage layer: a write failing inside the second exam rolls back the first', async () => {
    const db = await openDb('oko-gia-atomic');
    const bytes = ogeProtocolXls([
      generateExam(SHAPES.ogeMath, { seed: 91 }),
      generateExam(SHAPES.ogeRus, { seed: 92 }),
    ]);
    const [math, rus] = (await importGiaForApp(bytes, 'two.xls', sheetsOf(bytes, 'two.xls')))!;
    const real = db.warnings.add.bind(db.warnings);
    let calls = 0;
    // saveDataset adds one warnings row per exam: the second one fails, after the first exam's rows.
    const spy = vi.spyOn(db.warnings, 'add').mockImplementation(((...args: Parameters<typeof real>) => {
      if (++calls === 2) throw new Error('сбой на втором экзамене');
      return real(...args);
    }) as typeof real);
    await expect(saveDatasets(db, [math, rus])).rejects.toThrow('сбой на втором экзамене');
    expect(calls).toBe(2);
    expect(await counts(db)).toEqual({ procedures: 0, imports: 0, schools: 0, chunks: 0, warnings: 0 });

    // Without the failure both exams are stored, and the same file again is a duplicate of each.
    spy.mockRestore();
    const ok = await saveDatasets(db, [math, rus]);
    expect(ok.map((r) => r.duplicate)).toEqual([false, false]);
    expect((await listProcedures(db)).map((p) => p.subject).sort()).toEqual(['Математика', 'Русский язык']);
    const again = await saveDatasets(db, [math, rus]);
    expect(again.map((r) => r.duplicate)).toEqual([true, true]);
    expect((await counts(db)).imports).toBe(2);
    db.close();
    await Dexie.delete('oko-gia-atomic');
  });
});
