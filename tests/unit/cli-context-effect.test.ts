// `npm run oko -- context effect …` as a child process on generated regions (region-2021 layout,
// ВПР Математика 5 in 2025 and 2026; a 2021 context form): schools with measures gain a planted
// amount in 2026. Checked: each school's before/after equal the means computed here from the written
// pupils (an independent computation), the effect equals the mean of the schools' differences in the
// same report, the planted gain is found with an interval above 0, and the DOCX names no PII.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logistic, mulberry32 } from '../../src/domain/demo/prng.ts';
import { demoSpec } from '../../src/domain/demo/specs.ts';
import { REGION_CSV_HEADER } from '../../src/domain/demo/region-csv.ts';
import { syntheticSchool } from '../../src/domain/context/synthetic.ts';
import { writeForm2021, type FormSchool } from '../../src/domain/context/form-writer.ts';

const ROOT = resolve(import.meta.dirname, '../..');

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
const treated: string[] = [];
/** login → year → % of max, computed from the pupils as written. */
const truth = new Map<string, Map<number, number>>();
const tasks = demoSpec('Математика', 5, 2025).tasks;
const max = tasks.reduce((a, t) => a + t.max, 0);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'oko-effect-'));
  const rng = mulberry32(21);
  schools = Array.from({ length: 40 }, (_, i) => syntheticSchool(rng, i, i < 20 ? 'town' : 'rural', 'Район'));
  writeFileSync(join(tmp, 'Сбор контекстных данных об ОО (2021).xlsx'), writeForm2021(schools));
  for (let i = 20; i < 40; i += 3) treated.push(schools[i].login); // 7 rural schools with measures
  const level = schools.map((_, i) => (i < 20 ? 0.3 : -0.3) + 0.3 * rng.normal());
  for (const year of [2025, 2026]) {
    const lines = [REGION_CSV_HEADER];
    schools.forEach((s, i) => {
      const gain = year === 2026 && treated.includes(s.login) ? 0.8 : 0;
      const shift = year === 2026 ? 0.1 : 0; // a region-wide shift the controls share
      let total = 0;
      for (let k = 0; k < 25; k++) {
        const ability = level[i] + gain + shift + 0.7 * rng.normal();
        const cells = tasks.map((t) => {
          let sc = 0;
          for (let m = 0; m < t.max; m++) if (rng.next() < logistic(ability - 0.2 * m)) sc++;
          return sc;
        });
        const sum = cells.reduce((a, b) => a + b, 0);
        total += sum;
        lines.push([s.login, 'Район', k + 1, 70000 + k, '4', 'м', 'а', 1, sum, ...cells].join(';'));
      }
      (truth.get(s.login) ?? truth.set(s.login, new Map()).get(s.login)!).set(
        year,
        (100 * total) / (25 * max),
      );
    });
    writeFileSync(join(tmp, `ВПР ма5 ${year}.csv`), lines.join('\n') + '\n');
    writeFileSync(join(tmp, `spec-${year}.json`), JSON.stringify(demoSpec('Математика', 5, year)));
  }
  writeFileSync(join(tmp, 'treated.txt'), treated.join('\n'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const common = () => [
  'context',
  'effect',
  join(tmp, 'ВПР ма5 2025.csv'),
  join(tmp, 'ВПР ма5 2026.csv'),
  '--spec',
  join(tmp, 'spec-2025.json'),
  '--spec',
  join(tmp, 'spec-2026.json'),
  '--context',
  join(tmp, 'Сбор контекстных данных об ОО (2021).xlsx'),
];

it('XLSX: per-school before/after as written, the effect from the schools, the planted gain found', async () => {
  const out = join(tmp, 'effect.xlsx');
  const run = await oko([...common(), '--treated', join(tmp, 'treated.txt'), '--out', out]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const wb = XLSX.read(readFileSync(out));
  expect(wb.SheetNames).toEqual(['Эффект', 'По школам', 'Список ШНОР']);
  const bySchool = XLSX.utils.sheet_to_json<Record<string, number | string>>(wb.Sheets['По школам']);
  expect(new Set(bySchool.map((r) => r['Логин']))).toEqual(new Set(treated));
  for (const r of bySchool) {
    const t = truth.get(String(r['Логин']))!;
    expect(r['До, %']).toBeCloseTo(t.get(2025)!, 1);
    expect(r['После, %']).toBeCloseTo(t.get(2026)!, 1);
  }
  const [effect] = XLSX.utils.sheet_to_json<Record<string, number | string>>(wb.Sheets['Эффект']);
  expect(effect['Процедура']).toBe('ВПР Математика 5');
  expect([effect['До'], effect['После']]).toEqual([2025, 2026]);
  // The effect is the mean over the schools with measures of (own change − controls' change).
  const diffs = bySchool.map((r) => Number(r['Изменение, п. п.']) - Number(r['У сходных школ, п. п.']));
  expect(Number(effect['Эффект, п. п.'])).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / diffs.length, 0);
  expect(effect['Школ с мерами']).toBe(treated.length);
  expect(Number(effect['Нижняя граница 95 %'])).toBeGreaterThan(0);
  expect(effect['Вывод']).toMatch(/эффект подтверждён/);
}, 300_000);

it('DOCX: the report of its own, schools by name, no personal data; errors in Russian', async () => {
  const out = join(tmp, 'effect.docx');
  const run = await oko([
    ...common(),
    '--treated',
    treated.join(','),
    '--out',
    out,
    '--municipality',
    'Район',
  ]);
  expect(run.code).toBe(0);
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(out)))['word/document.xml']);
  expect(xml).toContain('Оценка эффективности муниципальных мер');
  expect(xml).toContain('До и после по школам с мерами');
  expect(xml).toContain(schools[20].name.replace(/"/g, '&quot;').replace('«', '«'));
  for (const s of schools)
    for (const pii of [s.director, s.phone, s.email, s.inn]) expect(xml).not.toContain(pii);

  const none = await oko([...common(), '--out', out]);
  expect(none.code).not.toBe(0);
  expect(none.stderr).toMatch(/Не указаны школы с мерами \(--treated\)/);
  const pdf = await oko([...common(), '--treated', 'x', '--out', join(tmp, 'a.pdf')]);
  expect(pdf.stderr).toMatch(/Укажите файл отчёта \.docx или \.xlsx/);
}, 300_000);
