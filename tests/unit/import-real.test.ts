// The real Altai Krai exports, checked against a deliberately plain reference count:
// SheetJS object rows (sheet_to_json), plain loops and a literal list of the codes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { importFile } from '../../src/domain/import/import-file';
import { summarize, type Dataset } from '../../src/domain/model';
import { parseSpec } from '../../src/domain/spec';

const DIR = 'tests/fixtures/real';
const bytesOf = (name: string) => new Uint8Array(readFileSync(`${DIR}/${name}`));
const specOf = (name: string) => parseSpec(JSON.parse(readFileSync(`${DIR}/specs/${name}`, 'utf8')), name);

/** What a task cell means, by the spec's literal list. */
const CODES: Record<string, string> = {
  '': 'пусто',
  X: 'X',
  x: 'X',
  Х: 'X',
  х: 'X',
  'не пройд.': 'не пройд.',
  Н: 'Н',
  н: 'Н',
  H: 'Н',
  h: 'Н',
  '-': '-',
};
const LATIN: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

interface RefLayout {
  sheet: string;
  login: string;
  variants: string[];
  klass: string;
  total: string;
  tasks: string[];
  maxima: number[];
  grade: number;
}

interface Reference {
  rows: number;
  written: number;
  absent: number;
  schools: number;
  classes: number;
  /** Per task column: meaning → count, over all pupil rows. */
  dist: Record<string, number>[];
  aboveMax: { row: number; column: string }[];
  totalMismatch: number[];
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

function reference(bytes: Uint8Array, L: RefLayout): Reference {
  const wb = XLSX.read(bytes, { type: 'array' });
  const objects = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets[L.sheet], { defval: null });
  const ref: Reference = {
    rows: 0,
    written: 0,
    absent: 0,
    schools: 0,
    classes: 0,
    dist: L.tasks.map(() => ({})),
    aboveMax: [],
    totalMismatch: [],
  };
  const schools = new Set<string>();
  const classes = new Set<string>();
  for (const o of objects) {
    const login = text(o[L.login]);
    if (login === '') continue;
    const row = (o as { __rowNum__: number }).__rowNum__ + 1;
    ref.rows++;
    schools.add(login);
    const variants = L.variants.map((v) => text(o[v]).toLowerCase()).filter((v) => v !== '');
    const absentMarks = variants.filter((v) => v === 'отсутствовал' || v === 'не присутствовал').length;
    const raws = L.tasks.map((t) => text(o[t]));
    const absent = (absentMarks > 0 && absentMarks === variants.length) || raws.every((r) => r === '');
    if (absent) ref.absent++;
    else ref.written++;
    let sum = 0;
    let invalid = false;
    raws.forEach((r, t) => {
      let meaning: string;
      if (r in CODES) meaning = CODES[r];
      else if (/^\d+$/.test(r) && Number(r) <= L.maxima[t]) {
        meaning = String(Number(r));
        sum += Number(r);
      } else {
        meaning = 'ошибка';
        invalid = true;
        if (/^\d+$/.test(r)) ref.aboveMax.push({ row, column: L.tasks[t] });
      }
      ref.dist[t][meaning] = (ref.dist[t][meaning] ?? 0) + 1;
    });
    const stated = text(o[L.total]);
    if (!absent && !invalid && /^\d+$/.test(stated) && Number(stated) !== sum) ref.totalMismatch.push(row);
    let label = text(o[L.klass]).toUpperCase().replace(/\s+/g, ' ');
    if (label !== '') {
      label = label.replace(/[ABCEHKMOPTX]/g, (c) => LATIN[c]);
      if (label === 'НЕТ' || label === '-') label = String(L.grade);
      else if (!/\d/.test(label)) label = L.grade + label;
      classes.add(`${login}/${label}`);
    }
  }
  ref.schools = schools.size;
  ref.classes = classes.size;
  return ref;
}

/** The importer's view in the same words. */
function importedDist(ds: Dataset): Record<string, number>[] {
  const words = ['число', 'пусто', 'X', 'не пройд.', 'Н', '-', 'ошибка'];
  return ds.pupils.codes.map((codes, t) => {
    const d: Record<string, number> = {};
    for (let i = 0; i < ds.pupils.n; i++) {
      const w = codes[i] === 0 ? String(ds.pupils.scores[t][i]) : words[codes[i]];
      d[w] = (d[w] ?? 0) + 1;
    }
    return d;
  });
}

function checkAgainst(ds: Dataset, ref: Reference) {
  const s = summarize(ds);
  expect({
    rows: s.rows,
    written: s.written,
    absent: s.absent,
    schools: s.schools,
    classes: s.classes,
  }).toEqual({
    rows: ref.rows,
    written: ref.written,
    absent: ref.absent,
    schools: ref.schools,
    classes: ref.classes,
  });
  expect(importedDist(ds)).toEqual(ref.dist);
  const above = ds.meta.warnings
    .filter((w) => w.kind === 'above-max')
    .map((w) => ({ row: w.row, column: w.column }));
  expect(above).toEqual(ref.aboveMax);
  expect(ds.meta.warnings.filter((w) => w.kind === 'total-mismatch').map((w) => w.row)).toEqual(
    ref.totalMismatch,
  );
}

const FISOKO = (tasks: string[], maxima: number[], grade: number): RefLayout => ({
  sheet: 'Протокол',
  login: 'Пользователь',
  variants: ['Вариант'],
  klass: 'Наименование класса',
  total: 'Итого баллов',
  tasks,
  maxima,
  grade,
});

describe('ФИС ОКО protocol, Математика 4, 2022', () => {
  const name = 'vpr2022-ma4-fisoko-protocol.xlsx';
  const headers = [
    '1 (1б)',
    '2 (1б)',
    '3 (2б)',
    '4 (1б)',
    '5(1) (1б)',
    '5(2) (1б)',
    '6(1) (1б)',
    '6(2) (1б)',
    '7 (1б)',
    '8 (2б)',
    '9(1) (1б)',
    '9(2) (1б)',
    '10 (2б)',
    '11 (2б)',
    '12 (2б)',
  ];
  const maxima = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2];

  it('matches the reference count', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name });
    checkAgainst(ds, reference(bytesOf(name), FISOKO(headers, maxima, 4)));
    expect(ds.meta.layout).toBe('fisoko-protocol');
    expect(ds.meta.sheet).toBe('Протокол');
    expect(ds.meta.maximaSource).toBe('header');
    expect(ds.meta.procedure.tasks.map((t) => t.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5.1',
      '5.2',
      '6.1',
      '6.2',
      '7',
      '8',
      '9.1',
      '9.2',
      '10',
      '11',
      '12',
    ]);
    expect(ds.meta.procedure).toMatchObject({ kind: 'ВПР', subject: 'Математика', grade: 4, year: 2022 });
    expect(summarize(ds)).toMatchObject({ rows: 53, written: 52, absent: 1 });
  });

  it('hand-checked pupils', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name });
    const p = ds.pupils;
    // Row 2: 40001, «отсутствовал», nothing else.
    expect([p.sourceRow[0], p.code[0], p.absent[0], p.classIdx[0]]).toEqual([2, '40001', 1, -1]);
    // Row 3: 40002, variant 2, 1 1 2 1 0 0 0 1 0 0 0 0 2 2 0, class 4А, ж, mark 4.
    expect([p.code[1], p.absent[1], p.variant[1], p.sex[1], p.journal[1]]).toEqual(['40002', 0, 2, 2, 4]);
    expect(p.scores.map((s) => s[1])).toEqual([1, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 2, 0]);
    expect(ds.meta.classes[p.classIdx[1]].id).toBe('edu223379/4А');
    const school = ds.meta.schools[p.school[1]];
    expect(school).toEqual({
      login: 'edu223379',
      name: 'МКОУ "Усть-Кажинская СОШ"',
      municipalityId: 'reg22_m019',
    });
    expect(ds.meta.municipalities[0]).toEqual({
      id: 'reg22_m019',
      name: 'Красногорский муниципальный район',
    });
    // Numeric class cells (`4`) give the grade alone.
    expect(ds.meta.classes.map((c) => c.id)).toContain('edu224258/4');
    expect(ds.meta.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('ФИС ОКО protocol, Математика 5, 2022', () => {
  const name = 'vpr2022-ma5-fisoko-protocol.xlsx';
  const headers = [
    '1 (1б)',
    '2 (1б)',
    '3 (1б)',
    '4 (1б)',
    '5 (1б)',
    '6 (2б)',
    '7 (1б)',
    '8 (1б)',
    '9 (2б)',
    '10 (2б)',
    '11.1 (1б)',
    '11.2 (1б)',
    '12.1 (1б)',
    '12.2 (1б)',
    '13 (1б)',
    '14 (2б)',
  ];
  const maxima = [1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2];

  it('matches the reference count and hand-checked pupils', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name });
    checkAgainst(ds, reference(bytesOf(name), FISOKO(headers, maxima, 5)));
    expect(summarize(ds)).toEqual({ rows: 7, written: 7, absent: 0, schools: 1, classes: 1, warnings: 0 });
    const p = ds.pupils;
    // Row 2: 50001, variant 1, 1 0 1 1 1 0 1 1 0 0 0 0 0 0 1 0 (= 7, as stated), class «нет», ж, mark 3.
    expect(p.scores.map((s) => s[0])).toEqual([1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect([p.code[0], p.variant[0], p.sex[0], p.journal[0]]).toEqual(['50001', 1, 2, 3]);
    expect(ds.meta.classes).toEqual([{ id: 'edu223017/5', school: 0, label: '5' }]);
  });
});

describe('regional export 2021, Математика 5 (26 139 rows)', () => {
  const name = 'vpr2021-ma5-region-export.xlsx';
  const tasks = Array.from({ length: 16 }, (_, i) => `балл за ${i + 1}`);
  const spec = specOf('vpr2021-ma5.json');
  const layout: RefLayout = {
    sheet: 'Sheet',
    login: 'логин школы',
    variants: ['вариант'],
    klass: 'класс',
    total: 'всего баллов',
    tasks,
    maxima: spec.tasks.map((t) => t.max),
    grade: 5,
  };

  it('matches the reference count with spec vpr2021-ma5.json, and lists the impossible values', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name, spec });
    const ref = reference(bytesOf(name), layout);
    checkAgainst(ds, ref);
    expect(summarize(ds)).toMatchObject({ rows: 26139, schools: 637 });
    expect(ds.meta.maximaSource).toBe('spec');
    expect(ds.meta.procedure.scale).toEqual(spec.scale);
    // The one impossible value of the file: a 2 in the 1-point task 8.
    const above = ds.meta.warnings.filter((w) => w.kind === 'above-max');
    expect(above).toEqual([
      {
        kind: 'above-max',
        file: name,
        sheet: 'Sheet',
        row: 24785,
        column: 'балл за 8',
        message: expect.stringContaining('балл 2 больше максимального (1)') as string,
      },
    ]);
    expect(ds.meta.warnings.filter((w) => !['above-max', 'total-mismatch'].includes(w.kind))).toEqual([]);
  });

  it('without a spec finds the catalogue entry (ВПР 2021 Математика 5) from the file name', async () => {
    const ds = await importFile(bytesOf(name), {
      fileName: 'Результаты по математике, 5 класс. ВПР 2021.xlsx',
    });
    expect(ds.meta.procedure).toMatchObject({ kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 });
    expect(ds.meta.maximaSource).toBe('spec');
    expect(ds.meta.procedure.tasks.map((t) => t.max)).toEqual(spec.tasks.map((t) => t.max));
  });

  it('with nothing known falls back to observed maxima', async () => {
    const ds = await importFile(bytesOf(name), {
      fileName: 'export.xlsx',
      catalogue: [],
      procedure: { subject: 'Неизвестно' },
    });
    expect(ds.meta.maximaSource).toBe('observed');
    // The robust rule recovers the official maxima despite the stray 2 in task 8.
    expect(ds.meta.procedure.tasks.map((t) => t.max)).toEqual(spec.tasks.map((t) => t.max));
    expect(ds.meta.procedure.grade).toBe(5); // from participant codes 5xxxx
    expect(ds.meta.procedure.year).toBe(0);
  });
});

describe('regional export 2020, Математика 4 work (26 626 rows)', () => {
  const name = 'vpr2020-ma4-region-export.xlsx';
  const spec = specOf('vpr2020-ma4.json');
  const tasks = Array.from({ length: 15 }, (_, i) => `a-${i + 1}-grade`);
  const layout: RefLayout = {
    sheet: 'Sheet1',
    login: 'user',
    variants: ['var-1', 'var-2'],
    klass: 'klass',
    total: 'sum',
    tasks,
    maxima: spec.tasks.map((t) => t.max),
    grade: 4,
  };

  it('matches the reference count with spec vpr2020-ma4.json', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name, spec });
    checkAgainst(ds, reference(bytesOf(name), layout));
    expect(summarize(ds)).toMatchObject({ rows: 26626 });
    expect(ds.meta.taskHeaders).toEqual(tasks);
    expect(ds.meta.procedure.tasks.map((t) => t.id)).toEqual(spec.tasks.map((t) => t.id));
    // Municipality from the `groups` token reg22_vpr_m004.
    expect(ds.meta.schools[0]).toEqual({ login: 'sch223080', municipalityId: 'reg22_m004' });
  });

  it('drops the spare a-17…a-20 columns that only a few shifted rows fill, with a warning', async () => {
    const ds = await importFile(bytesOf(name), { fileName: name, spec });
    const other = ds.meta.warnings.filter((w) => w.kind === 'other');
    expect(other.map((w) => w.column)).toEqual(['a-17-grade', 'a-18-grade', 'a-19-grade', 'a-20-grade']);
    expect(other[0].row).toBe(15231);
    expect(ds.meta.warnings.filter((w) => w.kind === 'not-a-number')).toEqual([]);
  });
});
