// The ГИА catalogue: every entry has a source, one entry per kind/subject/year, valid scales,
// and a year without an entry is never filled from another year.
import { describe, expect, it } from 'vitest';
import { GIA_CATALOGUE, findGiaEntry } from '../../src/domain/spec/gia-catalogue.ts';

describe('ГИА catalogue', () => {
  it('entries are sourced, unique per year and well-formed', () => {
    const seen = new Set<string>();
    for (const e of GIA_CATALOGUE) {
      const key = `${e.kind}|${e.subject}|${e.year}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(e.source.length, key).toBeGreaterThan(30);
      expect(e.source, key).toMatch(/Рособрнадзор|ФИПИ/);
      if (e.scale) {
        expect(e.maxScore, key).toBeGreaterThan(0);
        expect(e.scale[0][0]).toBe(0);
        expect(e.scale[3][1]).toBe(e.maxScore);
        for (let k = 1; k < 4; k++) expect(e.scale[k][0], key).toBe(e.scale[k - 1][1] + 1);
      }
      if (e.minimum !== undefined && e.minimum !== null) expect(e.minimum).toBeGreaterThan(0);
    }
    for (const year of [2022, 2023, 2024, 2025])
      for (const subject of ['Русский язык', 'Математика (профильный уровень)'])
        expect(
          findGiaEntry({ kind: 'ЕГЭ', subject, year }, GIA_CATALOGUE)?.minimum,
          `${subject} ${year}`,
        ).toBeGreaterThan(0);
  });

  it('matches subjects by spelling variants, never another year', () => {
    expect(
      findGiaEntry({ kind: 'ЕГЭ', subject: 'Информатика и ИКТ', year: 2024 }, GIA_CATALOGUE)?.minimum,
    ).toBe(40);
    expect(
      findGiaEntry({ kind: 'ЕГЭ', subject: 'математика профильного уровня', year: 2023 }, GIA_CATALOGUE)
        ?.minimum,
    ).toBe(27);
    expect(findGiaEntry({ kind: 'ЕГЭ', subject: 'Русский язык', year: 2019 }, GIA_CATALOGUE)).toBeUndefined();
    expect(findGiaEntry({ kind: 'ОГЭ', subject: 'Математика', year: 2023 }, GIA_CATALOGUE)).toBeUndefined();
    expect(findGiaEntry({ kind: 'ОГЭ', subject: 'Математика', year: 2024 }, GIA_CATALOGUE)?.scale).toEqual([
      [0, 7],
      [8, 14],
      [15, 21],
      [22, 31],
    ]);
  });

  it('ЕГЭ 2026 minima equal the values hand-copied from the published source; the rest is marked unchecked', () => {
    // Hand-copied from the report of Рособрнадзор's publication of 20.01.2026 (РИА Новости, news.mail.ru).
    const published: Record<string, number> = {
      'Русский язык': 24,
      'Математика (профильный уровень)': 27,
      Физика: 36,
      Химия: 36,
      Биология: 36,
      Информатика: 40,
      История: 32,
      Литература: 32,
      География: 37,
      Обществознание: 42,
      'Английский язык': 22,
      'Китайский язык': 22,
    };
    for (const [subject, minimum] of Object.entries(published)) {
      const e = findGiaEntry({ kind: 'ЕГЭ', subject, year: 2026 }, GIA_CATALOGUE)!;
      expect(e.minimum, subject).toBe(minimum);
      expect(e.unsourced, subject).toBeUndefined();
      expect(e.check, subject).toContain('20.01.2026');
      expect(e.source, subject).toContain('20.01.2026');
    }
    // Every ЕГЭ entry says what it was checked against, or that it was not.
    for (const e of GIA_CATALOGUE.filter((x) => x.kind === 'ЕГЭ')) {
      expect(e.check, `${e.subject} ${e.year}`).toBeTruthy();
      expect(e.unsourced === true, `${e.subject} ${e.year}`).toBe(e.year < 2026);
      // No ЕГЭ scale is held: none was found in an official text.
      expect(e.testScale ?? null).toBeNull();
    }
  });
});
