// Combined evidence per school for one pre-stated pattern (issue #15, point 1): «wholesale inflation
// in grade N» predicts BOTH over-performance for context in grade N and a fall of the same cohort in
// grade N+1. Each piece alone is often moderate (p ≈ .002–.01) and loses to its own BH correction;
// the pattern is one hypothesis, tested once per school:
//   z₁ = Φ⁻¹(1 − p) of context-overperformance (grade N), z₂ = Φ⁻¹(1 − p) of cohort-drop (N → N+1),
//   Z = (z₁ + z₂)/√(2 + 2ρ), p = 1 − Φ(Z)  (Stouffer; ρ = the correlation of z₁, z₂ over the region's
//   schools — the two share the grade-N test noise, so they are not quite independent; ρ < 0 is taken
//   as 0, which is conservative), with BH across the schools that have both pieces. With journal
//   marks, the grade-N «ВПР mark above the journal» p is a third piece (z₃, Σz/√(3 + 2Σρ)).
// The direction is part of the hypothesis: a flag needs q < .05 and each piece pointing its way
// (z₁, z₂ ≥ MIN_PIECE_Z). Shown as one finding with both pieces; the official signs are untouched.
import { fixedSigned } from '../text/format.ts';
import { benjaminiHochberg, normalUpper } from './math.ts';
import { normalQuantile } from './small-sample.ts';
import type { Signal } from './types.ts';
import { procedureIdTitle } from '../text/procedure.ts';

/** Each piece must point in the pattern's direction at least this much (one-sided p ≤ .31). */
export const MIN_PIECE_Z = 0.5;

const zOf = (p: number) => Math.min(8.3, Math.max(-8.3, normalQuantile(1 - Math.max(1e-16, Math.min(1, p)))));

/** Pearson correlation of winsorized (±3) pairs; NaN under 10 pairs. */
export function winsorCorrelation(a: readonly number[], b: readonly number[]): number {
  if (a.length < 10) return NaN;
  const w = (x: number) => Math.max(-3, Math.min(3, x));
  const x = a.map(w);
  const y = b.map(w);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Stouffer's combined one-sided p of z₁, z₂ with correlation ρ (ρ < 0 taken as 0). */
export function stouffer2(z1: number, z2: number, rho: number): number {
  const r = Number.isFinite(rho) ? Math.max(0, Math.min(0.95, rho)) : 0;
  return normalUpper((z1 + z2) / Math.sqrt(2 + 2 * r));
}

/**
 * Stouffer's combined one-sided p of k z-values with pairwise correlations (in the order (1,2), (1,3),
 * …, (2,3), …; each negative or undefined one taken as 0): Z = Σz/√(k + 2Σρ).
 */
export function stoufferK(z: readonly number[], rho: readonly number[]): number {
  const r = rho.reduce((t, x) => t + (Number.isFinite(x) ? Math.max(0, Math.min(0.95, x)) : 0), 0);
  return normalUpper(z.reduce((t, x) => t + x, 0) / Math.sqrt(z.length + 2 * r));
}

/**
 * «Inflation then fall» for every school with both the context signal of the earlier procedure and
 * the cohort signal into the later one. `earlierId` / `laterId` are the procedure ids.
 */
export function inflationThenFall(signals: readonly Signal[], earlierId: string, laterId: string): Signal[] {
  const ctx = new Map(
    signals
      .filter((s) => s.id === 'context-overperformance' && s.procedure === earlierId)
      .map((s) => [s.school, s]),
  );
  const journal = new Map(
    signals.filter((s) => s.id === 'journal-higher' && s.procedure === earlierId).map((s) => [s.school, s]),
  );
  const pairs = signals
    .filter((s) => s.id === 'cohort-drop' && s.procedure === laterId && ctx.has(s.school))
    .map((drop) => ({ ctx: ctx.get(drop.school)!, drop, journal: journal.get(drop.school) }));
  if (pairs.length < 10) return [];
  const z1 = pairs.map((p) => zOf(p.ctx.p));
  const z2 = pairs.map((p) => zOf(p.drop.p));
  const z3 = pairs.map((p) => (p.journal ? zOf(p.journal.p) : NaN));
  const rho = winsorCorrelation(z1, z2);
  // The journal piece (ВПР mark above the journal mark in grade N, when journal marks exist) is a third
  // view of the same hypothesis; its correlations with the other two are estimated the same way.
  const withJ = pairs.map((_, k) => k).filter((k) => Number.isFinite(z3[k]));
  const rho13 = winsorCorrelation(
    withJ.map((k) => z1[k]),
    withJ.map((k) => z3[k]),
  );
  const rho23 = winsorCorrelation(
    withJ.map((k) => z2[k]),
    withJ.map((k) => z3[k]),
  );
  const useJ = Number.isFinite(rho13) && Number.isFinite(rho23);
  const rows = pairs.map((pair, k) => ({
    pair,
    z1: z1[k],
    z2: z2[k],
    z3: useJ ? z3[k] : NaN,
    p:
      useJ && Number.isFinite(z3[k])
        ? stoufferK([z1[k], z2[k], z3[k]], [rho, rho13, rho23])
        : stouffer2(z1[k], z2[k], rho),
  }));
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map(({ pair, z1: a, z2: b, z3: j, p }, k): Signal => {
    const flagged = q[k] < 0.05 && a >= MIN_PIECE_Z && b >= MIN_PIECE_Z;
    const c = pair.ctx;
    const d = pair.drop;
    return {
      id: 'inflation-then-fall',
      family: 'context',
      procedure: `${earlierId} → ${laterId}`,
      unitKind: 'school',
      unit: c.school,
      school: c.school,
      n: Math.min(c.n, d.n),
      // The smaller of the two effects (both in pupil SD): the pattern is only as strong as its weaker half.
      effect: Math.min(c.effect, d.effect),
      effectUnit: 'SD',
      ci95: null,
      p,
      q: q[k],
      flagged,
      minN: Math.min(c.minN, d.minN),
      threshold: 0,
      caveats: [
        'Одна заранее заданная гипотеза по двум независимым источникам: результат выше ожидаемого для контекста в первый год и спад этого же потока годом позже; p объединены (метод Стауффера) с поправкой на их связь по региону.',
        ...d.caveats.slice(0, 1),
      ],
      explanation:
        `${procedureIdTitle(c.procedure)}: результат выше ожидаемого для контекста на ${fixedSigned(c.effect, 2)} SD (p ${fixedSigned(c.p, 3)}); ` +
        `годом позже тот же поток опустился относительно региона на ${fixedSigned(d.effect, 2)} SD (p ${fixedSigned(d.p, 3)}). ` +
        (pair.journal && Number.isFinite(j)
          ? `Отметки ВПР в первый год выше журнальных на ${fixedSigned(pair.journal.effect, 0)} п. п. сверх ожидаемого (p ${fixedSigned(pair.journal.p, 3)}). `
          : '') +
        `Вместе p = ${fixedSigned(p, 4)}, q = ${fixedSigned(q[k], 3)}. ` +
        (flagged
          ? 'Оба свидетельства указывают в одну сторону. Возможная причина — завышение результатов первого года (помощь при выполнении, мягкая проверка); возможны и другие: сильный учитель начальной школы, смена учителя или состава класса. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: условия проведения и проверки работ в первый год, работы с высоким баллом, изменения состава класса и учителей.'
          : 'Вместе свидетельства не выходят за порог признака.'),
      details: {
        contextP: c.p,
        contextEffect: c.effect,
        cohortP: d.p,
        cohortEffect: d.effect,
        zContext: a,
        zCohort: b,
        zJournal: Number.isFinite(j) ? j : null,
        journalP: pair.journal && Number.isFinite(j) ? pair.journal.p : null,
        rho: Number.isFinite(rho) ? rho : null,
      },
      evidence: {
        kind: 'bars',
        unit: 'SD ученика',
        bars: [
          {
            label: 'первый год: выше ожидаемого',
            value: c.effect,
            ci95: c.ci95 ?? undefined,
          },
          { label: 'ожидаемо', value: 0, expected: true },
          {
            label: 'год спустя: спад потока',
            value: d.effect,
            ci95: d.ci95 ?? undefined,
          },
          { label: 'обычный спад', value: 0, expected: true },
        ],
      },
    };
  });
}

/**
 * «Lenient marking of multi-point tasks» (issue #15, point 3): the re-check's task-level excess
 * (recheck-tasks, few works) and the protocol's multi-point-over-one-point excess (multi-over-single,
 * every pupil; its procedures combined by Stouffer, different pupils each year) as one hypothesis per
 * school: Z = (z₁ + z₂)/√(2 + 2ρ), BH across schools, both pieces ≥ MIN_PIECE_Z.
 */
export function lenientMarking(signals: readonly Signal[]): Signal[] {
  const rt = new Map(signals.filter((s) => s.id === 'recheck-tasks').map((s) => [s.school, s]));
  const mos = new Map<string, Signal[]>();
  for (const s of signals)
    if (s.id === 'multi-over-single' && rt.has(s.school))
      (mos.get(s.school) ?? mos.set(s.school, []).get(s.school)!).push(s);
  const pairs = [...mos].map(([school, list]) => ({
    a: rt.get(school)!,
    list,
    z2: list.reduce((t, s) => t + zOf(s.p), 0) / Math.sqrt(list.length),
  }));
  if (pairs.length < 10) return [];
  const z1 = pairs.map((p) => zOf(p.a.p));
  const rho = winsorCorrelation(
    z1,
    pairs.map((p) => p.z2),
  );
  const ps = pairs.map((p, k) => stouffer2(z1[k], p.z2, rho));
  const q = benjaminiHochberg(ps);
  return pairs.map(({ a, list, z2 }, k): Signal => {
    const flagged = q[k] < 0.05 && z1[k] >= MIN_PIECE_Z && z2 >= MIN_PIECE_Z;
    const m = list.reduce((t, s) => t + s.effect, 0) / list.length;
    return {
      id: 'lenient-marking',
      family: 'external',
      procedure: a.procedure,
      unitKind: 'school',
      unit: a.school,
      school: a.school,
      n: a.n,
      effect: a.effect,
      effectUnit: 'п.п.',
      ci95: null,
      p: ps[k],
      q: q[k],
      flagged,
      minN: a.minN,
      threshold: 0,
      caveats: [
        'Одна заранее заданная гипотеза по двум источникам: перепроверка по заданиям и задания с развёрнутым ответом против заданий с одним баллом во всём протоколе; p объединены (метод Стауффера) с поправкой на их связь по региону.',
        ...a.caveats.slice(0, 1),
      ],
      explanation:
        `Перепроверка: задания с развёрнутым ответом оценены школой выше, чем комиссией, на ${fixedSigned(a.effect, 1)} п. п. чаще, чем обычно (p ${fixedSigned(a.p, 3)}); ` +
        `во всём протоколе за такие задания ученики получили на ${fixedSigned(m, 2)} балла больше, чем ученики региона с теми же баллами за задания с одним баллом. ` +
        `Вместе p = ${fixedSigned(ps[k], 4)}, q = ${fixedSigned(q[k], 3)}. ` +
        (flagged
          ? 'Оба свидетельства указывают в одну сторону. Возможная причина — мягкая проверка заданий с развёрнутым ответом; возможны и другие: иное прочтение критериев, подготовка именно к таким заданиям. ' +
            'Это нужно проверить, а не считать доказанным. Что проверить: работы с развёрнутым ответом, согласованность критериев у экспертов школы.'
          : 'Вместе свидетельства не выходят за порог признака.'),
      details: {
        recheckP: a.p,
        protocolZ: z2,
        zRecheck: z1[k],
        protocolEffect: m,
        rho: Number.isFinite(rho) ? rho : null,
      },
      evidence: a.evidence,
    };
  });
}
