// Acceptance tests of the headless command, run as a child process exactly as
// `npm run oko -- analyze …` runs it (`tsx src/cli/oko.ts …`), against the naive reference of
// naive-report.ts, which reads the XLSX itself (SheetJS, the spec's cell rules read literally).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withPlace } from '../../src/cli/oko.ts';
import { ImportError, type ProcedureSpec } from '../../src/domain/model.ts';
import type { OkoReport, UnitReport } from '../../src/domain/report/index.ts';
import {
  bindingFigures,
  loadWorld,
  mismatches,
  naiveFigures,
  SHEET_LAYOUTS,
  type LoadedFile,
  type P,
} from './naive-report.ts';
import { fisokoProtocol, tasksSumming } from './fisoko-protocol-generator.ts';
// oko(): `npx tsx src/cli/oko.ts <args>`, the sources `npm run oko -- <args>` bundles (checked below).
import { oko, type Run } from './helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REAL = 'tests/fixtures/real';
const FILE_2021 = `${REAL}/vpr2021-ma5-region-export.xlsx`;
const SPEC_2021 = `${REAL}/specs/vpr2021-ma5.json`;
const PROTOCOL = `${REAL}/vpr2022-ma4-fisoko-protocol.xlsx`;
const SPEC_2022 = `${REAL}/specs/vpr2022-ma4.json`;

const specOf = (path: string) => JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as ProcedureSpec;
const bytesOf = (path: string) => new Uint8Array(readFileSync(resolve(ROOT, path)));
const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as OkoReport;
const TOL = 1e-6;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'oko-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('`npm run oko` runs the bundle of src/cli/oko.ts (cli-bundle.test.ts runs it from a fresh clone)', () => {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(pkg.scripts.oko).toBe('node scripts/oko.mjs');
  expect(readFileSync(resolve(ROOT, 'scripts/oko.mjs'), 'utf8')).toContain("'src/cli/oko.ts'");
});

/** Pupils grouped as the spec defines the units: all, school (login), class (`<login>/<label>`). */
function naiveGroups(pupils: P[]): Map<string, P[]> {
  const groups = new Map<string, P[]>([['all:all', pupils]]);
  const put = (key: string, p: P) => {
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  };
  for (const p of pupils) {
    put(`school:${p.school}`, p);
    if (p.cls !== null) put(`class:${p.school}/${p.cls}`, p);
  }
  return groups;
}

/** Every all/school/class unit of the report against the reference; returns the differences. */
function compareUnits(units: UnitReport[], pupils: P[], spec: ProcedureSpec): string[] {
  const groups = naiveGroups(pupils);
  const levels = new Set(['all', 'school', 'class']);
  const got = new Map(units.filter((u) => levels.has(u.level)).map((u) => [`${u.level}:${u.id}`, u]));
  const out: string[] = [];
  // Exactly the same units: none missing, none extra.
  for (const key of groups.keys()) if (!got.has(key)) out.push(`${key}: missing in the report`);
  for (const key of got.keys()) if (!groups.has(key)) out.push(`${key}: not a unit of the reference`);
  for (const [key, ps] of groups) {
    const u = got.get(key);
    if (!u) continue;
    const want = bindingFigures(naiveFigures(ps, spec));
    mismatches(u, want, key, TOL, out);
    if (want.written === 0 && Object.keys(u).sort().join() !== 'absent,id,level,name,parent,written')
      out.push(`${key}: a unit nobody wrote carries ${Object.keys(u).sort().join()}`);
    if (!want.marks && 'marks' in u) out.push(`${key}: marks without a scale`);
  }
  return out;
}

describe('analyze the real 2021 file (ВПР 2021 Математика 5, 26 139 rows) with its spec', () => {
  let run: Run;
  let report: OkoReport;
  let naive: LoadedFile;
  let ms = 0;

  beforeAll(async () => {
    const t0 = performance.now();
    const child = oko(['analyze', FILE_2021, '--spec', SPEC_2021, '--out', join(tmp, 'r.json')]);
    // The reference reads the file meanwhile (the child works on the other core).
    naive = loadWorld(bytesOf(FILE_2021), SHEET_LAYOUTS['region-2021'], specOf(SPEC_2021));
    run = await child;
    ms = performance.now() - t0;
    report = readReport(join(tmp, 'r.json'));
  }, 120_000);

  it('exits 0 and writes one oko-report/v1 procedure', () => {
    console.log(`oko analyze (2021 file, with the reference loader alongside): ${ms.toFixed(0)} ms`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(report.format).toBe('oko-report/v1');
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
    expect(report.procedures.map((p) => p.id)).toEqual(['ВПР-2021-Математика-5']);
    const p = report.procedures[0];
    const spec = specOf(SPEC_2021);
    expect(p).toMatchObject({ kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021, maxScore: 20 });
    expect(p.tasks).toEqual(spec.tasks.map((t) => ({ id: t.id, max: t.max, level: t.level ?? null })));
    expect(p.scale).toEqual(spec.scale);
    // Head count straight from the sheet: every row with a school login is a pupil.
    expect(naive.world.pupils.length).toBe(26139);
  });

  it('all, every school and every class equal the naive reference within 1e-6', () => {
    const p = report.procedures[0];
    const diff = compareUnits(p.units, naive.world.pupils, naive.world.spec);
    expect(diff.slice(0, 20)).toEqual([]);
    const count = (level: string) => p.units.filter((u) => u.level === level).length;
    expect(count('school')).toBe(637);
    expect(count('class')).toBe(
      new Set(naive.world.pupils.flatMap((q) => (q.cls ? [`${q.school}/${q.cls}`] : []))).size,
    );
  });

  it('municipalities (the `регион` column) and parallels equal the reference too', () => {
    const p = report.procedures[0];
    const spec = naive.world.spec;
    const muniOf = new Map(naive.world.schools);
    const out: string[] = [];
    const munis = p.units.filter((u) => u.level === 'municipality');
    expect(munis.map((u) => u.name).sort()).toEqual([...naive.world.municipalities].sort());
    for (const u of munis) {
      const ps = naive.world.pupils.filter((q) => muniOf.get(q.school) === u.name);
      mismatches(u, bindingFigures(naiveFigures(ps, spec)), `municipality:${u.name}`, TOL, out);
    }
    // A procedure is one grade: a school's parallel is all its pupils.
    const school = new Map(p.units.filter((u) => u.level === 'school').map((u) => [u.id, u]));
    for (const u of p.units.filter((x) => x.level === 'parallel')) {
      const s = school.get(u.parent!)!;
      mismatches(
        u,
        { ...s, level: 'parallel', id: u.id, name: u.name, parent: s.id },
        `parallel:${u.id}`,
        0,
        out,
      );
    }
    expect(out.slice(0, 20)).toEqual([]);
  });

  it('the above-maximum cell (row 24785, `балл за 8`) is a warning on stderr and in report.warnings', () => {
    const w = report.warnings.find((x) => x.row === 24785 && x.column === 'балл за 8');
    expect(w).toMatchObject({ file: 'vpr2021-ma5-region-export.xlsx', sheet: 'Sheet' });
    expect(w!.message).toMatch(/больше максимального/);
    // The reference finds exactly the same task cells to warn about.
    const taskCells = report.warnings
      .filter((x) => /^балл за \d+$/.test(x.column))
      .map((x) => `${x.row}:${x.column}`);
    expect(taskCells).toEqual(naive.warnings.map((x) => `${x.row}:${x.column}`));
    expect(naive.warnings).toEqual([{ row: 24785, column: 'балл за 8', kind: 'above-max' }]);
    // Every report warning is on stderr, with its place.
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('Предупреждение'));
    expect(lines.length).toBe(report.warnings.length);
    report.warnings.forEach((x, i) => {
      expect(lines[i]).toContain(`строка ${x.row}`);
      expect(lines[i]).toContain(`«${x.column}»`);
      expect(lines[i]).toContain(x.message);
    });
    // A scale was given: no notice about missing marks.
    expect(run.stderr).not.toMatch(/нет шкалы/);
  });
});

describe('errors and flags', () => {
  it('an error message gets the parts of its place it does not name yet', () => {
    expect(withPlace(new ImportError('нет данных.', 'f.xlsx', 'Лист1', 7, 'B'))).toBe(
      'f.xlsx, лист «Лист1», строка 7, столбец «B»: нет данных.',
    );
    expect(
      withPlace(
        new ImportError('f.xlsx, лист «Лист1»: под заголовком (строка 7) пусто.', 'f.xlsx', 'Лист1', 7),
      ),
    ).toBe('f.xlsx, лист «Лист1»: под заголовком (строка 7) пусто.');
    expect(withPlace(new ImportError('«f.xlsx»: файл повреждён.', 'f.xlsx'))).toBe(
      '«f.xlsx»: файл повреждён.',
    );
  });

  it('a file that is not a workbook: non-zero exit, Russian message naming the file once', async () => {
    const r = await oko(['analyze', 'tests/fixtures/bad/not-a-zip.xlsx']);
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(2);
    expect(r.stdout).toBe('');
    const line = r.stderr.split('\n').find((l) => l.startsWith('Ошибка'))!;
    expect(line).toMatch(/файл повреждён или это не XLSX/);
    expect(line.split('not-a-zip.xlsx').length - 1).toBe(1);
  });

  it('a missing file and an unusable sheet: the message names file, sheet and row, each once', async () => {
    const [missing, empty] = await Promise.all([
      oko(['analyze', join(tmp, 'нет-такого.xlsx')]),
      oko(['analyze', 'tests/fixtures/bad/no-pupils.xlsx']),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/нет-такого\.xlsx».*не найден/);
    expect(empty.code).toBe(1);
    const line = empty.stderr.split('\n').find((l) => l.startsWith('Ошибка'))!;
    expect(line).toMatch(/no-pupils\.xlsx, лист «[^»]+»: под заголовком \(строка 1\)/);
    expect(line.split('no-pupils.xlsx').length - 1).toBe(1);
    expect(line.match(/лист/g)!.length).toBe(1);
  });

  it('usage errors exit 2 with the usage text', async () => {
    const runs = await Promise.all([
      oko(['analyze']),
      oko(['analyse', PROTOCOL]),
      oko(['analyze', PROTOCOL, '--bogus', 'x']),
      oko(['analyze', PROTOCOL, '--grade', 'пятый']),
      oko(['analyze', PROTOCOL, '--scale', '0-6,7-10']),
      oko(['analyze', PROTOCOL, '--out']),
    ]);
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/[а-яё]/i);
    }
    expect(runs[0].stderr).toMatch(/Не указан ни один файл/);
    expect(runs[0].stderr).toMatch(/Использование/);
    expect(runs[2].stderr).toMatch(/--bogus/);
    expect(runs[4].stderr).toMatch(/--scale/);
  });

  it('--scale gives the marks of a run without a spec, and overrides a spec’s scale', async () => {
    const spec = specOf(SPEC_2022);
    const flagScale = '0-4, 5-9, 10-15, 16-20';
    const [bare, withSpec, short] = await Promise.all([
      oko(['analyze', PROTOCOL, '--scale', '0-5,6-9,10-14,15-20', '--out', join(tmp, 'scale.json')]),
      oko([
        'analyze',
        PROTOCOL,
        '--spec',
        SPEC_2022,
        '--scale',
        flagScale,
        '--out',
        join(tmp, 'scale2.json'),
      ]),
      // A scale that stops short of the maximum (20) is used, with a warning, as a spec's would be.
      oko(['analyze', PROTOCOL, '--scale', '0-5,6-9,10-14,15-19', '--out', join(tmp, 'scale3.json')]),
    ]);
    expect(short.code, short.stderr).toBe(0);
    expect(short.stderr).toMatch(
      /Предупреждение: .*столбец «шкала»: Шкала заканчивается на 19, а максимальный балл 20/,
    );
    expect(readReport(join(tmp, 'scale3.json')).warnings).toContainEqual({
      file: 'vpr2022-ma4-fisoko-protocol.xlsx',
      sheet: 'Протокол',
      row: 0,
      column: 'шкала',
      message: 'Шкала заканчивается на 19, а максимальный балл 20.',
    });
    expect(bare.code, bare.stderr).toBe(0);
    expect(withSpec.code, withSpec.stderr).toBe(0);
    expect(bare.stderr + withSpec.stderr).not.toMatch(/нет шкалы/);
    const check = (path: string, scale: [number, number][]) => {
      const p = readReport(path).procedures[0];
      expect(p.scale).toEqual(scale);
      const naive = loadWorld(bytesOf(PROTOCOL), SHEET_LAYOUTS['fisoko-protocol'], { ...spec, scale });
      expect(compareUnits(p.units, naive.world.pupils, naive.world.spec)).toEqual([]);
      return p;
    };
    const a = check(join(tmp, 'scale.json'), [
      [0, 5],
      [6, 9],
      [10, 14],
      [15, 20],
    ]);
    expect(a.units[0].marks).toEqual({ '2': 2, '3': 21, '4': 22, '5': 7 });
    const b = check(join(tmp, 'scale2.json'), [
      [0, 4],
      [5, 9],
      [10, 15],
      [16, 20],
    ]);
    expect(b.units[0].marks).not.toEqual(a.units[0].marks);
  });

  it('without a spec or scale: marks from the built-in catalogue (ВПР 2022 Математика 4)', async () => {
    const r = await oko(['analyze', PROTOCOL, '--out', join(tmp, 'catalogue.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/нет шкалы/);
    const p = readReport(join(tmp, 'catalogue.json')).procedures[0];
    // The procedure from the file: name (ВПР, Математика, 4) and upload date (2022); maxima from the headers.
    expect(p.id).toBe('ВПР-2022-Математика-4');
    const scale: [number, number][] = [
      [0, 5],
      [6, 9],
      [10, 14],
      [15, 20],
    ];
    expect(p.scale).toEqual(scale);
    const naive = loadWorld(bytesOf(PROTOCOL), SHEET_LAYOUTS['fisoko-protocol'], {
      ...specOf(SPEC_2022),
      scale,
    });
    expect(compareUnits(p.units, naive.world.pupils, naive.world.spec)).toEqual([]);
    expect(p.units[0].marks).toEqual({ '2': 2, '3': 21, '4': 22, '5': 7 });
  });

  it('a work the catalogue does not hold: marks absent, and stderr says so', async () => {
    const r = await oko(['analyze', PROTOCOL, '--subject', 'Литература', '--out', join(tmp, 'noscale.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /vpr2022-ma4-fisoko-protocol\.xlsx: нет шкалы перевода в отметки — отметки не вычислены/,
    );
    const p = readReport(join(tmp, 'noscale.json')).procedures[0];
    expect(p.id).toBe('ВПР-2022-Литература-4');
    expect(p.scale).toBeNull();
    for (const u of p.units.filter((x) => x.written > 0)) {
      expect(u.marks).toBeUndefined();
      expect([u.uspevaemost, u.kachestvo, u.sou, u.meanMark]).toEqual([null, null, null, null]);
      expect([u.journal!.lower, u.journal!.same, u.journal!.higher]).toEqual([null, null, null]);
    }
    const naive = loadWorld(bytesOf(PROTOCOL), SHEET_LAYOUTS['fisoko-protocol'], {
      ...specOf(SPEC_2022),
      scale: null,
    });
    expect(compareUnits(p.units, naive.world.pupils, naive.world.spec)).toEqual([]);
  });

  it('ФИС ОКО protocols of other 2022 works, named only inside the file, get marks from the catalogue', async () => {
    // Built in the real layout (fisoko-protocol-generator.ts); the catalogue's cut-offs, written out.
    const works = [
      { code: 'ru', grade: 6, from: [25, 35, 45], max: 51, subject: 'Русский язык' },
      { code: 'bi', grade: 11, from: [11, 18, 25], max: 30, subject: 'Биология' },
      { code: 'hi', grade: 5, from: [4, 8, 12], max: 15, subject: 'История' },
    ];
    const runs = await Promise.all(
      works.map((w, k) => {
        const { bytes, pupils } = fisokoProtocol({
          code: w.code,
          grade: w.grade,
          year: 2022,
          tasks: tasksSumming(Math.ceil(w.max / 1.5), w.max),
          seed: k + 11,
        });
        const file = join(tmp, `protocol-${k}.xlsx`);
        writeFileSync(file, bytes);
        return oko(['analyze', file, '--out', join(tmp, `other-${k}.json`)]).then((r) => ({ r, pupils }));
      }),
    );
    runs.forEach(({ r, pupils }, k) => {
      const w = works[k];
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/нет шкалы/);
      const p = readReport(join(tmp, `other-${k}.json`)).procedures[0];
      expect(p.id).toBe(`ВПР-2022-${w.subject}-${w.grade}`);
      const want = { '2': 0, '3': 0, '4': 0, '5': 0 };
      for (const q of pupils)
        if (q.scores)
          want[q.total >= w.from[2] ? '5' : q.total >= w.from[1] ? '4' : q.total >= w.from[0] ? '3' : '2'] +=
            1;
      expect(p.units[0].marks).toEqual(want);
    });
  });
});

describe('several files of one procedure are merged into one', () => {
  /** The ФИС ОКО protocol cut by school (both sheets), as a school would upload it. */
  function splitBySchool(groups: string[][], name: (k: number) => string): string[] {
    const wb = XLSX.read(bytesOf(PROTOCOL), { type: 'array' });
    return groups.map((logins, k) => {
      const out = XLSX.utils.book_new();
      for (const sheet of wb.SheetNames) {
        const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet], {
          header: 1,
          raw: true,
          defval: null,
        });
        const kept = [rows[0], ...rows.slice(1).filter((r) => logins.includes(String(r[0])))];
        XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(kept), sheet);
      }
      const path = join(tmp, name(k));
      writeFileSync(path, XLSX.write(out, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
      return path;
    });
  }
  const SCHOOLS = ['edu223379', 'edu224258', 'edu223744', 'edu223318'];

  /** Everything but where the warnings are (the split files have their own rows and names). */
  function comparable(r: OkoReport) {
    return {
      procedures: r.procedures,
      signs: r.signs,
      warnings: r.warnings.map((w) => `${w.column}: ${w.message}`).sort(),
    };
  }

  it('two halves without a spec (`analyze a.xlsx b.xlsx`) and four single-school files with specs', async () => {
    const halves = splitBySchool(
      [SCHOOLS.slice(0, 2), SCHOOLS.slice(2)],
      (k) => `vpr2022-ma4-part${k + 1}.xlsx`,
    );
    const singles = splitBySchool(
      SCHOOLS.map((s) => [s]),
      (k) => `school-${SCHOOLS[k]}.xlsx`,
    );
    const specs = singles.flatMap(() => ['--spec', SPEC_2022]);
    const o = (f: string) => join(tmp, f);
    const runs = await Promise.all([
      oko(['analyze', PROTOCOL, '--out', o('whole.json')]),
      oko(['analyze', ...halves, '--out', o('halves.json')]),
      oko(['analyze', PROTOCOL, '--spec', SPEC_2022, '--out', o('whole-spec.json')]),
      oko(['analyze', ...singles, ...specs, '--out', o('singles.json')]),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const [whole, merged, wholeSpec, mergedSpec] = ['whole', 'halves', 'whole-spec', 'singles'].map((f) =>
      readReport(o(`${f}.json`)),
    );
    expect(merged.procedures.length).toBe(1);
    expect(mergedSpec.procedures.length).toBe(1);
    expect(comparable(merged)).toEqual(comparable(whole));
    expect(comparable(mergedSpec)).toEqual(comparable(wholeSpec));
    expect(mergedSpec.procedures[0].units.filter((u) => u.level === 'school').map((u) => u.id)).toEqual(
      SCHOOLS,
    );
    // The warnings keep naming the file they come from (the stated totals of edu224258, in part 1).
    expect(merged.warnings.length).toBeGreaterThan(0);
    expect(new Set(merged.warnings.map((w) => w.file))).toEqual(new Set(['vpr2022-ma4-part1.xlsx']));
    // And the merged figures are the reference's for the whole file.
    const naive = loadWorld(bytesOf(PROTOCOL), SHEET_LAYOUTS['fisoko-protocol'], specOf(SPEC_2022));
    expect(compareUnits(mergedSpec.procedures[0].units, naive.world.pupils, naive.world.spec)).toEqual([]);
  });

  it('the same school in two files is an error naming the school and both files', async () => {
    const [a, b] = splitBySchool(
      [SCHOOLS.slice(0, 2), SCHOOLS.slice(1, 3)],
      (k) => `vpr2022-ma4-overlap${k + 1}.xlsx`,
    );
    const r = await oko(['analyze', a, b]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.split('\n').find((l) => l.startsWith('Ошибка'))!;
    expect(line).toContain('edu224258');
    expect(line).toContain('vpr2022-ma4-overlap1.xlsx');
    expect(line).toContain('vpr2022-ma4-overlap2.xlsx');
  });
});

it('--reference adds the ФИС ОКО rows (У = 100 − %«2», КЗ = %4 + %5 from the file); schools[] carries the objectivity levels', async () => {
  const out = join(tmp, 'ref.json');
  const run = await oko([
    'analyze',
    'tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx',
    '--reference',
    'tests/fixtures/reference/fisoko-ru4-2026-marks.xlsx',
    '--recheck',
    'tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx',
    '--out',
    out,
  ]);
  expect(run.code).toBe(0);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    schools: { id: string; level: string; riskScore: number; signals: unknown[] }[];
    references: {
      file: string;
      units: { level: string; participants?: number; uspevaemost: number; kachestvo: number }[];
    }[];
  };
  // A re-check identical to the protocol: one school, no downgrade, so no sign of any family.
  expect(report.schools.map((s) => s.id)).toEqual(['edu223017']);
  expect(report.schools[0].level).toBe('none');
  expect(report.references).toHaveLength(1);
  expect(report.references[0].file).toBe('fisoko-ru4-2026-marks.xlsx');
  const russia = report.references[0].units.find((u) => u.level === 'russia')!;
  // The documented «Вся выборка» row: 1 722 202 participants, 5.06 / 32.92 / 44.33 / 17.69 %.
  expect(russia.participants).toBe(1722202);
  expect(russia.uspevaemost).toBeCloseTo(100 - 5.06, 9);
  expect(russia.kachestvo).toBeCloseTo(44.33 + 17.69, 9);
});
