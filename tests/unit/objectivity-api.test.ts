// The objectivity worker's API without a worker: demo datasets in memory, the context in a variable.
import { describe, expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { procedureId } from '../../src/domain/model';
import { createObjectivityApi, type StoredContext } from '../../workers/objectivity.api';

const demo = generateDemo();

function api() {
  let stored: StoredContext | undefined;
  return createObjectivityApi({
    listProcedures: async () =>
      demo.map((d) => ({
        key: procedureId(d.meta.procedure),
        kind: d.meta.procedure.kind,
        subject: d.meta.procedure.subject,
        grade: d.meta.procedure.grade,
        year: d.meta.procedure.year,
      })),
    loadDataset: async (key) => demo.find((d) => procedureId(d.meta.procedure) === key)!,
    getContext: async () => stored,
    setContext: async (v) => void (stored = v),
  });
}

describe('objectivity api', () => {
  test('run → summary by name, school detail and JSON agree', async () => {
    const a = api();
    expect((await a.json()).ok).toBe(false);
    const progress: number[] = [];
    const out = await a.run('ВПР', 'Математика', (f) => void progress.push(f));
    if (!out.ok) throw new Error(out.error.message);
    const s = out.value;
    expect(s.counts.procedures).toBeGreaterThan(1);
    expect(s.schools.length).toBeGreaterThan(0);
    expect(s.schools.some((x) => x.name.includes('СОШ № 12'))).toBe(true);
    // Listed by name, never by score.
    const names = s.schools.map((x) => x.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, 'ru', { numeric: true })));
    expect(s.schools.every((x) => x.level !== 'none')).toBe(true);
    expect(s.notes.some((n) => n.includes('перепроверки'))).toBe(true);
    expect(s.workerMs).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);

    const j = await a.json();
    if (!j.ok) throw new Error(j.error.message);
    const report = JSON.parse(new TextDecoder().decode(j.value));
    const school = s.schools[0].id;
    const d = await a.school(school);
    if (!d.ok) throw new Error(d.error.message);
    const inJson = report.signals.filter((x: { school: string }) => x.school === school);
    expect(d.value.signals.length).toBe(inJson.length);
    for (const sig of d.value.signals) {
      const m = inJson.find(
        (x: { id: string; procedure: string; unit: string }) =>
          x.id === sig.id && x.procedure === sig.procedure && x.unit === sig.unit,
      );
      expect(m.effect).toBe(sig.effect);
      expect(m.q).toBe(sig.q);
      expect(m.ci95).toEqual(sig.ci95);
    }
    expect((await a.school('no-such-school')).ok).toBe(false);
  }, 60_000);

  test('a school page carries its official signs: journal-mismatch equals a naive Spearman ρ', async () => {
    const a = api();
    const out = await a.run('ВПР', 'Математика');
    if (!out.ok) throw new Error(out.error.message);
    const maths = demo.filter((d) => d.meta.procedure.subject === 'Математика');
    const login = maths[0].meta.schools.find((x) => x.name?.includes('СОШ № 10'))!.login;
    const d = await a.school(login);
    if (!d.ok) throw new Error(d.error.message);
    // Average ranks with ties; ρ = Pearson correlation of the ranks.
    const ranks = (xs: number[]) => {
      const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
      const r = new Array<number>(xs.length);
      for (let i = 0; i < order.length;) {
        let j = i;
        while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
        for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
        i = j + 1;
      }
      return r;
    };
    const pearson = (x: number[], y: number[]) => {
      const mx = x.reduce((s, v) => s + v, 0) / x.length;
      const my = y.reduce((s, v) => s + v, 0) / y.length;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      x.forEach((v, i) => {
        sxy += (v - mx) * (y[i] - my);
        sxx += (v - mx) ** 2;
        syy += (y[i] - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    let checked = 0;
    for (const ds of maths) {
      const p = ds.pupils;
      const k = ds.meta.schools.findIndex((x) => x.login === login);
      const journal: number[] = [];
      const total: number[] = [];
      for (let i = 0; i < p.n; i++) {
        if (p.school[i] !== k || p.absent[i] || !p.journal[i]) continue;
        journal.push(p.journal[i]);
        total.push(p.scores.reduce((s, col) => s + col[i], 0));
      }
      const rho = pearson(ranks(journal), ranks(total));
      const sign = d.value.official.find(
        (x) => x.sign === 'journal-mismatch' && x.procedure === procedureId(ds.meta.procedure),
      )!;
      expect(sign.value).toBeCloseTo(rho, 9);
      expect(sign.flagged).toBe(rho < 0);
      checked++;
    }
    expect(checked).toBe(maths.length);
    // The demo plants journal marks that do not follow the results in this school.
    expect(d.value.official.filter((x) => x.sign === 'journal-mismatch' && x.flagged).length).toBeGreaterThan(
      1,
    );
    expect(d.value.official.every((x) => x.school === login)).toBe(true);
  }, 60_000);

  test('an unreadable context file is refused and not stored', async () => {
    const a = api();
    const out = await a.saveContext(new TextEncoder().encode('not,a\ncontext,table'), 'x.csv');
    expect(out.ok).toBe(false);
    const c = await a.context();
    expect(c.ok && c.value).toBe(null);
  });
});
