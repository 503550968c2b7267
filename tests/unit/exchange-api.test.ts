// The exchange worker's API without the worker: the school side exports a package, the
// municipality side adds the packages up into the table the «Обмен» screen shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file.ts';
import { createExchangeApi, type PackageFile } from '../../workers/exchange.api';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { procedureId } from '../../src/domain/model.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';

const demo = generateDemo();
const api = createExchangeApi({
  listProcedures: () =>
    Promise.resolve(
      demo.map((ds) => ({ key: procedureId(ds.meta.procedure), ...ds.meta.procedure, tasks: undefined })),
    ),
  loadDataset: (key) => {
    const ds = demo.find((d) => procedureId(d.meta.procedure) === key);
    return ds ? Promise.resolve(ds) : Promise.reject(new Error('нет такой процедуры'));
  },
});

describe('exchange api', () => {
  it('exports every school and rebuilds the municipal table', async () => {
    const ds = demo[1];
    const key = procedureId(ds.meta.procedure);
    const catalog = await api.catalog();
    expect(catalog.ok && catalog.value.map((p) => p.key)).toContain(key);
    const schools = await api.schools(key);
    if (!schools.ok) throw new Error(schools.error.message);
    expect(schools.value).toHaveLength(20);
    const files: PackageFile[] = [];
    for (const s of schools.value) {
      const r = await api.exportPackage(key, s.login);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.fileName).toMatch(/\.oko-aggregate\.json$/);
      // A readable title and the school's name without the quotes «», the login to tell namesakes apart.
      const P = ds.meta.procedure;
      expect(r.value.fileName).toBe(
        `${P.kind} ${P.year}, ${P.subject}, ${P.grade} класс — ${s.name.replace(/[«»]/g, '')} (${s.login}).oko-aggregate.json`,
      );
      files.push(r.value);
    }
    files.push({ fileName: 'bad.json', text: '{"format":"oko-aggregate/v1","__proto__":{}}' });
    const result = await api.municipality(files);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rejected).toEqual([
      { fileName: 'bad.json', message: expect.stringMatching(/__proto__/) },
    ]);
    const [proc] = result.value.procedures;
    expect(proc.packages).toBe(20);
    const pupils = analyzeProcedure(ds);
    for (const r of proc.rows) {
      const u = pupils.units.find((x) => x.level === r.level && x.id === r.id)!;
      expect(r.suppressed).toBe(false);
      expect(r.written).toBe(u.written);
      expect(r.mean).toBeCloseTo(u.score!.mean, 12);
      expect(r.uspevaemost).toBeCloseTo(u.uspevaemost!, 12);
      expect(r.kachestvo).toBeCloseTo(u.kachestvo!, 12);
      expect(r.sou).toBeCloseTo(u.sou!, 12);
    }
    expect(proc.rows.filter((r) => r.level === 'school')).toHaveLength(20);
  });

  it('reports a duplicate school as a package error', async () => {
    const key = procedureId(demo[0].meta.procedure);
    const r = await api.exportPackage(key, demo[0].meta.schools[0].login);
    if (!r.ok) throw new Error(r.error.message);
    const out = await api.municipality([r.value, r.value]);
    expect(out.ok).toBe(false);
    if (!out.ok)
      expect(out.error).toMatchObject({ kind: 'package', message: expect.stringMatching(/дважды/) });
  });

  it('reports an unknown school in Russian', async () => {
    const out = await api.exportPackage(procedureId(demo[0].meta.procedure), 'nope');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/не найдена/);
  });

  it('each school names its municipality: the school side filters by it (real ФИС ОКО protocol)', async () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/real/vpr2022-ma4-fisoko-protocol.xlsx'));
    const real = await importFile(bytes, { fileName: 'vpr2022-ma4-fisoko-protocol.xlsx' });
    const one = createExchangeApi({
      listProcedures: () => Promise.resolve([]),
      loadDataset: () => Promise.resolve(real),
    });
    const r = await one.schools('x');
    if (!r.ok) throw new Error(r.error.message);
    // Read off the file by hand: four schools, each in its own municipality.
    const rows = r.value.map((s) => [s.login, s.municipalityId, s.municipality]);
    expect(rows.sort((a, b) => a[0]!.localeCompare(b[0]!))).toEqual([
      ['edu223318', 'reg22_m016', 'Каменский муниципальный район'],
      ['edu223379', 'reg22_m019', 'Красногорский муниципальный район'],
      ['edu223744', 'reg22_m067', 'город Славгород'],
      ['edu224258', 'reg22_m065', 'город Новоалтайск'],
    ]);
  });
});
