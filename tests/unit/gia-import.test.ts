// ГИА protocols (ОГЭ, ЕГЭ) on files built by the generator: every layout, the figures of every
// unit against the naive reference in gia-naive.ts, warnings, spec fields and privacy.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import {
  SHAPES,
  appealXlsx,
  egeProtocolXlsx,
  examSpec,
  generateExam,
  giaCsv,
  masks,
  ogeProtocolRows,
  ogeProtocolXls,
  type GiaExam,
} from '../../src/domain/demo/gia-protocols.ts';
import { exportSchoolPackage } from '../../src/domain/exchange/index.ts';
import { importGiaFiles, readGiaFile } from '../../src/domain/import/gia-import.ts';
import { parseShortMask, parseLongMask } from '../../src/domain/import/gia-masks.ts';
import { ImportError, procedureId, type Dataset } from '../../src/domain/model.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';
import { expectClose, expectProcedure, naiveInflatedMean } from './gia-naive.ts';

const specOf = (e: GiaExam) => parseSpec(JSON.parse(JSON.stringify(examSpec(e))), 'spec.json');
function checkReport(datasets: Dataset[], exams: GiaExam[], minimum: (e: GiaExam) => number | null) {
  const report = buildReport(datasets, { generatedAt: '2026-01-01T00:00:00Z' });
  expect(report.procedures).toHaveLength(exams.length);
  for (const e of exams) {
    const id = procedureId({
      kind: e.kind,
      subject: e.subject,
      year: e.year,
      grade: e.kind === 'ОГЭ' ? 9 : 11,
    });
    const p = report.procedures.find((x) => x.id === id)!;
    expect(p, id).toBeDefined();
    expect(p.tasks.map((t) => t.max)).toEqual(e.tasks.map((t) => t.max));
    expectProcedure(p.units, e, minimum(e));
    const signs = report.signs.filter((s) => s.procedure === id);
    if (e.kind === 'ОГЭ' && /^(Математика|Русский язык)$/.test(e.subject)) {
      const truth = naiveInflatedMean(e);
      expect(signs.map((s) => s.school).sort()).toEqual([...truth.keys()].sort());
      for (const s of signs) {
        expect(s.sign).toBe('inflated-mean');
        expect(s.flagged, s.school).toBe(truth.get(s.school)!.flagged);
        expectClose(s.value, truth.get(s.school)!.value, `sign ${s.school}`);
      }
    } else expect(signs).toEqual([]);
  }
  return report;
}

describe('ОГЭ protocol, BIFF .xls, several exams in one sheet', () => {
  const math = generateExam(SHAPES.ogeMath, { seed: 11, inflated: [1, 7] });
  const rus = generateExam(SHAPES.ogeRus, { seed: 12, inflated: [3] });

  it('is a real BIFF file and gives one procedure per exam, maxima from the masks', () => {
    const bytes = ogeProtocolXls([math, rus]);
    expect([...bytes.slice(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);
    const ds = importGiaFiles([{ bytes, fileName: 'oge.xls' }])!;
    expect(ds.map((d) => procedureId(d.meta.procedure))).toEqual([
      'ОГЭ-2024-Математика-9',
      'ОГЭ-2024-Русский язык-9',
    ]);
    expect(ds[0].meta.maximaSource).toBe('observed');
    expect(ds[0].meta.layout).toBe('gia-protocol');
    expect(ds[0].meta.schools.map((s) => s.login)).toContain('9300');
    const report = checkReport(ds, [math, rus], () => null);
    expect(report.signs.some((s) => s.flagged)).toBe(true);
  });

  it('marks come from «Оценка», not from the scale', () => {
    const ds = importGiaFiles([{ bytes: ogeProtocolXls([math]), fileName: 'oge.xls' }], {
      specs: [specOf(math)],
    })!;
    const all = buildReport(ds).procedures[0].units[0];
    const byScale = { '2': 0, '3': 0, '4': 0, '5': 0 } as Record<string, number>;
    for (const p of math.participants)
      byScale[String(math.scale!.findIndex(([a, z]) => p.primary >= a && p.primary <= z) + 2)]++;
    expect(all.marks).not.toEqual(byScale);
    expect(ds[0].meta.maximaSource).toBe('spec');
  });

  it('numbers as numbers, a reserve day of one subject is one procedure, specs by subject', () => {
    const bio = generateExam(SHAPES.ogeBio, { seed: 13 });
    const main = { ...bio, participants: bio.participants.filter((_, i) => i % 3 !== 0) };
    const reserve = {
      ...bio,
      date: '2024.06.25',
      participants: bio.participants.filter((_, i) => i % 3 === 0),
    };
    const bytes = ogeProtocolXls([main, math, reserve], false);
    const ds = importGiaFiles([{ bytes, fileName: 'oge.xls' }], { specs: [specOf(math), specOf(bio)] })!;
    expect(ds).toHaveLength(2);
    // The reserve day's rows come after the main day's: the same participants, in another order.
    const ordered = { ...bio, participants: [...main.participants, ...reserve.participants] };
    checkReport(ds, [ordered, math], () => null);
  });

  it('values in a spacer column of their merged header, header text with line breaks', () => {
    const rows = ogeProtocolRows([math, rus], false).map((r) => [...r]);
    for (const r of rows) {
      if (r[14] === 'Задания с кратким ответом') r[14] = 'Задания с\nкратким  ответом';
      else if (typeof r[0] === 'number' && typeof r[14] === 'string') [r[14], r[16]] = [null, r[14]];
    }
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Лист1');
    const bytes = new Uint8Array(XLSX.write(wb, { bookType: 'xls', type: 'array' }) as ArrayBuffer);
    checkReport(importGiaFiles([{ bytes, fileName: 'oge.xls' }])!, [math, rus], () => null);
  });

  it('a stated primary score that differs from the masks is a warning with row and column', () => {
    const ds = importGiaFiles([{ bytes: ogeProtocolXls([math]), fileName: 'oge.xls' }])!;
    const rows = math.participants.flatMap((p, i) =>
      p.primary !== p.scores.reduce((a, b) => a + b, 0) ? [6 + i] : [],
    );
    expect(rows.length).toBeGreaterThan(0);
    const w = ds[0].meta.warnings;
    expect(w.map((x) => x.row)).toEqual(rows);
    expect(new Set(w.map((x) => x.column))).toEqual(new Set(['Первичный балл']));
  });
});

describe('ЕГЭ protocols, .xlsx', () => {
  const math = generateExam(SHAPES.egeMath, { seed: 21, perSchool: [5, 25] });
  const rus = generateExam(SHAPES.egeRus, { seed: 22 });

  it.each([
    { fio: 'one', extras: false },
    { fio: 'three', extras: true },
  ] as const)('ФИО in $fio column(s), extras $extras: figures equal the reference', (layout) => {
    const files = [
      { bytes: egeProtocolXlsx([math], layout), fileName: 'ege-math.xlsx' },
      { bytes: egeProtocolXlsx([rus], layout), fileName: 'ege-rus.xlsx' },
    ];
    const ds = importGiaFiles(files, { specs: [specOf(math), specOf(rus)] })!;
    expect(ds.map((d) => d.meta.procedure.minimum)).toEqual([27, 24]);
    checkReport(ds, [math, rus], (e) => e.minimum ?? null);
  });

  it('without a spec: 2-point short tasks inferred from the masks, minimum from the catalogue of that year only', () => {
    const ds = importGiaFiles([
      { bytes: egeProtocolXlsx([rus, math], { fio: 'one', extras: true }), fileName: 'e.xlsx' },
    ])!;
    expect(ds[0].meta.procedure.tasks.map((t) => t.max)).toEqual(rus.tasks.map((t) => t.max));
    // 2024 is in the catalogue (24 and 27, the official minima).
    expect(ds.map((d) => d.meta.procedure.minimum)).toEqual([24, 27]);
    // Those 2024 minima are not checked against the document's text: the import says so, once.
    for (const d of ds) {
      const unchecked = d.meta.warnings.filter((w) => w.column === 'минимальный балл');
      expect(unchecked).toHaveLength(1);
      expect(unchecked[0].message).toContain(`(${d.meta.procedure.minimum})`);
      expect(unchecked[0].message).toContain('не сверен');
    }
    checkReport(ds, [rus, math], (e) => e.minimum ?? null);
    // 2019 is not: no minimum, belowMinimum unknown (never another year's).
    const old = generateExam({ ...SHAPES.egeRus, date: '2019.05.31' }, { seed: 23, municipalities: 1 });
    const ds2019 = importGiaFiles([
      { bytes: egeProtocolXlsx([old], { fio: 'one', extras: false }), fileName: 'o.xlsx' },
    ])!;
    const report = checkReport(ds2019, [old], () => null);
    expect(report.procedures[0].units[0].belowMinimum).toBeNull();
  });
});

describe('other layouts', () => {
  const math = generateExam(SHAPES.ogeMath, { seed: 31 });
  const rus = generateExam(SHAPES.ogeRus, { seed: 32 });

  it('`;` CSV with English names, UTF-8 with BOM', () => {
    const ds = importGiaFiles([{ bytes: giaCsv([math, rus]), fileName: 'gia.csv' }])!;
    expect(ds[0].meta.layout).toBe('gia-csv');
    checkReport(ds, [math, rus], () => null);
  });

  it('appeal results: two header rows, «Текущие» scores are official; no task figures', () => {
    const ds = importGiaFiles([{ bytes: appealXlsx([math]), fileName: 'appeal.xlsx' }], {
      specs: [specOf(math)],
    })!;
    expect(ds[0].meta.layout).toBe('gia-appeal');
    const p = buildReport(ds).procedures[0];
    expect(p.maxScore).toBe(31);
    expect(p.tasks).toEqual([]);
    const all = p.units[0];
    const primary = math.participants.map((x) => x.primary);
    expectClose(all.score!.mean, primary.reduce((a, b) => a + b, 0) / primary.length, 'mean');
    const marks = { '2': 0, '3': 0, '4': 0, '5': 0 } as Record<string, number>;
    for (const x of math.participants) marks[String(x.mark)]++;
    expect(all.marks).toEqual(marks);
  });
});

describe('masks, spec fields, bad input', () => {
  it('reads short and long masks', () => {
    expect(parseShortMask('+-2 +')).toEqual([
      { kind: 'plus' },
      { kind: 'score', score: 0 },
      { kind: 'score', score: 2 },
      { kind: 'plus' },
    ]);
    expect(parseLongMask('2(2)0(3) X(1)')).toEqual([
      { kind: 'score', score: 2, max: 2 },
      { kind: 'score', score: 0, max: 3 },
      { kind: 'score', score: 0, max: 1 },
    ]);
    expect(parseLongMask('2(2)junk')).toBeNull();
  });

  it('spec: part, testScale, minimum read; unknown fields ignored', () => {
    const e = generateExam(SHAPES.egeMath, { seed: 41, municipalities: 1 });
    const spec = specOf(e);
    expect(spec.tasks[0].part).toBe(1);
    expect(spec.tasks.at(-1)!.part).toBe(2);
    expect(spec.testScale).toEqual(e.testScale);
    expect(spec.minimum).toBe(27);
    expect('comment' in spec).toBe(false);
  });

  it('a ГИА spec may omit tasks and grade: maxima from the masks, its minimum and kind used', () => {
    const e = generateExam({ ...SHAPES.egeMath, minimum: 30 }, { seed: 44, municipalities: 2 });
    const spec = parseSpec(
      { kind: 'ЕГЭ', subject: e.subject, year: 2024, minimum: 30, testScale: e.testScale },
      'ege.json',
    );
    expect(spec.grade).toBe(11);
    expect(spec.tasks).toEqual([]);
    expect(() => parseSpec({ kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 }, 'v.json')).toThrow(
      /tasks/,
    );
    const ds = importGiaFiles(
      [{ bytes: egeProtocolXlsx([e], { fio: 'one', extras: false }), fileName: 'e.xlsx' }],
      {
        specs: [spec],
      },
    )!;
    expect(ds[0].meta.maximaSource).toBe('observed');
    checkReport(ds, [e], () => 30);
  });

  it('a spec names the kind when the columns cannot (ЕГЭ базового уровня has marks, no test score)', () => {
    const e = generateExam(
      { ...SHAPES.ogeMath, subject: 'Математика (базовый уровень)' },
      { seed: 45, municipalities: 1 },
    );
    const spec = parseSpec({ kind: 'ЕГЭ', subject: e.subject, year: 2024, scale: e.scale }, 'base.json');
    const [ds] = importGiaFiles([{ bytes: ogeProtocolXls([e]), fileName: 'base.xls' }], { specs: [spec] })!;
    expect(procedureId(ds.meta.procedure)).toBe('ЕГЭ-2024-Математика (базовый уровень)-11');
    const all = buildReport([ds]).procedures[0].units[0];
    const marks = { '2': 0, '3': 0, '4': 0, '5': 0 } as Record<string, number>;
    for (const p of e.participants) marks[String(p.mark)]++;
    expect(all.marks).toEqual(marks);
  });

  it('a spec with another task count is an error naming file and sheet', () => {
    const e = generateExam(SHAPES.ogeMath, { seed: 42, municipalities: 1 });
    const spec = { ...specOf(e), tasks: specOf(e).tasks.slice(1) };
    let err: unknown;
    try {
      importGiaFiles([{ bytes: ogeProtocolXls([e]), fileName: 'oge.xls' }], { specs: [spec] });
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/oge\.xls, лист «Протокол».*24 заданий.*25/);
  });

  it('an unreadable mask character is a warning; a ВПР file is not ГИА', () => {
    const e = generateExam(SHAPES.ogeMath, {
      seed: 43,
      municipalities: 1,
      schoolsPerMunicipality: 1,
      mismatch: 0,
    });
    const good = masks(e, e.participants[0]).short;
    const bytes = giaCsv([e]);
    const text = new TextDecoder().decode(bytes).replace(`;${good};`, `;?${good.slice(1)};`);
    const ds = importGiaFiles([{ bytes: new TextEncoder().encode(text), fileName: 'g.csv' }])!;
    const w = ds[0].meta.warnings.filter((x) => x.column === 'TestResultBCell');
    expect(w.length).toBeGreaterThanOrEqual(1);
    expect(w[0].row).toBe(2);
    expect(
      readGiaFile(new TextEncoder().encode('Код участника;Вариант;1 (1б)\n1;1;1\n'), 'v.csv'),
    ).toBeNull();
  });
});

describe('privacy', () => {
  it('no name or document number in the report, warnings or aggregate packages', () => {
    const oge = generateExam(SHAPES.ogeMath, { seed: 51 });
    const ege = generateExam(SHAPES.egeRus, { seed: 52 });
    const files = [
      { bytes: ogeProtocolXls([oge]), fileName: 'oge.xls' },
      { bytes: egeProtocolXlsx([ege], { fio: 'three', extras: true }), fileName: 'ege.xlsx' },
    ];
    const ds = importGiaFiles(files)!;
    const report = buildReport(ds);
    const packages = ds.flatMap((d) => d.meta.schools.map((s) => exportSchoolPackage(d, s.login)));
    const text = JSON.stringify(report) + JSON.stringify(ds.map((d) => d.meta)) + JSON.stringify(packages);
    expect(report.warnings.length).toBeGreaterThan(0);
    for (const p of [...oge.participants, ...ege.participants]) {
      for (const word of [p.surname, p.name, p.patronymic]) expect(text.includes(word), word).toBe(false);
      expect(new RegExp(`(?<![\\d.])${p.docNumber}(?!\\d)`).test(text), p.docNumber).toBe(false);
    }
  });
});
