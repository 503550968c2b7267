// The ЕГЭ part of the medal rule (data, with its source) on hand-made cases, and the summary.
import { expect, it } from 'vitest';
import { MEDAL_RULE, checkMedalist, summarizeMedals } from '../../src/domain/report/medals.ts';

it('rule data carries its source; I and II degree thresholds', () => {
  expect(MEDAL_RULE.source).toMatch(/29\.09\.2023 № 730/);
  expect(
    checkMedalist('1', [
      { subject: 'Русский язык', test: 70 },
      { subject: 'Физика', test: 70 },
    ]).confirmed,
  ).toBe(true);
  expect(
    checkMedalist('1', [
      { subject: 'Русский язык', test: 69 },
      { subject: 'Физика', test: 90 },
    ]).reason,
  ).toBe('русский язык: 69 < 70');
  expect(
    checkMedalist('1', [
      { subject: 'Русский язык', test: 85 },
      { subject: 'Химия', test: 65 },
    ]).confirmed,
  ).toBe(false);
  expect(
    checkMedalist('1', [
      { subject: 'Русский язык', test: 80 },
      { subject: 'Математика (базовый уровень)', mark: 5 },
    ]).confirmed,
  ).toBe(true);
  expect(
    checkMedalist('2', [
      { subject: 'Русский язык', test: 60 },
      { subject: 'История', test: 61 },
    ]).confirmed,
  ).toBe(true);
  expect(checkMedalist('2', [{ subject: 'История', test: 99 }]).reason).toBe(
    'нет результата ЕГЭ по русскому языку',
  );
  // Editable: a stricter rule given as data.
  const strict = {
    ...MEDAL_RULE,
    degrees: { ...MEDAL_RULE.degrees, '2': { ...MEDAL_RULE.degrees['2'], other: 75 } },
  };
  expect(
    checkMedalist(
      '2',
      [
        { subject: 'Русский язык', test: 60 },
        { subject: 'История', test: 70 },
      ],
      strict,
    ).confirmed,
  ).toBe(false);
});

it('summary per year, municipality and school', () => {
  const s = summarizeMedals([
    { year: 2024, school: 'a', municipality: 'm', degree: '1', confirmed: true },
    { year: 2024, school: 'a', municipality: 'm', degree: '2', confirmed: false },
    { year: 2024, school: 'b', municipality: 'm', degree: '1', confirmed: false },
    { year: 2025, school: 'a', municipality: 'm', degree: '1', confirmed: true },
  ]);
  const m = s.find((x) => x.year === 2024 && x.level === 'municipality')!;
  expect([m.medalists, m.confirmed, m.notConfirmed]).toEqual([3, 1, 2]);
  expect(m.notConfirmedShare).toBeCloseTo(200 / 3, 12);
  expect(s.find((x) => x.year === 2025 && x.level === 'school' && x.id === 'a')!.notConfirmedShare).toBe(0);
});
