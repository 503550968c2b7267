// Dynamics on the demo municipality, checked against a naive recomputation from the datasets:
// a school's У per year straight from the pupils' scores and the spec's mark scale.
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { cohortSeries, cohortStarts, yearSeries } from '../../src/domain/dynamics/index.ts';
import type { Dataset } from '../../src/domain/model.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';

const demo = generateDemo();
const reports = demo.map((ds) => analyzeProcedure(ds));

/** У of a school (or everyone): % of pupils who wrote with a mark 3..5, by a plain loop. */
function naiveU(ds: Dataset, login: string | null): number {
  const scale = ds.meta.procedure.scale!;
  const s = login === null ? -1 : ds.meta.schools.findIndex((x) => x.login === login);
  let wrote = 0;
  let passed = 0;
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.absent[i] || (s >= 0 && ds.pupils.school[i] !== s)) continue;
    let score = 0;
    for (const col of ds.pupils.scores) score += col[i];
    wrote++;
    const [lo3] = scale[1];
    if (score >= lo3) passed++;
  }
  return (100 * passed) / wrote;
}

const find = (year: number, subject: string, grade: number) =>
  demo.find(
    (d) =>
      d.meta.procedure.year === year &&
      d.meta.procedure.subject === subject &&
      d.meta.procedure.grade === grade,
  )!;

describe('dynamics on the demo data', () => {
  const login = demo[0].meta.schools[1].login;

  it('year series of a school: У per year equals the naive count', () => {
    for (const subject of ['Математика', 'Русский язык'])
      for (const grade of [4, 5]) {
        const s = yearSeries(reports, { kind: 'ВПР', subject, grade }, { level: 'school', id: login });
        expect(s.points.map((p) => p.year)).toEqual([2025, 2026]);
        for (const p of s.points)
          expect(p.uspevaemost).toBeCloseTo(naiveU(find(p.year, subject, grade), login), 9);
        // Same work both years: per-task comparison offered, no incompatibility note.
        expect(s.points[1].comparableWithPrevious).toBe(true);
        expect(s.points[0].tasks?.length).toBe(find(2025, subject, grade).meta.procedure.tasks.length);
        expect(s.notes.filter((n) => n.kind === 'incompatible')).toEqual([]);
      }
  });

  it('the reference (all) series equals the naive count over everyone', () => {
    const s = yearSeries(
      reports,
      { kind: 'ВПР', subject: 'Математика', grade: 4 },
      { level: 'all', id: 'all' },
    );
    for (const p of s.points)
      expect(p.uspevaemost).toBeCloseTo(naiveU(find(p.year, 'Математика', 4), null), 9);
  });

  it('cohort: 2025 grade 4 → 2026 grade 5, task sets differ so only indicators are compared', () => {
    expect(cohortStarts(reports, { kind: 'ВПР', subject: 'Математика' }).map((c) => c.steps)).toEqual([
      [
        { grade: 4, year: 2025 },
        { grade: 5, year: 2026 },
      ],
    ]);
    const s = cohortSeries(reports, { kind: 'ВПР', subject: 'Математика' }, { level: 'school', id: login });
    expect(s.points.map((p) => [p.grade, p.year])).toEqual([
      [4, 2025],
      [5, 2026],
    ]);
    expect(s.points[0].uspevaemost).toBeCloseTo(naiveU(find(2025, 'Математика', 4), login), 9);
    expect(s.points[1].uspevaemost).toBeCloseTo(naiveU(find(2026, 'Математика', 5), login), 9);
    expect(s.points[1].comparableWithPrevious).toBe(false);
    expect(s.points.every((p) => p.tasks === undefined)).toBe(true);
    expect(s.notes.some((n) => n.kind === 'incompatible' && n.text.includes('Задания только'))).toBe(true);
  });

  it('cohort at class level follows the letter: 4А → 5А', () => {
    const cls = reports[0].units.find((u) => u.level === 'class' && u.id.startsWith(`${login}/4`))!;
    const start = reports.find((r) => r.year === 2025 && r.grade === 4 && r.subject === 'Математика')!;
    expect(start.units.includes(cls) || start.units.some((u) => u.id === cls.id)).toBe(true);
    const s = cohortSeries(
      reports,
      { kind: 'ВПР', subject: 'Математика', start: { grade: 4, year: 2025 } },
      { level: 'class', id: cls.id },
    );
    expect(s.points.map((p) => p.unitName)).toEqual([cls.name, cls.name.replace(/^4/, '5')]);
    expect(s.notes.some((n) => n.kind === 'by-letter')).toBe(true);
  });
});
