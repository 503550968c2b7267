// The built-in ВПР catalogue: its data (sources, sound scales), the matching rule (same year when
// the task count and maximum agree, else the nearest year that agrees, with a warning), and
// ФИС ОКО protocols of other 2022 works — built in the exact layout of the real files — getting
// marks with no spec, the work named only by the «Классы» sheet.
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import { CATALOGUE, type CatalogueEntry } from '../../src/domain/spec/catalogue.ts';
import { entryScale, matchCatalogue } from '../../src/domain/spec/catalogue-match.ts';
import { validateScale } from '../../src/domain/spec/scale.ts';
import { fisokoProtocol, tasksSumming } from './fisoko-protocol-generator.ts';

const CODES: Record<string, string> = {
  Математика: 'ma',
  'Русский язык': 'ru',
  'Окружающий мир': 'okr',
  История: 'hi',
  Биология: 'bi',
  География: 'gg',
  Обществознание: 'ob',
  Физика: 'fi',
  Химия: 'him',
  'Английский язык': 'en',
  'Немецкий язык': 'de',
  'Французский язык': 'fr',
};

/** The mark by the cut-offs, written out: «5» from f5, «4» from f4, «3» from f3. */
function naiveMark(total: number, from: [number, number, number]): number {
  if (total >= from[2]) return 5;
  if (total >= from[1]) return 4;
  if (total >= from[0]) return 3;
  return 2;
}

const cutoffsOf = (e: CatalogueEntry): [number, number, number] =>
  e.from ?? [e.scale![1][0], e.scale![2][0], e.scale![3][0]];

describe('catalogue data', () => {
  it('every entry names its source and has a sound scale or cut-offs', () => {
    for (const e of CATALOGUE) {
      const name = `${e.kind} ${e.subject} ${e.grade} ${e.year}`;
      expect(e.source, name).toMatch(/\S{10,}/);
      expect(e.scale || e.from, name).toBeTruthy();
      if (e.from) {
        expect(e.from[0] > 0 && e.from[0] < e.from[1] && e.from[1] < e.from[2], name).toBe(true);
        if (e.maxScore !== null) expect(e.from[2]).toBeLessThanOrEqual(e.maxScore);
      }
      if (e.scale && e.maxScore !== null) {
        // Only the printed overlap of География 8, 2021 (kept as printed) may be reported.
        const issues = validateScale(e.scale, e.maxScore).filter((i) => i.kind !== 'overlap');
        expect(issues, name).toEqual([]);
      }
      if (e.tasks && e.maxScore !== null)
        expect(
          e.tasks.reduce((a, t) => a + t.max, 0),
          name,
        ).toBe(e.maxScore);
    }
  });

  it('one entry per work, year and variant', () => {
    const keys = CATALOGUE.map((e) => `${e.kind}|${e.subject}|${e.grade}|${e.year}|${e.profile ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('covers every 2022 work of grades 4–8 and 10–11 in the source table', () => {
    const works2022 = CATALOGUE.filter((e) => e.year === 2022 && !e.profile).map(
      (e) => `${e.subject} ${e.grade}`,
    );
    expect(works2022.length).toBe(40);
    for (const w of ['Математика 4', 'Русский язык 5', 'Биология 11', 'Химия 8', 'География 10', 'История 7'])
      expect(works2022).toContain(w);
  });

  it('the repository cut-offs agree with the ФИОКО 2021 tables where both exist', () => {
    // 2021 entries from the ФИОКО descriptions vs the same works' 2022 entries (the source used one
    // table for both years): a check of the transcription, not of the years.
    const official = CATALOGUE.filter((e) => e.year === 2021 && e.scale && e.source?.startsWith('ФИОКО'));
    expect(official.length).toBeGreaterThanOrEqual(6);
    for (const o of official) {
      const later = CATALOGUE.find((e) => e.year === 2022 && e.subject === o.subject && e.grade === o.grade)!;
      const cut = cutoffsOf(later);
      const lows = [o.scale![1][0], o.scale![2][0], o.scale![3][0]];
      // География 8, 2021 prints «4» 27–35 and «5» 35–40: the lower bound of «5» is 35 either way.
      expect(cut, `${o.subject} ${o.grade}`).toEqual(lows);
    }
  });
});

describe('matchCatalogue', () => {
  const ma4 = { kind: 'ВПР', subject: 'Математика', grade: 4 };
  it('the year’s entry when task count and maximum agree', () => {
    const m = matchCatalogue({ ...ma4, year: 2022 }, { taskCount: 15, maxScore: 20 }, CATALOGUE)!;
    expect(m.sameYear).toBe(true);
    expect(m.scale).toEqual([
      [0, 5],
      [6, 9],
      [10, 14],
      [15, 20],
    ]);
    expect(m.warnings).toEqual([]);
  });

  it('a missing year: the nearest year with the same task count and maximum, with a warning', () => {
    const m = matchCatalogue({ ...ma4, year: 2024 }, { taskCount: 15, maxScore: 20 }, CATALOGUE)!;
    expect(m.entry.year).toBe(2022);
    expect(m.sameYear).toBe(false);
    expect(m.warnings.join(' ')).toMatch(/за 2022 год: для 2024 года записи нет.*15.*20/);
  });

  it('another task list is another work: no scale', () => {
    expect(matchCatalogue({ ...ma4, year: 2024 }, { taskCount: 12, maxScore: 20 }, CATALOGUE)).toBeNull();
    expect(matchCatalogue({ ...ma4, year: 2022 }, { taskCount: 15, maxScore: 21 }, CATALOGUE)).toBeNull();
    // Cut-offs without a maximum never stand in for another year: nothing proves it is the same work.
    expect(
      matchCatalogue(
        { kind: 'ВПР', subject: 'История', grade: 5, year: 2025 },
        { taskCount: 10, maxScore: 15 },
        CATALOGUE,
      ),
    ).toBeNull();
  });

  it('cut-offs without a maximum: «5» runs to the file’s maximum, and the warning says so', () => {
    const m = matchCatalogue(
      { kind: 'ВПР', subject: 'История', grade: 5, year: 2022 },
      { taskCount: 10, maxScore: 15 },
      CATALOGUE,
    )!;
    expect(m.scale).toEqual([
      [0, 3],
      [4, 7],
      [8, 11],
      [12, 15],
    ]);
    expect(m.warnings[0]).toMatch(/только границы.*4, 8, 12.*\(15\)/);
    // A file whose maximum is below the «5» cut-off cannot be this work.
    expect(
      matchCatalogue(
        { kind: 'ВПР', subject: 'История', grade: 5, year: 2022 },
        { taskCount: 10, maxScore: 11 },
        CATALOGUE,
      ),
    ).toBeNull();
  });

  it('a work with variants: the basic one, and a warning naming the other', () => {
    const m = matchCatalogue(
      { kind: 'ВПР', subject: 'Биология', grade: 7, year: 2022 },
      { taskCount: 20, maxScore: 35 },
      CATALOGUE,
    )!;
    expect(m.entry.profile).toBeUndefined();
    expect(m.warnings.join(' ')).toMatch(/по образцу 8 класса/);
  });

  it('entryScale builds contiguous ranges from the cut-offs', () => {
    const e: CatalogueEntry = {
      kind: 'ВПР',
      subject: 'X',
      grade: 5,
      year: 2022,
      maxScore: null,
      from: [7, 11, 15],
    };
    expect(entryScale(e, 20)).toEqual([
      [0, 6],
      [7, 10],
      [11, 14],
      [15, 20],
    ]);
    expect(validateScale(entryScale(e, 20)!, 20)).toEqual([]);
    expect(entryScale(e, 14)).toBeNull();
  });
});

describe('ФИС ОКО protocols of other 2022 works get marks with no spec', () => {
  const works = CATALOGUE.filter((e) => e.kind === 'ВПР' && e.year === 2022 && !e.profile);
  for (const e of works)
    it(`${e.subject}, ${e.grade} класс`, async () => {
      const cut = cutoffsOf(e);
      const max = e.maxScore ?? cut[2] + 3;
      const tasks = e.tasks ?? tasksSumming(Math.ceil(max / 1.5), max);
      const { bytes, pupils } = fisokoProtocol({ code: CODES[e.subject], grade: e.grade, year: 2022, tasks });
      // A neutral file name: the work is named only inside the file.
      const ds = await importFile(bytes, { fileName: 'protocol.xlsx' });
      const p = ds.meta.procedure;
      expect([p.kind, p.subject, p.grade, p.year]).toEqual(['ВПР', e.subject, e.grade, 2022]);
      expect(p.scale).toEqual([
        [0, cut[0] - 1],
        [cut[0], cut[1] - 1],
        [cut[1], cut[2] - 1],
        [cut[2], max],
      ]);
      const all = analyzeProcedure(ds).units.find((u) => u.level === 'all')!;
      const want = { '2': 0, '3': 0, '4': 0, '5': 0 } as Record<string, number>;
      for (const q of pupils) if (q.scores) want[naiveMark(q.total, cut)] += 1;
      expect(all.marks).toEqual(want);
      expect(Object.values(want).filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    });
});
