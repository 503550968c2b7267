// Detection quality of the objectivity engine on our own synthetic region (fixed seeds).
// Targets asserted conservatively below the measured figures (see the bench: npm run bench:detect).
import { describe, expect, it } from 'vitest';
import { objectivityReport } from '../../src/domain/objectivity/index.ts';
import { generateRegion } from '../../src/domain/objectivity/synthetic/generate.ts';

function auc(scores: number[], positive: boolean[]): number {
  let num = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!positive[i]) return;
    scores.forEach((b, j) => {
      if (positive[j]) return;
      pairs++;
      num += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return num / pairs;
}

describe('objectivity engine on the synthetic benchmark', () => {
  const region = generateRegion({ seed: 7 });
  const rep = objectivityReport(region.datasets, {
    rechecks: region.rechecks,
    context: region.context,
    seed: 1,
    regionBoot: 100,
  });

  it('the generator plants every type and keeps codes between protocol and re-check', () => {
    const truth = [...region.truth.values()];
    const types = new Set(truth.flatMap((t) => t.types));
    expect([...types].sort()).toEqual(['inflation', 'leak', 'lenient', 'threshold-push']);
    expect(truth.filter((t) => t.lowSes).length).toBeGreaterThan(25);
    const codes = new Set(region.datasets[0].pupils.code);
    expect(region.rechecks[0].pupils.code.every((c) => codes.has(c))).toBe(true);
    expect(region.contextCsv.split('\r\n')[0]).toBe(
      'Логин ОО;Название ОО;Муниципалитет;Тип поселения;Индекс благополучия',
    );
  });

  it('meets AUC ≥ 0.93, recall ≥ 0.75 at FPR ≤ 0.03, low-SES FPR ≤ 0.03 (amber or red)', () => {
    const schools = rep.schools;
    const truth = schools.map((s) => region.truth.get(s.id)!);
    const a = auc(
      schools.map((s) => s.riskScore),
      truth.map((t) => t.manipulated),
    );
    const flagged = schools.map((s) => s.level !== 'none');
    const pos = truth.map((t, i) => (t.manipulated ? i : -1)).filter((i) => i >= 0);
    const neg = truth.map((t, i) => (!t.manipulated ? i : -1)).filter((i) => i >= 0);
    const low = neg.filter((i) => truth[i].lowSes);
    const rate = (idx: number[]) => idx.filter((i) => flagged[i]).length / idx.length;
    expect(a).toBeGreaterThanOrEqual(0.93);
    expect(rate(pos)).toBeGreaterThanOrEqual(0.75);
    expect(rate(neg)).toBeLessThanOrEqual(0.03);
    expect(rate(low)).toBeLessThanOrEqual(0.03);
  });

  it('every signal carries effect, p, q, minN and a Russian explanation', () => {
    expect(rep.signals.length).toBeGreaterThan(500);
    for (const s of rep.signals) {
      expect(Number.isFinite(s.p) && s.p >= 0 && s.p <= 1).toBe(true);
      expect(s.q).toBeGreaterThanOrEqual(s.p - 1e-12);
      expect(s.n).toBeGreaterThanOrEqual(s.minN);
      expect(s.explanation).toMatch(/[а-я]/);
      // Observations and possible causes, never a verdict («Признак завышения …»).
      expect(s.explanation).not.toMatch(/Признак/);
      if (s.flagged) {
        expect(s.q).toBeLessThan(0.05);
        expect(s.explanation).toContain('Возможн');
        expect(s.explanation).toContain('Это нужно проверить, а не считать доказанным.');
      }
    }
    const ids = new Set(rep.signals.map((s) => s.id));
    for (const id of [
      'bunching',
      'journal-higher',
      'recheck-downgrade',
      'cohort-drop',
      'hard-over-easy',
      'common-pattern',
      'context-overperformance',
    ])
      expect(ids.has(id as never)).toBe(true);
    expect(rep.region.length).toBe(6);
  });

  it('an honest region (nothing planted) stays quiet: ≤ 3 % of schools amber or red', () => {
    const honest = generateRegion({ seed: 12, perType: 0 });
    const r = objectivityReport(honest.datasets, {
      rechecks: honest.rechecks,
      context: honest.context,
      regionBoot: 0,
    });
    const flagged = r.schools.filter((s) => s.level !== 'none').length;
    expect(flagged / r.schools.length).toBeLessThanOrEqual(0.03);
    expect(r.schools.filter((s) => s.level === 'red')).toHaveLength(0);
  });

  it('without re-check and context it says so and still reports the score-only signals', () => {
    const r = objectivityReport([region.datasets[0]], { regionBoot: 0, noPattern: true });
    expect(r.notes.join(' ')).toMatch(/перепроверки/);
    expect(r.notes.join(' ')).toMatch(/контекста/);
    expect(r.signals.some((s) => s.id === 'bunching')).toBe(true);
    expect(r.signals.some((s) => s.id === 'context-overperformance')).toBe(false);
  });
});

describe('unexpected year-on-year jump (same test, consecutive years)', () => {
  it('flags the one school whose context residual jumps, and no other', () => {
    const before = generateRegion({ seed: 3, year: 2024, schools: 60, perType: 0 }).datasets[0];
    const after = generateRegion({ seed: 3, year: 2025, schools: 60, perType: 0 });
    const ds = after.datasets[0];
    const p = ds.pupils;
    const target = ds.meta.schools.findIndex(
      (_, j) => Array.from(p.school).filter((s, i) => s === j && !p.absent[i]).length >= 40,
    );
    const login = ds.meta.schools[target].login;
    // Five extra points for every pupil of that school in 2025.
    for (let i = 0; i < p.n; i++) {
      if (p.school[i] !== target || p.absent[i]) continue;
      let extra = 5;
      for (let t = 0; t < p.scores.length && extra > 0; t++)
        while (extra > 0 && p.scores[t][i] < ds.meta.procedure.tasks[t].max) {
          p.scores[t][i]++;
          extra--;
        }
    }
    const r = objectivityReport([before, ds], { context: after.context, regionBoot: 0, noPattern: true });
    const jumps = r.signals.filter((s) => s.id === 'context-jump');
    expect(jumps.length).toBeGreaterThan(20);
    expect(jumps.filter((s) => s.flagged).map((s) => s.school)).toEqual([login]);
    const j = jumps.find((s) => s.school === login)!;
    expect(j.effect).toBeGreaterThan(0.5);
    expect(j.family).toBe('context');
  });
});
