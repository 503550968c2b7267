// PCM by CML (src/domain/psychometrics/pcm.ts) against eRm 1.0-2 (reference-*.json, made by
// tests/fixtures/psychometrics/make-reference.R), a closed form, and a brute-force enumeration.
import { describe, expect, it } from 'vitest';
import { scoreMatrixFromRows } from '../../src/domain/psychometrics/matrix.ts';
import { abilities, categoryProbs, fitPcm, PcmError } from '../../src/domain/psychometrics/pcm.ts';
import { MATRICES, allClose, close, readCsv, readReference } from '../fixtures/psychometrics/reference.ts';

describe('PCM against eRm::PCM(X) (CML, sum0), thresholds and loglik ≤ 1e-4', () => {
  for (const name of MATRICES) {
    it(name, () => {
      const ref = readReference(`reference-${name}.json`);
      const { header, rows } = readCsv(`${name}.csv`);
      const res = fitPcm(scoreMatrixFromRows(rows, undefined, header));
      expect(res.converged).toBe(true);
      expect(res.gradNorm).toBeLessThan(1e-8);
      expect(res.npar).toBe(ref.pcm_npar[0]);
      const th = res.items.flatMap((it) => it.thresholds);
      // threshold names follow eRm's order: item by item, category by category
      expect(
        res.items.flatMap((it) => it.thresholds.map((_, k) => `thresh beta ${it.id}.c${k + 1}`)),
      ).toEqual(ref.pcm_threshold_names);
      // re-anchored δ − δ_11 on both sides
      allClose(
        th.map((d) => d - th[0]),
        ref.pcm_threshpar.map((d) => d - ref.pcm_threshpar[0]),
        1e-4,
      );
      // and in eRm's own normalisation (Σβ = 0)
      allClose(th, ref.pcm_threshpar, 1e-4);
      allClose([...res.beta], ref.pcm_betapar, 1e-4);
      close(res.loglik, ref.pcm_loglik[0], 1e-4);
      // person parameters (ML θ, non-extreme raw scores) and eRm itemfit()
      allClose(
        ref.ml_theta_scores.map((r) => res.ml[r]),
        ref.ml_theta,
        1e-4,
      );
      allClose(
        res.items.map((it) => it.outfitMsq),
        ref.itemfit_outfit_msq,
        1e-4,
      );
      allClose(
        res.items.map((it) => it.infitMsq),
        ref.itemfit_infit_msq,
        1e-4,
      );
      allClose(
        res.items.map((it) => it.outfitZ),
        ref.itemfit_outfit_z,
        1e-3,
      );
      allClose(
        res.items.map((it) => it.infitZ),
        ref.itemfit_infit_z,
        1e-3,
      );
      expect(res.items.map((it) => it.fitN)).toEqual(ref.itemfit_n);
    });
  }
});

describe('PCM by hand', () => {
  it('two dichotomous items: β₁ − β₂ = ln(n₁₀/n₀₁), loglik = n₁₀ ln p + n₀₁ ln(1 − p)', () => {
    // (1,0) ×3, (0,1) ×1, (1,1) ×2 and (0,0) ×1 (the last three are extreme and dropped).
    // Only r = 1 informs: P(1,0 | r = 1) = ε₁/(ε₁ + ε₂) = p = 3/4 → β₁ − β₂ = ln 3; Σβ = 0 → β₁ = ln3/2.
    // δ_i = −β_i. loglik = 3 ln(3/4) + ln(1/4).
    const rows = [
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
      [1, 1],
      [1, 1],
      [0, 0],
    ];
    const res = fitPcm(scoreMatrixFromRows(rows));
    close(res.beta[0], Math.log(3) / 2, 1e-12);
    close(res.beta[1], -Math.log(3) / 2, 1e-12);
    close(res.items[0].thresholds[0], -Math.log(3) / 2, 1e-12);
    close(res.loglik, 3 * Math.log(0.75) + Math.log(0.25), 1e-12);
    expect(res.nUsed).toBe(4);
    expect(res.nExtreme).toBe(3);
  });

  it('the conditional log-likelihood equals a brute-force enumeration, and is maximal', () => {
    // 3 tasks with maxima 1, 2, 1 (R = 4); log L_c = Σ_n [Σ_i β_{i,x_ni} − ln Σ_{y: Σy = r_n} e^{Σ_i β_{i,y_i}}].
    const rows = [
      [1, 0, 0],
      [0, 1, 0],
      [1, 2, 0],
      [0, 2, 1],
      [1, 1, 1],
      [0, 0, 1],
      [1, 1, 0],
      [0, 1, 1],
      [1, 0, 1],
      [0, 2, 0],
      [1, 2, 1],
      [0, 0, 0],
    ];
    const res = fitPcm(scoreMatrixFromRows(rows));
    const brute = (beta: number[]) => {
      const b = [
        [0, beta[0]],
        [0, beta[1], beta[2]],
        [0, beta[3]],
      ];
      let ll = 0;
      for (const x of rows) {
        const r = x[0] + x[1] + x[2];
        if (r === 0 || r === 4) continue;
        let den = 0;
        for (let a = 0; a <= 1; a++)
          for (let c = 0; c <= 2; c++)
            for (let d = 0; d <= 1; d++) if (a + c + d === r) den += Math.exp(b[0][a] + b[1][c] + b[2][d]);
        ll += b[0][x[0]] + b[1][x[1]] + b[2][x[2]] - Math.log(den);
      }
      return ll;
    };
    const beta = [...res.beta];
    close(res.loglik, brute(beta), 1e-12);
    // a maximum: every coordinate perturbation lowers the brute-force likelihood
    for (let p = 0; p < beta.length; p++)
      for (const h of [1e-4, -1e-4]) {
        const b2 = [...beta];
        b2[p] += h;
        expect(brute(b2)).toBeLessThan(res.loglik);
      }
    // invariance β_ix → β_ix + x·c
    close(brute(beta.map((v, p) => v + [1, 1, 2, 1][p] * 0.7)), res.loglik, 1e-12);
  });

  it('WLE solves Warm’s equation, is finite at 0 and R, increases with r, shrinks ML', () => {
    const { rows } = readCsv('sim-200x8.csv');
    const m = scoreMatrixFromRows(rows);
    const res = fitPcm(m);
    const R = res.maxScore;
    expect(R).toBe(11);
    const bs = res.items.map((it) => {
      const b = [0];
      for (const d of it.thresholds) b.push(b[b.length - 1] - d);
      return b;
    });
    const buf = new Float64Array(3);
    for (let r = 0; r <= R; r++) {
      const t = res.wle[r];
      expect(Number.isFinite(t)).toBe(true);
      if (r > 0) expect(t).toBeGreaterThan(res.wle[r - 1]);
      let e = 0;
      let v = 0;
      let j = 0;
      for (const b of bs) {
        categoryProbs(t, b, buf);
        let ei = 0;
        for (let x = 1; x < b.length; x++) ei += x * buf[x];
        for (let x = 0; x < b.length; x++) {
          v += (x - ei) ** 2 * buf[x];
          j += (x - ei) ** 3 * buf[x];
        }
        e += ei;
      }
      expect(Math.abs(r - e + j / (2 * v))).toBeLessThan(1e-9);
      close(res.wleSe[r], 1 / Math.sqrt(v), 1e-12);
      if (r > 0 && r < R)
        expect(Math.abs(t - res.wle[Math.round(R / 2)])).toBeLessThan(
          Math.abs(res.ml[r] - res.wle[Math.round(R / 2)]) + 1e-12,
        );
    }
    const th = abilities(m, res);
    expect(th.length).toBe(200);
    expect(th[0]).toBe(res.wle[rows[0].reduce((a, b) => a + b, 0)]);
  });

  it('a null middle category is refused with a Russian message; an all-zero task is excluded', () => {
    const rows = [
      [0, 0, 0],
      [1, 2, 0],
      [0, 2, 0],
      [1, 0, 0],
      [1, 2, 0],
      [0, 0, 0],
    ];
    expect(() => fitPcm(scoreMatrixFromRows(rows, [1, 2, 1]))).toThrow(PcmError);
    expect(() => fitPcm(scoreMatrixFromRows(rows, [1, 2, 1]))).toThrow(
      /Задание 2: нет участников с баллом 1/,
    );
    const ok = fitPcm(
      scoreMatrixFromRows(
        [
          [1, 0, 0],
          [0, 1, 0],
          [1, 1, 0],
          [0, 0, 0],
          [1, 0, 0],
        ],
        [1, 1, 1],
      ),
    );
    expect(ok.excluded.map((e) => e.id)).toEqual(['3']);
    expect(ok.items.map((it) => it.id)).toEqual(['1', '2']);
  });
});
