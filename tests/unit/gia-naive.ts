// An independent, naive reference of the ГИА figures of oko-report/v1, straight from the
// generator's truth (participants as plain objects, textbook formulas). It shares no code with
// src/domain/report, src/domain/stats or the importer.
import { expect } from 'vitest';
import type { GiaExam, GiaParticipant } from '../../src/domain/demo/gia-protocols.ts';

export type Figures = Record<string, unknown>;

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

function interval(xs: number[]): [number, number] | null {
  const d = sd(xs);
  if (d === null) return null;
  const h = (1.96 * d) / Math.sqrt(xs.length);
  return [mean(xs) - h, mean(xs) + h];
}

/** Unit key `level:id` → the participants of the unit (all, municipality, school, class). */
export function naiveGiaUnits(exam: GiaExam): Map<string, GiaParticipant[]> {
  const units = new Map<string, GiaParticipant[]>();
  const put = (k: string, p: GiaParticipant) => {
    if (!units.has(k)) units.set(k, []);
    units.get(k)!.push(p);
  };
  for (const p of exam.participants) {
    put('all:all', p);
    put(`municipality:${p.msu}`, p);
    put(`school:${p.school}`, p);
    put(`class:${p.school}/${p.classLabel}`, p);
  }
  return units;
}

export function naiveGiaFigures(exam: GiaExam, ps: GiaParticipant[], minimum: number | null): Figures {
  const primary = ps.map((p) => p.primary);
  const out: Figures = {
    written: ps.length,
    score: { mean: mean(primary), sd: sd(primary), ci95: interval(primary) },
    tasks: exam.tasks.map((t, k) => {
      let s = 0;
      for (const p of ps) s += p.scores[k];
      return { id: t.id, completion: (100 * s) / (ps.length * t.max) };
    }),
  };
  const part = (n: number) => {
    let pts = 0;
    let max = 0;
    exam.tasks.forEach((t, k) => {
      if (t.part !== n) return;
      for (const p of ps) pts += p.scores[k];
      max += t.max * ps.length;
    });
    return max ? (100 * pts) / max : null;
  };
  out.parts = { '1': part(1), '2': part(2) };
  if (exam.kind === 'ОГЭ') {
    const marks = { '2': 0, '3': 0, '4': 0, '5': 0 } as Record<string, number>;
    for (const p of ps) marks[String(p.mark)]++;
    out.marks = marks;
  } else {
    const test = ps.map((p) => p.test);
    out.testScore = { mean: mean(test), sd: sd(test), ci95: interval(test) };
    out.belowMinimum = minimum === null ? null : test.filter((t) => t < minimum).length;
    out.highScorers = test.filter((t) => t >= 81 && t <= 100).length;
    out.hundredScorers = test.filter((t) => t === 100).length;
  }
  return out;
}

/** inflated-mean of every school (written ≥ 2): school CI lower bound above the region's upper. */
export function naiveInflatedMean(exam: GiaExam): Map<string, { value: number; flagged: boolean }> {
  const units = naiveGiaUnits(exam);
  const all = units.get('all:all')!.map((p) => p.primary);
  const ref = interval(all)!;
  const out = new Map<string, { value: number; flagged: boolean }>();
  for (const [key, ps] of units) {
    if (!key.startsWith('school:') || ps.length < 2) continue;
    const xs = ps.map((p) => p.primary);
    out.set(key.slice(7), { value: mean(xs) - mean(all), flagged: interval(xs)![0] > ref[1] });
  }
  return out;
}

/** Deep comparison with a tolerance for floating-point numbers. */
export function expectClose(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} ≠ ${expected}`).toBeLessThan(1e-9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    expect((actual as unknown[]).length, where).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${where}[${i}]`));
  } else if (expected && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)?.[k], v, `${where}.${k}`);
  } else expect(actual, where).toEqual(expected);
}

/** Every unit of the naive reference against the report's procedure (and no extra units). */
export function expectProcedure(
  units: { level: string; id: string }[],
  exam: GiaExam,
  minimum: number | null,
): void {
  const expected = naiveGiaUnits(exam);
  const got = units.filter((u) => u.level !== 'parallel');
  expect(got.map((u) => `${u.level}:${u.id}`).sort()).toEqual([...expected.keys()].sort());
  for (const u of got) {
    const key = `${u.level}:${u.id}`;
    expectClose(u, naiveGiaFigures(exam, expected.get(key)!, minimum), `${exam.subject} ${key}`);
  }
}
