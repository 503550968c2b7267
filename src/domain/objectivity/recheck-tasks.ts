// Lenient marking seen task by task in the re-check (issue #15, point 3). A school that marks the
// multi-point (teacher-marked) tasks one point too generously leaves a trace in every such task of
// every re-checked work, even when only 3–8 works were re-checked and the totals alone are too few.
// Per school, over all its re-checked works of all procedures:
//   C = cells (work × multi-point task) where the commission gave less than the maximum (room to lift),
//   U = those cells where the school's score is above the commission's.
// Null (hierarchical): the school's rate θ_j ~ Beta(a, b) around the region's rate π (the other
// schools' cells), U ~ BetaBinomial(C, a, b). The spread of θ_j between schools (intra-school
// correlation ρ, a + b = 1/ρ − 1) is estimated robustly from the region — the median of
// r_j²/(1 + (C_j − 1)ρ) equals the χ²₁ median, r_j the binomial Pearson residual — so that a few
// lenient schools do not widen the null for everyone; ρ = 0 gives the binomial.
// The shrunken rate (U + a)/(C + a + b) (the school's posterior mean) is shown next to the raw one.
// Flag: BH q < .05 across schools, U ≥ 3 and a raw excess U/C − π ≥ 5 п.п.
import { fixedSigned } from '../text/format.ts';
import { lnGamma } from '../psychometrics/fdist.ts';
import { overdispersion } from './benchmark.ts';
import type { ProcView } from './data.ts';
import { benjaminiHochberg, binomUpper } from './math.ts';
import type { Signal } from './types.ts';

export interface TaskCells {
  /** Cells with room to lift (commission score < max) on multi-point tasks. */
  cells: number;
  /** Of them: school's score above the commission's. */
  up: number;
  /** Re-checked works. */
  works: number;
}

/** Cells per school over the pairs (protocol, re-check), matched by school and pupil code. */
export function taskCells(pairs: readonly { v: ProcView; recheck: ProcView }[]): Map<string, TaskCells> {
  const out = new Map<string, TaskCells>();
  for (const { v, recheck } of pairs) {
    const row = new Map<string, number>();
    for (let i = 0; i < v.n; i++) row.set(`${v.school[i]}\u0000${v.code[i]}`, i);
    const multi = v.taskMax.map((m, t) => (m > 1 ? t : -1)).filter((t) => t >= 0);
    for (let r = 0; r < recheck.n; r++) {
      const i = row.get(`${recheck.school[r]}\u0000${recheck.code[r]}`);
      if (i === undefined) continue;
      const login = recheck.school[r];
      const acc = out.get(login) ?? out.set(login, { cells: 0, up: 0, works: 0 }).get(login)!;
      acc.works++;
      for (const t of multi) {
        const c = recheck.scores[t][r];
        if (c >= v.taskMax[t]) continue;
        acc.cells++;
        if (v.scores[t][i] > c) acc.up++;
      }
    }
  }
  return out;
}

/** P(U ≥ u) for U ~ BetaBinomial(n, a, b); the binomial(n, π) when a + b is infinite. */
export function betaBinomUpper(u: number, n: number, a: number, b: number): number {
  if (u <= 0) return 1;
  if (u > n) return 0;
  if (!Number.isFinite(a + b)) return binomUpper(u, n, a / (a + b || 1));
  const lnB = (x: number, y: number) => lnGamma(x) + lnGamma(y) - lnGamma(x + y);
  const lnChoose = (k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
  let p = 0;
  for (let k = u; k <= n; k++) p += Math.exp(lnChoose(k) + lnB(k + a, n - k + b) - lnB(a, b));
  return Math.min(1, Math.max(0, p));
}

export function recheckTaskSignals(
  pairs: readonly { v: ProcView; recheck: ProcView }[],
  opts: { alpha?: number; minExcess?: number; minUp?: number } = {},
): Signal[] {
  const alpha = opts.alpha ?? 0.05;
  const minExcess = opts.minExcess ?? 0.05;
  const minUp = opts.minUp ?? 3;
  const cells = taskCells(pairs);
  let C = 0;
  let U = 0;
  for (const c of cells.values()) {
    C += c.cells;
    U += c.up;
  }
  if (C === 0 || cells.size < 5) return [];
  // Robust between-school spread from the region's Pearson residuals at the pooled rate.
  const pi = U / C;
  const used = [...cells.values()].filter((c) => c.cells > 0);
  const rho =
    pi > 0 && pi < 1
      ? Math.min(
          0.5,
          overdispersion(
            used.map((c) => (c.up - c.cells * pi) / Math.sqrt(c.cells * pi * (1 - pi))),
            used.map((c) => c.cells - 1),
          ),
        )
      : 0;
  const procedure = [...new Set(pairs.map((p) => p.v.id))].join(' + ');
  const rows: Omit<Signal, 'q' | 'flagged'>[] = [];
  for (const [login, c] of cells) {
    if (c.cells === 0) continue;
    // The region's rate without the school (its own cells would pull the null toward it).
    const piR = C - c.cells > 0 ? Math.max(1e-6, (U - c.up) / (C - c.cells)) : pi;
    const ab = rho > 0 ? 1 / rho - 1 : Infinity;
    const a = Number.isFinite(ab) ? piR * ab : piR;
    const b = Number.isFinite(ab) ? (1 - piR) * ab : 1 - piR;
    const p = Number.isFinite(ab) ? betaBinomUpper(c.up, c.cells, a, b) : binomUpper(c.up, c.cells, piR);
    const rate = c.up / c.cells;
    const shrunk = Number.isFinite(ab) ? (c.up + a) / (c.cells + ab) : piR;
    rows.push({
      id: 'recheck-tasks',
      family: 'external',
      procedure,
      unitKind: 'school',
      unit: login,
      school: login,
      n: c.works,
      effect: 100 * (rate - piR),
      effectUnit: 'п.п.',
      ci95: null,
      p,
      minN: 1,
      threshold: 100 * minExcess,
      caveats: [
        `Перепроверено работ: ${c.works}; заданий с развёрнутым ответом в них, где комиссия поставила меньше максимума: ${c.cells}.`,
        'Расхождение может объясняться и иным прочтением критериев, а не только мягкой проверкой.',
      ],
      explanation: '',
      details: {
        cells: c.cells,
        up: c.up,
        ratePct: 100 * rate,
        regionPct: 100 * piR,
        shrunkPct: 100 * shrunk,
        rho,
      },
      evidence: {
        kind: 'bars',
        unit: '% заданий',
        bars: [
          { label: 'школа оценила выше комиссии', value: Math.round(1000 * rate) / 10 },
          { label: 'обычно по региону', value: Math.round(1000 * piR) / 10, expected: true },
          { label: 'с поправкой на малое число работ', value: Math.round(1000 * shrunk) / 10 },
        ],
      },
    });
  }
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, k): Signal => {
    const d = r.details!;
    const flagged = q[k] < alpha && (d.up as number) >= minUp && r.effect >= 100 * minExcess;
    return {
      ...r,
      q: q[k],
      flagged,
      explanation:
        `В ${d.up} из ${d.cells} заданий с развёрнутым ответом (${fixedSigned(d.ratePct as number, 0)} %) балл школы выше балла комиссии; ` +
        `обычно по региону — ${fixedSigned(d.regionPct as number, 1)} %; с поправкой на малое число работ — ${fixedSigned(d.shrunkPct as number, 1)} %. ` +
        (flagged
          ? 'Возможная причина — более мягкая проверка заданий с развёрнутым ответом в школе; возможны и другие: иное прочтение критериев, ошибки переноса баллов. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: работы с развёрнутым ответом, согласованность критериев у экспертов школы.'
          : 'Расхождения с комиссией по заданиям в пределах обычных.'),
    };
  });
}
