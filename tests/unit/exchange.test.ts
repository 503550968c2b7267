// Aggregate exchange (`oko-aggregate/v1`): a municipality rebuilt from the 20 school packages
// of the demo data shows the figures analyzeProcedure gives on the pupil-level data.
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import {
  exportSchoolPackage,
  municipalityFromPackages,
  validatePackage,
  type AggregatePackage,
  type ExchangeProcedureReport,
  type ExchangeUnitReport,
} from '../../src/domain/exchange/index.ts';
import type { Dataset } from '../../src/domain/model.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import type { ProcedureReport, UnitReport } from '../../src/domain/report/types.ts';

const demo = generateDemo();

function packagesOf(ds: Dataset): string[] {
  return ds.meta.schools.map((s) => JSON.stringify(exportSchoolPackage(ds, s.login)));
}

/** Deep comparison: numbers within 1e-9, everything else equal. */
function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) expect(actual, path).toBeNaN();
    else expect(Math.abs(actual - expected), `${path}: ${actual} ≠ ${expected}`).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${path}.length`).toBe(expected.length);
    expected.forEach((x, i) => expectClose(a[i], x, `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    expect(Object.keys(e).sort(), `${path} keys`).toEqual(
      Object.keys(e)
        .filter((k) => k in a)
        .sort(),
    );
    for (const k of Object.keys(e)) expectClose(a[k], e[k], `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

/** The figures of a unit without the exchange's additions. */
function core(u: ExchangeUnitReport): Record<string, unknown> {
  const { suppressed: _s, suppressedFields: _f, omittedSchools: _o, ...rest } = u;
  return rest;
}

const WITHHELD_PATHS: Record<string, (keyof UnitReport)[]> = {
  absent: ['absent'],
  histogram: ['histogram'],
  marks: ['marks', 'uspevaemost', 'kachestvo', 'sou', 'meanMark'],
  journal: ['journal'],
};

function compareProcedure(rebuilt: ExchangeProcedureReport, pupils: ProcedureReport) {
  const { units: _u, packages: _p, ...head } = rebuilt;
  const { units: _v, ...expectedHead } = pupils;
  expectClose(head, expectedHead, pupils.id);
  const byKey = new Map(rebuilt.units.map((u) => [`${u.level}:${u.id}`, u]));
  expect(rebuilt.units).toHaveLength(pupils.units.length);
  let classesOpen = 0;
  let classesHidden = 0;
  let partial = 0;
  for (const e of pupils.units) {
    const a = byKey.get(`${e.level}:${e.id}`);
    expect(a, `${e.level} ${e.id}`).toBeDefined();
    if (!a) continue;
    const path = `${pupils.id} ${e.level} ${e.id}`;
    if (e.level !== 'class') {
      expect(a.suppressed, path).toBe(false);
      expect(a.suppressedFields, path).toEqual([]);
      expectClose(core(a), e, path);
      continue;
    }
    if (a.suppressed) {
      classesHidden++;
      expect(a.written, path).toBeNull();
      expect(a.score, path).toBeUndefined();
      expect(a.tasks, path).toBeUndefined();
      continue;
    }
    classesOpen++;
    if (a.suppressedFields.length > 0) partial++;
    expect(a.written).toBeGreaterThanOrEqual(5);
    // Every figure the class shows equals the pupil-level one; withheld ones are marked.
    const expected: Record<string, unknown> = { ...e };
    const withheld = new Set(a.suppressedFields);
    for (const [field, keys] of Object.entries(WITHHELD_PATHS))
      if (withheld.has(field) || keys.some((k) => withheld.has(k)))
        for (const k of keys) {
          delete expected[k];
          if (k === 'marks' || k === 'histogram' || k === 'journal')
            expect(a[k], `${path} ${k}`).toBeUndefined();
          else if (k === 'absent') expect(a.absent, path).toBeNull();
          else expect(a[k], `${path} ${k}`).toBeNull();
        }
    const got: Record<string, unknown> = core(a);
    for (const k of Object.keys(got)) if (!(k in expected)) delete got[k];
    if (withheld.has('tasks.byMark')) {
      expected.tasks = (e.tasks ?? []).map(({ byMark: _b, ...t }) => t);
      for (const t of a.tasks ?? []) expect(t.byMark).toEqual({ '2': null, '3': null, '4': null, '5': null });
      got.tasks = (a.tasks ?? []).map(({ byMark: _b, ...t }) => t);
    }
    expectClose(got, expected, path);
  }
  return { classesOpen, classesHidden, partial };
}

describe('oko-aggregate/v1 on the demo municipality', () => {
  for (const ds of demo) {
    const pupils = analyzeProcedure(ds);
    it(`${pupils.id}: 20 packages rebuild the municipality exactly`, () => {
      const texts = packagesOf(ds);
      expect(texts).toHaveLength(20);
      const packages = texts.map((t) => validatePackage(t));
      // Validation returns the same content it was given.
      packages.forEach((p, i) => expect(JSON.stringify(p)).toBe(texts[i]));
      const [rebuilt] = municipalityFromPackages(packages);
      expect(rebuilt.packages).toBe(20);
      const stats = compareProcedure(rebuilt, pupils);
      expect(stats.classesOpen).toBeGreaterThan(0);
      const mun = rebuilt.units.find((u) => u.level === 'municipality');
      expect(mun?.omittedSchools).toBe(0);
      expect(mun?.written).toBe(pupils.units.find((u) => u.level === 'municipality')?.written);
    });

    it(`${pupils.id}: no pupil code or name in the packages`, () => {
      const all = packagesOf(ds).join('\n');
      const codes = new Set(ds.pupils.code.filter((c) => c.length > 0));
      expect(codes.size).toBeGreaterThan(0);
      for (const code of codes) expect(all.includes(`"${code}"`), code).toBe(false);
      // No field carries pupil rows: the only arrays are aggregates of fixed shape.
      for (const text of packagesOf(ds)) {
        const p = JSON.parse(text) as AggregatePackage;
        for (const u of p.units) expect(Object.keys(u)).not.toContain('pupils');
      }
    });
  }

  it('the procedures of all packages at once are told apart', () => {
    const packages = demo.flatMap((ds) => packagesOf(ds).map((t) => validatePackage(t)));
    const reports = municipalityFromPackages(packages);
    expect(reports.map((r) => r.id).sort()).toEqual(demo.map((ds) => analyzeProcedure(ds).id).sort());
  });
});

/** A dataset made from a demo one by moving pupils so that a school has a small class. */
function withSmallClass(ds: Dataset, login: string, size: number): Dataset {
  const s = ds.meta.schools.findIndex((x) => x.login === login);
  const classes = ds.meta.classes.map((c, k) => [c, k] as const).filter(([c]) => c.school === s);
  const [, target] = classes[0];
  const [, donor] = classes[1];
  const classIdx = Int32Array.from(ds.pupils.classIdx);
  let written = 0;
  for (let i = 0; i < ds.pupils.n; i++) if (classIdx[i] === target && !ds.pupils.absent[i]) written++;
  // Move pupils who wrote from the target class to the donor until `size` are left.
  for (let i = 0; i < ds.pupils.n && written > size; i++)
    if (classIdx[i] === target && !ds.pupils.absent[i]) {
      classIdx[i] = donor;
      written--;
    }
  return { meta: ds.meta, pupils: { ...ds.pupils, classIdx } };
}

describe('small-cell suppression', () => {
  const ds = demo[0];
  const login = ds.meta.schools[0].login;

  it('a class under 5 is withheld, and a second class so it cannot be derived by subtraction', () => {
    const small = withSmallClass(ds, login, 3);
    const pkg = exportSchoolPackage(small, login);
    const classes = pkg.units.slice(1);
    const hidden = classes.filter((c) => c.suppressed);
    expect(classes.length).toBeGreaterThanOrEqual(2);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    for (const c of hidden) {
      expect(c.written).toBeNull();
      expect(c.histogram).toBeNull();
      expect(c.taskSum).toBeNull();
    }
    // The school is still exact.
    const rebuilt = municipalityFromPackages([validatePackage(JSON.parse(JSON.stringify(pkg)))])[0];
    const pupils = analyzeProcedure(small);
    const school = pupils.units.find((u) => u.level === 'school' && u.id === login)!;
    expectClose(core(rebuilt.units.find((u) => u.level === 'school')!), school, 'school');
    // The rebuilt classes are marked.
    const shown = rebuilt.units.filter((u) => u.level === 'class' && u.suppressed);
    expect(shown.map((u) => u.id).sort()).toEqual(hidden.map((c) => c.id).sort());
  });

  it('withheld blocks of a class are never the only hidden part of a school', () => {
    let marksShown = 0;
    for (const d of demo)
      for (const s of d.meta.schools) {
        const pkg = exportSchoolPackage(d, s.login);
        const open = pkg.units.slice(1).filter((c) => !c.suppressed);
        const hiddenClasses = pkg.units.slice(1).filter((c) => c.suppressed).length;
        for (const b of ['absent', 'histogram', 'marks', 'journal'] as const) {
          const parts = hiddenClasses + open.filter((c) => c.suppressedBlocks.includes(b)).length;
          if (open.length + hiddenClasses >= 2)
            expect(parts === 0 || parts >= 2, `${s.login} ${b}`).toBe(true);
        }
        // No published count of a class is 1..4.
        for (const c of open) {
          if (c.marks) marksShown++;
          const cells = [
            c.absent ?? 0,
            ...(c.histogram ?? []),
            ...(c.marks ?? []),
            ...(c.journal ?? []).flat(),
          ];
          expect(
            cells.every((x) => x === 0 || x >= 5),
            `${c.id}`,
          ).toBe(true);
        }
      }
    // The comparison of class marks above is not vacuous.
    expect(marksShown).toBeGreaterThan(5);
  });
});

describe('a school under 5', () => {
  it('is withheld with its classes, and the municipality says how many schools are missing', () => {
    const ds = demo[2];
    const login = ds.meta.schools[3].login;
    const absent = Uint8Array.from(ds.pupils.absent);
    let kept = 0;
    for (let i = 0; i < ds.pupils.n; i++)
      if (ds.pupils.school[i] === 3 && !absent[i]) {
        if (kept < 3) kept++;
        else absent[i] = 1;
      }
    const small: Dataset = { meta: ds.meta, pupils: { ...ds.pupils, absent } };
    const texts = packagesOf(small);
    const pkg = validatePackage(texts[3]);
    expect(pkg.school.login).toBe(login);
    expect(pkg.units.every((u) => u.suppressed && u.written === null)).toBe(true);
    const [rebuilt] = municipalityFromPackages(texts.map((t) => validatePackage(t)));
    const mun = rebuilt.units.find((u) => u.level === 'municipality')!;
    expect(mun.omittedSchools).toBe(1);
    const pupils = analyzeProcedure(small);
    const full = pupils.units.find((u) => u.level === 'municipality')!;
    expect(mun.written).toBe(full.written - 3);
    const school = rebuilt.units.find((u) => u.level === 'school' && u.id === login)!;
    expect(school.suppressed).toBe(true);
    expect(school.written).toBeNull();
    // The other schools are still exact.
    for (const u of rebuilt.units.filter((x) => x.level === 'school' && x.id !== login))
      expectClose(
        core(u),
        pupils.units.find((x) => x.level === 'school' && x.id === u.id),
        u.id,
      );
  });
});

describe('hostile packages', () => {
  const good = JSON.parse(
    JSON.stringify(exportSchoolPackage(demo[0], demo[0].meta.schools[0].login)),
  ) as Record<string, unknown>;
  const clone = () => JSON.parse(JSON.stringify(good)) as AggregatePackage;
  const reject = (input: unknown, message: RegExp) => expect(() => validatePackage(input)).toThrow(message);

  it('accepts the genuine package', () => {
    expect(validatePackage(good).school.login).toBe(demo[0].meta.schools[0].login);
  });

  it('rejects a __proto__ key', () => {
    const text = JSON.stringify(good).replace('"format":', '"__proto__":{"polluted":true},"format":');
    reject(text, /недопустимый ключ «__proto__»/);
    const unitText = JSON.stringify(good).replace('"level":"school"', '"__proto__":{"x":1},"level":"school"');
    reject(unitText, /недопустимый ключ «__proto__»/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects extra fields and extra nesting', () => {
    const p = clone() as unknown as Record<string, unknown>;
    p.pupils = [{ code: '123' }];
    reject(p, /лишнее поле «pupils»/);
    const q = clone();
    (q.units[0].histogram as unknown[])[0] = [1];
    reject(q, /ожидается целое число/);
    const r = clone();
    (r.procedure.tasks[0] as unknown as Record<string, unknown>).extra = { a: 1 };
    reject(r, /лишнее поле «extra»/);
  });

  it('rejects a negative count', () => {
    const p = clone();
    p.units[0].absent = -1;
    reject(p, /отрицательное значение/);
  });

  it('rejects a histogram that does not add up to the pupils who wrote', () => {
    const p = clone();
    p.units[0].histogram![3] += 1;
    reject(p, /сумма распределения .* не равна числу писавших/);
  });

  it('rejects a wrong format version', () => {
    const p = clone() as unknown as Record<string, unknown>;
    p.format = 'oko-aggregate/v2';
    reject(p, /неподдерживаемый формат «oko-aggregate\/v2»/);
    reject('not json', /не является корректным JSON/);
    reject([], /ожидается объект/);
  });

  it('rejects an open class under 5 and inconsistent sums', () => {
    const p = clone();
    const c = p.units.find((u) => u.level === 'class' && !u.suppressed)!;
    c.written = 3;
    reject(p, /./);
    const q = clone();
    q.units[0].sum! += 1;
    reject(q, /./);
    const r = clone();
    const marks = r.units[0].marks!;
    const i = marks.findIndex((x) => x > 0);
    marks[i] -= 1;
    marks[(i + 1) % 4] += 1;
    reject(r, /отметки не согласуются/);
  });

  it('rejects two packages of the same school', () => {
    const a = validatePackage(good);
    expect(() => municipalityFromPackages([a, a])).toThrow(/загружен дважды/);
  });
});
