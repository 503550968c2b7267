// The «Признаки» sheet lists schools with their municipality (#17: every XLSX that lists schools),
// read back from the workbook the objectivity worker writes for the synthetic two-year files.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { SIGNS_HEADER, signRows, objectivitySigns } from '../../src/domain/report/objectivity-export.ts';
import type { ObjectivityReport } from '../../src/domain/objectivity/types.ts';

const report: Pick<ObjectivityReport, 'schools' | 'signals' | 'notes'> = {
  schools: [],
  notes: [],
  signals: (['edu2', 'edu10', 'edu7'] as const).map((school) => ({
    id: 'bunching' as const,
    family: 'distribution' as const,
    school,
    procedure: 'ВПР-2024-Математика-5',
    unitKind: 'school' as const,
    unit: school,
    n: 40,
    effect: 1,
    effectUnit: 'SD',
    ci95: [0.5, 1.5] as [number, number],
    p: 0.01,
    q: 0.02,
    flagged: true,
    minN: 10,
    threshold: 1,
    caveats: [],
    explanation: '',
  })),
};

describe('municipality in the signs sheet', () => {
  const names = new Map([
    ['edu2', 'Школа № 2'],
    ['edu10', 'Гимназия № 10'],
    ['edu7', 'Лицей № 7'],
  ]);
  const municipalities = new Map([
    ['edu2', 'Город Н'],
    ['edu10', 'Район Р'],
  ]);

  it('each row carries its school’s municipality (empty when the data does not say)', () => {
    const rows = signRows(objectivitySigns(report, names, municipalities));
    expect(rows.map((r) => [r.login, r.municipality])).toEqual([
      ['edu10', 'Район Р'],
      ['edu7', ''],
      ['edu2', 'Город Н'],
    ]);
  });

  it('the column stands next to the login, in the header and in the cells', async () => {
    const { signsWorkbook } = await import('../../src/domain/report/objectivity-export.ts');
    const wb = XLSX.read(signsWorkbook(objectivitySigns(report, names, municipalities)), { type: 'array' });
    const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], {
      header: 1,
      defval: null,
    });
    const h = grid.findIndex((r) => r[0] === 'Школа');
    expect(grid[h]).toEqual([...SIGNS_HEADER]);
    const col = SIGNS_HEADER.indexOf('Муниципалитет');
    expect(col).toBe(SIGNS_HEADER.indexOf('Логин ОО') + 1);
    const byLogin = Object.fromEntries(grid.slice(h + 1).map((r) => [r[1], r[col]]));
    expect(byLogin).toEqual({ edu10: 'Район Р', edu7: null, edu2: 'Город Н' });
  });

  it('a report without municipalities keeps the column empty', () => {
    expect(signRows(objectivitySigns(report, names)).every((r) => r.municipality === '')).toBe(true);
  });
});

// The worker's run (demo data) gives each school its municipality id, the municipalities by name,
// and the sheet it writes names the municipality of every row, as the demo's metadata says.
describe('objectivity run: municipalities', () => {
  it('the summary and the «Признаки» sheet carry the municipality of each school', async () => {
    const { generateDemo } = await import('../../src/domain/demo/generate');
    const { procedureId } = await import('../../src/domain/model');
    const { createObjectivityApi } = await import('../../workers/objectivity.api.ts');
    const demo = generateDemo();
    const a = createObjectivityApi({
      listProcedures: async () =>
        demo.map((d) => ({ key: procedureId(d.meta.procedure), ...d.meta.procedure })),
      loadDataset: async (key) => demo.find((d) => procedureId(d.meta.procedure) === key)!,
      getContext: async () => undefined,
      setContext: async () => {},
    });
    const out = await a.run('ВПР', 'Математика');
    if (!out.ok) throw new Error(out.error.message);
    // The truth, read straight from the datasets' metadata.
    const muniName = new Map(demo.flatMap((d) => d.meta.municipalities.map((m) => [m.id, m.name] as const)));
    const muniOf = new Map(
      demo.flatMap((d) => d.meta.schools.map((x) => [x.login, x.municipalityId ?? null] as const)),
    );
    expect(out.value.municipalities).toEqual([
      { id: 'demo_m001', name: 'Демонстрационный муниципальный район' },
    ]);
    expect(out.value.municipalities.map((m) => m.name)).toEqual(
      [...out.value.municipalities.map((m) => m.name)].sort((x, y) => x.localeCompare(y, 'ru')),
    );
    for (const x of out.value.all) expect(x.municipality).toBe(muniOf.get(x.id));
    for (const x of out.value.schools) expect(x.municipality).toBe(muniOf.get(x.id));

    const bytes = await a.signsXlsx();
    if (!bytes.ok) throw new Error(bytes.error.message);
    const wb = XLSX.read(bytes.value, { type: 'array' });
    const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], {
      header: 1,
      defval: null,
    });
    const h = grid.findIndex((r) => r[0] === 'Школа');
    const rows = grid.slice(h + 1);
    expect(rows.length).toBeGreaterThan(0);
    const col = SIGNS_HEADER.indexOf('Муниципалитет');
    for (const r of rows) expect(r[col]).toBe(muniName.get(muniOf.get(String(r[1]))!));
  }, 60_000);
});
