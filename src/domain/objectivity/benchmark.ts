// External-benchmark signals (shared/domain/statistics.md §6, §7, §11 #2–4): the ВПР mark against
// the journal mark, the original score against a re-check commission, and a cohort's later result.
// Over 400 lines (≈680): journal, re-check and cohort signals share the pooled shares and the
// re-check pmf/convolution helpers; splitting them into one module each is left for a later change.
import { fixedSigned } from '../text/format.ts';
import { wilson } from '../stats/proportion.ts';
import { weightedKappa } from '../stats/kappa.ts';
import { groupBy, totalMoments, type ProcView } from './data.ts';
import type { ContextTable } from './context.ts';
import {
  binomUpper,
  blandAltman,
  leastSquares,
  mad,
  median,
  normalUpper,
  poissonBinomialUpper,
} from './math.ts';
import { roundTo, withQ } from './evidence.ts';
import { seedOf, simulatedUpper, withinDeviations } from './small-sample.ts';
import type { Evidence, Signal } from './types.ts';

export const SCHOOL_MIN_N = 20;

export interface JournalOptions {
  minN?: number;
  /** Flag threshold on share(ВПР > journal) − regional share, percentage points. */
  minPp?: number;
  alpha?: number;
}

/**
 * Signal 2: ВПР mark above the journal mark. The share «higher» depends on the pupil's level
 * (a pupil with a «2» can hardly be above the journal), so the expectation is conditioned on the
 * ВПР score: π_n = regional share «higher» among pupils with the same primary score (neighbouring
 * scores pooled to ≥ 30 pupils), with a context table also adjusted for SES and settlement (logistic,
 * offset logit π). effect = (H_j − Σπ_n)/n_j. The test is on the net direction y_n = +1 higher,
 * −1 lower, 0 same (the §7 sign-test idea, conditioned the same way): z_j = (Σy − Σ(π_n − λ_n))/√ΣVar y_n
 * with λ_n the expected share «lower». Journal standards also vary
 * between schools beyond chance: Var = V_j(1 + κV_j), V_j = ΣVar y_n, κ from the median of z_j²
 * (robust), p = 1 − Φ(z_j/√(1 + κV_j)) (the exact Poisson-binomial p of H_j is kept in the details).
 * effect = (H_j − Σπ_n)/n_j in percentage points. The unconditional figures of §7 (share − regional
 * share without the school, sign test on discordant pairs vs π_R) and κ_w are kept in the details.
 * Flag: BH q < .05 and effect ≥ 15 pp.
 */
export function journalSignals(v: ProcView, opts: JournalOptions = {}, context?: ContextTable): Signal[] {
  // 10, not SCHOOL_MIN_N: small schools are where inflation hides (#15); the p is exact and widened.
  const minN = opts.minN ?? 10;
  const minPp = opts.minPp ?? 15;
  const alpha = opts.alpha ?? 0.05;
  if (v.cuts.length === 0) return [];
  const R = v.maxScore;
  const cntS = new Float64Array(R + 1);
  const hiS = new Float64Array(R + 1);
  const loS = new Float64Array(R + 1);
  const per = new Map<string, { n: number; hi: number; lo: number; idx: number[]; table: number[][] }>();
  let N = 0;
  let H = 0;
  let L = 0;
  for (let i = 0; i < v.n; i++) {
    const a = v.journal[i];
    const b = v.mark[i];
    if (a < 2 || a > 5 || b < 2) continue;
    let s = per.get(v.school[i]);
    if (!s)
      per.set(
        v.school[i],
        (s = { n: 0, hi: 0, lo: 0, idx: [], table: [0, 1, 2, 3].map(() => [0, 0, 0, 0]) }),
      );
    s.n++;
    s.idx.push(i);
    s.table[a - 2][b - 2]++;
    N++;
    cntS[v.total[i]]++;
    if (b > a) {
      s.hi++;
      H++;
      hiS[v.total[i]]++;
    } else if (b < a) {
      s.lo++;
      L++;
      loS[v.total[i]]++;
    }
  }
  const piS = pooledShare(hiS, cntS, 30);
  const piL = pooledShare(loS, cntS, 30);
  // Journal standards differ with the school's context (teachers mark relative to their pupils):
  // with a context table, a logistic adjustment for SES and settlement on top of the score offset.
  const higher = (i: number) => v.mark[i] > v.journal[i];
  const lower = (i: number) => v.mark[i] < v.journal[i];
  const adjust = context ? contextAdjustment(v, per, piS, context, higher) : null;
  const adjustL = context ? contextAdjustment(v, per, piL, context, lower) : null;
  const rows: Omit<Signal, 'q' | 'flagged'>[] = [];
  const zs: number[] = [];
  const vs: number[] = [];
  for (const [login, s] of per) {
    if (s.n < minN) continue;
    const hR = H - s.hi;
    const lR = L - s.lo;
    const nR = N - s.n;
    if (nR <= 0 || hR + lR <= 0) continue;
    const piR = hR / (hR + lR);
    const shareR = hR / nR;
    const share = s.hi / s.n;
    const all = s.idx.map((i) => (adjust ? adjust(login, piS[v.total[i]]) : piS[v.total[i]]));
    const expected = all.reduce((a, b) => a + b, 0);
    // The test uses the net direction (higher − lower) per pupil: a school whose journal is merely
    // noisy has more of both and is not flagged; a shift of the ВПР marks moves the two apart.
    const allL = s.idx.map((i) => (adjustL ? adjustL(login, piL[v.total[i]]) : piL[v.total[i]]));
    let netE = 0;
    let varNet = 0;
    for (let k = 0; k < all.length; k++) {
      const d = all[k] - allL[k];
      netE += d;
      varNet += all[k] + allL[k] - d * d;
    }
    const w = wilson(s.hi, s.n);
    const kappa = weightedKappa(s.table);
    const expShare = expected / s.n;
    zs.push(varNet > 0 ? (s.hi - s.lo - netE) / Math.sqrt(varNet) : 0);
    vs.push(varNet);
    rows.push({
      id: 'journal-higher',
      family: 'external',
      procedure: v.id,
      unitKind: 'school',
      unit: login,
      school: login,
      n: s.n,
      effect: 100 * (share - expShare),
      effectUnit: 'п.п.',
      ci95: w ? [100 * (w[0] - expShare), 100 * (w[1] - expShare)] : null,
      p: poissonBinomialUpper(all, s.hi),
      minN,
      threshold: minPp,
      caveats: [
        'Отметка журнала — не внешняя мера: учителя ставят её по-разному; расхождение — повод сверить, а не вывод.',
        'Ожидаемая доля повышений учитывает балл ученика за ВПР (сравнение с учениками региона с тем же баллом)' +
          (adjust ? ' и контекст школы (индекс благополучия, тип поселения).' : '.'),
      ],
      explanation: '',
      details: {
        higherPct: 100 * share,
        expectedHigherPct: 100 * expShare,
        lowerPct: (100 * s.lo) / s.n,
        regionHigherPct: 100 * shareR,
        regionDiscordantHigher: piR,
        signTestP: s.hi + s.lo > 0 ? binomUpper(s.hi, s.hi + s.lo, piR) : 1,
        kappaWeighted: kappa,
      },
      // ВПР mark rows × journal mark columns (s.table is journal × ВПР); 17 numbers: always kept.
      evidence: {
        kind: 'crosstab',
        marks: [2, 3, 4, 5],
        counts: [0, 1, 2, 3].map((b) => [0, 1, 2, 3].map((a) => s.table[a][b])),
        expectedHigherPct: roundTo(100 * expShare),
      },
    });
  }
  // Journal standards differ between schools beyond pupil-level chance (a school random effect):
  // Var(net − E) = V(1 + κV), V = Σ Var(y_n). κ ≥ 0 is chosen so that the median of z²/(1 + κV) over the
  // schools equals the χ²₁ median (0.455): robust to the few schools that do differ.
  const kappa = overdispersion(zs, vs);
  const adjusted = rows.map((r, k) => ({
    ...r,
    p: kappa > 0 ? normalUpper(zs[k] / Math.sqrt(1 + kappa * vs[k])) : r.p,
    details: { ...r.details, overdispersion: kappa, exactP: r.p, netZ: zs[k] },
  }));
  return withQ(adjusted, (r, q) => q < alpha && r.effect >= minPp).map((s) => ({
    ...s,
    explanation:
      `Отметка ВПР выше отметки журнала у ${fixedSigned(s.details!.higherPct!, 0)} % участников; ` +
      `у учеников региона с такими же баллами — ${fixedSigned(s.details!.expectedHigherPct!, 0)} % ` +
      `(разница ${fixedSigned(s.effect, 0)} п. п.; по региону в целом ${fixedSigned(s.details!.regionHigherPct!, 0)} %). ` +
      `Согласованность отметок ВПР и журнала (взвешенная каппа κ_w): ${s.details!.kappaWeighted == null ? '—' : fixedSigned(s.details!.kappaWeighted, 2)}; 1 — полное совпадение, 0 — не больше случайного. ` +
      (s.flagged
        ? 'Возможная причина — завышение результатов ВПР относительно текущей успеваемости (условия проведения, мягкая проверка); возможны и другие: строгие текущие отметки, мало отметок в журнале, целенаправленная подготовка к ВПР. ' +
          'Это нужно проверить, а не считать доказанным. Что проверить: условия проведения, проверку работ с развёрнутым ответом, работы учеников с «3» в журнале и «5» за ВПР.'
        : 'Доля повышений не выходит за порог признака.'),
  }));
}

/** hits/count per score, neighbouring scores pooled until the count reaches `min`. */
function pooledShare(hits: Float64Array, count: Float64Array, min: number): Float64Array {
  const R = hits.length - 1;
  const out = new Float64Array(R + 1);
  for (let r = 0; r <= R; r++) {
    let n = count[r];
    let h = hits[r];
    for (let k = 1; n < min && k <= R; k++) {
      if (r - k >= 0) {
        n += count[r - k];
        h += hits[r - k];
      }
      if (r + k <= R) {
        n += count[r + k];
        h += hits[r + k];
      }
    }
    out[r] = n > 0 ? h / n : 0;
  }
  return out;
}

const CHI1_MEDIAN = 0.454936;

/** κ ≥ 0 with median_j z_j²/(1 + κ·V_j) = χ²₁ median; 0 when there is no excess spread (or < 10 units). */
export function overdispersion(zs: readonly number[], vs: readonly number[]): number {
  if (zs.length < 10) return 0;
  const med = (k: number) => median(zs.map((z, j) => (z * z) / (1 + k * vs[j])));
  if (med(0) <= CHI1_MEDIAN) return 0;
  let lo = 0;
  let hi = 1;
  while (med(hi) > CHI1_MEDIAN && hi < 1e6) hi *= 2;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (med(mid) > CHI1_MEDIAN) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const logit = (p: number) =>
  Math.log(Math.min(1 - 1e-6, Math.max(1e-6, p)) / (1 - Math.min(1 - 1e-6, Math.max(1e-6, p))));

/**
 * Logistic regression 1[ВПР > journal] ~ offset(logit π(score)) + β₀ + β₁·SES + β₂·urban over the
 * region's pupils (Newton–Raphson); returns (school, π) → adjusted π, or null without usable context.
 */
function contextAdjustment(
  v: ProcView,
  per: Map<string, { idx: number[]; table: number[][] }>,
  piS: Float64Array,
  context: ContextTable,
  outcome: (i: number) => boolean,
): ((login: string, pi: number) => number) | null {
  const xOf = (login: string): number[] | null => {
    const c = context.get(login);
    if (!c || c.ses === null) return null;
    return [1, c.ses, c.urban ? 1 : 0];
  };
  const data: { x: number[]; off: number; y: number }[] = [];
  let covered = 0;
  let all = 0;
  for (const [login, s] of per) {
    all += s.idx.length;
    const x = xOf(login);
    if (!x) continue;
    covered += s.idx.length;
    for (const i of s.idx) data.push({ x, off: logit(piS[v.total[i]]), y: outcome(i) ? 1 : 0 });
  }
  if (covered < 0.8 * all || data.length < 100) return null;
  const beta = [0, 0, 0];
  for (let it = 0; it < 25; it++) {
    const g = [0, 0, 0];
    const h = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (const d of data) {
      const eta = d.off + beta[0] * d.x[0] + beta[1] * d.x[1] + beta[2] * d.x[2];
      const p = 1 / (1 + Math.exp(-eta));
      const w = p * (1 - p);
      for (let a = 0; a < 3; a++) {
        g[a] += (d.y - p) * d.x[a];
        for (let b = 0; b < 3; b++) h[a][b] += w * d.x[a] * d.x[b];
      }
    }
    for (let a = 0; a < 3; a++) h[a][a] += 1e-6;
    const step = leastSquares(h, g);
    if (!step) return null;
    let moved = 0;
    for (let a = 0; a < 3; a++) {
      beta[a] += step[a];
      moved += Math.abs(step[a]);
    }
    if (moved < 1e-9) break;
  }
  return (login, pi) => {
    const x = xOf(login);
    if (!x) return pi;
    const eta = logit(pi) + beta[0] + beta[1] * x[1] + beta[2] * x[2];
    return 1 / (1 + Math.exp(-eta));
  };
}

export interface RecheckOptions {
  minN?: number;
  /** Flag when the mean downgrade exceeds this many points … */
  minMean?: number;
  /** … or this share of works lost ≥ 2 points. */
  minShare2?: number;
  alpha?: number;
}

/** The re-check flag rule (per procedure and pooled alike): q < α and a large mean or ≥ 2-point share. */
function recheckFlag(opts: RecheckOptions) {
  const minMean = opts.minMean ?? 1;
  const minShare2 = opts.minShare2 ?? 0.2;
  const alpha = opts.alpha ?? 0.05;
  return (r: Omit<Signal, 'q' | 'flagged'>, q: number) =>
    q < alpha && (r.effect > minMean || (r.details!.share2 as number) > minShare2);
}

/**
 * Signal 3: re-check (перепроверка). d = original total − commission total per re-checked work,
 * matched by school and pupil code. One-sided test of Σd against n independent draws from the
 * region's empirical distribution of d (other schools), exact by convolution — small re-check
 * samples have a discrete, heavy-tailed d, so a normal approximation would over-flag. Also: sign test,
 * share of works with d ≥ 2, Bland–Altman limits, a z-test with the pooled within-school sd (details).
 * Flag: BH q < .05 and (mean d > 1 point or > 20 % of works lost ≥ 2 points).
 */
export function recheckSignals(v: ProcView, recheck: ProcView, opts: RecheckOptions = {}): Signal[] {
  const minN = opts.minN ?? 2;
  const minMean = opts.minMean ?? 1;
  const dBySchool = recheckDiffs(v, recheck);
  let ss = 0;
  let df = 0;
  for (const ds of dBySchool.values()) {
    if (ds.length < 2) continue;
    const m = ds.reduce((a, b) => a + b, 0) / ds.length;
    for (const d of ds) ss += (d - m) ** 2;
    df += ds.length - 1;
  }
  const sigma = Math.max(0.5, df > 0 ? Math.sqrt(ss / df) : 1);
  const rows: Omit<Signal, 'q' | 'flagged'>[] = [];
  for (const [login, ds] of dBySchool) {
    const n = ds.length;
    if (n < minN) continue;
    const mean = ds.reduce((a, b) => a + b, 0) / n;
    const pos = ds.filter((d) => d > 0).length;
    const neg = ds.filter((d) => d < 0).length;
    const down2 = ds.filter((d) => d >= 2).length;
    const ba = blandAltman(ds);
    const se = sigma / Math.sqrt(n);
    const sumD = ds.reduce((a, b) => a + b, 0);
    const pmf = pmfWithout(dBySchool, login);
    rows.push({
      id: 'recheck-downgrade',
      family: 'external',
      procedure: v.id,
      unitKind: 'school',
      unit: login,
      school: login,
      n,
      effect: mean,
      effectUnit: 'балла',
      ci95: [mean - 1.96 * se, mean + 1.96 * se],
      p: sumUpper(pmf.f, pmf.lo, n, sumD),
      minN,
      threshold: minMean,
      caveats: [
        `Перепроверено работ: ${n}; при малом числе работ вывод неустойчив.`,
        'Расхождение может объясняться и разным прочтением критериев, а не только завышением.',
      ],
      explanation: '',
      details: {
        share2: down2 / n,
        signTestP: pos + neg > 0 ? binomUpper(pos, pos + neg, 0.5) : 1,
        baLower: ba?.lower ?? null,
        baUpper: ba?.upper ?? null,
        sdPooled: sigma,
        zPooledP: normalUpper(mean / se),
      },
      evidence: recheckBars(ds, [{ ...pmf, n }]),
    });
  }
  return withQ(rows, recheckFlag(opts)).map((s) => ({
    ...s,
    explanation:
      `Комиссия снизила балл в среднем на ${fixedSigned(s.effect, 2)} (по ${s.n} работам); на 2 и более балла — ` +
      `${fixedSigned(100 * (s.details!.share2 as number), 0)} % работ. ` +
      (s.flagged
        ? 'Возможная причина — более мягкая проверка в школе, чем у комиссии; возможны и другие: иное прочтение критериев, ошибки при переносе баллов, неразборчивые ответы. ' +
          'Это нужно проверить, а не считать доказанным. Что проверить: согласованность критериев у экспертов школы, работы с развёрнутым ответом, состав школьной комиссии.'
        : 'Расхождения с перепроверкой в пределах обычных.'),
  }));
}

/** d = original − commission total per re-checked work, by school (matched by school and code). */
export function recheckDiffs(v: ProcView, recheck: ProcView): Map<string, number[]> {
  const orig = new Map<string, number>();
  for (let i = 0; i < v.n; i++) orig.set(`${v.school[i]}\u0000${v.code[i]}`, v.total[i]);
  const dBySchool = new Map<string, number[]>();
  for (let i = 0; i < recheck.n; i++) {
    const o = orig.get(`${recheck.school[i]}\u0000${recheck.code[i]}`);
    if (o === undefined) continue;
    const d = o - recheck.total[i];
    const list = dBySchool.get(recheck.school[i]);
    if (list) list.push(d);
    else dBySchool.set(recheck.school[i], [d]);
  }
  return dBySchool;
}

/** Empirical pmf of d over the region without one school's works: {f, lo}. */
function pmfWithout(dBySchool: Map<string, number[]>, login: string): { f: Float64Array; lo: number } {
  let lo = 0;
  let hi = 0;
  for (const ds of dBySchool.values())
    for (const d of ds) {
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
  const f = new Float64Array(hi - lo + 1);
  let tot = 0;
  for (const [s, ds] of dBySchool)
    if (s !== login)
      for (const d of ds) {
        f[d - lo]++;
        tot++;
      }
  return { f: f.map((x) => (tot > 0 ? x / tot : 0)), lo };
}

function convolve(a: Float64Array, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  }
  return out;
}

/**
 * Re-check pooled over procedures (years) of the same school: lenient marking is a habit, and one
 * procedure's re-check sample is small. Σd over all re-checked works against the convolution of
 * each procedure's regional pmf (without the school). Same flag rule as the per-procedure signal.
 */
export function recheckPooledSignals(
  pairs: { v: ProcView; recheck: ProcView }[],
  opts: RecheckOptions = {},
): Signal[] {
  if (pairs.length < 2) return [];
  const minN = opts.minN ?? 2;
  const minMean = opts.minMean ?? 1;
  const diffs = pairs.map((p) => recheckDiffs(p.v, p.recheck));
  const logins = new Set(diffs.flatMap((d) => [...d.keys()]));
  const procedure = pairs.map((p) => p.v.id).join(' + ');
  const rows: Omit<Signal, 'q' | 'flagged'>[] = [];
  for (const login of logins) {
    const parts = diffs.map((d) => d.get(login) ?? []);
    if (parts.filter((x) => x.length > 0).length < 2) continue;
    const ds = parts.flat();
    const n = ds.length;
    if (n < minN) continue;
    let dist: Float64Array = new Float64Array([1]);
    let lo = 0;
    const pmfs: { f: Float64Array; lo: number; n: number }[] = [];
    diffs.forEach((d, k) => {
      const { f, lo: l } = pmfWithout(d, login);
      pmfs.push({ f, lo: l, n: parts[k].length });
      for (let i = 0; i < parts[k].length; i++) dist = convolve(dist, f);
      lo += l * parts[k].length;
    });
    const sum = ds.reduce((a, b) => a + b, 0);
    let p = 0;
    for (let t = Math.max(0, sum - lo); t < dist.length; t++) p += dist[t];
    const mean = sum / n;
    const down2 = ds.filter((d) => d >= 2).length;
    const ba = blandAltman(ds);
    rows.push({
      id: 'recheck-downgrade',
      family: 'external',
      procedure,
      unitKind: 'school',
      unit: login,
      school: login,
      n,
      effect: mean,
      effectUnit: 'балла',
      ci95: ba ? [mean - (1.96 * ba.sd) / Math.sqrt(n), mean + (1.96 * ba.sd) / Math.sqrt(n)] : null,
      p: Math.min(1, Math.max(0, p)),
      minN,
      threshold: minMean,
      caveats: [`Перепроверка за все годы вместе: ${n} работ.`],
      explanation: '',
      details: { share2: down2 / n, baLower: ba?.lower ?? null, baUpper: ba?.upper ?? null },
      evidence: recheckBars(ds, pmfs),
    });
  }
  return withQ(rows, recheckFlag(opts)).map((s) => ({
    ...s,
    explanation:
      `По всем перепроверкам вместе комиссия снизила балл в среднем на ${fixedSigned(s.effect, 2)} (по ${s.n} работам). ` +
      (s.flagged
        ? 'Снижение повторяется в нескольких перепроверках. Возможная причина — устойчиво более мягкая проверка в школе; возможна и другая: школа последовательно иначе, чем комиссия, понимает критерии. ' +
          'Это нужно проверить, а не считать доказанным. Что проверить: согласованность критериев у экспертов школы, работы с развёрнутым ответом.'
        : 'Расхождения с перепроверкой в пределах обычных.'),
  }));
}

/** Bins of d = original − commission shown on the detail page (the tails pooled). */
export const RECHECK_BINS: { label: string; lo: number; hi: number }[] = [
  { label: 'комиссия повысила на 2 б. и более', lo: -Infinity, hi: -2 },
  { label: 'комиссия повысила на 1 б.', lo: -1, hi: -1 },
  { label: 'без изменений', lo: 0, hi: 0 },
  { label: 'комиссия снизила на 1 б.', lo: 1, hi: 1 },
  { label: 'комиссия снизила на 2 б.', lo: 2, hi: 2 },
  { label: 'комиссия снизила на 3 б. и более', lo: 3, hi: Infinity },
];

/**
 * Re-checked works of the school by d, each bin followed by its expected count: Σ over procedures of
 * n_k × the region's share of the bin without the school (the null of the test). 12 numbers.
 */
function recheckBars(ds: number[], pmfs: { f: Float64Array; lo: number; n: number }[]): Evidence {
  const bars: { label: string; value: number; expected?: boolean }[] = [];
  for (const bin of RECHECK_BINS) {
    const seen = ds.filter((d) => d >= bin.lo && d <= bin.hi).length;
    let exp = 0;
    for (const { f, lo, n } of pmfs)
      f.forEach((x, j) => {
        if (j + lo >= bin.lo && j + lo <= bin.hi) exp += n * x;
      });
    bars.push(
      { label: bin.label, value: seen },
      { label: `${bin.label} (ожидаемо)`, value: roundTo(exp), expected: true },
    );
  }
  return { kind: 'bars', unit: 'работ', bars };
}

/** P(Σ of n iid draws ≥ target) for integer draws with pmf f on lo..lo+len−1 (convolution). */
export function sumUpper(f: ArrayLike<number>, lo: number, n: number, target: number): number {
  let dist: Float64Array = new Float64Array([1]);
  for (let k = 0; k < n; k++) {
    const next = new Float64Array(dist.length + f.length - 1);
    for (let a = 0; a < dist.length; a++) {
      if (dist[a] === 0) continue;
      for (let b = 0; b < f.length; b++) next[a + b] += dist[a] * f[b];
    }
    dist = next;
  }
  // Index t of dist is the sum n·lo + t.
  let p = 0;
  for (let t = Math.max(0, target - n * lo); t < dist.length; t++) p += dist[t];
  return Math.min(1, Math.max(0, p));
}

export interface CohortOptions {
  minN?: number;
  /** Flag when the drop (earlier z − later z, pupil-sd units, centred on the regional median) ≥ this. */
  minDrop?: number;
  alpha?: number;
}

/** Schools below this many pupils in either year get the simulated p instead of the normal one. */
export const COHORT_SIM_BELOW = 20;

/**
 * Signal 4: a spike in grade N that is gone in grade N+1 (same cohort, schools link the years).
 * z = (school mean − region mean)/pupil sd per year; drop = z_N − z_{N+1} centred on the median;
 * robust null variance τ² + σ²_N/n_N + σ²_{N+1}/n_{N+1} (σ² the within-school variance of pupil z),
 * τ² = MAD(drop)² − median of that noise.
 * Every school with ≥ minN (5) pupils in both years is tested (issue #15: inflation hides in small
 * schools): below COHORT_SIM_BELOW pupils in a year the p is simulated from the region's real
 * within-school score deviations (small-sample.ts) instead of the normal law. details.shrunk is the
 * drop shrunk toward the region (EB weight τ²/(τ² + noise)): what a small school's drop is likely to be.
 * K (official cohort coefficient) is kept in the details.
 */
export function cohortSignals(earlier: ProcView, later: ProcView, opts: CohortOptions = {}): Signal[] {
  const minN = opts.minN ?? 5;
  const minDrop = opts.minDrop ?? 0.3;
  const alpha = opts.alpha ?? 0.05;
  const stats = (v: ProcView) => {
    const { m, sd } = totalMoments(v);
    const per = new Map<string, { n: number; mean: number }>();
    for (const [login, idx] of groupBy(v.school)) {
      let t = 0;
      for (const i of idx) t += v.total[i];
      per.set(login, { n: idx.length, mean: t / idx.length });
    }
    return { m, sd, per };
  };
  if (earlier.n === 0 || later.n === 0) return [];
  const e = stats(earlier);
  const l = stats(later);
  const list: {
    login: string;
    drop: number;
    noise: number;
    k: number;
    ne: number;
    nl: number;
    me: number;
    ml: number;
  }[] = [];
  for (const [login, le] of l.per) {
    const ee = e.per.get(login);
    if (!ee || ee.n < minN || le.n < minN) continue;
    const drop = (ee.mean - e.m) / e.sd - (le.mean - l.m) / l.sd;
    const k = le.mean > 0 ? ee.mean / earlier.maxScore / (le.mean / later.maxScore) : NaN;
    list.push({ login, drop, noise: 1 / ee.n + 1 / le.n, k, ne: ee.n, nl: le.n, me: ee.mean, ml: le.mean });
  }
  if (list.length < 5) return [];
  // The sampling noise of a school mean is the within-school variance over n, not the whole pupil
  // variance (1 in z units): the school's own level is what the drop cancels (#15: more power, the
  // robust τ² below still takes up any excess).
  const pools: [Float64Array, Float64Array] = [withinDeviations(earlier), withinDeviations(later)];
  const varOf = (x: Float64Array) => (x.length > 1 ? x.reduce((t, y) => t + y * y, 0) / x.length : 1);
  const [we, wl] = [varOf(pools[0]), varOf(pools[1])];
  for (const x of list) x.noise = we / x.ne + wl / x.nl;
  const med = median(list.map((x) => x.drop));
  const tau2 = Math.max(0, mad(list.map((x) => x.drop)) ** 2 - median(list.map((x) => x.noise)));
  const rows = list.map((x): Omit<Signal, 'q' | 'flagged'> => {
    const eff = x.drop - med;
    const z = eff / Math.sqrt(tau2 + x.noise);
    const h = 1.96 * Math.sqrt(x.noise);
    const small = Math.min(x.ne, x.nl) < COHORT_SIM_BELOW;
    const p = small
      ? simulatedUpper(
          eff,
          tau2,
          [
            { pool: pools[0], n: x.ne, sign: 1 },
            { pool: pools[1], n: x.nl, sign: -1 },
          ],
          seedOf(x.login, 4),
        )
      : normalUpper(z);
    return {
      id: 'cohort-drop',
      family: 'external',
      procedure: later.id,
      unitKind: 'school',
      unit: x.login,
      school: x.login,
      n: Math.min(x.ne, x.nl),
      effect: eff,
      effectUnit: 'SD',
      ci95: [eff - h, eff + h],
      p,
      minN,
      threshold: minDrop,
      caveats: [
        'Школы связывают годы, ученики — нет: смена состава класса или учителя тоже меняет результат.',
        `Сравнение ${earlier.id} → ${later.id}.`,
        ...(small
          ? [
              `Мало учеников (${x.ne} и ${x.nl}): p получено моделированием по распределению баллов региона; данных мало для уверенного вывода, с поправкой на это изменение ближе к ${fixedSigned(tau2 > 0 ? (eff * tau2) / (tau2 + x.noise) : 0, 2)} SD.`,
            ]
          : []),
      ],
      explanation: '',
      details: {
        robustZ: z,
        cohortK: x.k,
        tau2,
        shrunk: tau2 > 0 ? (eff * tau2) / (tau2 + x.noise) : 0,
        simulated: small ? 1 : 0,
      },
      // Mean % of the maximum score, the school's and all schools', in each year (4 numbers).
      evidence: {
        kind: 'bars',
        unit: '% от максимального балла',
        bars: [
          { label: `${earlier.grade} кл., ${earlier.year}`, value: roundTo((100 * x.me) / earlier.maxScore) },
          {
            label: `${earlier.grade} кл., ${earlier.year} — все школы`,
            value: roundTo((100 * e.m) / earlier.maxScore),
            expected: true,
          },
          { label: `${later.grade} кл., ${later.year}`, value: roundTo((100 * x.ml) / later.maxScore) },
          {
            label: `${later.grade} кл., ${later.year} — все школы`,
            value: roundTo((100 * l.m) / later.maxScore),
            expected: true,
          },
        ],
      },
    };
  });
  return withQ(rows, (r, q) => q < alpha && r.effect >= minDrop).map((s) => ({
    ...s,
    explanation:
      `Положение школы относительно региона снизилось на ${fixedSigned(s.effect, 2)} SD — стандартного отклонения ученика (${earlier.id} → ${later.id}); ` +
      `доля от максимального балла в первый год в ${fixedSigned(Number(s.details!.cohortK), 2)} раза больше, чем годом позже (K). ` +
      (s.flagged
        ? 'Высокий результат в младшем классе не подтвердился годом позже. Возможная причина — завышенные результаты первого года; возможны и другие: смена учителя, изменение состава класса, разная трудность работ. ' +
          'Это нужно проверить, а не считать доказанным. Что проверить: условия проведения и проверки работ в первый год, изменения состава и учителей.'
        : 'Изменение в пределах обычного разброса школ.'),
  }));
}
