// Clusters of schools by context, ШНОР/ШНСУ, partners, resources and difference in differences:
// hand values for the measures, and planted structure on generated regions read through the real
// form path (writeForm2022 → readContextFile).
import { describe, expect, it } from 'vitest';
import { mulberry32, type Rng } from '../../src/domain/demo/prng.ts';
import { writeForm2022 } from '../../src/domain/context/form-writer.ts';
import { syntheticRegion, type PlantedGroup } from '../../src/domain/context/synthetic.ts';
import { mergeContextRecords, readContextFile } from '../../src/domain/context/read-context.ts';
import {
  adjustedRand,
  bootstrapJaccard,
  chooseClusters,
  gowerDistances,
  pam,
  silhouette,
} from '../../src/domain/context/clusters.ts';
import {
  hardConditions,
  lowResultHistory,
  lowResultSchools,
  type SchoolResult,
} from '../../src/domain/context/low-results.ts';
import {
  describeCluster,
  differenceInDifferences,
  partnersFor,
  resourceAssociation,
  spearmanCi,
  t975,
} from '../../src/domain/context/municipal.ts';
import { EMPTY_RECORD, type ContextRecord } from '../../src/domain/context/types.ts';

const rec = (login: string, o: Partial<ContextRecord>): ContextRecord => ({
  login,
  year: null,
  ...EMPTY_RECORD,
  ...o,
});

function plantedRegion(seed: number, counts: Record<PlantedGroup, number>) {
  const { schools, group } = syntheticRegion(mulberry32(seed), counts);
  const records = mergeContextRecords([readContextFile(writeForm2022(schools), 'форма 2022.xlsx')]);
  const byLogin = new Map(schools.map((s, i) => [s.login, group[i]]));
  return { records, group: records.map((r) => byLogin.get(r.login)!) };
}

describe('measures against hand values', () => {
  it('adjusted Rand index (sklearn documentation values)', () => {
    expect(adjustedRand([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRand([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRand([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714, 9);
    expect(adjustedRand([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 9);
  });

  it('Gower distance: numeric |Δ|/range, nominal mismatch, missing left out', () => {
    const rs = [
      rec('a', { settlementType: 2, pupils: Math.E ** 2, special: false }),
      rec('b', { settlementType: 4, pupils: Math.E ** 4, special: false }),
      rec('c', { settlementType: 2, pupils: Math.E ** 6, special: null }),
    ];
    const d = gowerDistances(rs);
    // a–b: type 1, log pupils |2−4|/4 = 0.5, special 0 → 1.5/3.
    expect(d[0 * 3 + 1]).toBeCloseTo(0.5, 12);
    // a–c: type 0, pupils 1, special missing → 1/2.
    expect(d[0 * 3 + 2]).toBeCloseTo(0.5, 12);
    // b–c: type 1, pupils 0.5 → 1.5/2.
    expect(d[1 * 3 + 2]).toBeCloseTo(0.75, 12);
  });

  it('silhouette on four points of a line (hand computed)', () => {
    const x = [0, 1, 5, 7];
    const d = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) d[i * 4 + j] = Math.abs(x[i] - x[j]);
    // s(0) = (mean(5,7) − 1)/6 = 5/6; s(1) = (5 − 1)/5 = 4/5; s(2) = (mean(5,4) − 2)/4.5 = 5/9; s(3) = (6.5 − 2)/6.5 = 9/13.
    expect(silhouette(d, 4, [0, 0, 1, 1], 2)).toBeCloseTo((5 / 6 + 4 / 5 + 5 / 9 + 9 / 13) / 4, 12);
  });

  it('PAM reaches the best medoids of an exhaustive search', () => {
    const rng = mulberry32(11);
    const pts = Array.from({ length: 14 }, (_, i) => [(i % 3) * 4 + rng.normal(), rng.normal()]);
    const n = pts.length;
    const d = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) d[i * n + j] = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
    let best = Infinity;
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++)
        for (let c = b + 1; c < n; c++) {
          let cost = 0;
          for (let j = 0; j < n; j++) cost += Math.min(d[a * n + j], d[b * n + j], d[c * n + j]);
          best = Math.min(best, cost);
        }
    expect(pam(d, n, 3).cost).toBeCloseTo(best, 10);
  });

  it('t quantile and Spearman interval', () => {
    expect(t975(10)).toBeCloseTo(2.228139, 4);
    expect(t975(3)).toBeCloseTo(3.182446, 5);
    const s = spearmanCi([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7])!;
    expect(s.rho).toBeCloseTo(0.9047619, 6);
    // Fisher z ± 1.96·√((1 + ρ²/2)/(n − 3)).
    const se = Math.sqrt((1 + s.rho ** 2 / 2) / 5);
    expect(s.ci95[0]).toBeCloseTo(Math.tanh(Math.atanh(s.rho) - 1.96 * se), 12);
  });
});

describe('planted context clusters', () => {
  it('recovered with adjusted Rand ≥ 0.8 on several generated regions; k by silhouette; described', () => {
    for (const seed of [1, 2, 3]) {
      const { records, group } = plantedRegion(seed, { capital: 25, town: 35, rural: 45, special: 12 });
      const d = gowerDistances(records);
      const choice = chooseClusters(d, records.length);
      const truth = group.map((g) => ['capital', 'town', 'rural', 'special'].indexOf(g));
      const ari = adjustedRand(choice.best.labels, truth);
      expect(ari).toBeGreaterThanOrEqual(0.8);
      expect(choice.byK.find((b) => b.k === choice.best.k)!.silhouette).toBe(choice.silhouette);
      const rural = choice.best.labels[group.indexOf('rural')];
      const words = describeCluster(records.filter((_, i) => choice.best.labels[i] === rural));
      expect(words).toMatch(/сельские малокомплектные/);
      const special = choice.best.labels[group.indexOf('special')];
      expect(describeCluster(records.filter((_, i) => choice.best.labels[i] === special))).toMatch(
        /специальные/,
      );
    }
  });

  it('bootstrap Jaccard of planted clusters is stable (≥ 0.75)', () => {
    const { records } = plantedRegion(4, { capital: 15, town: 20, rural: 25, special: 8 });
    const d = gowerDistances(records);
    const choice = chooseClusters(d, records.length);
    const rng = mulberry32(5);
    const j = bootstrapJaccard(d, records.length, choice.best, rng.next, 20);
    expect(Math.min(...j)).toBeGreaterThanOrEqual(0.75);
  });
});

/** Results of a generated region: 3 procedures × 2 years; school effect + noise, in % of the maximum. */
function results(rng: Rng, logins: string[], effect: Map<string, number>): SchoolResult[] {
  const out: SchoolResult[] = [];
  for (const year of [2022, 2023])
    for (const procedure of ['ВПР Математика 5', 'ВПР Русский язык 5', 'ВПР Математика 6'])
      for (const login of logins) {
        const mean = 60 + 10 * effect.get(login)! + 3 * rng.normal();
        out.push({ login, procedure, year, n: 25, mean, share2: Math.max(0, Math.min(1, (45 - mean) / 40)) });
      }
  return out;
}

describe('ШНОР and ШНСУ', () => {
  it('every planted persistently-low school found; no hard-conditions-only school called ШНОР', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = mulberry32(100 + seed);
      const { records, group } = plantedRegion(seed, { capital: 10, town: 25, rural: 30, special: 0 });
      const logins = records.map((r) => r.login);
      const low = new Set(logins.filter((_, i) => i % 13 === 5));
      const hardOnly = records.filter(
        (r, i) => group[i] === 'rural' && hardConditions(r).isHard && !low.has(r.login),
      );
      expect(hardOnly.length).toBeGreaterThan(5);
      const effect = new Map(
        logins.map((l) => [
          l,
          low.has(l) ? -2 : hardOnly.some((h) => h.login === l) ? 0.3 * rng.normal() : 0.5 * rng.normal(),
        ]),
      );
      const found = new Set(
        lowResultSchools(results(rng, logins, effect))
          .filter((e) => e.isLow)
          .map((e) => e.login),
      );
      for (const l of low) expect(found.has(l)).toBe(true);
      for (const h of hardOnly) expect(found.has(h.login)).toBe(false);
    }
  });

  it('the list over years: in, out, persistent', () => {
    const r = (login: string, year: number, mean: number): SchoolResult[] =>
      ['a', 'b'].map((procedure) => ({ login, procedure, year, n: 20, mean, share2: mean < 40 ? 0.5 : 0 }));
    const data = [
      ...['s1', 's2', 's3'].flatMap((l) => [2021, 2022, 2023].map((y) => r(l, y, 70)).flat()),
      ...r('p', 2021, 30),
      ...r('p', 2022, 30),
      ...r('p', 2023, 30),
      ...r('q', 2021, 30),
      ...r('q', 2022, 30),
      ...r('q', 2023, 70),
      ...r('n', 2021, 70),
      ...r('n', 2022, 30),
      ...r('n', 2023, 30),
    ];
    const h = lowResultHistory(data);
    expect(h.map((x) => x.list)).toEqual([[], ['p', 'q'], ['n', 'p']]);
    expect(h[2]).toMatchObject({ in: ['n'], out: ['q'], persistent: ['p'] });
  });
});

describe('partners and difference in differences', () => {
  it('partners are always of the same cluster, not low and without red signs; same municipality first', () => {
    const { records } = plantedRegion(7, { capital: 15, town: 25, rural: 30, special: 8 });
    const d = gowerDistances(records);
    const choice = chooseClusters(d, records.length);
    const logins = records.map((r) => r.login);
    const clusterOf = new Map(logins.map((l, i) => [l, choice.best.labels[i]]));
    const municipalityOf = new Map(records.map((r) => [r.login, r.municipality]));
    const rng = mulberry32(8);
    for (let sim = 0; sim < 50; sim++) {
      const low = new Set(logins.filter(() => rng.chance(0.1)));
      const red = new Set(logins.filter(() => rng.chance(0.15)));
      const strong = new Set(logins.filter(() => rng.chance(0.6)));
      for (const s of low) {
        const ps = partnersFor(s, {
          logins,
          distance: d,
          clusterOf,
          municipalityOf,
          low,
          red,
          strong,
          max: 5,
        });
        for (const p of ps) {
          expect(clusterOf.get(p.login)).toBe(clusterOf.get(s));
          expect(red.has(p.login) || low.has(p.login) || !strong.has(p.login)).toBe(false);
        }
        const firstOther = ps.findIndex((p) => !p.sameMunicipality);
        if (firstOther >= 0) expect(ps.slice(firstOther).every((p) => !p.sameMunicipality)).toBe(true);
      }
    }
  });

  it('the DiD interval covers the planted effect in ≥ 90 % of 200 simulations', () => {
    const { records, group } = plantedRegion(9, { capital: 20, town: 30, rural: 30, special: 0 });
    const d = gowerDistances(records);
    const logins = records.map((r) => r.login);
    const clusterOf = new Map(logins.map((l, i) => [l, ['capital', 'town', 'rural'].indexOf(group[i])]));
    const rng = mulberry32(10);
    const effect = 4;
    let covered = 0;
    let runs = 0;
    for (let sim = 0; sim < 200; sim++) {
      const trend = [rng.normal() * 3, rng.normal() * 3, rng.normal() * 3];
      const level = [65, 60, 50];
      const treated = new Set(logins.filter(() => rng.chance(0.15)));
      const before = new Map<string, number>();
      const after = new Map<string, number>();
      for (const l of logins) {
        const c = clusterOf.get(l)!;
        const school = 6 * rng.normal();
        before.set(l, level[c] + school + 2.5 * rng.normal());
        after.set(l, level[c] + trend[c] + school + 2.5 * rng.normal() + (treated.has(l) ? effect : 0));
      }
      const r = differenceInDifferences({ logins, distance: d, clusterOf, before, after, treated });
      if (!r) continue;
      runs++;
      if (r.ci95[0] <= effect && effect <= r.ci95[1]) covered++;
    }
    expect(runs).toBeGreaterThanOrEqual(195);
    expect(covered / runs).toBeGreaterThanOrEqual(0.9);
  });

  it('results vs resources: a planted within-cluster association is found, pooled over clusters', () => {
    const { records, group } = plantedRegion(12, { capital: 20, town: 30, rural: 30, special: 0 });
    const clusterOf = new Map(
      records.map((r, i) => [r.login, ['capital', 'town', 'rural'].indexOf(group[i])]),
    );
    const rng = mulberry32(13);
    const results = new Map(
      records.map((r) => [
        r.login,
        50 + 40 * ((r.teachersHighest ?? 0) / (r.teachers ?? 1)) + 2 * rng.normal(),
      ]),
    );
    const a = resourceAssociation(results, records, clusterOf, (r) =>
      r.teachers ? r.teachersHighest! / r.teachers : null,
    );
    expect(a.byCluster.length).toBe(3);
    expect(a.pooled!.ci95[0]).toBeGreaterThan(0);
  });
});
