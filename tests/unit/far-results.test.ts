// Results far from the usual picture: a generated subject-year with three works (ВПР, Диагностика,
// Олимпиада) written by the same pupils (codes repeat across the two schools, so matching must use
// the school), planted outliers (an inflated olympiad, a sunk diagnostic, a journal mark far above
// every work, a class whose diagnostic is inflated for six pupils). Every planted case is found,
// nothing else, and every number equals a naive second implementation written here.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/demo/prng.ts';
import { farResults, FAR_Z } from '../../src/domain/objectivity/far-results.ts';
import { farAnswer, farScopes } from '../../workers/far-results.ts';
import type { TaskSpec } from '../../src/domain/model.ts';
import { spread, tinyDataset, type TinyPupil } from './helpers/tiny-dataset.ts';

const TASKS: TaskSpec[] = Array.from({ length: 10 }, (_, i) => ({ id: String(i + 1), max: 3 }));
const MAX = 30;
const KINDS = ['ВПР', 'Диагностика', 'Олимпиада'] as const;
type Kind = (typeof KINDS)[number];
const id = (k: Kind) => `${k}-2026-Математика-7`;

interface Pupil {
  school: string;
  cls: string;
  code: string;
  a: number;
  journal: number;
}

function generate() {
  const rng = mulberry32(20261207);
  const pupils: Pupil[] = [];
  for (const school of ['sch1', 'sch2'])
    for (const [c, cls] of ['7А', '7Б', '7В'].entries())
      for (let k = 0; k < 20; k++) {
        const a = Math.max(-2.4, Math.min(2.4, rng.normal()));
        const journal = a < -1 ? 2 : a < 0 ? 3 : a < 1 ? 4 : 5;
        pupils.push({ school, cls, code: String(100 + 20 * c + k), a, journal });
      }
  const planted = new Set<string>();
  /** Planted pupils write all three works: with two works only, both would differ from «the others». */
  const all3 = new Set<string>();
  const shift = new Map<string, number>(); // `${school}|${code}|${kind}` → shift in sd units
  const at = (school: string, code: string) => pupils.find((p) => p.school === school && p.code === code)!;
  const plant = (p: Pupil, kind: Kind, s: number) => {
    shift.set(`${p.school}|${p.code}|${kind}`, s);
    all3.add(`${p.school}|${p.code}`);
    planted.add(`${p.school}|${p.code}|${id(kind)}`);
  };
  // An olympiad far above a weak pupil's usual results (sch1 7А).
  const weak = at('sch1', '103');
  weak.a = -1.2;
  weak.journal = 2;
  plant(weak, 'Олимпиада', 3);
  // A diagnostic far below a strong pupil's usual results (sch1 7В, same code as a sch2 pupil).
  const strong = at('sch1', '145');
  strong.a = 1.3;
  strong.journal = 5;
  plant(strong, 'Диагностика', -3);
  // A journal «5» far above every work of a weak pupil: all three works carry the sign.
  const inflatedMark = at('sch2', '110');
  inflatedMark.a = -1.8;
  inflatedMark.journal = 5;
  for (const k of KINDS) planted.add(`sch2|110|${id(k)}`);
  all3.add('sch2|110');
  // sch2 7Б: the diagnostic inflated for six weaker pupils.
  const sixOf = pupils.filter((p) => p.school === 'sch2' && p.cls === '7Б' && p.code !== '110').slice(0, 6);
  for (const p of sixOf) {
    p.a = Math.min(p.a, -0.3);
    p.journal = p.a < -1 ? 2 : 3;
    plant(p, 'Диагностика', 3);
  }
  const works = KINDS.map((kind) => {
    const rows: TinyPupil[] = [];
    for (const p of pupils) {
      const writes = kind !== 'Олимпиада' || all3.has(`${p.school}|${p.code}`) || rng.chance(0.5);
      if (!writes) continue;
      const z = p.a + 0.1 * rng.normal() + (shift.get(`${p.school}|${p.code}|${kind}`) ?? 0);
      const total = Math.max(0, Math.min(MAX, Math.round(15 + 4 * z)));
      rows.push({
        school: p.school,
        cls: p.cls,
        code: p.code,
        scores: spread(total, TASKS),
        journal: p.journal,
      });
    }
    // One absent pupil per work: never matched.
    rows.push({ school: 'sch1', cls: '7А', code: '999', scores: spread(0, TASKS), absent: true, journal: 4 });
    return tinyDataset({ kind, grade: 7, year: 2026, tasks: TASKS, scale: null }, rows);
  });
  return { works, planted };
}

/** The same check written the plain way: lists of rows, one work at a time. */
function naive(works: ReturnType<typeof generate>['works']) {
  const rowsOf = works.map((ds) => {
    const rows = [];
    for (let i = 0; i < ds.pupils.n; i++) {
      if (ds.pupils.absent[i]) continue;
      let s = 0;
      for (const col of ds.pupils.scores) s += col[i];
      rows.push({
        key: `${ds.meta.schools[ds.pupils.school[i]].login}|${ds.pupils.code[i]}`,
        s,
        j: ds.pupils.journal[i],
      });
    }
    return rows;
  });
  const stat = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1));
    return { m, sd };
  };
  const z = new Map<string, Map<string, { z: number; jz: number | null }>>();
  works.forEach((ds, w) => {
    const wid = `${ds.meta.procedure.kind}-2026-Математика-7`;
    const st = stat(rowsOf[w].map((r) => r.s));
    const js = stat(rowsOf[w].filter((r) => r.j >= 2).map((r) => r.j));
    for (const r of rowsOf[w]) {
      if (!z.has(r.key)) z.set(r.key, new Map());
      z.get(r.key)!.set(wid, { z: (r.s - st.m) / st.sd, jz: r.j >= 2 ? (r.j - js.m) / js.sd : null });
    }
  });
  const out = new Map<string, { dOthers: number; dJournal: number | null }>();
  let matched = 0;
  for (const [key, m] of z) {
    if (m.size < 2) continue;
    matched++;
    // Against the others: only the work that differs most (ties: every such work).
    const d = new Map<string, number>();
    for (const [w, e] of m) {
      let sum = 0;
      for (const [v, o] of m) if (v !== w) sum += o.z;
      d.set(w, e.z - sum / (m.size - 1));
    }
    let most = 0;
    for (const x of d.values()) most = Math.max(most, Math.abs(x));
    for (const [w, e] of m) {
      let sum = 0;
      let n = 0;
      for (const [v, o] of m)
        if (v !== w) {
          sum += o.z;
          n++;
        }
      const dOthers = e.z - sum / n;
      const dJournal = e.jz === null ? null : e.z - e.jz;
      const farOthers = Math.abs(dOthers) > 2 && Math.abs(dOthers) >= most - 1e-9;
      if (farOthers || (dJournal !== null && Math.abs(dJournal) > 2))
        out.set(`${key}|${w}`, { dOthers, dJournal });
    }
  }
  return { out, matched };
}

describe('far results: olympiads and diagnostics against the pupil’s usual picture', () => {
  const { works, planted } = generate();
  const r = farResults(works);

  it('finds every planted pupil and nothing else', () => {
    const found = new Set(r.pupils.map((p) => `${p.school}|${p.code}|${p.work}`));
    expect([...planted].filter((k) => !found.has(k))).toEqual([]);
    expect([...found].filter((k) => !planted.has(k))).toEqual([]);
    expect(planted.size).toBe(11);
  });

  it('lists the planted class only (6 of its matched pupils in the diagnostic)', () => {
    expect(r.classes.map((c) => [c.school, c.classLabel, c.work, c.flagged, c.matched])).toEqual([
      ['sch2', '7Б', id('Диагностика'), 6, 20],
    ]);
    expect(r.classes[0].share).toBeCloseTo(0.3, 12);
    expect(r.classes[0].reason).toContain('у 6 из 20 обучающихся класса 7Б');
  });

  it('every number equals the naive implementation', () => {
    const n = naive(works);
    expect(r.matched).toBe(n.matched);
    expect(r.matched).toBe(120);
    expect(r.pupils.length).toBe(n.out.size);
    for (const p of r.pupils) {
      const e = n.out.get(`${p.school}|${p.code}|${p.work}`)!;
      expect(p.dOthers!).toBeCloseTo(e.dOthers, 10);
      if (e.dJournal === null) expect(p.dJournal).toBeNull();
      else expect(p.dJournal!).toBeCloseTo(e.dJournal, 10);
      expect(Math.abs(p.dOthers!) > FAR_Z || Math.abs(p.dJournal ?? 0) > FAR_Z).toBe(true);
    }
  });

  it('says why, with the numbers, in neutral words', () => {
    const p = r.pupils.find((x) => x.school === 'sch1' && x.code === '103')!;
    expect(p.work).toBe(id('Олимпиада'));
    expect(p.reason).toMatch(
      /^Признак, нужна проверка: результат работы «Олимпиада · Математика · 7 класс · 2026» \(\d+ б\.\) выше обычного/,
    );
    expect(p.reason).toContain(`по другим работам (2): разница ${p.dOthers!.toFixed(2).replace('.', ',')}`);
    const q = r.pupils.find((x) => x.school === 'sch1' && x.code === '145')!;
    expect(q.reason).toContain('ниже обычного');
  });

  it('a work that cannot be standardised is named and left out', () => {
    const tiny = tinyDataset({ kind: 'Олимпиада', grade: 8, year: 2026, tasks: TASKS }, [
      { school: 'sch1', cls: '8А', code: '1', scores: spread(5, TASKS) },
      { school: 'sch1', cls: '8А', code: '2', scores: spread(9, TASKS) },
    ]);
    const x = farResults([works[0], tiny]);
    expect(x.notes).toContain(
      'Олимпиада-2026-Математика-8: писавших 2 (меньше 5) — результат не стандартизируется, работа не сравнивается.',
    );
    expect(x.matched).toBe(0);
    expect(x.pupils).toEqual([]);
  });
});

describe('the engine side: scopes and the answer', () => {
  const { works } = generate();
  const refs = works.map((ds) => ({ key: id(ds.meta.procedure.kind as Kind), ...ds.meta.procedure }));
  const deps = {
    listProcedures: async () => [
      ...refs,
      { key: 'ВПР-2025-Математика-6', kind: 'ВПР', subject: 'Математика', grade: 6, year: 2025 },
    ],
    loadDataset: async (key: string) => works[refs.findIndex((r) => r.key === key)],
  };

  it('offers subject-years with an olympiad or diagnostic and another work', () => {
    expect(farScopes(refs)).toEqual([{ subject: 'Математика', year: 2026 }]);
    expect(farScopes(refs.filter((r) => r.kind === 'ВПР'))).toEqual([]);
  });

  it('answers with the domain result and the names of the schools listed', async () => {
    const a = await farAnswer(deps, 'Математика', 2026);
    expect(a.pupils).toEqual(farResults(works).pupils);
    expect(a.schoolNames).toEqual({ sch1: 'Школа sch1', sch2: 'Школа sch2' });
    await expect(farAnswer(deps, 'Математика', 2025)).rejects.toThrow(
      'Для сопоставления нужны хотя бы две работы по предмету «Математика» за 2025 год.',
    );
  });
});

describe('one far work does not flag the pupil’s other works', () => {
  it('an extreme olympiad: only the olympiad is set against the other works', () => {
    // 12 pupils, the same order in three works; pupil «1» (the weakest) gets the olympiad's maximum.
    const base = [0, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 12];
    const mk = (kind: string, extreme: boolean) =>
      tinyDataset(
        { kind, grade: 7, year: 2026, tasks: TASKS },
        base.map((s, i) => ({
          school: 'sch1',
          cls: '7А',
          code: String(i + 1),
          scores: spread(extreme && i === 0 ? 30 : s, TASKS),
        })),
      );
    const r = farResults([mk('ВПР', false), mk('Диагностика', false), mk('Олимпиада', true)]);
    const mine = r.pupils.filter((p) => p.code === '1');
    expect(mine.map((p) => p.work)).toEqual(['Олимпиада-2026-Математика-7']);
    // The other works do differ from the mean of the rest by more than 2, through the olympiad alone.
    const z = (w: number) => {
      const xs = base.map((s, i) => (w === 2 && i === 0 ? 30 : s));
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
      return (xs[0] - m) / sd;
    };
    expect(Math.abs(z(0) - (z(1) + z(2)) / 2)).toBeGreaterThan(FAR_Z);
    expect(mine[0].dOthers!).toBeCloseTo(z(2) - (z(0) + z(1)) / 2, 10);
  });
});
