// Response-pattern signals at class level (shared/domain/statistics.md §6, §11 #5), scores only.
// Residuals are taken against the region's mean task score among pupils with the same total
// (x̄_{i|r}, the scores-only analogue of A4): conditioning on the total is conditioning on the
// Rasch sufficient statistic, so a weak class is not «unusual» for being weak.
//   e_ni = (x_ni − x̄_{i|r_n}) / m_i
//   hard-over-easy: T_n = Σ_i e_ni·h_i, h_i = (1 − p_i) − mean(1 − p) (p_i = regional task
//     completion); class mean T̄_c against a robust null τ² + s_T²/n_c; one-sided.
//   common-pattern (A2): S_ci = Σ_{n∈c} e_ni /(sd_i √n_c), A2_c = mean_i S_ci² (≈ 1 under
//     independence); A2·(I−1)/φ against χ²_{I−1}, φ = regional over-dispersion from the median.
// Flags: BH q < .05 across classes of the procedure, n_c ≥ 10, and T̄ ≥ 0.5 s_T or A2 ≥ 2.
import { fixedSigned } from '../text/format.ts';
import { groupBy, type ProcView } from './data.ts';
import { benjaminiHochberg, chiSquareUpper, mad, median, normalUpper } from './math.ts';
import { roundTo } from './evidence.ts';
import type { Evidence, Signal } from './types.ts';

export interface PatternOptions {
  minN?: number;
  alpha?: number;
  minSlope?: number;
  minA2?: number;
}

function conditionalMeans(v: ProcView): Float64Array[] {
  const R = v.maxScore;
  const count = new Float64Array(R + 1);
  for (let i = 0; i < v.n; i++) count[v.total[i]]++;
  const sums = v.scores.map((col) => {
    const s = new Float64Array(R + 1);
    for (let i = 0; i < v.n; i++) s[v.total[i]] += col[i];
    return s;
  });
  return sums.map((s) => {
    const out = new Float64Array(R + 1);
    for (let r = 0; r <= R; r++) {
      let n = count[r];
      let t = s[r];
      for (let k = 1; n < 20 && k <= R; k++) {
        if (r - k >= 0) {
          n += count[r - k];
          t += s[r - k];
        }
        if (r + k <= R) {
          n += count[r + k];
          t += s[r + k];
        }
      }
      out[r] = n > 0 ? t / n : 0;
    }
    return out;
  });
}

export function patternSignals(v: ProcView, opts: PatternOptions = {}): Signal[] {
  const minN = opts.minN ?? 10;
  const alpha = opts.alpha ?? 0.05;
  const minSlope = opts.minSlope ?? 0.5;
  const minA2 = opts.minA2 ?? 2;
  const I = v.scores.length;
  if (v.n < 50 || I < 4) return [];
  const cm = conditionalMeans(v);
  const pBar = v.scores.map((col, t) => {
    let s = 0;
    for (let i = 0; i < v.n; i++) s += col[i];
    return s / (v.n * (v.taskMax[t] || 1));
  });
  const hMean = pBar.reduce((a, p) => a + (1 - p), 0) / I;
  const h = pBar.map((p) => 1 - p - hMean);
  const e = v.scores.map((col, t) => {
    const out = new Float64Array(v.n);
    const m = v.taskMax[t] || 1;
    for (let i = 0; i < v.n; i++) out[i] = (col[i] - cm[t][v.total[i]]) / m;
    return out;
  });
  const sdI = e.map((col) => {
    let s2 = 0;
    for (let i = 0; i < v.n; i++) s2 += col[i] * col[i];
    return Math.sqrt(s2 / v.n) || 1;
  });
  const T = new Float64Array(v.n);
  for (let t = 0; t < I; t++) for (let i = 0; i < v.n; i++) T[i] += e[t][i] * h[t];
  let mT = 0;
  for (let i = 0; i < v.n; i++) mT += T[i];
  mT /= v.n;
  let sT = 0;
  for (let i = 0; i < v.n; i++) sT += (T[i] - mT) ** 2;
  sT = Math.sqrt(sT / (v.n - 1)) || 1;

  const classes = [...groupBy(v.classId)].filter(([, idx]) => idx.length >= minN);
  if (classes.length < 5) return [];
  const stats = classes.map(([id, idx]) => {
    let t = 0;
    for (const i of idx) t += (T[i] - mT) / sT;
    const slope = t / idx.length;
    let a2 = 0;
    for (let k = 0; k < I; k++) {
      let s = 0;
      for (const i of idx) s += e[k][i];
      a2 += (s / (sdI[k] * Math.sqrt(idx.length))) ** 2;
    }
    return { id, school: v.school[idx[0]], n: idx.length, slope, a2: a2 / I };
  });
  const tau2 = Math.max(0, mad(stats.map((s) => s.slope)) ** 2 - median(stats.map((s) => 1 / s.n)));
  const medSlope = median(stats.map((s) => s.slope));
  // A2·(I−1) ~ φ·χ²_{I−1} under independence (the residuals given the total lose one df);
  // the over-dispersion φ ≥ 1 shared by honest classes (teacher, curriculum) is taken from the median.
  const df = I - 1;
  const medA2 = median(stats.map((s) => s.a2));
  const chiMedian = df * (1 - 2 / (9 * df)) ** 3;
  // Honest teacher/curriculum effects add n_c·σ² to a class's A2 (they are summed over its pupils), so a
  // constant φ under-covers big classes: on the real fixtures, shuffling pupils between the classes of a
  // school (a placebo with no class effect left but the school's) still flagged 2.2–2.4 % of schools.
  // φ_c = 1 + ψ·n_c, ψ ≥ 0 chosen so that the median of A2·df/φ_c over the classes is the χ² median
  // (robust: the few manipulated classes do not move it). ψ = 0 when there is no excess.
  const psi = dispersionPerPupil(
    stats.map((s) => s.a2 * df),
    stats.map((s) => s.n),
    chiMedian,
  );
  // The tail as well: teacher effects differ in size between classes, so the real A2 has a heavier
  // tail than a scaled χ²_df. y_c = A2·df/(1 + ψn_c) is compared with φ·χ²_ν, ν ≤ df chosen so that the
  // ratio of the 90th to the 50th percentile of y equals χ²_ν's (φ then fixes the median). Percentiles,
  // not moments: the few manipulated classes lie beyond the 90th. ν = df when y is no wider than χ²_df.
  const ys = stats.map((s) => (s.a2 * df) / (1 + psi * s.n));
  const nu = tailDf(ys, df);
  const phiNu = median(ys) / chiQuantile(0.5, nu);
  const phiOf = (n: number) => (1 + psi * n) * Math.max(1, phiNu);
  const phi = phiOf(median(stats.map((s) => s.n)));
  const base = (s: (typeof stats)[number]) => ({
    family: 'pattern' as const,
    procedure: v.id,
    unitKind: 'class' as const,
    unit: s.id,
    school: s.school,
    n: s.n,
    minN,
  });
  const slopeRows = stats.map((s): Omit<Signal, 'q' | 'flagged'> => {
    const eff = s.slope - medSlope;
    const se = Math.sqrt(tau2 + 1 / s.n);
    return {
      ...base(s),
      id: 'hard-over-easy',
      effect: eff,
      effectUnit: 'SD',
      ci95: [eff - 1.96 / Math.sqrt(s.n), eff + 1.96 / Math.sqrt(s.n)],
      p: normalUpper(eff / se),
      threshold: minSlope,
      caveats: [
        'Сравнение с учениками региона с тем же первичным баллом: трудные задания против лёгких.',
        'Сильная тематическая подготовка класса к трудным заданиям тоже даёт этот признак.',
      ],
      explanation: '',
    };
  });
  const a2Rows = stats.map((s): Omit<Signal, 'q' | 'flagged'> => ({
    ...base(s),
    id: 'common-pattern',
    effect: s.a2,
    effectUnit: 'A2 (≈1 при независимости)',
    ci95: null,
    p: chiSquareUpper((s.a2 * df) / phiOf(s.n), nu),
    threshold: minA2,
    caveats: [
      'A2 — общая для класса картина «лишних» и «недостающих» баллов по заданиям; её дают и общий учитель, и подсказки.',
      'Нулевое распределение — χ² с поправкой на общий для классов региона разброс, растущий с числом учеников (по медиане), а не моделирование.',
    ],
    explanation: '',
    details: {
      regionMedianA2: medA2,
      dispersion: phiOf(s.n),
      dispersionPerPupil: psi,
      typicalDispersion: phi,
      nullDf: nu,
    },
  }));
  // The class's residual matrix goes with flagged signals only (pupils × tasks is too big for all).
  const members = new Map(classes);
  const easyFirst = pBar.map((p, t) => ({ p, t })).sort((a, b) => b.p - a.p || a.t - b.t);
  const residuals = (unit: string): Evidence => {
    const idx = [...members.get(unit)!].sort(
      (a, b) => v.total[b] - v.total[a] || (v.code[a] < v.code[b] ? -1 : 1),
    );
    const values: number[] = [];
    for (const i of idx) for (const { t } of easyFirst) values.push(roundTo(e[t][i]));
    return {
      kind: 'residuals',
      tasks: easyFirst.map(({ t }) => v.taskIds[t] ?? String(t + 1)),
      pupils: idx.map((i) => v.code[i]),
      values,
      classMean: easyFirst.map(({ t }) => roundTo(idx.reduce((a, i) => a + e[t][i], 0) / idx.length)),
    };
  };
  const out: Signal[] = [];
  const qs = benjaminiHochberg(slopeRows.map((r) => r.p));
  slopeRows.forEach((r, k) => {
    const flagged = qs[k] < alpha && r.effect >= minSlope;
    out.push({
      ...r,
      q: qs[k],
      flagged,
      ...(flagged ? { evidence: residuals(r.unit) } : {}),
      explanation:
        `Ученики класса справились с трудными заданиями лучше, а с лёгкими хуже, чем ученики региона с тем же баллом (сдвиг ${fixedSigned(r.effect, 2)} SD — стандартного отклонения ученика). ` +
        (flagged
          ? 'Возможные причины — утечка заданий или подсказки на трудных заданиях; возможны и безобидные: класс целенаправленно готовили к трудным темам, особенности программы. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: одинаковые ответы на трудные задания, условия проведения в классе, наличие независимого наблюдателя.'
          : 'Соотношение трудных и лёгких заданий обычное.'),
    });
  });
  const qa = benjaminiHochberg(a2Rows.map((r) => r.p));
  a2Rows.forEach((r, k) => {
    const flagged = qa[k] < alpha && r.effect >= minA2;
    out.push({
      ...r,
      q: qa[k],
      flagged,
      ...(flagged ? { evidence: residuals(r.unit) } : {}),
      explanation:
        `Общая для класса картина отклонений по заданиям: мера согласованности A2 = ${fixedSigned(r.effect, 2)} (около 1 — ответы учеников независимы; в регионе медиана ${fixedSigned(medA2, 2)}). ` +
        (flagged
          ? 'Ответы в классе согласованы сильнее обычного. Возможные причины — диктовка, списывание, утечка заданий; возможны и безобидные: весь класс одинаково учили решать задания или одну тему не прошли. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: совпадающие ответы у учеников разного уровня, рассадку, условия проведения.'
          : 'Согласованность ответов в классе обычная.'),
    });
  });
  return out;
}

/** ψ ≥ 0 with median_c x_c/(1 + ψ·n_c) = target (bisection); 0 when the median is already ≤ target. */
export function dispersionPerPupil(x: readonly number[], n: readonly number[], target: number): number {
  const med = (psi: number) => median(x.map((v, c) => v / (1 + psi * n[c])));
  if (x.length === 0 || med(0) <= target) return 0;
  let lo = 0;
  let hi = 1;
  while (med(hi) > target && hi < 1e6) hi *= 2;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (med(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The x with P(χ²_k ≤ x) = prob (bisection on the upper tail). */
export function chiQuantile(prob: number, k: number): number {
  let lo = 0;
  let hi = Math.max(1, k);
  while (1 - chiSquareUpper(hi, k) < prob) hi *= 2;
  for (let it = 0; it < 80; it++) {
    const mid = (lo + hi) / 2;
    if (1 - chiSquareUpper(mid, k) < prob) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** ν ∈ [1, df] whose χ²_ν has the observed 90th/50th percentile ratio (heavier tail = smaller ν). */
export function tailDf(y: readonly number[], df: number): number {
  if (y.length < 20) return df;
  const sorted = [...y].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))];
  const ratio = q(0.9) / q(0.5);
  const ratioOf = (k: number) => chiQuantile(0.9, k) / chiQuantile(0.5, k);
  if (!(ratio > ratioOf(df))) return df;
  if (ratio >= ratioOf(1)) return 1;
  let lo = 1;
  let hi = df;
  for (let it = 0; it < 40; it++) {
    const mid = (lo + hi) / 2;
    if (ratioOf(mid) > ratio) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
