// Hash addresses of screens, units and school pages (src/ui/lib/route.ts).
import { describe, expect, test } from 'vitest';
import { parseHash, routeHash } from '../../src/ui/lib/route';

describe('hash routes', () => {
  test('home and plain screens', () => {
    expect(parseHash('')).toEqual({ screen: 'home', parts: [] });
    expect(parseHash('#/')).toEqual({ screen: 'home', parts: [] });
    expect(parseHash('#/data')).toEqual({ screen: 'data', parts: [] });
    expect(routeHash('home')).toBe('#/');
    expect(routeHash('import')).toBe('#/import');
  });

  test('a parallel unit (its id holds #) and Cyrillic keys survive the round trip', () => {
    const parts = ['ВПР-2022-Математика-5', 'parallel', 'sch12#5'];
    const hash = routeHash('analysis', parts);
    expect(hash).not.toMatch(/#.*#/);
    expect(hash.startsWith('#/analysis/')).toBe(true);
    expect(parseHash(hash)).toEqual({ screen: 'analysis', parts });
  });

  test('a school page of Объективность with a subject holding spaces and a slash', () => {
    const parts = ['ВПР', 'Окружающий мир / 4', 'sch1'];
    expect(parseHash(routeHash('objectivity', parts))).toEqual({ screen: 'objectivity', parts });
  });

  test('the browser-encoded hash is decoded; a broken escape is kept raw', () => {
    expect(parseHash('#/analysis/%D0%92%D0%9F%D0%A0-2022/school/7')).toEqual({
      screen: 'analysis',
      parts: ['ВПР-2022', 'school', '7'],
    });
    expect(parseHash('#/analysis/%E0%A4%A/x').parts).toEqual(['%E0%A4%A', 'x']);
  });
});

describe('places of «Анализ»', async () => {
  const { analysisParts, analysisPlace } = await import('../../src/ui/analysis/analysis-route');
  test('procedure, unit and pupil round trip', () => {
    const key = 'ВПР-2022-Математика-5';
    expect(analysisPlace(analysisParts(key))).toEqual({ procedureKey: key, unit: null, pupil: null });
    const cls = { level: 'class' as const, id: 'sch1#5#5А' };
    expect(analysisPlace(analysisParts(key, cls, 17))).toEqual({ procedureKey: key, unit: cls, pupil: 17 });
    expect(analysisParts(key, { level: 'all', id: 'all' })).toEqual([key]);
  });
  test('parts that do not fit are ignored', () => {
    expect(analysisPlace([])).toEqual({ procedureKey: null, unit: null, pupil: null });
    expect(analysisPlace(['k', 'planet', 'x'])).toEqual({ procedureKey: 'k', unit: null, pupil: null });
    expect(analysisPlace(['k', 'school', 's1', 'pupil', '3']).pupil).toBeNull();
  });
});
