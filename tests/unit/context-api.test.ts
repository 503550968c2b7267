// The context worker's API on a real (fake-indexeddb) database: the demo (procedures + its context
// form in the official layout), a region form with personal data imported through the API, the
// analysis, and the programme files.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { createContextApi } from '../../workers/context.api';
import { listProcedures, loadDataset, openDb, saveDemo, settingKeys } from '../../src/db';
import { loadContextRecords, saveContextRecords } from '../../src/db/context-repo';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { writeForm2021 } from '../../src/domain/context/form-writer';
import { syntheticSchool } from '../../src/domain/context/synthetic';
import { mulberry32 } from '../../src/domain/demo/prng';

describe('context worker API', () => {
  it('demo: status, import of a form with PII, analysis with clusters and ШНОР, programme DOCX/XLSX', async () => {
    const db = await openDb(`context-api-${Date.now()}`);
    const demo = generateDemoBundle();
    await saveDemo(db, demo);
    const api = createContextApi({
      listProcedureKeys: async () => (await listProcedures(db)).map((p) => p.key),
      loadDataset: (key) => loadDataset(db, key, { warnings: false }),
      loadContextRecords: () => loadContextRecords(db),
      saveContextRecords: (p) => saveContextRecords(db, p),
      roadmapSchools: async () =>
        (await db.settings.where('key').startsWith(settingKeys.roadmap.prefix).primaryKeys()).map((k) =>
          String(k).split(':').at(-1)!,
        ),
    });
    const s = await api.status();
    expect(s).toEqual({ ok: true, value: { schools: 20, years: [2026] } });

    // A 2021 form for the same schools, with personal data: read, kept per year, PII nowhere.
    const rng = mulberry32(2);
    const logins = demo.datasets[0].meta.schools.map((x) => x.login);
    const form = logins.map((login, i) => ({
      ...syntheticSchool(rng, i, i < 10 ? 'town' : 'rural', 'Демо'),
      login,
    }));
    const imp = await api.importForm(writeForm2021(form), 'Сбор контекстных данных об ОО (2021).xlsx');
    expect(imp.ok && imp.value.read).toBe(20);
    expect(imp.ok && imp.value.status.years).toEqual([2021, 2026]);
    const rows = JSON.stringify(await db.settings.toArray(), (_, v) =>
      v instanceof Uint8Array ? [...v] : v,
    );
    for (const f of form)
      for (const x of [f.director, f.phone, f.email, f.inn]) expect(rows).not.toContain(x);

    const bad = await api.importForm(new TextEncoder().encode('a;b\n'), 'x.csv');
    expect(bad.ok).toBe(false);

    const before = await api.programme('docx', '2026/2027');
    expect(before.ok).toBe(false);
    const out = await api.analyse();
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const v = out.value;
    expect(v.k).toBeGreaterThanOrEqual(2);
    expect(v.clusters.reduce((a, c) => a + c.n, 0)).toBe(20);
    expect(v.byK[0].k).toBe(2);
    expect(v.history.map((h) => h.year)).toEqual([2025, 2026]);
    expect(v.lowRule).toMatch(/нижние 10 %/);
    expect(v.withoutContext).toBe(0);
    expect(v.schools).toHaveLength(20);
    // The group's mean is the mean of its schools' means.
    const g1 = v.schools.filter((x) => x.cluster === 1);
    expect(g1[0].clusterMean).toBeCloseTo(g1.reduce((a, x) => a + x.own, 0) / g1.length, 9);
    // No roadmap stored: no schools «with measures», no effect table.
    expect(v.effect).toEqual([]);

    const docx = await api.programme('docx', '2026/2027');
    expect(docx.ok).toBe(true);
    if (docx.ok)
      expect(strFromU8(unzipSync(docx.value)['word/document.xml'])).toContain('Программа поддержки');
    const xlsx = await api.programme('xlsx', '2026/2027');
    if (xlsx.ok) expect(XLSX.read(xlsx.value).SheetNames).toContain('ШНОР и партнёры');
    db.close();
  }, 60_000);
});
