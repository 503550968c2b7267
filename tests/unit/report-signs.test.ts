// The objectivity signs in the report exports (issue #4 «Outputs»): `schools[]` of oko-report/v1 and
// the XLSX sheet «Признаки». A hand-made report checks the function's rules; the synthetic region
// (tests/fixtures/synthetic) checks the round trip through SheetJS and that the headless command and
// the app's path (objectivity worker API → analysis worker API) write the same `schools[]`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file.ts';
import { procedureId, type Dataset, type ProcedureSpec } from '../../src/domain/model.ts';
import { combine } from '../../src/domain/objectivity/combine.ts';
import type { ObjectivityReport, Signal } from '../../src/domain/objectivity/types.ts';
import {
  analyzeProcedure,
  exportUnitXlsx,
  pupilResults,
  type OkoReport,
  type ProcedureReport,
} from '../../src/domain/report/index.ts';
import {
  HOW_TO_READ,
  objectivitySigns,
  reportSchools,
  schoolsOfUnit,
  signRows,
  signsSheet,
  signsWorkbook,
  withSchools,
  SIGNS_HEADER,
  SIGNS_SHEET,
  type ObjectivitySigns,
} from '../../src/domain/report/objectivity-export.ts';
import { FAMILY_NAMES, SIGNAL_NAMES } from '../../src/ui/objectivity/labels.ts';
import { createAnalysisApi } from '../../workers/analysis.api.ts';
import { createObjectivityApi, type StoredContext } from '../../workers/objectivity.api.ts';
import { oko } from './helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SYN = 'tests/fixtures/synthetic';
const FILES = [
  { protocol: `${SYN}/vpr-ma4-2023-protocol.xlsx`, spec: `${SYN}/spec-ma4-2023.json` },
  { protocol: `${SYN}/vpr-ma5-2024-protocol.xlsx`, spec: `${SYN}/spec-ma5-2024.json` },
];
const CONTEXT = `${SYN}/context.csv`;
const LATER = 'ВПР-2024-Математика-5';

const bytesOf = (path: string) => new Uint8Array(readFileSync(resolve(ROOT, path)));

// ---------------------------------------------------------------------------------------------
// A hand-made report: three schools with signals, one without.

function signal(over: Partial<Signal> & Pick<Signal, 'id' | 'family' | 'school' | 'q'>): Signal {
  return {
    procedure: 'ВПР-2024-Математика-5',
    unitKind: 'school',
    unit: over.school,
    n: 40,
    effect: 1.5,
    effectUnit: 'SD',
    ci95: [0.5, 2.5],
    p: over.q / 2,
    flagged: false,
    minN: 10,
    threshold: 1,
    caveats: [],
    explanation: `Пояснение ${over.id} ${over.school}`,
    ...over,
  };
}

const handSignals: Signal[] = [
  // edu2: distribution (flagged, q 0.01 → 2) + external (flagged, q 0.001 → 3) → red, score 5.
  signal({ id: 'bunching', family: 'distribution', school: 'edu2', q: 0.5 }),
  signal({
    id: 'bunching',
    family: 'distribution',
    school: 'edu2',
    q: 0.01,
    flagged: true,
    procedure: 'ВПР-2023-Математика-4',
  }),
  signal({
    id: 'journal-higher',
    family: 'external',
    school: 'edu2',
    q: 0.001,
    flagged: true,
    effect: 12.25,
    effectUnit: 'п.п.',
    ci95: null,
    caveats: ['мало работ', 'нет журнала за прошлый год'],
    evidence: { kind: 'bars', unit: 'edu2', bars: [{ label: 'x', value: 1 }] },
    details: { kappa: 0.5 },
  }),
  // edu10: one pattern signal on a class (flagged, q 0.1 → 1) → amber, score 1.
  signal({
    id: 'common-pattern',
    family: 'pattern',
    school: 'edu10',
    unitKind: 'class',
    unit: 'edu10/5А',
    q: 0.1,
    flagged: true,
    effect: 3,
    effectUnit: 'A2 (≈1 при независимости)',
  }),
  // edu3: context, not flagged, q = 1 → 0 → none, score 0.
  signal({ id: 'context-overperformance', family: 'context', school: 'edu3', q: 1 }),
];
const handReport: ObjectivityReport = {
  format: 'oko-objectivity/v1',
  schools: combine(handSignals, ['edu2', 'edu10', 'edu3', 'edu4']),
  region: [],
  signals: handSignals,
  notes: ['ВПР-2024-Математика-5: нет данных перепроверки.'],
};
const handNames = new Map([
  ['edu2', 'Школа № 2'],
  ['edu10', 'Гимназия № 10'],
  ['edu3', '=HYPERLINK("http://x","Школа № 3")'],
  ['edu4', 'Школа № 4'],
]);

/** A procedure report with the units the export looks at (two municipalities, four schools). */
function handProcedure(): ProcedureReport {
  const u = (level: 'all' | 'municipality' | 'school' | 'class', id: string, parent: string | null) => ({
    level,
    id,
    name: id,
    parent,
    written: 1,
    absent: 0,
  });
  return {
    id: LATER,
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2024,
    maxScore: 20,
    tasks: [{ id: '1', max: 1, level: null }],
    scale: null,
    units: [
      u('all', 'all', null),
      u('municipality', 'm1', 'all'),
      u('municipality', 'm2', 'all'),
      u('school', 'edu2', 'm1'),
      u('school', 'edu10', 'm1'),
      u('school', 'edu3', 'm2'),
      u('school', 'edu4', 'all'),
      u('class', 'edu10/5А', 'edu10#5'),
    ],
  };
}

describe('the export function on a known report', () => {
  const signs = objectivitySigns(handReport, handNames);

  it('keeps every signal without its chart data, and the names', () => {
    expect(signs.signals).toHaveLength(handSignals.length);
    for (const s of signs.signals) {
      expect(s).not.toHaveProperty('evidence');
      expect(s).not.toHaveProperty('details');
    }
    expect(signs.signals[2].caveats).toEqual(['мало работ', 'нет журнала за прошлый год']);
    expect(signs.names.edu10).toBe('Гимназия № 10');
    // Small enough to cross between workers: it survives structured cloning unchanged.
    expect(structuredClone(signs)).toEqual(signs);
  });

  it('levels and risk scores are the ones worked out by hand', () => {
    const by = new Map(reportSchools(signs).map((s) => [s.id, s]));
    expect(by.get('edu2')!.level).toBe('red');
    expect(by.get('edu2')!.riskScore).toBeCloseTo(2 + 3, 12);
    expect(by.get('edu2')!.families).toEqual(['distribution', 'external']);
    expect(by.get('edu10')!.level).toBe('amber');
    expect(by.get('edu10')!.riskScore).toBeCloseTo(1, 12);
    expect(by.get('edu3')!.level).toBe('none');
    expect(by.get('edu3')!.riskScore).toBe(0);
    expect(by.get('edu4')).toMatchObject({ level: 'none', riskScore: 0, signals: [] });
  });

  it('schools[] is ordered by login (numbers as numbers) and restricted to the unit', () => {
    expect(reportSchools(signs).map((s) => s.id)).toEqual(['edu2', 'edu3', 'edu4', 'edu10']);
    const p = handProcedure();
    expect(schoolsOfUnit(p, 'all', 'all')).toEqual(['edu2', 'edu10', 'edu3', 'edu4']);
    expect(schoolsOfUnit(p, 'municipality', 'm1')).toEqual(['edu2', 'edu10']);
    expect(schoolsOfUnit(p, 'school', 'edu3')).toEqual(['edu3']);
    expect(schoolsOfUnit(p, 'school', 'nope')).toEqual([]);
    expect(schoolsOfUnit(p, 'class', 'edu10/5А')).toBeNull();
    const m1 = reportSchools(signs, schoolsOfUnit(p, 'municipality', 'm1')!);
    expect(m1.map((s) => s.id)).toEqual(['edu2', 'edu10']);
    // The entries are the engine's own, signals[] with the documented fields.
    expect(m1[0]).toEqual(handReport.schools[0]);
    expect(Object.keys(m1[0].signals[0]).sort()).toEqual(
      ['ci95', 'effect', 'family', 'flagged', 'id', 'p', 'procedure', 'q', 'unit'].sort(),
    );
  });

  it('withSchools adds schools[] and the notes; without signs only the notes', () => {
    const base = {
      format: 'oko-report/v1',
      generatedAt: 'x',
      warnings: [],
      procedures: [],
      signs: [],
    } as OkoReport;
    const r = withSchools(base, { signs, notes: [] }, ['edu10']);
    expect(r.schools!.map((s) => s.id)).toEqual(['edu10']);
    expect(r.objectivityNotes).toEqual(handReport.notes);
    const failed = withSchools(base, {
      signs: null,
      notes: ['Признаки объективности не рассчитаны: нет данных.'],
    });
    expect(failed).not.toHaveProperty('schools');
    expect(failed.objectivityNotes).toEqual(['Признаки объективности не рассчитаны: нет данных.']);
  });

  it('rows: schools by name, flagged first, then family and q; Russian names; class labels', () => {
    const rows = signRows(signs);
    // «=HYPERLINK…» (edu3) sorts before letters; «Гимназия» before «Школа».
    expect(rows.map((r) => `${r.login}:${r.name}:${r.q}`)).toEqual([
      'edu3:Результат выше ожидаемого для контекста:1',
      'edu10:Общий для класса рисунок ответов:0.1',
      'edu2:Скопление работ у границы отметки:0.01',
      'edu2:Отметка ВПР выше отметки журнала:0.001',
      'edu2:Скопление работ у границы отметки:0.5',
    ]);
    expect(rows[1]).toMatchObject({
      school: 'Гимназия № 10',
      unit: 'класс 5А',
      family: 'Характер ответов',
      flagged: 'да',
    });
    expect(rows[3]).toMatchObject({
      ciLow: null,
      ciHigh: null,
      effect: 12.25,
      effectUnit: 'п.п.',
      caveats: 'мало работ; нет журнала за прошлый год',
    });
    expect(rows[4]).toMatchObject({ unit: 'школа', flagged: 'нет', ciLow: 0.5, ciHigh: 2.5, p: 0.25, n: 40 });
  });

  it('the sheet: «Как читать», the notes, the header, typed cells and no formula', () => {
    const ws = signsSheet(signs, undefined, ['Проверка.']);
    const grid = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, blankrows: true, defval: null });
    expect(grid[0][0]).toBe(HOW_TO_READ);
    expect(String(grid[0][0])).toContain('а не выводы');
    expect(grid[1][0]).toBe('Примечание: Проверка.');
    expect(grid[2][0]).toBe(`Примечание: ${handReport.notes[0]}`);
    expect(grid[4]).toEqual([...SIGNS_HEADER]);
    expect(grid).toHaveLength(5 + handSignals.length);
    for (const cell of Object.keys(ws).filter((k) => !k.startsWith('!'))) {
      const c = ws[cell] as XLSX.CellObject;
      expect(c.f).toBeUndefined();
      expect(['s', 'n']).toContain(c.t);
    }
    // A name that looks like a formula stays text.
    const hyper = Object.values(ws).find((c) => (c as XLSX.CellObject).v === handNames.get('edu3'));
    expect((hyper as XLSX.CellObject).t).toBe('s');
    // Without signs: the notes only, no table.
    const none = XLSX.utils.sheet_to_json<unknown[]>(signsSheet(null, undefined, ['Не рассчитано.']), {
      header: 1,
    });
    expect(none).toEqual([[HOW_TO_READ], ['Примечание: Не рассчитано.']]);
  });
});

// ---------------------------------------------------------------------------------------------
// The synthetic region: the headless command and the app's worker APIs on the same files.

async function importSynthetic(): Promise<Dataset[]> {
  return Promise.all(
    FILES.map(async (f) => {
      const spec = JSON.parse(readFileSync(resolve(ROOT, f.spec), 'utf8')) as ProcedureSpec;
      return importFile(bytesOf(f.protocol), { fileName: basename(f.protocol), spec });
    }),
  );
}

/** The app's objectivity worker API over the datasets (what IndexedDB would hold) and the context. */
function objectivityApi(datasets: Dataset[], context?: StoredContext) {
  let stored = context;
  return createObjectivityApi({
    listProcedures: async () =>
      datasets.map((d) => ({
        key: procedureId(d.meta.procedure),
        kind: d.meta.procedure.kind,
        subject: d.meta.procedure.subject,
        grade: d.meta.procedure.grade,
        year: d.meta.procedure.year,
      })),
    loadDataset: async (key) => datasets.find((d) => procedureId(d.meta.procedure) === key)!,
    getContext: async () => stored,
    setContext: async (v) => void (stored = v),
  });
}

function analysisApi(datasets: Dataset[]) {
  return createAnalysisApi({
    loadDataset: async (key) => datasets.find((d) => procedureId(d.meta.procedure) === key)!,
    analyzeProcedure: (ds, opts) => analyzeProcedure(ds, opts),
    pupilResults: (ds, classId) => pupilResults(ds, classId),
    exportUnitXlsx: (p, level, id, opts) => exportUnitXlsx(p, level, id, opts),
  });
}

const decodeJson = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as OkoReport;

function unwrap<T>(o: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!o.ok) throw new Error(o.error.message);
  return o.value;
}

describe('the synthetic region: CLI and app write the same signs', () => {
  let tmp: string;
  let cli: OkoReport;
  let datasets: Dataset[];
  let signs: ObjectivitySigns;
  let laterReport: ProcedureReport;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'oko-signs-'));
    const out = join(tmp, 'report.json');
    const run = await oko([
      'analyze',
      ...FILES.map((f) => f.protocol),
      ...FILES.flatMap((f) => ['--spec', f.spec]),
      '--context',
      CONTEXT,
      '--out',
      out,
    ]);
    if (run.code !== 0) throw new Error(run.stderr);
    cli = JSON.parse(readFileSync(out, 'utf8')) as OkoReport;

    datasets = await importSynthetic();
    const api = objectivityApi(datasets, {
      fileName: 'context.csv',
      bytes: bytesOf(CONTEXT),
      savedAt: '2026-01-01T00:00:00Z',
    });
    unwrap(await api.run('ВПР', 'Математика'));
    signs = unwrap(await api.exportSigns('ВПР', 'Математика'))!;
    laterReport = analyzeProcedure(datasets[1]);
  }, 180_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('«all»: the app’s schools[] equals the command’s', async () => {
    const a = analysisApi(datasets);
    const json = decodeJson(
      unwrap(
        await a.fullReportJson(LATER, { unit: { level: 'all', id: 'all' }, signs: { signs, notes: [] } }),
      ),
    );
    expect(cli.schools).toHaveLength(40);
    expect(json.schools).toEqual(cli.schools);
    expect(json.objectivityNotes).toEqual(cli.objectivityNotes);
    // Some school has signs in two families: the comparison is not of empty entries only.
    expect(cli.schools!.some((s) => s.level === 'red')).toBe(true);
  });

  it('a municipality: its schools only, each equal to the command’s entry', async () => {
    const a = analysisApi(datasets);
    const muni = laterReport.units.find((u) => u.level === 'municipality')!;
    const ids = laterReport.units
      .filter((u) => u.level === 'school' && u.parent === muni.id)
      .map((u) => u.id);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.length).toBeLessThan(40);
    const json = decodeJson(
      unwrap(
        await a.fullReportJson(LATER, {
          unit: { level: 'municipality', id: muni.id },
          signs: { signs, notes: [] },
        }),
      ),
    );
    expect(new Set(json.schools!.map((s) => s.id))).toEqual(new Set(ids));
    const byCli = new Map(cli.schools!.map((s) => [s.id, s]));
    for (const s of json.schools!) expect(s).toEqual(byCli.get(s.id));
  });

  it('a class: no schools[]; without signs: the note only', async () => {
    const a = analysisApi(datasets);
    const cls = laterReport.units.find((u) => u.level === 'class')!;
    const json = decodeJson(
      unwrap(
        await a.fullReportJson(LATER, { unit: { level: 'class', id: cls.id }, signs: { signs, notes: [] } }),
      ),
    );
    expect(json).not.toHaveProperty('schools');
    const note = 'Признаки объективности не рассчитаны: ошибка хранилища.';
    const failed = decodeJson(
      unwrap(
        await a.fullReportJson(LATER, {
          unit: { level: 'all', id: 'all' },
          signs: { signs: null, notes: [note] },
        }),
      ),
    );
    expect(failed).not.toHaveProperty('schools');
    expect(failed.objectivityNotes).toEqual([note]);
    const wb = XLSX.read(
      unwrap(await a.unitXlsx(LATER, { level: 'all', id: 'all' }, { signs: null, notes: [note] })),
    );
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SIGNS_SHEET], { header: 1 });
    expect(rows).toEqual([[HOW_TO_READ], [`Примечание: ${note}`]]);
    // A class's workbook has no sheet of signs.
    const clsWb = XLSX.read(
      unwrap(await a.unitXlsx(LATER, { level: 'class', id: cls.id }, { signs, notes: [] })),
    );
    expect(clsWb.SheetNames).not.toContain(SIGNS_SHEET);
  });

  /** The table rows of a «Признаки» sheet read back, below its header. */
  function readBack(bytes: Uint8Array): unknown[][] {
    const wb = XLSX.read(bytes);
    expect(wb.SheetNames).toContain(SIGNS_SHEET);
    const grid = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SIGNS_SHEET], { header: 1, defval: null });
    const h = grid.findIndex((r) => r[0] === SIGNS_HEADER[0]);
    expect(grid[h]).toEqual([...SIGNS_HEADER]);
    return grid.slice(h + 1);
  }

  /** Each row equals one signal (numbers within 1e-12, texts exactly), every signal once. */
  function expectRowsAreSignals(rows: unknown[][], signals: readonly Signal[] | ObjectivitySigns['signals']) {
    expect(rows).toHaveLength(signals.length);
    const col = (name: (typeof SIGNS_HEADER)[number]) => SIGNS_HEADER.indexOf(name);
    const left = [...signals];
    for (const r of rows) {
      const login = r[col('Логин ОО')];
      const unitCell = r[col('Класс / уровень')];
      const k = left.findIndex(
        (s) =>
          s.school === login &&
          s.procedure === r[col('Процедура')] &&
          SIGNAL_NAMES[s.id] === r[col('Признак')] &&
          (s.unitKind === 'class' ? `класс ${s.unit.slice(s.school.length + 1)}` : 'школа') === unitCell &&
          Math.abs(s.effect - (r[col('Эффект')] as number)) <= 1e-12 &&
          Math.abs(s.q - (r[col('q')] as number)) <= 1e-12,
      );
      expect(k, `row ${JSON.stringify(r.slice(0, 6))}`).toBeGreaterThanOrEqual(0);
      const s = left.splice(k, 1)[0];
      expect(r[col('Школа')]).toBe(signs.names[s.school]);
      expect(r[col('Семейство')]).toBe(FAMILY_NAMES[s.family]);
      expect(r[col('Единица')]).toBe(s.effectUnit);
      expect(typeof r[col('p')]).toBe('number');
      expect(Math.abs((r[col('p')] as number) - s.p)).toBeLessThanOrEqual(1e-12);
      expect(r[col('n')]).toBe(s.n);
      if (s.ci95) {
        expect(Math.abs((r[col('95% интервал: от')] as number) - s.ci95[0])).toBeLessThanOrEqual(1e-12);
        expect(Math.abs((r[col('95% интервал: до')] as number) - s.ci95[1])).toBeLessThanOrEqual(1e-12);
      } else {
        expect(r[col('95% интервал: от')]).toBeNull();
        expect(r[col('95% интервал: до')]).toBeNull();
      }
      expect(r[col('Отмечен')]).toBe(s.flagged ? 'да' : 'нет');
      expect(r[col('Пояснение')]).toBe(s.explanation);
      expect(r[col('Оговорки')]).toBe(s.caveats.length ? s.caveats.join('; ') : null);
    }
    expect(left).toHaveLength(0);
  }

  it('round trip: the «Признаки» sheet read back with SheetJS equals the signals', () => {
    const rows = readBack(signsWorkbook(signs));
    expect(signs.signals.length).toBeGreaterThan(100);
    expectRowsAreSignals(rows, signs.signals);
  });

  it('the analysis XLSX of a municipality carries the signs of its schools only', async () => {
    const a = analysisApi(datasets);
    const muni = laterReport.units.find((u) => u.level === 'municipality')!;
    const ids = new Set(
      laterReport.units.filter((u) => u.level === 'school' && u.parent === muni.id).map((u) => u.id),
    );
    const bytes = unwrap(
      await a.unitXlsx(LATER, { level: 'municipality', id: muni.id }, { signs, notes: [] }),
    );
    expectRowsAreSignals(
      readBack(bytes),
      signs.signals.filter((s) => ids.has(s.school)),
    );
  });

  it('the objectivity API gives the signs only for the works it holds, and not after a new context', async () => {
    const api = objectivityApi(datasets);
    expect(unwrap(await api.exportSigns('ВПР', 'Математика'))).toBeNull();
    unwrap(await api.run('ВПР', 'Математика'));
    expect(unwrap(await api.exportSigns('ВПР', 'Русский язык'))).toBeNull();
    const held = unwrap(await api.exportSigns('ВПР', 'Математика'))!;
    expect(held.schools.map((s) => s.id).sort()).toEqual(signs.schools.map((s) => s.id).sort());
    const xlsx = readBack(unwrap(await api.signsXlsx()));
    expect(xlsx).toHaveLength(held.signals.length);
    unwrap(await api.saveContext(bytesOf(CONTEXT), 'context.csv'));
    expect(unwrap(await api.exportSigns('ВПР', 'Математика'))).toBeNull();
  }, 120_000);
});
