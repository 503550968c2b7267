// The demo against the other layers: class labels as the importer normalises them, and the
// official objectivity signs it is built to show, as the report engine finds them.
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { classId, classLabel } from '../../src/domain/import/class-label.ts';
import { buildReport } from '../../src/domain/report/index.ts';

describe('demo class ids', () => {
  it('are what the importer makes of the same labels', () => {
    for (const ds of generateDemo()) {
      for (const c of ds.meta.classes) {
        const letter = c.label.slice(1).toLowerCase(); // as in a regional export: «а»
        const label = classLabel(letter, ds.meta.procedure.grade);
        expect(label).toBe(c.label);
        expect(classId(ds.meta.schools[c.school].login, label!)).toBe(c.id);
      }
    }
  });
});

describe('demo municipality in the report', () => {
  const { signs } = buildReport(generateDemo(), { generatedAt: '2026-11-23T00:00:00Z' });
  const flagged = (school: string, sign: string) =>
    signs.filter((s) => s.flagged && s.school.endsWith(school) && s.sign === sign).map((s) => s.procedure);

  it('flags the planted patterns', () => {
    // СОШ № 12 inflates grade 4: its 2025 grade 4 falls in grade 5 (2026).
    expect(flagged('demo0008', 'cohort-fall')).toContain('ВПР-2026-Математика-5');
    expect(flagged('demo0008', 'inflated-mean')).toContain('ВПР-2025-Математика-4');
    // Октябрьская СОШ inflates the 2026 grade 5: a sharp rise.
    expect(flagged('demo0015', 'cohort-rise')).toContain('ВПР-2026-Математика-5');
    // СОШ № 10: journal marks do not follow the results.
    expect(flagged('demo0007', 'journal-mismatch').length).toBeGreaterThanOrEqual(6);
  });

  it('leaves most schools unflagged', () => {
    const schools = new Set(signs.filter((s) => s.flagged).map((s) => s.school));
    expect(schools.size).toBeLessThanOrEqual(10);
  });
});
