// mergeDatasets: several files of one procedure → one dataset, on hand-built datasets.
import { describe, expect, it } from 'vitest';
import { mergeDatasets } from '../../src/domain/import/merge-datasets.ts';
import { ImportError, type Dataset, type ProcedureSpec } from '../../src/domain/model.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import { toDataset, type P, type World } from './naive-report.ts';

const spec: ProcedureSpec = {
  kind: 'ВПР',
  subject: 'Математика',
  grade: 5,
  year: 2021,
  tasks: [
    { id: '1', max: 1, level: 'Б' },
    { id: '2', max: 2, level: 'П' },
  ],
  scale: [
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 3],
  ],
};

const pupil = (
  code: string,
  school: string,
  cls: string | null,
  scores: number[],
  journal = 0,
  absent = false,
): P => ({
  code,
  school,
  cls,
  absent,
  scores,
  journal,
});

// File a: schools A (municipality m1) and B (m2); file b: schools C (m1) and D (none).
const pupilsA = [
  pupil('1', 'schA', '5А', [1, 2], 5),
  pupil('2', 'schA', '5Б', [0, 1], 3),
  pupil('3', 'schA', null, [1, 0], 4),
  pupil('4', 'schB', '5А', [0, 0], 0, true),
  pupil('5', 'schB', '5А', [1, 1], 4),
];
const pupilsB = [
  pupil('1', 'schC', '5А', [1, 2], 4),
  pupil('2', 'schC', '5А', [0, 2], 5),
  pupil('3', 'schD', null, [1, 1], 3),
  pupil('4', 'schC', '5В', [0, 0], 2),
];
const worldA: World = {
  spec,
  schools: [
    ['schA', 'm1'],
    ['schB', 'm2'],
  ],
  municipalities: ['m1', 'm2'],
  pupils: pupilsA,
};
const worldB: World = {
  spec,
  schools: [
    ['schC', 'm1'],
    ['schD', undefined],
  ],
  municipalities: ['m1'],
  pupils: pupilsB,
};

function dataset(w: World, file: string): Dataset {
  const ds = toDataset(w);
  ds.meta.file = file;
  ds.meta.warnings = ds.meta.warnings.map((x) => ({ ...x, file }));
  return ds;
}

const a = () => dataset(worldA, 'a.xlsx');
const b = () => dataset(worldB, 'b.xlsx');

function errorOf(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('no error thrown');
}

describe('mergeDatasets', () => {
  it('one procedure in two files → one dataset whose analysis equals that of the whole', () => {
    const merged = mergeDatasets([a(), b()]);
    expect(merged.length).toBe(1);
    const whole = toDataset({
      spec,
      schools: [...worldA.schools, ...worldB.schools],
      municipalities: ['m1', 'm2'],
      pupils: [...pupilsA, ...pupilsB],
    });
    const got = analyzeProcedure(merged[0]);
    expect(got).toEqual(analyzeProcedure(whole));
    expect(got.units.filter((u) => u.level === 'school').map((u) => [u.id, u.parent, u.written])).toEqual([
      ['schA', 'm1', 3],
      ['schB', 'm2', 1],
      ['schC', 'm1', 3],
      ['schD', 'all', 1],
    ]);
  });

  it('re-indexes schools, classes and municipalities and concatenates the columns', () => {
    const [m] = mergeDatasets([a(), b()]);
    expect(m.meta.schools.map((s) => [s.login, s.municipalityId])).toEqual([
      ['schA', 'm1'],
      ['schB', 'm2'],
      ['schC', 'm1'],
      ['schD', undefined],
    ]);
    expect(m.meta.municipalities.map((x) => x.id)).toEqual(['m1', 'm2']);
    expect(m.meta.classes).toEqual([
      { id: 'schA/5А', school: 0, label: '5А' },
      { id: 'schA/5Б', school: 0, label: '5Б' },
      { id: 'schB/5А', school: 1, label: '5А' },
      { id: 'schC/5А', school: 2, label: '5А' },
      { id: 'schC/5В', school: 2, label: '5В' },
    ]);
    const p = m.pupils;
    expect(p.n).toBe(9);
    expect(Array.from(p.school)).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 2]);
    expect(Array.from(p.classIdx)).toEqual([0, 1, -1, 2, 2, 3, 3, -1, 4]);
    expect(Array.from(p.absent)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(Array.from(p.journal)).toEqual([5, 3, 4, 0, 4, 4, 5, 3, 2]);
    expect(p.code).toEqual(['1', '2', '3', '4', '5', '1', '2', '3', '4']);
    expect(Array.from(p.sourceRow)).toEqual([2, 3, 4, 5, 6, 2, 3, 4, 5]);
    expect(p.scores.map((c) => Array.from(c))).toEqual([
      [1, 0, 1, 0, 1, 1, 0, 1, 0],
      [2, 1, 0, 0, 1, 2, 2, 1, 0],
    ]);
    expect(p.codes.map((c) => c.length)).toEqual([9, 9]);
    for (const col of [p.sourceRow, p.school, p.classIdx, p.absent, p.variant, p.journal, p.sex])
      expect(col.length).toBe(9);
    expect(m.meta.rows).toBe(9);
    expect(m.meta.file).toBe('a.xlsx, b.xlsx');
    expect(m.meta.procedure).toEqual(spec);
    // Warnings of both files, in file order, each still naming its file.
    expect(m.meta.warnings.map((w) => w.file)).toEqual(['a.xlsx', 'b.xlsx']);
  });

  it('does not touch its inputs', () => {
    const x = a();
    const y = b();
    const before = JSON.stringify([
      x.meta,
      y.meta,
      Array.from(y.pupils.school),
      Array.from(y.pupils.classIdx),
    ]);
    mergeDatasets([x, y]);
    expect(JSON.stringify([x.meta, y.meta, Array.from(y.pupils.school), Array.from(y.pupils.classIdx)])).toBe(
      before,
    );
  });

  it('keeps different procedures apart, in order of first appearance; a procedure given once is returned as is', () => {
    const g4 = dataset({ ...worldB, spec: { ...spec, grade: 4, year: 2020 } }, 'g4.xlsx');
    const russian = dataset({ ...worldB, spec: { ...spec, subject: 'Русский язык' } }, 'ru.xlsx');
    const x = a();
    const y = b();
    const out = mergeDatasets([x, g4, y, russian]);
    expect(out.map((d) => [d.meta.procedure.subject, d.meta.procedure.grade, d.pupils.n])).toEqual([
      ['Математика', 5, 9],
      ['Математика', 4, 4],
      ['Русский язык', 5, 4],
    ]);
    expect(out[1]).toBe(g4);
    expect(out[2]).toBe(russian);
    expect(mergeDatasets([x])[0]).toBe(x);
    expect(mergeDatasets([])).toEqual([]);
  });

  it('three files of one procedure', () => {
    const c = dataset(
      {
        spec,
        schools: [['schE', 'm3']],
        municipalities: ['m3'],
        pupils: [pupil('1', 'schE', '5А', [1, 2], 5)],
      },
      'c.xlsx',
    );
    const [m] = mergeDatasets([a(), b(), c]);
    expect(m.meta.schools.map((s) => s.login)).toEqual(['schA', 'schB', 'schC', 'schD', 'schE']);
    expect(m.meta.municipalities.map((x) => x.id)).toEqual(['m1', 'm2', 'm3']);
    expect(m.meta.classes[m.meta.classes.length - 1]).toEqual({ id: 'schE/5А', school: 4, label: '5А' });
    expect(m.pupils.classIdx[9]).toBe(5);
  });

  it('the same school in two files is an error naming the school and both files', () => {
    const twin = dataset(
      {
        ...worldB,
        schools: [
          ['schB', 'm2'],
          ['schD', undefined],
        ],
        pupils: pupilsB.map((p) => ({ ...p, school: p.school === 'schC' ? 'schB' : p.school })),
      },
      'twin.xlsx',
    );
    twin.meta.schools[0].name = 'СОШ №1';
    const e = errorOf(() => mergeDatasets([a(), twin]));
    expect(e.message).toMatch(/Школа schB \(«СОШ №1»\) есть и в файле «a\.xlsx», и в файле «twin\.xlsx»/);
    // The same file given twice, too.
    expect(errorOf(() => mergeDatasets([a(), a()])).message).toMatch(/schA.*«a\.xlsx».*«a\.xlsx»/);
  });

  it('tasks must match by id and maximum; the error names both files', () => {
    const otherMax = dataset(
      { ...worldB, spec: { ...spec, tasks: [spec.tasks[0], { id: '2', max: 3 }] } },
      'b.xlsx',
    );
    const e1 = errorOf(() => mergeDatasets([a(), otherMax]));
    expect(e1.message).toContain('«a.xlsx»');
    expect(e1.message).toContain('«b.xlsx»');
    expect(e1.message).toMatch(/задание №2.*2 \(макс\. 2\) и 2 \(макс\. 3\)/);
    expect(e1.file).toBe('b.xlsx');

    const otherId = dataset(
      { ...worldB, spec: { ...spec, tasks: [spec.tasks[0], { id: '2.1', max: 2 }] } },
      'b.xlsx',
    );
    expect(errorOf(() => mergeDatasets([a(), otherId])).message).toMatch(
      /2 \(макс\. 2\) и 2\.1 \(макс\. 2\)/,
    );

    const fewer: World = {
      ...worldB,
      spec: { ...spec, tasks: [spec.tasks[0]] },
      pupils: pupilsB.map((p) => ({ ...p, scores: [p.scores[0]] })),
    };
    const e3 = errorOf(() => mergeDatasets([a(), dataset(fewer, 'b.xlsx')]));
    expect(e3.message).toMatch(/«a\.xlsx» и «b\.xlsx».*разное число заданий \(2 и 1\)/);
  });

  it('scales: one file without a scale takes the other’s; two different scales are an error', () => {
    const noScale = dataset({ ...worldB, spec: { ...spec, scale: null } }, 'b.xlsx');
    expect(mergeDatasets([noScale, a()])[0].meta.procedure.scale).toEqual(spec.scale);
    const other = dataset(
      {
        ...worldB,
        spec: {
          ...spec,
          scale: [
            [0, 1],
            [2, 2],
            [3, 3],
            [4, 4],
          ],
        },
      },
      'b.xlsx',
    );
    expect(errorOf(() => mergeDatasets([a(), other])).message).toMatch(
      /«a\.xlsx» и «b\.xlsx».*шкалы.*разные/,
    );
  });
});
