// Partners are resource schools of the low-result school's group with stable results: in every year
// they wrote, their mean over the year's procedures is at or above the median of these yearly means in
// the group — recomputed here from the school results, apart from analyseContext.
import { expect, it } from 'vitest';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { analyseContext } from '../../src/domain/context/analysis';
import { lowRuleWith } from '../../src/domain/context/low-results';
import { schoolResults } from '../../src/domain/context/school-results';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

it('every partner: same group, not low, no red sign, each year at or above the group median', () => {
  const demo = generateDemoBundle();
  const results = demo.datasets.flatMap(schoolResults);
  const red = new Set(['demo0008']);
  const a = analyseContext({
    records: demo.contextForm.records,
    results,
    red,
    lowRule: lowRuleWith({ lowestShare: 0.2, minProcedures: 1, minYears: 1 }),
  });
  const low = new Set(a.low.map((e) => e.login));
  const yearMean = (login: string, year: number) => {
    const xs = results.filter((r) => r.login === login && r.year === year).map((r) => r.mean);
    return xs.reduce((s, x) => s + x, 0) / xs.length;
  };
  const years = [...new Set(results.map((r) => r.year))];
  let pairs = 0;
  for (const [school, ps] of a.partners)
    for (const p of ps) {
      pairs++;
      const c = a.clusterOf.get(school);
      expect(a.clusterOf.get(p.login)).toBe(c);
      expect(low.has(p.login)).toBe(false);
      expect(red.has(p.login)).toBe(false);
      const members = [...a.clusterOf].filter(([, k]) => k === c).map(([l]) => l);
      for (const y of years)
        expect(yearMean(p.login, y)).toBeGreaterThanOrEqual(median(members.map((l) => yearMean(l, y))));
    }
  expect(pairs).toBeGreaterThan(0);
});
