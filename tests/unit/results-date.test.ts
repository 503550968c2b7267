// The default «Дата получения результатов» comes from the procedure, not from today.
import { describe, expect, test } from 'vitest';
import { defaultResultsDate, procedureKindYear } from '../../src/domain/roadmap/results-date';

describe('defaultResultsDate', () => {
  test('results of an earlier year date from that year', () => {
    expect(defaultResultsDate('ВПР', 2022, '2026-12-07')).toBe('2022-05-31');
    expect(defaultResultsDate('ОГЭ', 2024, '2026-01-10')).toBe('2024-06-30');
    expect(defaultResultsDate('ЕГЭ', 2025, '2026-01-10')).toBe('2025-07-15');
    expect(defaultResultsDate('НИКО', 2021, '2026-01-10')).toBe('2021-05-31');
  });

  test('a usual date still ahead gives today', () => {
    expect(defaultResultsDate('ВПР', 2026, '2026-04-20')).toBe('2026-04-20');
    expect(defaultResultsDate('ВПР', 2026, '2026-05-31')).toBe('2026-05-31');
  });

  test('the kind and year of a procedure key', () => {
    expect(procedureKindYear('ВПР-2022-Математика-5')).toEqual({ kind: 'ВПР', year: 2022 });
    expect(procedureKindYear('что-то')).toBeNull();
  });
});
