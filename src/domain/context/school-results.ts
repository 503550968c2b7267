// School results of one procedure for the municipal cycle: each school's mean score as % of the
// maximum and its share of «2» (when the procedure has a mark scale), over pupils present.
import type { Dataset } from '../model.ts';
import { markFor } from '../stats/marks.ts';
import type { SchoolResult } from './low-results.ts';

export function schoolResults(ds: Dataset): SchoolResult[] {
  const p = ds.meta.procedure;
  const max = p.tasks.reduce((a, t) => a + t.max, 0);
  const sums = new Map<number, { n: number; total: number; twos: number }>();
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.absent[i]) continue;
    let score = 0;
    for (const col of ds.pupils.scores) score += col[i];
    const s = ds.pupils.school[i];
    const acc = sums.get(s) ?? sums.set(s, { n: 0, total: 0, twos: 0 }).get(s)!;
    acc.n++;
    acc.total += score;
    if (p.scale && markFor(score, p.scale) === 2) acc.twos++;
  }
  return [...sums].map(([s, a]) => ({
    login: ds.meta.schools[s].login,
    procedure: `${p.kind} ${p.subject} ${p.grade}`,
    year: p.year,
    n: a.n,
    mean: max > 0 ? (100 * a.total) / (a.n * max) : 0,
    share2: p.scale ? a.twos / a.n : null,
  }));
}
