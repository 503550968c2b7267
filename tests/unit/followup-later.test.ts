// A later work of the same skills as a check: matches by skill text, КЭС, КТ; the teacher's
// correction; the pupils' results on the matched tasks as levels (hand-computed here).
import { describe, expect, it } from 'vitest';
import { generateDemoBundle } from '../../src/domain/demo/generate.ts';
import { DEMO_FOLLOWUP_PROCEDURE } from '../../src/domain/demo/followup.ts';
import { procedureId, type Dataset, type TaskSpec } from '../../src/domain/model.ts';
import {
  correctMatch,
  laterRound,
  matchSkills,
  itemStatus,
  mergeRounds,
} from '../../src/domain/followup/index.ts';

const bundle = generateDemoBundle();
const ds = bundle.datasets.find((d) => procedureId(d.meta.procedure) === DEMO_FOLLOWUP_PROCEDURE)!;
const sheet = bundle.followups[0];
// The origin's tasks with КЭС/КТ codes (the demo spec names only skills).
const origin: TaskSpec[] = ds.meta.procedure.tasks.map((t) => ({
  ...t,
  kes: [`К${t.id}`],
  kt: [`Т${t.id}`],
}));
const NUM = origin.find((t) => t.id === '1')!.skill!;
const SPACE = origin.find((t) => t.id === '13')!.skill!;
const LOGIC = origin.find((t) => t.id === '14')!.skill!;
const later: TaskSpec[] = [
  { id: 'A', max: 3, skill: `  ${NUM.toUpperCase()}.` }, // same skill, other case, final full stop
  { id: 'B', max: 2, skill: 'Пространственное мышление', kes: ['К13'] }, // by КЭС
  { id: 'C', max: 4, skill: 'Рассуждения', kt: ['Т14'] }, // by КТ
  { id: 'D', max: 1, skill: 'Что-то иное' },
];

/** The later work: the sheet's pupils (one absent, one missing) with chosen scores. */
function laterDataset(): { ds: Dataset; scores: Map<string, number[]> } {
  const codes = [...new Set(sheet.items.map((i) => i.code))];
  const present = codes.slice(1); // the first pupil did not write it
  const scores = new Map(present.map((c, j) => [c, [j % 4, j % 3, j % 5, 1]]));
  const n = present.length;
  const absent = Uint8Array.from(present, (_, j) => (j === 0 ? 1 : 0));
  const school = ds.meta.schools.findIndex((s) => s.login === sheet.school);
  return {
    scores,
    ds: {
      meta: { ...ds.meta, procedure: { ...ds.meta.procedure, year: 2027, grade: 6, tasks: later } },
      pupils: {
        n,
        sourceRow: Uint32Array.from(present, (_, j) => j + 2),
        code: present,
        school: new Uint32Array(n).fill(school),
        classIdx: new Int32Array(n),
        absent,
        variant: new Uint16Array(n),
        journal: new Uint8Array(n),
        sex: new Uint8Array(n),
        scores: later.map((_, k) => Uint8Array.from(present, (c) => scores.get(c)![k])),
        codes: later.map(() => new Uint8Array(n)),
      },
    } as Dataset,
  };
}

describe('a later work as a check', () => {
  it('matches by skill text, then КЭС, then КТ; the rest has no match', () => {
    const m = matchSkills(sheet, origin, later);
    const by = new Map(m.map((x) => [x.key, x]));
    expect(by.get(NUM)).toMatchObject({ tasks: ['A'], by: 'skill' });
    expect(by.get(SPACE)).toMatchObject({ tasks: ['B'], by: 'kes' });
    expect(by.get(LOGIC)).toMatchObject({ tasks: ['C'], by: 'kt' });
    for (const x of m.filter((x) => ![NUM, SPACE, LOGIC].includes(x.key)))
      expect(x).toMatchObject({ tasks: [], by: 'none' });
    expect(m.length).toBe(new Set(sheet.items.map((i) => i.key)).size);
  });

  it('the teacher corrects a match; unknown tasks are refused', () => {
    const m = correctMatch(matchSkills(sheet, origin, later), LOGIC, ['D'], later);
    expect(m.find((x) => x.key === LOGIC)).toMatchObject({ tasks: ['D'], by: 'manual' });
    expect(correctMatch(m, NUM, [], later).find((x) => x.key === NUM)).toMatchObject({
      tasks: [],
      by: 'none',
    });
    expect(() => correctMatch(m, NUM, ['Z'], later)).toThrow(/Задания № Z нет/);
  });

  it('results on the matched tasks become levels, pupils found by school and code', () => {
    const { ds: l, scores } = laterDataset();
    const m = matchSkills(sheet, origin, later);
    const { round, found, checked } = laterRound(sheet, m, l, '2027-04-20');
    const absentCode = l.pupils.code[0];
    const col: Record<string, [number, number]> = { [NUM]: [0, 3], [SPACE]: [1, 2], [LOGIC]: [2, 4] };
    let want = 0;
    sheet.items.forEach((it, i) => {
      const s = scores.get(it.code);
      const c = col[it.key];
      let v: string | null = null;
      if (s && it.code !== absentCode && c) {
        const got = s[c[0]];
        v = 2 * got >= c[1] ? 'formed' : got > 0 ? 'partial' : 'unformed';
        want++;
      }
      expect([it.code, it.key, round.results[i]]).toEqual([it.code, it.key, v]);
    });
    expect(checked).toBe(want);
    expect(checked).toBeGreaterThan(0);
    expect(found).toBe(scores.size - 1);
    // Merged, it counts as a third check of the status rule.
    const merged = mergeRounds(sheet, [round], '2027-04-21T00:00:00.000Z');
    expect(merged.rounds.map((r) => r.date)).toEqual([...sheet.rounds.map((r) => r.date), '2027-04-20']);
    const i = merged.items.findIndex((it, k) => round.results[k] === 'unformed');
    expect(itemStatus(merged, i)).toBe('open');
  });
});
