// Subject choice over years from generated ОГЭ protocols, against counts made from the truth.
import { expect, it } from 'vitest';
import { SHAPES, generateExam, ogeProtocolXls, type GiaExam } from '../../src/domain/demo/gia-protocols.ts';
import { importGiaFiles } from '../../src/domain/import/gia-import.ts';
import { subjectChoice } from '../../src/domain/report/gia-choice.ts';

it('shares of graduates (Русский язык participants) per subject, school and year', () => {
  const exams: GiaExam[] = [];
  for (const [year, seed] of [
    [2023, 1],
    [2024, 2],
  ] as const) {
    const date = (d: string) => `${year}${d.slice(4)}`;
    const rus = generateExam(
      { ...SHAPES.ogeRus, date: date(SHAPES.ogeRus.date) },
      { seed, municipalities: 2, schoolsPerMunicipality: 3 },
    );
    // The elective: a subset of the same schools' graduates (a different generator draw).
    const bio = generateExam(
      { ...SHAPES.ogeBio, date: date(SHAPES.ogeBio.date) },
      {
        seed: seed + 10,
        municipalities: 2,
        schoolsPerMunicipality: 3,
        perSchool: [2, 7],
      },
    );
    exams.push(rus, bio);
  }
  const ds = importGiaFiles([{ bytes: ogeProtocolXls(exams), fileName: 'oge.xls' }])!;
  const rows = subjectChoice(ds);
  for (const year of [2023, 2024]) {
    const [rus, bio] = exams.filter((e) => e.year === year);
    const count = (e: GiaExam, school?: string) =>
      e.participants.filter((p) => !school || p.school === school).length;
    const all = rows.find((r) => r.year === year && r.level === 'all')!;
    expect(all.graduates).toBe(count(rus));
    const b = all.subjects.find((s) => s.subject === 'Биология')!;
    expect(b.n).toBe(count(bio));
    expect(b.share).toBeCloseTo((100 * count(bio)) / count(rus), 12);
    for (const school of new Set(rus.participants.map((p) => p.school))) {
      const r = rows.find((x) => x.year === year && x.level === 'school' && x.id === school)!;
      expect(r.graduates).toBe(count(rus, school));
      expect(r.subjects.find((s) => s.subject === 'Биология')?.n ?? 0).toBe(count(bio, school));
    }
    const m1 = rows.find((x) => x.year === year && x.level === 'municipality' && x.id === '1')!;
    expect(m1.graduates).toBe(rus.participants.filter((p) => p.msu === '1').length);
  }
});
