// «Обмен»: the municipal summary as XLSX — the demo's packages summed by the exchange API, written by
// summaryWorkbook and read back with SheetJS; each figure equals the screen row it came from, each
// school carries its municipality (from the package meta), a withheld group is «<5».
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { createExchangeApi, type PackageFile } from '../../workers/exchange.api';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { procedureId } from '../../src/domain/model.ts';
import { SUMMARY_HEADER, summaryRows, summaryWorkbook } from '../../src/domain/exchange/summary-xlsx.ts';

const demo = generateDemo();
const api = createExchangeApi({
  listProcedures: () =>
    Promise.resolve(
      demo.map((ds) => ({ key: procedureId(ds.meta.procedure), ...ds.meta.procedure, tasks: undefined })),
    ),
  loadDataset: (key) => Promise.resolve(demo.find((d) => procedureId(d.meta.procedure) === key)!),
});

describe('the Обмен summary as XLSX', () => {
  it('holds every row of the screen with the municipality of each school', async () => {
    const ds = demo[1];
    const key = procedureId(ds.meta.procedure);
    const schools = await api.schools(key);
    if (!schools.ok) throw new Error(schools.error.message);
    const files: PackageFile[] = [];
    for (const s of schools.value) {
      const r = await api.exportPackage(key, s.login);
      if (!r.ok) throw new Error(r.error.message);
      files.push(r.value);
    }
    const m = await api.municipality(files);
    if (!m.ok) throw new Error(m.error.message);
    const procs = m.value.procedures;

    const wb = XLSX.read(summaryWorkbook(procs), { type: 'array' });
    const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Сводка'], { header: 1, defval: null });
    expect(grid[0]).toEqual([...SUMMARY_HEADER]);
    const rows = procs.flatMap((p) => p.rows.map((r) => ({ p, r })));
    expect(grid).toHaveLength(1 + rows.length);
    // The municipality of a school, straight from the dataset the packages were made of.
    const muniName = new Map(ds.meta.municipalities.map((x) => [x.id, x.name]));
    const muniOf = new Map(ds.meta.schools.map((x) => [x.login, muniName.get(x.municipalityId ?? '') ?? '']));
    const col = (h: (typeof SUMMARY_HEADER)[number]) => SUMMARY_HEADER.indexOf(h);
    rows.forEach(({ p, r }, i) => {
      const g = grid[i + 1];
      expect(g[col('Процедура')]).toBe(p.title);
      expect(g[col('Единица')]).toBe(r.name);
      const want = (v: number | null) => (r.suppressed ? '<5' : v);
      expect(g[col('Писали')]).toBe(want(r.written));
      expect(g[col('Средний балл')]).toBe(want(r.mean));
      expect(g[col('У, %')]).toBe(want(r.uspevaemost));
      expect(g[col('КЗ, %')]).toBe(want(r.kachestvo));
      expect(g[col('СОУ, %')]).toBe(want(r.sou));
      if (r.level === 'school') expect(g[col('Муниципалитет')]).toBe(muniOf.get(r.id));
    });
    expect(rows.filter(({ r }) => r.level === 'school')).toHaveLength(20);
  });

  it('a withheld school reads «<5» in every figure', () => {
    const rows = summaryRows([
      {
        title: 'ВПР 2026',
        packages: 1,
        rows: [
          {
            level: 'municipality',
            id: 'm1',
            name: 'Район',
            parent: 'all',
            suppressed: false,
            written: 30,
            mean: 10,
            uspevaemost: 90,
            kachestvo: 50,
            sou: 55,
            omittedSchools: 1,
          },
          {
            level: 'school',
            id: 's1',
            name: 'Школа',
            parent: 'm1',
            suppressed: true,
            written: null,
            mean: null,
            uspevaemost: null,
            kachestvo: null,
            sou: null,
            omittedSchools: 0,
          },
        ],
      },
    ]);
    expect(rows[2]).toEqual(['ВПР 2026', 'школа', 'Район', 'Школа', '<5', '<5', '<5', '<5', '<5', null]);
    expect(rows[1]).toEqual(['ВПР 2026', 'муниципалитет', 'Район', 'Район', 30, 10, 90, 50, 55, 1]);
  });
});
