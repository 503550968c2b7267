// Multi-point tasks above what the school's one-point tasks predict (issue #15, point 3, the protocol's
// half of the lenient-marking evidence). One-point tasks are marked by a key; multi-point tasks are
// marked by the school's teachers against criteria, so lenient marking lifts them alone — on every
// pupil, not only on the few re-checked works.
// Per pupil: S = score on the one-point tasks, M = score on the multi-point tasks. The region gives
// E[M | S] and Var[M | S] (neighbouring S pooled to ≥ 30 pupils). School: excess D = Σ(M − E[M|S]),
// V = Σ Var[M|S], z = D/√V. Schools differ honestly (teaching, the criteria as read locally), so the
// null is widened from the region's own spread: Var = V(1 + κV), κ robust (median z²/(1 + κV) = χ²₁
// median; benchmark.ts `overdispersion`), p = 1 − Φ(z/√(1 + κV)). effect = D/n, points per pupil.
// Flag: BH q < .05, effect ≥ 0.5 point per pupil, n ≥ 10.
import { fixedSigned } from '../text/format.ts';
import { overdispersion } from './benchmark.ts';
import { groupBy, type ProcView } from './data.ts';
import { benjaminiHochberg, normalUpper } from './math.ts';
import type { Signal } from './types.ts';

export function multiOverSingleSignals(
  v: ProcView,
  opts: { minN?: number; minEffect?: number } = {},
): Signal[] {
  const minN = opts.minN ?? 10;
  const minEffect = opts.minEffect ?? 0.5;
  const single = v.taskMax.map((m, t) => (m === 1 ? t : -1)).filter((t) => t >= 0);
  const multi = v.taskMax.map((m, t) => (m > 1 ? t : -1)).filter((t) => t >= 0);
  if (single.length < 3 || multi.length < 2 || v.n < 200) return [];
  const S = new Int32Array(v.n);
  const M = new Int32Array(v.n);
  for (const t of single) for (let i = 0; i < v.n; i++) S[i] += v.scores[t][i];
  for (const t of multi) for (let i = 0; i < v.n; i++) M[i] += v.scores[t][i];
  const K = single.length;
  const n = new Float64Array(K + 1);
  const s1 = new Float64Array(K + 1);
  const s2 = new Float64Array(K + 1);
  for (let i = 0; i < v.n; i++) {
    n[S[i]]++;
    s1[S[i]] += M[i];
    s2[S[i]] += M[i] * M[i];
  }
  const mean = new Float64Array(K + 1);
  const vr = new Float64Array(K + 1);
  for (let s = 0; s <= K; s++) {
    let a = n[s];
    let b = s1[s];
    let c = s2[s];
    for (let k = 1; a < 30 && k <= K; k++) {
      for (const j of [s - k, s + k])
        if (j >= 0 && j <= K) {
          a += n[j];
          b += s1[j];
          c += s2[j];
        }
    }
    mean[s] = a > 0 ? b / a : 0;
    vr[s] = a > 1 ? Math.max(1e-6, c / a - mean[s] ** 2) : 1;
  }
  const units: { login: string; n: number; d: number; V: number; obs: number }[] = [];
  for (const [login, idx] of groupBy(v.school)) {
    if (idx.length < minN) continue;
    let d = 0;
    let V = 0;
    let obs = 0;
    for (const i of idx) {
      d += M[i] - mean[S[i]];
      V += vr[S[i]];
      obs += M[i];
    }
    units.push({ login, n: idx.length, d, V, obs });
  }
  if (units.length < 10) return [];
  const zs = units.map((u) => u.d / Math.sqrt(u.V));
  const kappa = overdispersion(
    zs,
    units.map((u) => u.V),
  );
  const rows = units.map((u, k) => {
    const z = zs[k] / Math.sqrt(1 + kappa * u.V);
    return { u, z, p: normalUpper(z) };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map(({ u, z, p }, k): Signal => {
    const effect = u.d / u.n;
    const flagged = q[k] < 0.05 && effect >= minEffect;
    return {
      id: 'multi-over-single',
      family: 'pattern',
      procedure: v.id,
      unitKind: 'school',
      unit: u.login,
      school: u.login,
      n: u.n,
      effect,
      effectUnit: 'балла на ученика',
      ci95: null,
      p,
      q: q[k],
      flagged,
      minN,
      threshold: minEffect,
      caveats: [
        'Сравниваются ученики региона с тем же баллом за задания с одним баллом; разброс между школами учтён по данным региона.',
        'Сильная подготовка именно к заданиям с развёрнутым ответом тоже даёт превышение.',
      ],
      explanation:
        `За задания с развёрнутым ответом (несколько баллов) ученики школы получили в среднем на ${fixedSigned(effect, 2)} балла больше, ` +
        'чем ученики региона с такими же результатами по заданиям с одним баллом. ' +
        (flagged
          ? 'Возможная причина — мягкая проверка заданий с развёрнутым ответом; возможны и другие: целенаправленная подготовка к таким заданиям, помощь при выполнении. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: работы с развёрнутым ответом против критериев.'
          : 'Превышение в пределах обычного разброса школ.'),
      details: { z, overdispersion: kappa, excessTotal: u.d },
      // The chart: the school's mean score on multi-point tasks against the region's pupils with the
      // same one-point-task scores.
      evidence: {
        kind: 'bars',
        unit: 'балла на ученика',
        bars: [
          { label: 'школа', value: Math.round((100 * u.obs) / u.n) / 100 },
          {
            label: 'ожидаемо по заданиям с одним баллом',
            value: Math.round((100 * (u.obs - u.d)) / u.n) / 100,
            expected: true,
          },
        ],
      },
    };
  });
}
