// «Справки всем школам» (issue #11 point 6, the app side): the documents API of the engine worker
// on fake-indexeddb returns one ZIP with the справка of every school of the municipality that has a
// pupil who wrote, named by login, each DOCX equal in text to the single school's справка; the
// progress reaches 1; a class is refused with a Russian message; the domain batch stops when
// cancelled.
import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openDb, saveDataset } from '../../src/db/index.ts';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { spravkaZip, type DocContext } from '../../src/domain/documents/index.ts';
import { procedureId } from '../../src/domain/model.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { createDocumentsApi } from '../../workers/documents.api.ts';
import { storedDocumentsDeps } from './helpers/documents-deps.ts';
import { docxPlainText } from './helpers/docs-text.ts';

const demo = generateDemo();
const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;

describe('справки всем школам (ZIP)', () => {
  it('one ZIP with every school of the municipality that wrote, each as its single справка', async () => {
    const db = await openDb(`documents-zip-${Date.now()}`);
    for (const d of demo) await saveDataset(db, d);
    const api = createDocumentsApi(storedDocumentsDeps(db));
    const key = procedureId(ds.meta.procedure);
    const P = buildReport([ds]).procedures[0];
    const muni = P.units.find((u) => u.level === 'municipality')!;
    const req = {
      level: 'municipality' as const,
      unitId: muni.id,
      resultsDate: '2026-05-12',
      calendar: 'quarters' as const,
    };
    const steps: number[] = [];
    const r = await api.schoolsZip(key, req, (f) => steps.push(f));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toMatch(/\.zip$/);
    expect(r.value.mime).toBe('application/zip');
    expect(steps.at(-1)).toBe(1);
    const files = unzipSync(r.value.bytes);
    const schools = P.units.filter((u) => u.level === 'school' && u.parent === muni.id && u.written > 0);
    const docx = Object.keys(files).filter((n) => n.endsWith('.docx'));
    expect(docx).toHaveLength(schools.length);
    expect(strFromU8(files['Список справок.txt']).trim().split('\r\n')).toEqual(docx);
    for (const s of schools) {
      const name = docx.find((n) => n.startsWith(`${s.id} — `));
      expect(name, s.id).toBeDefined();
      const single = await api.generate(key, 'spravka', { ...req, level: 'school', unitId: s.id });
      if (!single.ok) throw new Error(single.error.message);
      // The same справка (the single one has charts in the browser only; Node has none).
      expect(docxPlainText(files[name!]).replace(/\d{2}\.\d{2}\.\d{4}/g, 'D')).toBe(
        docxPlainText(single.value.bytes).replace(/\d{2}\.\d{2}\.\d{4}/g, 'D'),
      );
    }
    const refused = await api.schoolsZip(key, { ...req, level: 'class', unitId: 'x' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/муниципалитета или для всех участников/);
  }, 120_000);

  it('stops between schools when cancelled', async () => {
    const report = buildReport([ds]);
    const ctx: DocContext = { ds, report: report.procedures[0], signs: report.signs };
    let n = 0;
    await expect(
      spravkaZip(
        ctx,
        { level: 'all', unitId: 'all', resultsDate: '2026-05-12' },
        () => n++,
        () => n >= 2,
      ),
    ).rejects.toThrow(/отменено/);
    expect(n).toBe(2);
  });
});
