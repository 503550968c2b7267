// Official signs on the two real Altai Krai exports analysed together by the headless command:
// ВПР 2020 «Математика 4» (the autumn-2020 work, written by the grade-5 cohort) and ВПР 2021
// Математика 5 (spring 2021, the same cohort). Everything is recomputed here by plain loops
// over the pupils read by the naive loader (naive-report.ts), with the quartiles written out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureSpec } from '../../src/domain/model.ts';
import { cohortPredecessor, type OkoReport, type ProcedureReport } from '../../src/domain/report/index.ts';
import { loadWorld, naiveFigures, SHEET_LAYOUTS, type LoadedFile, type P } from './naive-report.ts';
import { oko } from './helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REAL = 'tests/fixtures/real';
const FILES = {
  g4: { file: `${REAL}/vpr2020-ma4-region-export.xlsx`, spec: `${REAL}/specs/vpr2020-ma4.json` },
  g5: { file: `${REAL}/vpr2021-ma5-region-export.xlsx`, spec: `${REAL}/specs/vpr2021-ma5.json` },
};
const ID4 = 'ВПР-2020-Математика-4';
const ID5 = 'ВПР-2021-Математика-5';

const specOf = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as ProcedureSpec;
const load = (k: 'g4' | 'g5', layout: keyof typeof SHEET_LAYOUTS) =>
  loadWorld(
    new Uint8Array(readFileSync(resolve(ROOT, FILES[k].file))),
    SHEET_LAYOUTS[layout],
    specOf(FILES[k].spec),
  );

/** numpy.quantile(xs, p), method 'linear', by hand: h = (n − 1)p, between s[⌊h⌋] and s[⌈h⌉]. */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

function total(p: P): number {
  let t = 0;
  for (const x of p.scores) t += x;
  return t;
}

/** login → primary scores of the pupils who wrote (present), by plain loops. */
function scoresBySchool(w: LoadedFile): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const p of w.world.pupils) {
    if (p.absent) continue;
    let xs = out.get(p.school);
    if (!xs) out.set(p.school, (xs = []));
    xs.push(total(p));
  }
  return out;
}

function maxScore(spec: ProcedureSpec): number {
  let m = 0;
  for (const t of spec.tasks) m += t.max;
  return m;
}

let tmp: string;
let report: OkoReport;
let stderr: string;
let g4: LoadedFile;
let g5: LoadedFile;
let ms = 0;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'oko-cohort-'));
  const t0 = performance.now();
  const child = oko([
    'analyze',
    FILES.g4.file,
    FILES.g5.file,
    '--spec',
    FILES.g4.spec,
    '--spec',
    FILES.g5.spec,
    '--out',
    join(tmp, 'cohort.json'),
  ]);
  // One read of each file by the reference, while the child analyses both.
  g4 = load('g4', 'region-2020');
  g5 = load('g5', 'region-2021');
  const run = await child;
  ms = performance.now() - t0;
  expect(run.code, run.stderr).toBe(0);
  stderr = run.stderr;
  report = JSON.parse(readFileSync(join(tmp, 'cohort.json'), 'utf8')) as OkoReport;
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('how the engine pairs procedures for the cohort signs', () => {
  const proc = (kind: string, subject: string, grade: number, year: number) =>
    ({ id: `${kind}-${year}-${subject}-${grade}`, kind, subject, grade, year }) as ProcedureReport;

  it('grade N in year Y pairs with grade N + 1 in year Y + 1 (the same cohort) or year Y', () => {
    const a = proc('ВПР', 'Математика', 4, 2020);
    const b = proc('ВПР', 'Математика', 5, 2021);
    expect(cohortPredecessor(b, [a, b])).toBe(a);
    const sameYear = proc('ВПР', 'Математика', 4, 2021);
    expect(cohortPredecessor(b, [sameYear, b])).toBe(sameYear);
    // The previous year is the cohort: preferred over the same year.
    expect(cohortPredecessor(b, [sameYear, a, b])).toBe(a);
    // No pairing across two years, two grades, subjects or kinds, nor backwards.
    for (const other of [
      proc('ВПР', 'Математика', 4, 2019),
      proc('ВПР', 'Математика', 3, 2020),
      proc('ВПР', 'Русский язык', 4, 2020),
      proc('НИКО', 'Математика', 4, 2020),
      proc('ВПР', 'Математика', 4, 2022),
    ])
      expect(cohortPredecessor(b, [other, b])).toBeUndefined();
    expect(cohortPredecessor(a, [a, b])).toBeUndefined();
  });

  it('the two real files are the procedures ВПР 2020 Математика 4 and ВПР 2021 Математика 5, and pair', () => {
    console.log(`oko analyze of both files (reference loading alongside): ${ms.toFixed(0)} ms`);
    expect(report.procedures.map((p) => p.id)).toEqual([ID4, ID5]);
    expect(report.procedures.map((p) => p.maxScore)).toEqual([
      maxScore(g4.world.spec),
      maxScore(g5.world.spec),
    ]);
    expect(cohortPredecessor(report.procedures[1], report.procedures)).toBe(report.procedures[0]);
    expect(cohortPredecessor(report.procedures[0], report.procedures)).toBeUndefined();
    // The head counts of the two files, straight from the sheets.
    expect([g4.world.pupils.length, g5.world.pupils.length]).toEqual([26626, 26139]);
    expect(stderr).not.toMatch(/нет шкалы/);
  });
});

describe('cohort-rise / cohort-fall (2020 grade 4 → 2021 grade 5)', () => {
  it('entries for exactly the schools written in both with S(5) > 0; K, fences and flags as recomputed', () => {
    const before = scoresBySchool(g4);
    const after = scoresBySchool(g5);
    const max4 = maxScore(g4.world.spec);
    const max5 = maxScore(g5.world.spec);
    const mean = (xs: number[]) => {
      let s = 0;
      for (const x of xs) s += x;
      return s / xs.length;
    };
    // K = S(4)/S(5), S = mean primary score / max score, over the schools present in both.
    const ks: { school: string; k: number }[] = [];
    for (const [school, xs5] of after) {
      const xs4 = before.get(school);
      if (!xs4 || xs4.length === 0 || xs5.length === 0) continue;
      const s5 = mean(xs5) / max5;
      if (!(s5 > 0)) continue;
      ks.push({ school, k: mean(xs4) / max4 / s5 });
    }
    expect(ks.length).toBeGreaterThan(400);
    const values = ks.map((x) => x.k);
    const q25 = quantile(values, 0.25);
    const q75 = quantile(values, 0.75);
    const iqr = q75 - q25;
    const upper = q75 + 3 * iqr;
    const lower = q25 - 3 * iqr;

    const cohort = report.signs.filter((s) => s.sign === 'cohort-rise' || s.sign === 'cohort-fall');
    expect(new Set(cohort.map((s) => s.procedure))).toEqual(new Set([ID5]));
    const key = (school: string, sign: string) => `${school} ${sign}`;
    const got = new Map(cohort.map((s) => [key(s.school, s.sign), s]));
    expect(got.size).toBe(cohort.length); // one entry per school and sign
    expect([...new Set(cohort.map((s) => s.school))].sort()).toEqual(ks.map((x) => x.school).sort());

    const diff: string[] = [];
    for (const { school, k } of ks)
      for (const [sign, flagged] of [
        ['cohort-rise', k < lower],
        ['cohort-fall', k > upper],
      ] as const) {
        const s = got.get(key(school, sign));
        if (!s) diff.push(`${key(school, sign)}: missing`);
        else if (!(Math.abs(s.value - k) <= 1e-9) || s.flagged !== flagged)
          diff.push(`${key(school, sign)}: ${s.value} ${s.flagged} vs ${k} ${flagged}`);
      }
    expect(diff).toEqual([]);
    const flagged = (sign: string) => cohort.filter((s) => s.sign === sign && s.flagged).length;
    console.log(
      `cohort: ${ks.length} schools; Q25 ${q25.toFixed(4)}, Q75 ${q75.toFixed(4)}, fences [${lower.toFixed(4)}, ` +
        `${upper.toFixed(4)}]; flagged rise ${flagged('cohort-rise')}, fall ${flagged('cohort-fall')}`,
    );
  });
});

describe('inflated-mean and journal-mismatch of every school', () => {
  for (const [id, which] of [
    [ID4, 'g4'],
    [ID5, 'g5'],
  ] as const)
    it(`${id}: every school with written ≥ 1 as recomputed (value 1e-9, flagged exactly)`, () => {
      const w = which === 'g4' ? g4 : g5;
      const spec = w.world.spec;
      const all = naiveFigures(w.world.pupils, spec) as { score: { mean: number; ci95: [number, number] } };
      const bySchool = new Map<string, P[]>();
      for (const p of w.world.pupils) {
        let ps = bySchool.get(p.school);
        if (!ps) bySchool.set(p.school, (ps = []));
        ps.push(p);
      }
      const want: { school: string; sign: string; flagged: boolean; value: number }[] = [];
      for (const [school] of w.world.schools) {
        const f = naiveFigures(bySchool.get(school)!, spec) as {
          written: number;
          score?: { mean: number; ci95: [number, number] | null };
          journal?: { spearman: number | null };
        };
        if (f.written === 0) continue;
        if (f.score!.ci95)
          want.push({
            school,
            sign: 'inflated-mean',
            flagged: f.score!.ci95[0] > all.score.ci95[1],
            value: f.score!.mean - all.score.mean,
          });
        const rho = f.journal!.spearman;
        if (rho !== null) want.push({ school, sign: 'journal-mismatch', flagged: rho < 0, value: rho });
      }
      const got = report.signs.filter(
        (s) => s.procedure === id && (s.sign === 'inflated-mean' || s.sign === 'journal-mismatch'),
      );
      expect(got.map((s) => `${s.school} ${s.sign} ${s.flagged}`)).toEqual(
        want.map((s) => `${s.school} ${s.sign} ${s.flagged}`),
      );
      const off = got.filter((s, i) => !(Math.abs(s.value - want[i].value) <= 1e-9));
      expect(off).toEqual([]);
      const n = (sign: string) => got.filter((s) => s.sign === sign && s.flagged).length;
      console.log(
        `${id}: inflated-mean flagged ${n('inflated-mean')}, journal-mismatch flagged ${n('journal-mismatch')}`,
      );
    });
});
