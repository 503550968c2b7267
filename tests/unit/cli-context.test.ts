// `npm run oko -- context <file>… --out context.json` and `analyze … --context <form>`, run as child
// processes on forms in both official layouts written for the schools of the real 2021 regional file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/demo/prng.ts';
import { syntheticSchool, type PlantedGroup } from '../../src/domain/context/synthetic.ts';
import { writeForm2021, writeForm2022, type FormSchool } from '../../src/domain/context/form-writer.ts';
import type { OkoContextFile } from '../../src/domain/context/read-context.ts';
import { awkwardBook } from './awkward-form.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE_2021 = resolve(ROOT, 'tests/fixtures/real/vpr2021-ma5-region-export.xlsx');
const SPEC_2021 = resolve(ROOT, 'tests/fixtures/real/specs/vpr2021-ma5.json');

function oko(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['tsx', 'src/cli/oko.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let tmp: string;
let schools: FormSchool[];
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'oko-context-'));
  const wb = XLSX.read(readFileSync(FILE_2021));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 });
  const logins = [
    ...new Set(
      rows
        .slice(1)
        .map((r) => String(r[0] ?? ''))
        .filter(Boolean),
    ),
  ];
  const rng = mulberry32(3);
  const groups: PlantedGroup[] = ['capital', 'town', 'rural', 'special'];
  schools = logins.map((login, i) => ({ ...syntheticSchool(rng, i, groups[i % 4], 'М'), login }));
  writeFileSync(join(tmp, 'Сбор контекстных данных об ОО (2021).xlsx'), writeForm2021(schools));
  // 2022: one school left the form, one changed its settlement size.
  const later = schools
    .slice(1)
    .map((s, i) => (i === 0 ? { ...s, settlementSize: (s.settlementSize % 8) + 1 } : s));
  writeFileSync(join(tmp, 'Сбор контекстных данных об ОО (2022).xlsx'), writeForm2022(later));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('context: both years → oko-context/v1, every school, latest answer wins, no PII', async () => {
  const out = join(tmp, 'context.json');
  const run = await oko([
    'context',
    join(tmp, 'Сбор контекстных данных об ОО (2021).xlsx'),
    join(tmp, 'Сбор контекстных данных об ОО (2022).xlsx'),
    '--out',
    out,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const text = readFileSync(out, 'utf8');
  const json = JSON.parse(text) as OkoContextFile;
  expect(json.format).toBe('oko-context/v1');
  expect(json.schools).toHaveLength(schools.length);
  const by = new Map(json.schools.map((s) => [s.login, s]));
  for (const [i, s] of schools.entries()) {
    const r = by.get(s.login)!;
    expect(r.settlementType).toBe(s.settlementType);
    expect(r.special).toBe(s.special);
    expect(r.settlementSize).toBe(i === 1 ? (s.settlementSize % 8) + 1 : s.settlementSize);
    expect(r.years).toEqual(i === 0 ? [2021] : [2021, 2022]);
  }
  for (const s of schools.slice(0, 50))
    for (const pii of [s.director, s.phone, s.email, s.inn]) expect(text).not.toContain(pii);
});

it('context: awkward forms of both years (title/blank rows, merged headers, numbers as text, sheets reordered)', async () => {
  const a21 = join(tmp, 'анкета 2021 (неаккуратная).xlsx');
  const a22 = join(tmp, 'анкета 2022 (неаккуратная).xlsx');
  writeFileSync(
    a21,
    awkwardBook(writeForm2021(schools), (n) => n),
  );
  writeFileSync(
    a22,
    awkwardBook(writeForm2022(schools), (n) => [...n].reverse()),
  );
  for (const [file, year] of [
    [a21, 2021],
    [a22, 2022],
  ] as const) {
    const run = await oko(['context', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as OkoContextFile;
    expect(json.schools).toHaveLength(schools.length);
    const by = new Map(json.schools.map((x) => [x.login, x]));
    for (const s of schools) {
      const r = by.get(s.login)!;
      expect([r.settlementType, r.settlementSize, r.special, r.year]).toEqual([
        s.settlementType,
        s.settlementSize,
        s.special,
        year,
      ]);
    }
  }
}, 180_000);

it('context: usage and file errors in Russian', async () => {
  const none = await oko(['context']);
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/Не указан ни один файл контекста/);
  const missing = await oko(['context', join(tmp, 'нет.xlsx')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/нет\.xlsx/);
});

it('analyze --context <2021 form> runs and the context signals are computed', async () => {
  const out = join(tmp, 'report.json');
  const run = await oko([
    'analyze',
    FILE_2021,
    '--spec',
    SPEC_2021,
    '--context',
    join(tmp, 'Сбор контекстных данных об ОО (2021).xlsx'),
    '--out',
    out,
  ]);
  expect(run.code).toBe(0);
  expect(run.stderr).not.toMatch(/нет таблицы контекста/);
  const report = readFileSync(out, 'utf8');
  expect(report).toContain('context-overperformance');
  expect(report).not.toMatch(/нет таблицы контекста/);
}, 180_000);
