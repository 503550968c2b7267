// Over-fit at class level (statistics.md §3 «fabricated, smoothed marks show as over-fit (MSQ < 0.5)»;
// issue #15, point 5). Marks written to look right (copied from a key of typical answers, or smoothed
// so that every pupil gets the easy tasks and misses the hard ones) fit the model too well: the
// pupils' outfit MSQ = Σ_i z_i²/I, z_i = (x_i − E_i)/√V_i at the pupil's θ, sits well under 1.
// Null per raw score r, simulated from the region's PCM given r (the pattern law given r is free of θ,
// so exact up to Monte Carlo on a short test): mean μ_r and variance σ²_r of the MSQ at r.
// Class: m_c = mean MSQ; z_c = (m_c − mean μ_r)/√(Σσ²_r)/n_c (pupils independent given r).
// Real answers are not a PCM, so the null is widened from the region: z_c is divided by
// max(1, 1.4826·MAD(z) over the classes) — never narrowed. p = Φ(z_c) (lower tail), BH across classes.
// Flag: q < .05, n_c ≥ 10 and m_c ≤ 0.7 («well under 1»).
import { fixedSigned } from '../text/format.ts';
import { mulberry32 } from '../demo/prng.ts';
import { categoryProbs } from '../psychometrics/pcm.ts';
import { groupBy, type ProcView } from './data.ts';
import { benjaminiHochberg, mad, median, normalUpper } from './math.ts';
import { samplePatternGivenTotal, suffixGamma } from './person-fit.ts';
import type { RegionPcm } from './region-pcm.ts';
import type { Signal } from './types.ts';

/** Outfit MSQ of pattern x at θ (items as cumulative easiness). */
export function outfitMsq(x: ArrayLike<number>, theta: number, items: readonly Float64Array[]): number {
  const buf = new Float64Array(64);
  let s = 0;
  items.forEach((b, i) => {
    categoryProbs(theta, b, buf);
    let e = 0;
    let e2 = 0;
    for (let k = 0; k < b.length; k++) {
      e += k * buf[k];
      e2 += k * k * buf[k];
    }
    const v = Math.max(1e-12, e2 - e * e);
    s += (x[i] - e) ** 2 / v;
  });
  return s / items.length;
}

export function overfitSignals(
  v: ProcView,
  rp: RegionPcm,
  opts: { minN?: number; maxMsq?: number; sims?: number; seed?: number } = {},
): Signal[] {
  const minN = opts.minN ?? 10;
  const maxMsq = opts.maxMsq ?? 0.7;
  const sims = opts.sims ?? 200;
  const { items, tasks, raw, theta } = rp;
  const R = rp.maxRaw;
  // θ per raw score (WLE depends on r only).
  const thetaOf = new Float64Array(R + 1).fill(NaN);
  for (let i = 0; i < v.n; i++) thetaOf[raw[i]] = theta[i];
  const mu = new Float64Array(R + 1);
  const s2 = new Float64Array(R + 1);
  const eps = items.map((b) => b.map(Math.exp));
  const suffix = suffixGamma(items);
  const x = new Int32Array(items.length);
  const w = new Float64Array(64);
  for (let r = 1; r < R; r++) {
    if (Number.isNaN(thetaOf[r])) continue;
    const rng = mulberry32(((opts.seed ?? 1) ^ Math.imul(r + 7, 0x85ebca6b)) >>> 0);
    let a = 0;
    let b = 0;
    for (let k = 0; k < sims; k++) {
      samplePatternGivenTotal(r, eps, suffix, rng.next, x, w);
      const m = outfitMsq(x, thetaOf[r], items);
      a += m;
      b += m * m;
    }
    mu[r] = a / sims;
    s2[r] = Math.max(0, b / sims - mu[r] ** 2);
  }
  const msq = new Float64Array(v.n);
  const xi = new Int32Array(items.length);
  for (let i = 0; i < v.n; i++) {
    for (let k = 0; k < tasks.length; k++) xi[k] = v.scores[tasks[k]][i];
    msq[i] = outfitMsq(xi, theta[i], items);
  }
  const units: { id: string; school: string; n: number; m: number; e: number; z: number }[] = [];
  for (const [cls, idx] of groupBy(v.classId)) {
    if (cls.endsWith('/?')) continue;
    // Extreme scores have one pattern and carry no fit information.
    const use = idx.filter((i) => raw[i] > 0 && raw[i] < R);
    if (use.length < minN) continue;
    let m = 0;
    let e = 0;
    let vv = 0;
    for (const i of use) {
      m += msq[i];
      e += mu[raw[i]];
      vv += s2[raw[i]];
    }
    const n = use.length;
    units.push({
      id: cls,
      school: v.school[use[0]],
      n,
      m: m / n,
      e: e / n,
      z: vv > 0 ? (m - e) / Math.sqrt(vv) : 0,
    });
  }
  if (units.length < 10) return [];
  const zs = units.map((u) => u.z);
  const scale = Math.max(1, 1.4826 * mad(zs));
  const med = median(zs);
  const rows = units.map((u) => ({ u, p: normalUpper(-u.z / scale) }));
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map(({ u, p }, k): Signal => {
    const flagged = q[k] < 0.05 && u.m <= maxMsq;
    return {
      id: 'overfit',
      family: 'pattern',
      procedure: v.id,
      unitKind: 'class',
      unit: u.id,
      school: u.school,
      n: u.n,
      effect: u.m,
      effectUnit: 'MSQ',
      ci95: null,
      p,
      q: q[k],
      flagged,
      minN,
      threshold: maxMsq,
      caveats: [
        'Ожидаемый разброс ответов взят из модели Раша и расширен по фактическому разбросу классов региона.',
        'Очень однородное обучение по одному шаблону тоже делает ответы «гладкими».',
      ],
      explanation:
        `Средний показатель согласия ответов с моделью (MSQ) в классе — ${fixedSigned(u.m, 2)}; ` +
        'около 1 — обычный разброс, заметно меньше 1 — ответы слишком «правильные», как будто выровнены. ' +
        (flagged
          ? 'Возможная причина — выставление баллов «по образцу», а не по работам; возможны и другие: натаскивание на один тип заданий. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: сами работы класса, совпадение баллов с типичным рисунком.'
          : 'Разброс ответов в пределах обычного.'),
      details: { z: u.z, nullScale: scale, medianZ: med },
      // The chart: the class's mean outfit against what the model expects for its pupils' scores.
      evidence: {
        kind: 'bars',
        unit: 'MSQ',
        bars: [
          { label: 'класс', value: Math.round(100 * u.m) / 100 },
          { label: 'ожидаемо по модели', value: Math.round(100 * u.e) / 100, expected: true },
        ],
      },
    };
  });
}
