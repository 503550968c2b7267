// The pair-graph fixture (tests/fixtures/objectivity-pairs): a ФИС ОКО protocol of ВПР 2021
// Математика 5 for 40 schools simulated from a PCM, with five pupils of one class handing in the same
// answer pattern. Imported as the app imports it, the planted class is the one flagged by «похожие
// пары», its pair graph holds the ten pairs of the group, and the pairs' p equal a naive product of
// PCM match probabilities; no honest class of the file is flagged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, FILE_NAME, PLANTED, SCHOOLS } from '../fixtures/objectivity-pairs/generate.ts';
import { importFile } from '../../src/domain/import/import-file.ts';
import { viewOf } from '../../src/domain/objectivity/data.ts';
import { objectivityReport } from '../../src/domain/objectivity/index.ts';
import { fitRegionPcm } from '../../src/domain/objectivity/region-pcm.ts';
import type { Evidence } from '../../src/domain/objectivity/types.ts';
import { pairProb } from '../../src/ui/objectivity/labels.ts';
import { naiveProbs } from './pcm-sim.ts';

const url = new URL(`../fixtures/objectivity-pairs/${FILE_NAME}`, import.meta.url);
const bytes = new Uint8Array(readFileSync(url));

/** The file's pupils read naively: code → class id and task scores. */
function rowsOfCsv(text: string): Map<string, { classId: string; scores: number[] }> {
  const [head, ...lines] = text.split('\r\n').filter((l) => l !== '');
  const cols = head.split(';');
  const tasks = cols.flatMap((c, i) => (/\(\dб\)$/.test(c) ? [i] : []));
  const at = (name: string) => cols.indexOf(name);
  const out = new Map<string, { classId: string; scores: number[] }>();
  for (const line of lines) {
    const cells = line.split(';');
    out.set(cells[at('Код')], {
      classId: `${cells[at('Пользователь')]}/${cells[at('Наименование класса')]}`,
      scores: tasks.map((i) => Number(cells[i])),
    });
  }
  return out;
}

describe('pair-graph fixture', () => {
  const g = generate();
  const rows = rowsOfCsv(new TextDecoder().decode(bytes));

  it('the committed file is the generator’s output (40 schools, one procedure of 16 tasks)', () => {
    expect(new TextDecoder().decode(bytes)).toBe(g.csv);
    expect(new Set([...rows.values()].map((r) => r.classId.split('/')[0])).size).toBe(SCHOOLS);
    expect([...rows.values()].every((r) => r.scores.length === 16)).toBe(true);
    // The planted group: five pupils of the planted class with one and the same pattern.
    expect(g.clique).toHaveLength(PLANTED.copiers);
    const patterns = g.clique.map((c) => rows.get(c)!);
    expect(new Set(patterns.map((r) => r.classId))).toEqual(new Set([g.classId]));
    expect(new Set(patterns.map((r) => r.scores.join(',')))).toHaveProperty('size', 1);
  });

  it('the planted clique is flagged with its ten pairs; honest classes are not', async () => {
    const ds = await importFile(bytes, { fileName: FILE_NAME });
    const proc = ds.meta.procedure;
    expect([proc.kind, proc.subject, proc.grade, proc.year]).toEqual(['ВПР', 'Математика', 5, 2021]);
    expect(ds.pupils.n).toBe(rows.size);
    const rep = objectivityReport([ds], { seed: 1, regionBoot: 0 });
    const pairs = rep.signals.filter((s) => s.id === 'similar-pairs');
    const classes = new Set([...rows.values()].map((r) => r.classId));
    // Every class of ≥ 10 pupils is tested (the generator makes classes of 14–27).
    expect(pairs.length).toBe(classes.size);
    expect(pairs.filter((s) => s.flagged).map((s) => s.unit)).toEqual([g.classId]);

    const s = pairs.find((x) => x.unit === g.classId)!;
    expect(s.details!.largestGroup).toBeGreaterThanOrEqual(PLANTED.copiers);
    expect(s.effect).toBeGreaterThanOrEqual(s.threshold);
    const ev = s.evidence as Extract<Evidence, { kind: 'pairs' }>;
    expect(ev.kind).toBe('pairs');
    const inClass = [...rows].filter(([, r]) => r.classId === g.classId).map(([code]) => code);
    expect(ev.nodes.map((n) => n.code).sort()).toEqual(inClass.sort());
    for (const n of ev.nodes)
      expect(n.total).toBe(rows.get(n.code)!.scores.reduce((a: number, b: number) => a + b, 0));
    expect(ev.edges.length).toBe(s.details!.pairs);
    const code = (i: number) => ev.nodes[i].code;
    const key = (a: string, b: string) => [a, b].sort().join('–');
    const edgeKeys = new Set(ev.edges.map((e) => key(code(e.a), code(e.b))));
    const want = g.clique.flatMap((a, i) => g.clique.slice(i + 1).map((b) => key(a, b)));
    expect(want).toHaveLength(10);
    for (const k of want) expect(edgeKeys.has(k), k).toBe(true);

    // Naive second opinion on the group's pairs: all 16 tasks match, so p = Π_i P(match on i) with
    // P(match on i) = Σ_x P_ix(θ̂)² at the WLE θ̂ of their (common) raw score, and the expected number
    // of matches is Σ_i P(match on i).
    const pcm = fitRegionPcm(viewOf(ds))!;
    expect(pcm.items).toHaveLength(16);
    const total = rows.get(g.clique[0])!.scores.reduce((a, b) => a + b, 0);
    const match = pcm.items.map((it) =>
      naiveProbs(pcm.wle[total], it.thresholds).reduce((a, p) => a + p * p, 0),
    );
    const pAll = match.reduce((a, b) => a * b, 1);
    const expected = match.reduce((a, b) => a + b, 0);
    const group = ev.edges.filter((x) => want.includes(key(code(x.a), code(x.b))));
    expect(group).toHaveLength(10);
    for (const e of group) {
      const [a, b] = [rows.get(code(e.a))!.scores, rows.get(code(e.b))!.scores];
      expect(e.matches).toBe(a.filter((x, t) => x === b[t]).length);
      expect(e.matches).toBe(16);
      expect(e.p / pAll).toBeCloseTo(1, 9);
      expect(Math.abs(e.expected - expected)).toBeLessThanOrEqual(5e-4 + 1e-9);
    }
    expect(ev.edges.every((e) => e.p < 0.001)).toBe(true);
    // Honest classes carry no pair graph (evidence only on flagged signals).
    expect(pairs.filter((x) => x.unit !== g.classId).every((x) => x.evidence === undefined)).toBe(true);
  });
});

describe('p of a pair as the graph prints it', () => {
  it('0,001 and above as the other p; below, two digits cut (never rounded up to 0,001) times 10⁻ⁿ', () => {
    expect(pairProb(0.0123)).toBe('0,012');
    expect(pairProb(0.001)).toBe('0,001');
    expect(pairProb(0.000997)).toBe('9,9·10⁻⁴');
    expect(pairProb(0.00099999999)).toBe('9,9·10⁻⁴');
    expect(pairProb(6.947218e-5)).toBe('6,9·10⁻⁵');
    expect(pairProb(1e-4)).toBe('1·10⁻⁴');
    expect(pairProb(3.2e-12)).toBe('3,2·10⁻¹²');
  });
});
