// The task interval of oko-report/v1: Wilson (z = 1.96) of completion/100 with n = written, for
// every task, defined from written = 1. Checked against a textbook Wilson written out here and
// against hand values, including the case that used to collapse: a 2-point task where all 7
// pupils scored 0 (the old mean ± 1.96·sd/√n gave «0,0–0,0»).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProcedureSpec } from '../../src/domain/model.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import { taskInterval } from '../../src/domain/stats/proportion.ts';
import { toDataset, type World } from './naive-report.ts';

/** Textbook Wilson: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), in %. */
function naiveWilson(p: number, n: number): [number, number] {
  const z = 1.96;
  const lo =
    (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  const hi =
    (p + (z * z) / (2 * n) + z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [100 * lo, 100 * hi];
}

describe('taskInterval', () => {
  it('equals the textbook Wilson for any share and n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const [lo, hi] = taskInterval(p, n)!;
        const [nlo, nhi] = naiveWilson(p, n);
        expect(lo).toBeCloseTo(Math.max(0, nlo), 9);
        expect(hi).toBeCloseTo(Math.min(100, nhi), 9);
        expect(hi).toBeGreaterThan(lo);
      }),
    );
  });

  it('hand values: p = 0 with n = 7 is [0, z²/(n + z²)] = [0; 35,43 %], never a point', () => {
    const [lo, hi] = taskInterval(0, 7)!;
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo((100 * 3.8416) / (7 + 3.8416), 10);
    expect(hi).toBeCloseTo(35.433884297520656, 10);
    // Full marks: the mirror image.
    const [flo, fhi] = taskInterval(1, 7)!;
    expect(flo).toBeCloseTo(100 - 35.433884297520656, 10);
    expect(fhi).toBe(100);
  });

  it('is undefined only for n = 0', () => {
    expect(taskInterval(0, 0)).toBeNull();
    expect(taskInterval(0.5, 1)).not.toBeNull();
  });
});

describe('the report uses it for every task', () => {
  // 7 pupils of one class: task 1 (1 point) solved by 3, task 2 (2 points) all 0, task 3 (3 points)
  // scores 3, 2, 0, 1, 3, 3, 2 = 14 of 21.
  const spec: ProcedureSpec = {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2022,
    tasks: [
      { id: '1', max: 1, level: 'Б' },
      { id: '2', max: 2, level: 'Б' },
      { id: '3', max: 3, level: 'П' },
    ],
    scale: null,
  };
  const t3 = [3, 2, 0, 1, 3, 3, 2];
  const world: World = {
    spec,
    schools: [['s1', 'm1']],
    municipalities: ['m1'],
    pupils: t3.map((x, i) => ({
      code: `p${i}`,
      school: 's1',
      cls: '5А',
      absent: false,
      scores: [i < 3 ? 1 : 0, 0, x],
      journal: 0,
    })),
  };
  const report = analyzeProcedure(toDataset(world));
  const cls = report.units.find((u) => u.level === 'class')!;

  it('a 2-point task where all 7 pupils scored 0 gets [0; 35,43 %]', () => {
    const t = cls.tasks![1];
    expect(t.completion).toBe(0);
    expect(t.ci95![0]).toBe(0);
    expect(t.ci95![1]).toBeCloseTo(35.433884297520656, 10);
  });

  it('1-point and 3-point tasks: Wilson of completion/100 with n = written', () => {
    const [a, , c] = cls.tasks!;
    const [alo, ahi] = naiveWilson(3 / 7, 7);
    expect(a.ci95![0]).toBeCloseTo(alo, 10);
    expect(a.ci95![1]).toBeCloseTo(ahi, 10);
    expect(c.completion).toBeCloseTo((100 * 14) / 21, 12);
    const [clo, chi] = naiveWilson(14 / 21, 7);
    expect(c.ci95![0]).toBeCloseTo(clo, 10);
    expect(c.ci95![1]).toBeCloseTo(chi, 10);
  });
});
