// School context (SES index, settlement type) and the context-family signals (statistics.md §8–9, §11 #9–10):
// over-performance for context (school-level WLS with empirical-Bayes shrinkage) and an unexpected
// year-on-year jump of the context residual. Pure: bytes in, numbers out.
import { ru } from '../psychometrics/notes.ts';
import { ImportError } from '../model.ts';
import { csvSheet, sourceKind, workbookSheets } from '../import/sources.ts';
import { groupBy, totalMoments, type ProcView } from './data.ts';
import { keepEvidence, roundTo } from './evidence.ts';
import { benjaminiHochberg, ebShrink, leastSquares, mad, median, normalUpper } from './math.ts';
import { seedOf, simulatedUpper, withinDeviations } from './small-sample.ts';
import type { Evidence, Signal } from './types.ts';

export interface SchoolContext {
  login: string;
  name?: string;
  municipality?: string;
  /** true = город, false = село, null = unknown. */
  urban: boolean | null;
  /** SES index (Индекс благополучия); null when empty. */
  ses: number | null;
}

export type ContextTable = Map<string, SchoolContext>;

const norm = (x: unknown) =>
  String(x ?? '')
    .replace(/\u00a0/g, ' ')
    .trim()
    .toLowerCase();

/** A number with a decimal comma or point (`-1,41`, `0.72`, `−0,5`); null when empty or not a number. */
export function parseDecimal(x: unknown): number | null {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  const s = String(x ?? '')
    .replace(/[\u00a0\s]/g, '')
    .replace('−', '-')
    .replace(',', '.');
  if (s === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

function urbanOf(x: unknown): boolean | null {
  const s = norm(x);
  if (!s) return null;
  if (/^(город|городск|г\.|пгт|посёлок городского|поселок городского|urban)/.test(s)) return true;
  if (/^(село|сельск|с\.|деревня|посёлок|поселок|rural)/.test(s)) return false;
  return null;
}

/**
 * Parses a context table (CSV or XLSX): a header row with `Логин ОО` and at least one of
 * `Тип поселения`, `Индекс благополучия`; `Название ОО` and `Муниципалитет` are optional.
 */
export function parseContext(bytes: Uint8Array, fileName: string): ContextTable {
  const sheets =
    sourceKind(bytes, fileName) === 'workbook' ? workbookSheets(bytes, fileName) : [csvSheet(bytes)];
  for (const sheet of sheets) {
    // Every row (`capacity` counts rows present; blank rows between schools are absent ones).
    const rows = sheet.head(Number.MAX_SAFE_INTEGER);
    for (let h = 0; h < Math.min(rows.length, 20); h++) {
      const head = rows[h].map(norm);
      const col = (re: RegExp) => head.findIndex((c) => re.test(c));
      const login = col(/^логин( оо)?$/);
      const type = col(/тип поселения|тип населенного пункта|тип населённого пункта/);
      const ses = col(/индекс благополучия|ses/);
      if (login < 0 || (type < 0 && ses < 0)) continue;
      const name = col(/^название( оо)?$|^наименование/);
      const mun = col(/^муниципалитет|^муниципальное образование|^мо$/);
      const out: ContextTable = new Map();
      for (let r = h + 1; r < rows.length; r++) {
        const row = rows[r];
        const l = String(row[login] ?? '').trim();
        if (!l) continue;
        out.set(l, {
          login: l,
          name: name >= 0 ? String(row[name] ?? '').trim() || undefined : undefined,
          municipality: mun >= 0 ? String(row[mun] ?? '').trim() || undefined : undefined,
          urban: type >= 0 ? urbanOf(row[type]) : null,
          ses: ses >= 0 ? parseDecimal(row[ses]) : null,
        });
      }
      return out;
    }
  }
  throw new ImportError(
    `«${fileName}»: не найдена строка заголовка таблицы контекста (нужны столбцы «Логин ОО» и «Тип поселения» или «Индекс благополучия»).`,
    fileName,
  );
}

export interface SchoolMean {
  login: string;
  n: number;
  /** School mean of pupil z-scores (region mean 0, pupil sd 1). */
  mean: number;
  /** Within-school sum of squares of the z-scores (lets the fit drop a school's pupils exactly). */
  ss?: number;
}

/** School means of pupil z-scores and the pooled within-school variance σ². */
export function schoolMeans(v: ProcView): { schools: SchoolMean[]; sigma2: number } {
  const { m, sd } = totalMoments(v);
  const schools: SchoolMean[] = [];
  let ss = 0;
  let df = 0;
  for (const [login, idx] of groupBy(v.school)) {
    let t = 0;
    for (const i of idx) t += (v.total[i] - m) / sd;
    const mean = t / idx.length;
    let own = 0;
    for (const i of idx) own += ((v.total[i] - m) / sd - mean) ** 2;
    ss += own;
    df += idx.length - 1;
    schools.push({ login, n: idx.length, mean, ss: own });
  }
  return { schools, sigma2: df > 0 ? ss / df : 1 };
}

export interface ContextFit {
  beta: number[];
  names: string[];
  tau2: number;
  sigma2: number;
  /** Per school: raw residual e_j, its null sd √(τ² + σ²/n_j), EB value added and posterior variance. */
  units: {
    login: string;
    n: number;
    resid: number;
    sdNull: number;
    va: number;
    postVar: number;
    w: number;
  }[];
}

/** log det of a small symmetric positive-definite matrix by Cholesky; NaN when not positive definite. */
function logDetSpd(a: number[][]): number {
  const p = a.length;
  const l = a.map((r) => r.map(() => 0));
  let s = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let v = a[i][j];
      for (let k = 0; k < j; k++) v -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(v > 0)) return NaN;
        l[i][i] = Math.sqrt(v);
        s += Math.log(v);
      } else l[i][j] = v / l[j][j];
    }
  }
  return s;
}

/**
 * §9 with school-level covariates, fitted from school summaries: the pupil-level random-intercept model
 * y_ij = x_jβ + b_j + e_ij by profiled REML (as lme4's `lmer(..., REML = TRUE)`). With covariates constant
 * within a school the pupil likelihood splits into the within-school sum of squares SSW
 * (Σ ss_j of the schools in the fit) and the school means ȳ_j ~ N(x_jβ, σ²(λ + 1/n_j)), λ = τ²/σ²; profiling out β (GLS) and σ² leaves
 * −2ℓ(λ) = (N − p)·log(SSW + Q(λ)) + Σ log(λ + 1/n_j) + log|XᵀWX|, minimized by a 1-D search.
 * Then one robust pass: schools with |ȳ_j − x_jβ|/√(τ² + σ²/n_j) > 2.5 leave the fit (their pupils too) and
 * the model is refitted; their value added uses the refitted β, τ², σ².
 * A moment estimator of τ² was used before; with many tiny schools it was 40 % off REML (see
 * tests/unit/objectivity-eb.test.ts).
 */
export function fitContext(
  means: SchoolMean[],
  sigma2: number,
  covariates: Map<string, number[]>,
  names: string[],
): ContextFit | null {
  const units = means.filter((s) => covariates.has(s.login));
  const p = names.length + 1;
  if (units.length < p + 5) return null;
  const X = units.map((s) => [1, ...covariates.get(s.login)!]);
  const y = units.map((s) => s.mean);
  const solve = (keep: boolean[]) => {
    const idx = units.map((_, j) => j).filter((j) => keep[j]);
    const N = idx.reduce((a, j) => a + units[j].n, 0);
    // Within SS of the schools in the fit; pooled σ² when the means carry no per-school SS.
    const ssw = idx.every((j) => units[j].ss !== undefined)
      ? idx.reduce((a, j) => a + units[j].ss!, 0)
      : sigma2 * (N - idx.length);
    // −2 profiled REML log-likelihood at λ, with its GLS β and REML σ².
    const crit = (lambda: number) => {
      const w = idx.map((j) => 1 / (lambda + 1 / units[j].n));
      const beta = leastSquares(
        idx.map((j) => X[j]),
        idx.map((j) => y[j]),
        w,
      );
      if (!beta) return null;
      let q = 0;
      let logV = 0;
      const xtwx = beta.map(() => beta.map(() => 0));
      idx.forEach((j, r) => {
        const e = y[j] - X[j].reduce((a, x, k) => a + x * beta[k], 0);
        q += w[r] * e * e;
        logV -= Math.log(w[r]);
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) xtwx[a][b] += w[r] * X[j][a] * X[j][b];
      });
      const s2 = (ssw + q) / (N - p);
      return { value: (N - p) * Math.log(s2) + logV + logDetSpd(xtwx), beta, sigma2: s2 };
    };
    // Coarse grid over log λ, then golden-section refinement around the best grid point.
    const lo = Math.log(1e-6);
    const hi = Math.log(1e2);
    const steps = 60;
    let bestK = 0;
    let bestV = Infinity;
    for (let k = 0; k <= steps; k++) {
      const c = crit(Math.exp(lo + ((hi - lo) * k) / steps));
      if (!c) return null;
      if (c.value < bestV) {
        bestV = c.value;
        bestK = k;
      }
    }
    const f = (t: number) => crit(Math.exp(t))!.value;
    let a = lo + ((hi - lo) * Math.max(0, bestK - 1)) / steps;
    let b = lo + ((hi - lo) * Math.min(steps, bestK + 1)) / steps;
    const g = (Math.sqrt(5) - 1) / 2;
    let c = b - g * (b - a);
    let d = a + g * (b - a);
    let fc = f(c);
    let fd = f(d);
    while (b - a > 1e-10) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - g * (b - a);
        fc = f(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + g * (b - a);
        fd = f(d);
      }
    }
    const lambda = Math.exp((a + b) / 2);
    const best = crit(lambda)!;
    return { beta: best.beta, sigma2: best.sigma2, tau2: Math.max(1e-4, lambda * best.sigma2) };
  };
  let fit = solve(units.map(() => true));
  if (!fit) return null;
  const f0 = fit;
  const keep = units.map((s, j) => {
    const e = y[j] - X[j].reduce((a, x, k) => a + x * f0.beta[k], 0);
    return Math.abs(e) / Math.sqrt(f0.tau2 + f0.sigma2 / s.n) <= 2.5;
  });
  fit = solve(keep) ?? fit;
  const { beta, tau2 } = fit;
  const s2 = fit.sigma2;
  return {
    beta,
    names: ['const', ...names],
    tau2,
    sigma2: s2,
    units: units.map((s, j) => {
      const resid = y[j] - X[j].reduce((a, x, k) => a + x * beta[k], 0);
      const eb = ebShrink(resid, s.n, 0, tau2, s2);
      return {
        login: s.login,
        n: s.n,
        resid,
        sdNull: Math.sqrt(tau2 + s2 / s.n),
        va: eb.theta,
        postVar: eb.postVar,
        w: eb.w,
      };
    }),
  };
}

function covariatesOf(
  schools: SchoolMean[],
  ctx: ContextTable | undefined,
  prior: Map<string, number> | undefined,
): { cov: Map<string, number[]>; names: string[] } {
  const names: string[] = [];
  const have = (f: (s: SchoolContext) => unknown) =>
    ctx !== undefined &&
    schools.filter((s) => ctx.get(s.login) && f(ctx.get(s.login)!) !== null).length >= 0.8 * schools.length;
  const useSes = have((c) => c.ses);
  const useUrban = have((c) => c.urban);
  const priorN = prior ? schools.filter((s) => prior.has(s.login)).length : 0;
  const usePrior = prior !== undefined && priorN >= 0.8 * schools.length;
  if (useSes) names.push('ses');
  if (useUrban) names.push('urban');
  if (usePrior) names.push('prior');
  const cov = new Map<string, number[]>();
  for (const s of schools) {
    const c = ctx?.get(s.login);
    const row: number[] = [];
    if (useSes) {
      if (c?.ses == null) continue;
      row.push(c.ses);
    }
    if (useUrban) {
      if (c?.urban == null) continue;
      row.push(c.urban ? 1 : 0);
    }
    if (usePrior) {
      const v = prior!.get(s.login);
      if (v === undefined) continue;
      row.push(v);
    }
    cov.set(s.login, row);
  }
  return { cov, names };
}

export interface ContextOptions {
  minN?: number;
  /** Effect threshold on the EB value added, pupil-sd units. */
  minVa?: number;
  alpha?: number;
}

/**
 * Signal 9: over-performance for context. Regression of the school mean (pupil z) on SES, urban and
 * the cohort's prior result (when given), EB-shrunken residual VA_j = w_j·e_j with CI ±1.96√postVar.
 * The p-value is predictive: e_j against N(0, τ² + σ²/n_j), i.e. unusual even among schools with
 * the same context (stricter than VA/√postVar of §11). Flag: BH q < .05 and VA ≥ 0.2 SD.
 * Every school with ≥ 5 pupils is tested; below 20 pupils the p is simulated from the region's real
 * within-school deviations (small-sample.ts), not the normal law.
 */
export function contextSignals(
  v: ProcView,
  ctx: ContextTable | undefined,
  prior: ProcView | undefined,
  opts: ContextOptions = {},
): { signals: Signal[]; fit: ContextFit | null } {
  const minN = opts.minN ?? 5;
  const minVa = opts.minVa ?? 0.2;
  const alpha = opts.alpha ?? 0.05;
  const { schools, sigma2 } = schoolMeans(v);
  const priorMeans = prior ? new Map(schoolMeans(prior).schools.map((s) => [s.login, s.mean])) : undefined;
  const { cov, names } = covariatesOf(schools, ctx, priorMeans);
  if (names.length === 0) return { signals: [], fit: null };
  const fit = fitContext(schools, sigma2, cov, names);
  if (!fit) return { signals: [], fit: null };
  const meanOf = new Map(schools.map((s) => [s.login, s.mean]));
  let pool: Float64Array | null = null;
  const rows = fit.units
    .filter((u) => u.n >= minN)
    .map((u): Omit<Signal, 'q' | 'flagged'> => {
      const h = 1.96 * Math.sqrt(u.postVar);
      const small = u.n < 20;
      if (small && !pool) pool = withinDeviations(v);
      // The pool is in units of the pupil sd; σ² of the fit is the within variance in those units.
      const p =
        small && pool
          ? simulatedUpper(u.resid, fit.tau2, [{ pool, n: u.n, sign: 1 }], seedOf(u.login, 9))
          : normalUpper(u.resid / u.sdNull);
      return {
        id: 'context-overperformance',
        family: 'context',
        procedure: v.id,
        unitKind: 'school',
        unit: u.login,
        school: u.login,
        n: u.n,
        effect: u.va,
        effectUnit: 'SD',
        ci95: [u.va - h, u.va + h],
        p,
        minN,
        threshold: minVa,
        caveats: [
          `Учтено: ${names.map((x) => ({ ses: 'индекс благополучия', urban: 'тип поселения', prior: 'результат этого же потока годом раньше' })[x] ?? x).join(', ')}.`,
          'Контекст отчасти сам следствие качества работы школы; сильная школа может честно превосходить ожидание.',
          `Оценка сжата к ожидаемому (эмпирический Байес, вес собственных данных ${ru(u.w, 2)}).`,
          ...(small
            ? [
                `Мало учеников (${u.n}): p получено моделированием по распределению баллов региона; данных мало для уверенного вывода.`,
              ]
            : []),
        ],
        explanation: '',
        details: {
          residual: u.resid,
          standardizedResidual: u.resid / u.sdNull,
          vaZ: u.postVar > 0 ? u.va / Math.sqrt(u.postVar) : null,
          weight: u.w,
          tau2: fit.tau2,
          sigma2: fit.sigma2,
        },
        evidence: overperformanceEvidence(meanOf.get(u.login)!, u.resid, u.va, h),
      };
    });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  const signals = rows.map((r, k): Signal => {
    const flagged = q[k] < alpha && r.effect >= minVa;
    return {
      ...r,
      q: q[k],
      flagged,
      evidence: keepEvidence(r.evidence, flagged),
      explanation:
        `Средний результат школы выше ожидаемого для её условий на ${ru(r.effect, 2)} SD — стандартного отклонения ученика ` +
        '(с поправкой на число учеников: у небольших школ оценка осторожнее, ближе к ожидаемому). ' +
        (flagged
          ? 'Результат необычно высок для такого контекста. Возможные причины — сильная работа школы, особенности набора учеников, не отражённые в таблице контекста, а также мягкие условия проведения или проверки. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: подтверждается ли он другими данными (журнал, перепроверка, следующий год), условия проведения.'
          : 'Отклонение от ожидаемого для контекста в пределах обычного разброса школ.'),
    };
  });
  return { signals, fit };
}

/**
 * Bars of an over-performance signal, in pupil-z SD: the school's mean ȳ_j against the mean its
 * context predicts (x_jβ = ȳ_j − e_j), then the EB value added w_j·e_j with its 95 % interval.
 */
function overperformanceEvidence(mean: number, resid: number, va: number, half: number): Evidence {
  return {
    kind: 'bars',
    unit: 'SD',
    bars: [
      { label: 'Средний результат школы', value: roundTo(mean) },
      { label: 'Ожидаемо для её контекста', value: roundTo(mean - resid), expected: true },
      {
        label: 'Превышение после сжатия',
        value: roundTo(va),
        ci95: [roundTo(va - half), roundTo(va + half)],
      },
    ],
  };
}

/**
 * Signal 10: unexpected jump. For the same test in consecutive years (same grade, different cohorts):
 * Δ_j = e_{j,t} − e_{j,t−1} of the context residuals, centred on the median, against a robust null
 * variance τ_Δ² + Var(e_t) noise + Var(e_{t−1}) noise; two-sided; flag BH q < .05 and |Δ| ≥ 2 SD of the
 * regional change (robust).
 */
export function jumpSignals(
  later: { v: ProcView; fit: ContextFit },
  earlier: { v: ProcView; fit: ContextFit },
  opts: { alpha?: number; minN?: number } = {},
): Signal[] {
  const alpha = opts.alpha ?? 0.05;
  const minN = opts.minN ?? 10;
  const before = new Map(earlier.fit.units.map((u) => [u.login, u]));
  const list = later.fit.units
    .filter((u) => u.n >= minN && (before.get(u.login)?.n ?? 0) >= minN)
    .map((u) => {
      const b = before.get(u.login)!;
      return {
        login: u.login,
        n: Math.min(u.n, b.n),
        before: b.resid,
        after: u.resid,
        delta: u.resid - b.resid,
        noise: later.fit.sigma2 / u.n + earlier.fit.sigma2 / b.n,
      };
    });
  if (list.length < 5) return [];
  const med = median(list.map((x) => x.delta));
  const spread = mad(list.map((x) => x.delta));
  const tau2 = Math.max(0, spread ** 2 - median(list.map((x) => x.noise)));
  const rows = list.map((x): Omit<Signal, 'q' | 'flagged'> => {
    const eff = x.delta - med;
    const z = eff / Math.sqrt(tau2 + x.noise);
    const half = 1.96 * Math.sqrt(x.noise);
    return {
      id: 'context-jump',
      family: 'context',
      procedure: later.v.id,
      unitKind: 'school',
      unit: x.login,
      school: x.login,
      n: x.n,
      effect: eff,
      effectUnit: 'SD',
      ci95: [eff - half, eff + half],
      p: Math.min(1, 2 * normalUpper(Math.abs(z))),
      minN,
      threshold: 2 * spread,
      caveats: [`Сравнение ${earlier.v.id} → ${later.v.id}: разные потоки учеников.`],
      explanation: '',
      details: { z, regionalChangeSd: spread },
      evidence: jumpEvidence(earlier.v, later.v, x.before, x.after, eff, half, 2 * spread),
    };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, k): Signal => {
    const flagged = q[k] < alpha && Math.abs(r.effect) >= r.threshold;
    return {
      ...r,
      q: q[k],
      flagged,
      evidence: keepEvidence(r.evidence, flagged),
      explanation:
        `Отклонение от ожидаемого для контекста изменилось за год на ${r.effect >= 0 ? '+' : ''}${ru(r.effect, 2)} SD — стандартного отклонения ученика. ` +
        (flagged
          ? 'Такой скачок необычен для школ региона. Возможные причины — смена учителей или состава учеников, новая программа подготовки, а также изменение условий проведения или проверки. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: условия проведения и проверки в год скачка, смену учителей и состава.'
          : 'Изменение в пределах обычного.'),
    };
  });
}

/**
 * Bars of a jump signal, in pupil-z SD: the school's context residual e_j in the earlier and the later
 * year, then their change net of the region's median change with its 95 % interval against the flag
 * threshold (same sign as the change).
 */
function jumpEvidence(
  earlier: ProcView,
  later: ProcView,
  before: number,
  after: number,
  change: number,
  half: number,
  threshold: number,
): Evidence {
  return {
    kind: 'bars',
    unit: 'SD',
    bars: [
      { label: `Отклонение, ${earlier.grade} кл., ${earlier.year}`, value: roundTo(before) },
      { label: `Отклонение, ${later.grade} кл., ${later.year}`, value: roundTo(after) },
      {
        label: 'Изменение сверх обычного',
        value: roundTo(change),
        ci95: [roundTo(change - half), roundTo(change + half)],
      },
      { label: 'Порог признака', value: roundTo(change < 0 ? -threshold : threshold), expected: true },
    ],
  };
}
