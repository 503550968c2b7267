// Empirical-Bayes step of the context signal (src/domain/objectivity/math.ts ebShrink, context.ts fitContext)
// against lme4 1.1-31: lmer(z ~ ses + urban + (1 | school), REML = TRUE), ranef(condVar = TRUE)
// (tests/fixtures/psychometrics/make-eb-reference.R → reference-eb-*.json; inputs from make-eb-inputs.ts).
//
// With covariates constant within a school the BLUP is b_j = τ²n_j/(σ² + n_jτ²)·(ȳ_j − x_jβ) = w_j·e_j and
// its conditional variance (β treated as known, as lme4's condVar does) is 1/(1/τ² + n_j/σ²). Given lme4's
// σ², τ² and β these are closed forms: the tolerance is 1e-9 (observed ≈ 2e-15). fitContext estimates the
// components itself by profiled REML; against lmer that is an optimizer-stopping comparison, tolerances of
// shared/domain/statistics.md §9: β 1e-5, variance components 1e-4 relative.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitContext, schoolMeans } from '../../src/domain/objectivity/context.ts';
import type { ProcView } from '../../src/domain/objectivity/data.ts';
import { ebShrink, leastSquares } from '../../src/domain/objectivity/math.ts';
import { PSY, allClose, close, readReference } from '../fixtures/psychometrics/reference.ts';

interface EbReference {
  input: string;
  n: number;
  fixef_names: string[];
  fixef: number[];
  fixef_se: number[];
  sigma2: number[];
  tau2: number[];
  schools: string[];
  n_j: number[];
  mean_j: number[];
  ses_j: number[];
  urban_j: number[];
  ranef: number[];
  condvar: number[];
  robust_dropped: string[];
  robust_schools: string[];
  robust_fixef: number[];
  robust_sigma2: number[];
  robust_tau2: number[];
  robust_ranef: number[];
  robust_condvar: number[];
}

/** A ProcView carrying what schoolMeans reads (school, total) from a `school,total,ses,urban` CSV. */
function viewFromCsv(name: string): ProcView {
  const rows = readFileSync(resolve(PSY, name), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const n = rows.length;
  return {
    id: name,
    grade: 4,
    year: 2025,
    subject: 'Математика',
    kind: 'ВПР',
    maxScore: 30,
    cuts: [],
    markOf: new Uint8Array(31),
    n,
    row: Uint32Array.from(rows, (_, i) => i),
    total: Int32Array.from(rows, (r) => Number(r[1])),
    mark: new Uint8Array(n),
    journal: new Uint8Array(n),
    school: rows.map((r) => r[0]),
    classId: rows.map((r) => `${r[0]}/?`),
    code: rows.map((_, i) => String(i)),
    taskIds: [],
    taskMax: [],
    taskLevel: [],
    scores: [],
    schools: [...new Set(rows.map((r) => r[0]))],
    schoolName: new Map(),
  };
}

const xb = (x: number[], beta: number[]) => x.reduce((a, v, k) => a + v * beta[k], 0);

for (const input of ['eb-region', 'eb-unequal'] as const) {
  const ref = readReference<EbReference>(`reference-${input}.json`);
  const v = viewFromCsv(`${input}.csv`);
  const X = ref.schools.map((_, j) => [1, ref.ses_j[j], ref.urban_j[j]]);
  const row = new Map(ref.schools.map((s, j) => [s, j]));

  describe(`${input}: EB given lme4's variance components equals ranef(condVar = TRUE)`, () => {
    it('the data: schoolMeans gives lme4 the same n_j and school means of pupil z', () => {
      expect(ref.n).toBe(v.n);
      const { schools } = schoolMeans(v);
      expect(schools.map((s) => s.login).sort()).toEqual(ref.schools);
      for (const s of schools) {
        const j = row.get(s.login)!;
        expect(s.n).toBe(ref.n_j[j]);
        close(s.mean, ref.mean_j[j], 1e-12);
      }
      if (input === 'eb-unequal') expect(Math.min(...ref.n_j)).toBe(2); // shrinkage matters here
    });

    it('GLS of school means with weights 1/(τ² + σ²/n_j) reproduces lme4 fixef', () => {
      const [s2, t2] = [ref.sigma2[0], ref.tau2[0]];
      const beta = leastSquares(
        X,
        ref.mean_j,
        ref.n_j.map((n) => 1 / (t2 + s2 / n)),
      );
      expect(beta).not.toBeNull();
      allClose(beta!, ref.fixef, 1e-9);
    });

    it('ebShrink(ȳ_j − x_jβ) = ranef and its postVar = condVar, full and robust refit', () => {
      const check = (
        schools: string[],
        fixef: number[],
        s2: number,
        t2: number,
        ranef: number[],
        condvar: number[],
      ) => {
        schools.forEach((s, k) => {
          const j = row.get(s)!;
          const e = ref.mean_j[j] - xb(X[j], fixef);
          const eb = ebShrink(e, ref.n_j[j], 0, t2, s2);
          close(eb.theta, ranef[k], 1e-9);
          close(eb.postVar, condvar[k], 1e-9);
          // the textbook form of the same BLUP, written out independently
          close(((t2 * ref.n_j[j]) / (s2 + ref.n_j[j] * t2)) * e, ranef[k], 1e-9);
        });
      };
      check(ref.schools, ref.fixef, ref.sigma2[0], ref.tau2[0], ref.ranef, ref.condvar);
      check(
        ref.robust_schools,
        ref.robust_fixef,
        ref.robust_sigma2[0],
        ref.robust_tau2[0],
        ref.robust_ranef,
        ref.robust_condvar,
      );
    });
  });

  describe(`${input}: fitContext's own REML (with its robust pass) equals lmer's refit within §9 tolerances`, () => {
    const { schools, sigma2 } = schoolMeans(v);
    const cov = new Map(ref.schools.map((s, j) => [s, [ref.ses_j[j], ref.urban_j[j]]]));
    const fit = fitContext(schools, sigma2, cov, ['ses', 'urban'])!;

    it('exercises the robust pass: lmer refitted without the schools beyond 2.5 is the reference', () => {
      expect(fit).not.toBeNull();
      expect(fit.units.length).toBe(ref.schools.length);
      expect(ref.robust_dropped.length).toBeGreaterThan(0);
      expect([...ref.robust_schools, ...ref.robust_dropped].sort()).toEqual(ref.schools);
      // Had fitContext dropped other schools, its τ² and β below would not match the refit.
    });

    it('β to 1e-5, σ² and τ² to 1e-4 relative, value added and postVar to 1e-5', () => {
      allClose(fit.beta, ref.robust_fixef, 1e-5);
      close(fit.sigma2 / ref.robust_sigma2[0], 1, 1e-4);
      close(fit.tau2 / ref.robust_tau2[0], 1, 1e-4);
      const unit = new Map(fit.units.map((u) => [u.login, u]));
      ref.robust_schools.forEach((s, k) => {
        close(unit.get(s)!.va, ref.robust_ranef[k], 1e-5);
        close(unit.get(s)!.postVar, ref.robust_condvar[k], 1e-5);
      });
    });
  });
}
