import { describe, expect, it } from 'vitest';
import { DEMO_SEED, demoSpecs, generateDemo } from '../../src/domain/demo/generate.ts';
import { regionCsvChunks, REGION_CSV_HEADER } from '../../src/domain/demo/region-csv.ts';
import { CellCode, procedureId, type Dataset } from '../../src/domain/model.ts';

const demo = generateDemo();
const byId = new Map(demo.map((d) => [procedureId(d.meta.procedure), d]));
const maxOf = (d: Dataset): number => d.meta.procedure.tasks.reduce((s, t) => s + t.max, 0);

/** Total score of pupil i, naively. */
function total(d: Dataset, i: number): number {
  let s = 0;
  for (const col of d.pupils.scores) s += col[i];
  return s;
}

/** Average ranks (ties share their mean rank). */
function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    for (let k = i; k < j; k++) r[order[k][1]] = (i + j - 1) / 2;
    i = j;
  }
  return r;
}

/** Spearman as the Pearson correlation of average ranks. */
function spearman(xs: number[], ys: number[]): number {
  const rx = ranks(xs);
  const ry = ranks(ys);
  const m = (rx.length - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** A fingerprint of every column and of the metadata (a deep toEqual of ~300 typed arrays is slow). */
function fingerprint(sets: Dataset[]): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => (h = Math.imul(h ^ x, 0x01000193));
  for (const { meta, pupils: p } of sets) {
    for (const ch of JSON.stringify(meta)) mix(ch.charCodeAt(0));
    for (const c of p.code) for (const ch of c) mix(ch.charCodeAt(0));
    for (const a of [
      p.sourceRow,
      p.school,
      p.classIdx,
      p.absent,
      p.variant,
      p.journal,
      p.sex,
      ...p.scores,
      ...p.codes,
    ])
      for (let i = 0; i < a.length; i++) mix(a[i]);
  }
  return (h >>> 0).toString(16);
}

describe('demoSpecs', () => {
  it('lists 2 years × 2 subjects × grades 4, 5 with the documented maxima and scales', () => {
    const specs = demoSpecs();
    expect(specs.map(procedureId).sort()).toEqual(
      [2025, 2026]
        .flatMap((y) =>
          ['Математика', 'Русский язык'].flatMap((s) => [4, 5].map((g) => `ВПР-${y}-${s}-${g}`)),
        )
        .sort(),
    );
    const maxima: Record<string, number> = { 'Математика-4': 20, 'Математика-5': 20, 'Русский язык-4': 38 };
    for (const s of specs) {
      const max = s.tasks.reduce((a, t) => a + t.max, 0);
      if (maxima[`${s.subject}-${s.grade}`]) expect(max).toBe(maxima[`${s.subject}-${s.grade}`]);
      expect(new Set(s.tasks.map((t) => t.id)).size).toBe(s.tasks.length);
      for (const t of s.tasks) expect(t.level === 'Б' || t.level === 'П').toBe(true);
      // Contiguous scale from 0 to the maximum.
      const scale = s.scale!;
      expect(scale[0][0]).toBe(0);
      expect(scale[3][1]).toBe(max);
      for (let k = 1; k < 4; k++) expect(scale[k][0]).toBe(scale[k - 1][1] + 1);
    }
    expect(byId.get('ВПР-2025-Математика-4')!.meta.procedure.scale).toEqual([
      [0, 5],
      [6, 9],
      [10, 14],
      [15, 20],
    ]);
  });
});

describe('generateDemo', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateDemo(DEMO_SEED);
    expect(again.map((d) => d.meta)).toEqual(demo.map((d) => d.meta));
    expect(fingerprint(again)).toBe(fingerprint(demo));
    expect(fingerprint(generateDemo(DEMO_SEED + 1))).not.toBe(fingerprint(demo));
    const other = generateDemo(DEMO_SEED + 1);
    expect(other.length).toBe(demo.length);
    expect(other[0].pupils.scores[0]).not.toEqual(demo[0].pupils.scores[0]);
    expect(other[0].meta.fileHash).not.toBe(demo[0].meta.fileHash);
  });

  it('is fast', () => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      generateDemo(k);
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(300);
  });

  it('produces structurally valid columnar datasets', () => {
    expect(new Set(demo.map((d) => d.meta.fileHash)).size).toBe(demo.length);
    for (const d of demo) {
      const p = d.pupils;
      const { tasks } = d.meta.procedure;
      for (const a of [p.sourceRow, p.school, p.classIdx, p.absent, p.variant, p.journal, p.sex]) {
        expect(a.length).toBe(p.n);
      }
      expect(p.code.length).toBe(p.n);
      expect(p.scores.length).toBe(tasks.length);
      expect(p.codes.length).toBe(tasks.length);
      expect(d.meta.taskHeaders.length).toBe(tasks.length);
      expect(d.meta.rows).toBe(p.n);
      const S = d.meta.schools.length;
      const C = d.meta.classes.length;
      const grade = String(d.meta.procedure.grade);
      const codes = new Set<string>();
      // Count violations instead of asserting per cell: ~1.5M checks stay fast.
      const bad: Record<string, number> = {};
      const check = (ok: boolean, what: string) => {
        if (!ok) bad[what] = (bad[what] ?? 0) + 1;
      };
      for (let i = 0; i < p.n; i++) {
        const c = p.classIdx[i];
        check(p.school[i] < S, 'school');
        check(c >= 0 && c < C && d.meta.classes[c].school === p.school[i], 'class');
        check(p.code[i].length === 5 && p.code[i][0] === grade, 'code');
        codes.add(`${p.school[i]}|${p.code[i]}`);
        check([0, 2, 3, 4, 5].includes(p.journal[i]), 'journal');
        check(p.sex[i] === 1 || p.sex[i] === 2, 'sex');
        check(p.absent[i] ? p.variant[i] === 0 : p.variant[i] === 1 || p.variant[i] === 2, 'variant');
        check(p.sourceRow[i] === i + 2, 'sourceRow');
      }
      tasks.forEach((t, k) => {
        for (let i = 0; i < p.n; i++) {
          check(p.scores[k][i] <= t.max, 'score ≤ max');
          if (p.absent[i]) check(p.codes[k][i] === CellCode.EMPTY, 'absent → EMPTY');
          else check(p.codes[k][i] === CellCode.NUMBER || p.codes[k][i] === CellCode.X, 'code');
          if (p.codes[k][i] !== CellCode.NUMBER) check(p.scores[k][i] === 0, 'coded cell scores 0');
        }
      });
      expect(bad).toEqual({});
      expect(codes.size).toBe(p.n);
      for (const c of d.meta.classes) {
        const school = d.meta.schools[c.school];
        expect(c.id).toBe(`${school.login}/${c.label}`);
        expect(c.label).toMatch(new RegExp(`^${d.meta.procedure.grade}[АБВГ]$`));
      }
    }
  });

  it('describes about 20 schools with 2–4 classes per grade', () => {
    for (const d of demo) {
      expect(d.meta.schools.length).toBeGreaterThanOrEqual(18);
      expect(d.meta.schools.length).toBeLessThanOrEqual(22);
      expect(d.meta.municipalities[0].name).toBe('Демонстрационный муниципальный район');
      for (const s of d.meta.schools) expect(s.login).toMatch(/^demo\d{4}$/);
      const perSchool = new Array<number>(d.meta.schools.length).fill(0);
      for (const c of d.meta.classes) perSchool[c.school]++;
      for (const k of perSchool) expect(k >= 2 && k <= 4).toBe(true);
    }
    const names = demo[0].meta.schools.map((s) => s.name ?? '');
    expect(names.some((n) => n.includes('ООШ'))).toBe(true);
    expect(names.some((n) => n.startsWith('МБОУ «СОШ №'))).toBe(true);
  });

  it('keeps the 2025 grade 4 cohort as the 2026 grade 5 (same schools and class letters)', () => {
    for (const subject of ['Математика', 'Русский язык']) {
      const g4 = byId.get(`ВПР-2025-${subject}-4`)!;
      const g5 = byId.get(`ВПР-2026-${subject}-5`)!;
      expect(g5.meta.schools).toEqual(g4.meta.schools);
      const letters = (d: Dataset) => d.meta.classes.map((c) => `${c.school}${c.label.slice(1)}`);
      expect(letters(g5)).toEqual(letters(g4));
      expect(Math.abs(g5.pupils.n - g4.pupils.n) / g4.pupils.n).toBeLessThan(0.1);
    }
  });

  it('looks like real ВПР results (checked naively)', () => {
    for (const d of demo) {
      const p = d.pupils;
      const max = maxOf(d);
      let absent = 0;
      let x = 0;
      const scores: number[] = [];
      const journal: number[] = [];
      for (let i = 0; i < p.n; i++) {
        if (p.absent[i]) {
          absent++;
          continue;
        }
        const s = total(d, i);
        for (const col of p.codes) if (col[i] === CellCode.X) x++;
        if (p.journal[i] > 0) {
          scores.push(s);
          journal.push(p.journal[i]);
        }
      }
      const present = p.n - absent;
      const completion = scores.reduce((a, s) => a + s, 0) / scores.length / max;
      expect(completion).toBeGreaterThan(0.4);
      expect(completion).toBeLessThan(0.8);
      expect(absent / p.n).toBeGreaterThan(0.02);
      expect(absent / p.n).toBeLessThan(0.1);
      expect(x).toBeGreaterThan(0); // occasional X codes
      expect(x / (present * p.codes.length)).toBeLessThan(0.15);
      expect(spearman(journal, scores)).toBeGreaterThan(0.3);
      // Every mark occurs, and no single one dominates.
      const marks = [0, 0, 0, 0];
      for (const s of scores) marks[d.meta.procedure.scale!.findIndex(([a, b]) => s >= a && s <= b)]++;
      for (const m of marks) expect(m / scores.length).toBeGreaterThan(0.02);
      for (const m of marks) expect(m / scores.length).toBeLessThan(0.6);
    }
  });
});

describe('regionCsvChunks', () => {
  it('writes the region-2021 layout deterministically', () => {
    const text = [...regionCsvChunks(1234, 7, 100)].join('');
    expect([...regionCsvChunks(1234, 7, 500)].join('')).toBe(text);
    expect([...regionCsvChunks(1234, 8, 100)].join('')).not.toBe(text);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(REGION_CSV_HEADER);
    expect(lines[0].split(';').slice(-1)[0]).toBe('балл за 16');
    expect(lines.length).toBe(1235);
    for (const line of lines.slice(1)) {
      const cells = line.split(';');
      expect(cells.length).toBe(25);
      if (cells[7] === 'отсутствовал') continue;
      const sum = cells.slice(9).reduce((a, c) => a + (/^\d$/.test(c) ? Number(c) : 0), 0);
      expect(Number(cells[8])).toBe(sum);
    }
  });
});
