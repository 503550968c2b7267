// ГИА in the app's storage: an ОГЭ protocol with two exams goes through the import worker's API
// (real domain + fake-indexeddb), is loaded back per procedure and gives the same report.
import Dexie from 'dexie';
import { afterAll, expect, it } from 'vitest';
import { createImportApi } from '../../workers/import.api.ts';
import { realImportDeps } from '../../workers/integration.ts';
import {
  SHAPES,
  egeProtocolXlsx,
  generateExam,
  ogeProtocolXls,
} from '../../src/domain/demo/gia-protocols.ts';
import { importGiaFiles } from '../../src/domain/import/gia-import.ts';
import { loadDataset, openDb } from '../../src/db/index.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { procedureId } from '../../src/domain/model.ts';

const NAME = 'oko-analytics';
afterAll(async () => {
  await Dexie.delete(NAME);
});

it('both exams of one file are stored; loaded back, their reports equal the in-memory ones', async () => {
  const math = generateExam(SHAPES.ogeMath, { seed: 71, inflated: [4] });
  const rus = generateExam(SHAPES.ogeRus, { seed: 72 });
  const ege = generateExam(SHAPES.egeMath, { seed: 73 });
  const api = createImportApi(realImportDeps);
  for (const [fileName, bytes] of [
    ['oge.xls', ogeProtocolXls([math, rus])],
    ['ege.xlsx', egeProtocolXlsx([ege], { fio: 'one', extras: true })],
  ] as const) {
    const parsed = await api.parse(fileName, bytes);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const saved = await api.save(parsed.value.token);
    expect(saved.ok).toBe(true);
    if (fileName === 'oge.xls')
      expect(parsed.value.others?.map((o) => o.meta.procedure.subject)).toEqual(['Русский язык']);
  }
  // The same file again is recognised as stored (every exam of it).
  const again = await api.parse('oge.xls', ogeProtocolXls([math, rus]));
  if (!again.ok) throw new Error(again.error.message);
  const dup = await api.save(again.value.token);
  expect(dup.ok && dup.value.duplicate).toBe(true);

  const memory = importGiaFiles([
    { bytes: ogeProtocolXls([math, rus]), fileName: 'oge.xls' },
    { bytes: egeProtocolXlsx([ege], { fio: 'one', extras: true }), fileName: 'ege.xlsx' },
  ])!;
  const db = await openDb(NAME);
  for (const ds of memory) {
    const key = procedureId(ds.meta.procedure);
    const loaded = await loadDataset(db, key);
    const a = buildReport([ds], { generatedAt: 'x' }).procedures[0];
    const b = buildReport([loaded], { generatedAt: 'x' }).procedures[0];
    expect(b.units.map((u) => u.id).sort()).toEqual(a.units.map((u) => u.id).sort());
    const byId = new Map(b.units.map((u) => [`${u.level}:${u.id}`, u]));
    for (const u of a.units) {
      const v = byId.get(`${u.level}:${u.id}`)!;
      expect(v.written).toBe(u.written);
      expect(v.score?.mean).toBeCloseTo(u.score?.mean ?? NaN, 10);
      expect(v.marks).toEqual(u.marks);
      expect(v.testScore?.mean).toEqual(u.testScore?.mean);
      expect(v.belowMinimum).toEqual(u.belowMinimum);
    }
    expect(b.minimum).toEqual(a.minimum);
  }
  db.close();
});
