import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ImportError } from '../../src/domain/model';
import {
  CATALOGUE,
  findCatalogueEntries,
  markOf,
  maxScore,
  normaliseTaskId,
  parseNumberedHeader,
  parseSpec,
  parseTaskHeader,
  specToJson,
  validateScale,
} from '../../src/domain/spec';

const realSpec = (name: string) =>
  JSON.parse(readFileSync(`tests/fixtures/real/specs/${name}`, 'utf8')) as unknown;

describe('task headers', () => {
  it.each([
    ['3 (2б)', '3', 2],
    ['5(1) (1б)', '5.1', 1],
    ['9.1 (1б)', '9.1', 1],
    ['4К1 (3б)', '4К1', 3],
    ['4K2 (2б)', '4К2', 2],
    ['11.3 k1 (2б)', '11.3К1', 2],
    ['12 ( 2 б )', '12', 2],
    ['1\u00a0(5б)', '1', 5],
  ])('%s → %s, max %i', (header, id, max) => {
    expect(parseTaskHeader(header)).toEqual({ id, max });
  });

  it.each(['Итого баллов', 'Вариант', 'Код (1б)', '(1б)', '3', 'балл за 3'])(
    '%s is not a task header',
    (h) => {
      expect(parseTaskHeader(h)).toBeNull();
    },
  );

  it('normalises ids', () => {
    expect(normaliseTaskId('5(1)')).toBe('5.1');
    expect(normaliseTaskId('1K1')).toBe('1К1');
    expect(normaliseTaskId(' 11.3 k1 ')).toBe('11.3К1');
    expect(normaliseTaskId(7)).toBe('7');
  });

  it('reads numbered headers', () => {
    expect(parseNumberedHeader('балл за 16')).toBe(16);
    expect(parseNumberedHeader('Балл  за 3')).toBe(3);
    expect(parseNumberedHeader('a-40-grade')).toBe(40);
    expect(parseNumberedHeader('Учебник')).toBeNull();
  });
});

describe('parseSpec', () => {
  it('reads the real specs and drops unknown fields', () => {
    const spec = parseSpec(realSpec('vpr2021-ma5.json'), 'vpr2021-ma5.json');
    expect(spec.kind).toBe('ВПР');
    expect(spec.subject).toBe('Математика');
    expect(spec.grade).toBe(5);
    expect(spec.year).toBe(2021);
    expect(spec.tasks).toHaveLength(16);
    expect(spec.tasks[10]).toMatchObject({ id: '11.1', max: 1, level: 'Б' });
    expect(maxScore(spec)).toBe(20);
    expect(spec.scale).toEqual([
      [0, 6],
      [7, 10],
      [11, 14],
      [15, 20],
    ]);
    expect(Object.keys(spec).sort()).toEqual(['grade', 'kind', 'scale', 'subject', 'tasks', 'year']);
  });

  it('round-trips through specToJson', () => {
    const spec = parseSpec(realSpec('vpr2020-ma4.json'), 'a.json');
    expect(parseSpec(JSON.parse(specToJson(spec)), 'b.json')).toEqual(spec);
  });

  it('normalises task ids', () => {
    const spec = parseSpec(
      {
        kind: 'ВПР',
        subject: 'Английский язык',
        grade: 8,
        year: 2026,
        tasks: [
          { id: '4K1', max: 3 },
          { id: '5(1)', max: 1 },
        ],
      },
      'x.json',
    );
    expect(spec.tasks.map((t) => t.id)).toEqual(['4К1', '5.1']);
    expect(spec.scale).toBeNull();
  });

  const base = { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021, tasks: [{ id: '1', max: 1 }] };
  it.each([
    [[], 'ожидался объект'],
    [{ ...base, subject: '' }, 'нет предмета'],
    [{ ...base, grade: 12 }, '"grade"'],
    [{ ...base, year: 21 }, '"year"'],
    [{ ...base, tasks: [] }, 'нет списка заданий'],
    [{ ...base, tasks: [{ id: '1', max: 0 }] }, '"max"'],
    [{ ...base, tasks: [{ id: 'а', max: 1 }] }, 'непонятный номер'],
    [{ ...base, tasks: [{ id: '1', max: 1, level: 'Z' }] }, 'уровень'],
    [
      {
        ...base,
        tasks: [
          { id: '5(1)', max: 1 },
          { id: '5.1', max: 1 },
        ],
      },
      'указано дважды',
    ],
    [{ ...base, scale: [[0, 6]] }, '"scale"'],
  ])('rejects %j with a Russian message', (json, fragment) => {
    try {
      parseSpec(json, 'bad.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      expect((e as ImportError).message).toContain('bad.json');
      expect((e as ImportError).message).toContain(fragment);
      expect((e as ImportError).file).toBe('bad.json');
    }
  });
});

describe('scales', () => {
  const ma5: [number, number][] = [
    [0, 6],
    [7, 10],
    [11, 14],
    [15, 20],
  ];
  it('accepts an official contiguous scale', () => {
    expect(validateScale(ma5, 20)).toEqual([]);
  });

  it('reports the printed overlap of География 8 (2021) without throwing', () => {
    const geo = CATALOGUE.find((e) => e.subject === 'География' && e.grade === 8 && e.year === 2021)!;
    const issues = validateScale(geo.scale!, geo.maxScore!);
    expect(issues.map((i) => i.kind)).toEqual(['overlap']);
    expect(issues[0].mark).toBe(5);
    // The overlapping score takes the higher mark.
    expect(markOf(35, geo.scale)).toBe(5);
    expect(markOf(34, geo.scale)).toBe(4);
  });

  it('reports gaps, a wrong start and end, reversed ranges and a wrong count', () => {
    const kinds = (s: [number, number][], max: number) => validateScale(s, max).map((i) => i.kind);
    expect(
      kinds(
        [
          [1, 6],
          [8, 10],
          [11, 14],
          [15, 19],
        ],
        20,
      ),
    ).toEqual(['start', 'gap', 'end']);
    expect(
      kinds(
        [
          [0, 6],
          [10, 7],
          [11, 14],
          [15, 20],
        ],
        20,
      ),
    ).toContain('reversed');
    expect(
      kinds(
        [
          [0, 6],
          [7, 20],
        ],
        20,
      )[0],
    ).toBe('count');
  });

  it('maps scores to marks', () => {
    expect([0, 6, 7, 10, 11, 14, 15, 20].map((s) => markOf(s, ma5))).toEqual([2, 2, 3, 3, 4, 4, 5, 5]);
    expect(markOf(21, ma5)).toBe(0);
    expect(markOf(5, null)).toBe(0);
    expect(markOf(5, undefined)).toBe(0);
  });
});

describe('catalogue', () => {
  it('holds the official 2021 scales and 2026 Русский язык 4', () => {
    const key = (e: { subject: string; grade: number; year: number }) => `${e.subject} ${e.grade} ${e.year}`;
    expect(CATALOGUE.map(key)).toEqual(
      expect.arrayContaining([
        'Русский язык 4 2021',
        'Математика 4 2021',
        'Окружающий мир 4 2021',
        'Математика 5 2021',
        'Русский язык 6 2021',
        'Математика 8 2021',
        'География 8 2021',
        'Русский язык 4 2026',
      ]),
    );
    expect(
      findCatalogueEntries({ kind: 'ВПР', subject: 'Русский язык', grade: 6, year: 2021 }, CATALOGUE)[0]
        .scale,
    ).toEqual([
      [0, 24],
      [25, 34],
      [35, 44],
      [45, 51],
    ]);
  });

  it('every entry ends its scale at its maximum, and task lists add up to it', () => {
    for (const e of CATALOGUE) {
      // Entries whose source gives only the cut-offs («3», «4», «5» from) carry no maximum.
      if (e.maxScore === null) {
        expect(e.scale, `${e.subject} ${e.grade} ${e.year}`).toBeUndefined();
        expect(e.from).toHaveLength(3);
        continue;
      }
      expect(e.scale![3][1], `${e.subject} ${e.grade} ${e.year}`).toBe(e.maxScore);
      if (e.tasks) expect(maxScore({ tasks: e.tasks })).toBe(e.maxScore);
    }
  });

  it('carries the task lists of the real specs', () => {
    const ma5 = parseSpec(realSpec('vpr2021-ma5.json'), 'ma5');
    const ma4 = parseSpec(realSpec('vpr2020-ma4.json'), 'ma4');
    const entry = (subject: string, grade: number, year: number) =>
      findCatalogueEntries({ kind: 'ВПР', subject, grade, year }, CATALOGUE)[0];
    expect(entry('Математика', 5, 2021).tasks).toEqual(ma5.tasks);
    expect(entry('Математика', 4, 2021).tasks).toEqual(ma4.tasks);
    // The 2020 autumn work: an assumption, and the entry says so.
    expect(entry('Математика', 4, 2020).tasks).toEqual(ma4.tasks);
    expect(entry('Математика', 4, 2020).source).toMatch(/Допущение/);
  });
});
