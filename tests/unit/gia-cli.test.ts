// The headless command on a generated region: an ОГЭ `.xls` with two exams in one sheet and two
// ЕГЭ `.xlsx` protocols, specs matched by kind, subject and year; figures, signs and privacy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  SHAPES,
  egeProtocolXlsx,
  examSpec,
  generateExam,
  ogeProtocolXls,
} from '../../src/domain/demo/gia-protocols.ts';
import type { OkoReport } from '../../src/domain/report/index.ts';
import { expectClose, expectProcedure, naiveInflatedMean } from './gia-naive.ts';
import { oko } from './helpers/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'oko-gia-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('analyze: ОГЭ .xls with two exams + two ЕГЭ .xlsx → every unit, the ОГЭ sign, no names', async () => {
  const math = generateExam(SHAPES.ogeMath, { seed: 61, municipalities: 4, inflated: [2, 9] });
  const rus = generateExam(SHAPES.ogeRus, { seed: 62, municipalities: 4, inflated: [5] });
  const egeMath = generateExam(SHAPES.egeMath, { seed: 63 });
  const egeRus = generateExam(SHAPES.egeRus, { seed: 64 });
  const put = (name: string, bytes: Uint8Array | string) => {
    const path = join(tmp, name);
    writeFileSync(path, bytes);
    return path;
  };
  const inputs = [
    put('ОГЭ 2024.xls', ogeProtocolXls([math, rus])),
    put('ЕГЭ математика.xlsx', egeProtocolXlsx([egeMath], { fio: 'one', extras: true })),
    put('ЕГЭ русский.xlsx', egeProtocolXlsx([egeRus], { fio: 'three', extras: false })),
  ];
  // Four specs for three files: matched by kind, subject and year, not by order.
  const specs = [egeRus, math, egeMath, rus].flatMap((e, k) => [
    '--spec',
    put(`spec${k}.json`, JSON.stringify(examSpec(e))),
  ]);
  const out = join(tmp, 'report.json');
  const run = await oko(['analyze', ...inputs, ...specs, '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  const text = readFileSync(out, 'utf8');
  const report = JSON.parse(text) as OkoReport;
  const exams = [math, rus, egeMath, egeRus];
  expect(report.procedures.map((p) => p.id).sort()).toEqual(
    [
      'ОГЭ-2024-Математика-9',
      'ОГЭ-2024-Русский язык-9',
      'ЕГЭ-2024-Математика (профильный уровень)-11',
      'ЕГЭ-2024-Русский язык-11',
    ].sort(),
  );
  for (const e of exams) {
    const p = report.procedures.find((x) => x.kind === e.kind && x.subject === e.subject)!;
    expect(p.year).toBe(2024);
    expect(p.tasks.map((t) => t.id)).toEqual(e.tasks.map((_, k) => String(k + 1)));
    expectProcedure(p.units, e, e.minimum ?? null);
    const signs = report.signs.filter((s) => s.procedure === p.id);
    if (e.kind === 'ЕГЭ') expect(signs).toEqual([]);
    else {
      const truth = naiveInflatedMean(e);
      expect(signs).toHaveLength(truth.size);
      for (const s of signs) {
        expect(s.flagged).toBe(truth.get(s.school)!.flagged);
        expectClose(s.value, truth.get(s.school)!.value, s.school);
      }
      expect(signs.some((s) => s.flagged)).toBe(true);
    }
  }
  for (const p of exams.flatMap((e) => e.participants))
    for (const word of [p.surname, p.name, p.patronymic]) {
      expect(text.includes(word), word).toBe(false);
      expect(run.stderr.includes(word), word).toBe(false);
    }
}, 60_000);
