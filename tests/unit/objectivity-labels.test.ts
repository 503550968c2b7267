// Plain-word figures of the «Объективность» page: units after a number in the right Russian form
// (1 балл, 2 балла, 5 баллов, 4,75 балла), percentage points with one decimal, and procedure ids
// shown as titles. Expected strings are written out by hand.
import { describe, expect, it } from 'vitest';
import { amount, familiesCount, named, range, unitForm } from '../../src/ui/objectivity/labels';
import {
  procedureIdTitle,
  procedureTitle,
  titledNote,
  withProcedureTitles,
} from '../../src/domain/text/procedure';
import { procedureId } from '../../src/domain/model';

const BALL = ['балл', 'балла', 'баллов', 'балла'] as const;

describe('unit forms', () => {
  it('follows the Russian plural for whole numbers and the genitive singular for fractions', () => {
    const cases: [number, string][] = [
      [1, 'балл'],
      [2, 'балла'],
      [4, 'балла'],
      [5, 'баллов'],
      [11, 'баллов'],
      [12, 'баллов'],
      [14, 'баллов'],
      [21, 'балл'],
      [22, 'балла'],
      [25, 'баллов'],
      [111, 'баллов'],
      [0, 'баллов'],
      [-1, 'балл'],
      [4.75, 'балла'],
      [0.5, 'балла'],
    ];
    for (const [x, form] of cases) expect(unitForm(x, BALL), String(x)).toBe(form);
  });

  it('writes the effect with its unit in words, rounded as shown', () => {
    // NBSP-free: ru-RU groups thousands only from 10 000, and these figures are small.
    expect(amount(1, 'балла')).toBe('1 балл');
    expect(amount(4.7512, 'балла')).toBe('4,75 балла');
    expect(amount(2, 'балла')).toBe('2 балла');
    // 1,999 rounds to 2,00 → shown «2», so «2 балла», not the fraction form.
    expect(amount(1.999, 'балла')).toBe('2 балла');
    expect(amount(16.09, 'п.п.')).toBe('16,1 п. п.');
    expect(amount(0.52, 'SD')).toBe('0,52 стандартного отклонения ученика (SD)');
    expect(amount(2, 'SD')).toBe('2 стандартных отклонения ученика (SD)');
    expect(amount(3.2, 'отношение шансов')).toBe('в 3,2 раза чаще ожидаемого (отношение шансов)');
    expect(amount(5, 'отношение шансов')).toBe('в 5 раз чаще ожидаемого (отношение шансов)');
    expect(amount(-0.001, 'SD')).toBe('0 стандартных отклонений ученика (SD)');
    expect(amount(Number.POSITIVE_INFINITY, 'балла')).toBe('—');
    expect(amount(1.5, 'неизвестно')).toBe('1,5 неизвестно');
  });

  it('writes an interval in the unit of its upper end', () => {
    expect(range(4.1372, 5.3611, 'балла')).toBe('4,14 … 5,36 балла');
    expect(range(10.04, 21.96, 'п.п.')).toBe('10 … 22 п. п.');
  });

  it('names q with «=» or «<»', () => {
    expect(named('q', '0,012')).toBe('q = 0,012');
    expect(named('q', '< 0,001')).toBe('q < 0,001');
  });

  it('counts families', () => {
    expect(familiesCount(1)).toBe('1 семейство');
    expect(familiesCount(2)).toBe('2 семейства');
    expect(familiesCount(4)).toBe('4 семейства');
  });
});

describe('procedure titles', () => {
  const spec = { kind: 'ВПР', year: 2026, subject: 'Математика', grade: 4 };

  it('turns the id of procedureId back into the title', () => {
    expect(procedureTitle(spec)).toBe('ВПР · Математика · 4 класс · 2026');
    expect(procedureIdTitle(procedureId(spec))).toBe('ВПР · Математика · 4 класс · 2026');
    const ru = { kind: 'ВПР', year: 2025, subject: 'Русский язык', grade: 11 };
    expect(procedureIdTitle(procedureId(ru))).toBe('ВПР · Русский язык · 11 класс · 2025');
    // A hyphen inside the subject: the year and the grade still anchor the parse.
    const hy = { kind: 'ОГЭ', year: 2024, subject: 'Информатика и ИКТ-1', grade: 9 };
    expect(procedureIdTitle(procedureId(hy))).toBe('ОГЭ · Информатика и ИКТ-1 · 9 класс · 2024');
    expect(procedureIdTitle('не процедура')).toBe('не процедура');
  });

  it('titles the id at the start of a note and leaves other notes alone', () => {
    expect(titledNote('ВПР-2025-Математика-4: нет данных перепроверки.')).toBe(
      'ВПР · Математика · 4 класс · 2025: нет данных перепроверки.',
    );
    expect(titledNote('Признаки не рассчитаны: нет данных.')).toBe('Признаки не рассчитаны: нет данных.');
  });

  it('replaces known ids inside a text, the longer id first', () => {
    const text = 'Сравнение ВПР-2025-Математика-1 → ВПР-2026-Математика-11: разные потоки.';
    expect(
      withProcedureTitles(text, ['ВПР-2025-Математика-1', 'ВПР-2026-Математика-1', 'ВПР-2026-Математика-11']),
    ).toBe(
      'Сравнение ВПР · Математика · 1 класс · 2025 → ВПР · Математика · 11 класс · 2026: разные потоки.',
    );
  });
});
