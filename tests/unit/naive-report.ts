// An independent, deliberately naive reference of the oko-report/v1 figures: pupils as plain
// objects, textbook formulas, sorting for ranks, per-pair loops for κ. It shares no code with
// src/domain/report or src/domain/stats (nor, through loadWorld, with the importer): the tests
// hold the engine and the headless command against it.
//
// - toDataset / toWorld: hand-built pupils ⇄ the engine's Dataset (test input only).
// - naiveFigures / naiveUnits / numpyQuantile: the reference itself.
// - loadWorld: a tiny SheetJS loader applying the cell rules of shared/spec/oko-report-v1.md
//   literally, so that real files can be checked without the importer.
import { expect } from 'vitest';
import * as XLSX from 'xlsx';
import type { ClassInfo, Dataset, MarkScale, ProcedureSpec, TaskSpec } from '../../src/domain/model.ts';

/** The parts of a procedure report the reference checks (structural: no import of the engine). */
export interface ReportLike {
  units: { level: string; id: string; parent: string | null; marks?: unknown }[];
}

export interface P {
  code: string;
  school: string;
  cls: string | null; // class label, null = empty class cell
  absent: boolean;
  scores: number[];
  journal: number; // 0 = none
}

export interface World {
  spec: ProcedureSpec;
  /** login → municipality id (undefined = none). */
  schools: [string, string | undefined][];
  municipalities: string[];
  pupils: P[];
}

export function toDataset(w: World): Dataset {
  const schoolIdx = new Map(w.schools.map(([l], i) => [l, i]));
  const classes: ClassInfo[] = [];
  const classIdx = new Map<string, number>();
  for (const p of w.pupils)
    if (p.cls !== null && !classIdx.has(`${p.school}/${p.cls}`)) {
      classIdx.set(`${p.school}/${p.cls}`, classes.length);
      classes.push({ id: `${p.school}/${p.cls}`, school: schoolIdx.get(p.school)!, label: p.cls });
    }
  const n = w.pupils.length;
  const T = w.spec.tasks.length;
  return {
    meta: {
      file: 'test.xlsx',
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: w.spec,
      maximaSource: 'spec',
      taskHeaders: w.spec.tasks.map((t) => t.id),
      rows: n,
      municipalities: w.municipalities.map((id) => ({ id, name: `Район ${id}` })),
      schools: w.schools.map(([login, municipalityId]) => ({
        login,
        name: `Школа ${login}`,
        municipalityId,
      })),
      classes,
      warnings: [
        {
          kind: 'above-max',
          file: 'test.xlsx',
          sheet: 'Лист1',
          row: 3,
          column: '2 (1б)',
          message: 'больше максимума',
        },
      ],
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(w.pupils, (_, i) => i + 2),
      code: w.pupils.map((p) => p.code),
      school: Uint32Array.from(w.pupils, (p) => schoolIdx.get(p.school)!),
      classIdx: Int32Array.from(w.pupils, (p) =>
        p.cls === null ? -1 : classIdx.get(`${p.school}/${p.cls}`)!,
      ),
      absent: Uint8Array.from(w.pupils, (p) => (p.absent ? 1 : 0)),
      variant: new Uint16Array(n),
      journal: Uint8Array.from(w.pupils, (p) => p.journal),
      sex: new Uint8Array(n),
      scores: Array.from({ length: T }, (_, t) =>
        Uint8Array.from(w.pupils, (p) => (p.absent ? 0 : p.scores[t])),
      ),
      codes: Array.from({ length: T }, () => new Uint8Array(n)),
    },
  };
}

/** Dataset → pupil objects: how the reference sees any dataset (the real one included). */
export function toWorld(ds: Dataset): World {
  const p = ds.pupils;
  const pupils: P[] = [];
  for (let i = 0; i < p.n; i++)
    pupils.push({
      code: p.code[i],
      school: ds.meta.schools[p.school[i]].login,
      cls: p.classIdx[i] < 0 ? null : ds.meta.classes[p.classIdx[i]].label,
      absent: p.absent[i] === 1,
      scores: p.scores.map((col) => col[i]),
      journal: p.journal[i],
    });
  return {
    spec: ds.meta.procedure,
    schools: ds.meta.schools.map((s) => [s.login, s.municipalityId]),
    municipalities: ds.meta.municipalities.map((m) => m.id),
    pupils,
  };
}

// ---------------------------------------------------------------- the naive reference

export const Z = 1.96;

export function naiveMark(score: number, scale: MarkScale | null | undefined): number {
  let m = 0;
  (scale ?? []).forEach(([lo, hi], i) => {
    if (score >= lo && score <= hi) m = i + 2; // later (higher) ranges win an overlap
  });
  return m;
}

export function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
export function sd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = avg(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}
export function wilsonPct(x: number, n: number): [number, number] {
  const p = x / n;
  const mid = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
  return [100 * (mid - half), 100 * (mid + half)];
}
export function ranksBySorting(xs: number[]): number[] {
  const sorted = [...xs].sort((a, b) => a - b);
  return xs.map((x) => (sorted.indexOf(x) + sorted.lastIndexOf(x)) / 2 + 1);
}
export function corr(x: number[], y: number[]): number | null {
  if (x.length < 2) return null;
  const mx = avg(x);
  const my = avg(y);
  let a = 0;
  let b = 0;
  let c = 0;
  x.forEach((_, i) => {
    a += (x[i] - mx) * (y[i] - my);
    b += (x[i] - mx) ** 2;
    c += (y[i] - my) ** 2;
  });
  return b === 0 || c === 0 ? null : a / Math.sqrt(b * c);
}
/** ФИОКО status decided exactly in integers: twice the thresholds (120/114, 60/57) are whole. */
export function status(points: number, n: number, parts: TaskSpec[]): string {
  const basic = (t: TaskSpec) => t.level !== 'П' && t.level !== 'В';
  const bar = (hi: boolean) =>
    parts.reduce((a, t) => a + t.max * (basic(t) ? (hi ? 120 : 114) : hi ? 60 : 57), 0);
  return 200 * points >= n * bar(true)
    ? 'sufficient'
    : 200 * points < n * bar(false)
      ? 'insufficient'
      : 'uncertain';
}

export function naiveFigures(ps: P[], spec: ProcedureSpec): Record<string, unknown> {
  const wrote = ps.filter((p) => !p.absent);
  const absent = ps.length - wrote.length;
  const n = wrote.length;
  if (n === 0) return { written: 0, absent };
  const hasScale = !!spec.scale && spec.scale.length > 0;
  const total = (p: P) => p.scores.reduce((a, b) => a + b, 0);
  const totals = wrote.map(total);
  const mean = avg(totals);
  const s = sd(totals);
  const mark = (p: P) => naiveMark(total(p), spec.scale);
  const count = (m: number) => wrote.filter((p) => mark(p) === m).length;
  const [n2, n3, n4, n5] = [count(2), count(3), count(4), count(5)];
  const maxScore = spec.tasks.reduce((a, t) => a + t.max, 0);
  const out: Record<string, unknown> = {
    written: n,
    absent,
    score: {
      mean,
      sd: s,
      ci95: s === null ? null : [mean - (Z * s) / Math.sqrt(n), mean + (Z * s) / Math.sqrt(n)],
    },
    uspevaemost: hasScale ? ((n3 + n4 + n5) / n) * 100 : null,
    kachestvo: hasScale ? ((n4 + n5) / n) * 100 : null,
    sou: hasScale ? (100 * n5 + 64 * n4 + 36 * n3 + 16 * n2) / n : null,
    meanMark:
      hasScale && n2 + n3 + n4 + n5 > 0 ? (2 * n2 + 3 * n3 + 4 * n4 + 5 * n5) / (n2 + n3 + n4 + n5) : null,
  };
  if (hasScale) out.marks = { '2': n2, '3': n3, '4': n4, '5': n5 };
  out.tasks = spec.tasks.map((t, k) => {
    const xs = wrote.map((p) => p.scores[k]);
    const completion = (xs.reduce((a, b) => a + b, 0) / (n * t.max)) * 100;
    // oko-report/v1: Wilson of completion/100 with n = written for every task (a multi-point
    // task enters as its mean share of the maximum).
    const ci: [number, number] = wilsonPct(xs.reduce((a, b) => a + b, 0) / t.max, n);
    const r: Record<string, unknown> = {
      id: t.id,
      completion,
      ci95: ci,
      status: status(
        xs.reduce((a, b) => a + b, 0),
        n,
        [t],
      ),
    };
    if (hasScale) {
      const byMark: Record<string, number | null> = {};
      for (const m of [2, 3, 4, 5]) {
        const g = wrote.filter((p) => mark(p) === m);
        byMark[m] = g.length ? (g.reduce((a, p) => a + p.scores[k], 0) / (g.length * t.max)) * 100 : null;
      }
      r.byMark = byMark;
    }
    return r;
  });
  // Journal: pairs of pupils with a journal mark (and a ВПР mark when there is a scale).
  const pairs = wrote.filter((p) => p.journal >= 2 && p.journal <= 5 && (!hasScale || mark(p) > 0));
  const lower = pairs.filter((p) => mark(p) < p.journal).length;
  const same = pairs.filter((p) => mark(p) === p.journal).length;
  const higher = pairs.filter((p) => mark(p) > p.journal).length;
  let kappa: number | null = null;
  if (hasScale && pairs.length > 0) {
    const w = (a: number, b: number) => 1 - (a - b) ** 2 / 9;
    const po = avg(pairs.map((p) => w(p.journal, mark(p))));
    let pe = 0;
    for (let a = 2; a <= 5; a++)
      for (let b = 2; b <= 5; b++)
        pe +=
          (pairs.filter((p) => p.journal === a).length / pairs.length) *
          (pairs.filter((p) => mark(p) === b).length / pairs.length) *
          w(a, b);
    kappa = 1 - pe === 0 ? null : (po - pe) / (1 - pe);
  }
  const pct = (x: number) => (hasScale && pairs.length ? (100 * x) / pairs.length : null);
  out.journal = {
    n: pairs.length,
    lower: hasScale ? lower : null,
    same: hasScale ? same : null,
    higher: hasScale ? higher : null,
    spearman: corr(ranksBySorting(pairs.map((p) => p.journal)), ranksBySorting(pairs.map(total))),
    lowerPct: pct(lower),
    samePct: pct(same),
    higherPct: pct(higher),
    gap2: hasScale ? pairs.filter((p) => Math.abs(mark(p) - p.journal) >= 2).length : null,
    kappaWeighted: kappa,
  };
  out.histogram = Array.from({ length: maxScore + 1 }, (_, v) => totals.filter((x) => x === v).length);
  // Deficits: insufficient tasks, then skill/КЭС/КТ groups with point-weighted thresholds.
  const tasks = out.tasks as { id: string; completion: number; status: string }[];
  const deficits: Record<string, unknown>[] = tasks
    .filter((t) => t.status === 'insufficient')
    .map((t) => ({ kind: 'task', id: t.id, completion: t.completion, tasks: [t.id] }));
  const groups: { kind: string; id: string; idx: number[] }[] = [];
  const put = (kind: string, id: string | undefined, k: number) => {
    if (!id || !id.trim()) return;
    let g = groups.find((x) => x.kind === kind && x.id === id.trim());
    if (!g) groups.push((g = { kind, id: id.trim(), idx: [] }));
    if (!g.idx.includes(k)) g.idx.push(k);
  };
  spec.tasks.forEach((t, k) => put('skill', t.skill, k));
  spec.tasks.forEach((t, k) => (t.kes ?? []).forEach((e) => put('kes', e, k)));
  spec.tasks.forEach((t, k) => (t.kt ?? []).forEach((e) => put('kt', e, k)));
  // The engine lists groups in first-seen order over tasks, skill/kes/kt interleaved per task.
  const order = new Map<string, number>();
  spec.tasks.forEach((t, k) => {
    for (const [kind, ids] of [
      ['skill', [t.skill]],
      ['kes', t.kes ?? []],
      ['kt', t.kt ?? []],
    ] as const)
      for (const id of ids)
        if (id && id.trim() && !order.has(`${kind}|${id.trim()}`))
          order.set(`${kind}|${id.trim()}`, k * 1000 + order.size);
  });
  groups.sort((a, b) => order.get(`${a.kind}|${a.id}`)! - order.get(`${b.kind}|${b.id}`)!);
  for (const g of groups) {
    const max = g.idx.reduce((a, k) => a + spec.tasks[k].max, 0);
    const got = g.idx.reduce((a, k) => a + wrote.reduce((b, p) => b + p.scores[k], 0), 0);
    const completion = (got / (n * max)) * 100;
    const st = status(
      got,
      n,
      g.idx.map((k) => spec.tasks[k]),
    );
    if (st === 'insufficient')
      deficits.push({ kind: g.kind, id: g.id, completion, tasks: g.idx.map((k) => spec.tasks[k].id) });
  }
  out.deficits = deficits;
  return out;
}

export interface NaiveUnit {
  level: string;
  id: string;
  parent: string | null;
  pupils: P[];
}

export function naiveUnits(w: World): NaiveUnit[] {
  const muniOf = new Map(w.schools);
  const known = new Set(w.municipalities);
  const out: NaiveUnit[] = [{ level: 'all', id: 'all', parent: null, pupils: w.pupils }];
  for (const m of w.municipalities)
    out.push({
      level: 'municipality',
      id: m,
      parent: 'all',
      pupils: w.pupils.filter((p) => muniOf.get(p.school) === m),
    });
  for (const [login, m] of w.schools) {
    const ps = w.pupils.filter((p) => p.school === login);
    out.push({ level: 'school', id: login, parent: m && known.has(m) ? m : 'all', pupils: ps });
  }
  for (const [login] of w.schools)
    out.push({
      level: 'parallel',
      id: `${login}#${w.spec.grade}`,
      parent: login,
      pupils: w.pupils.filter((p) => p.school === login),
    });
  const classes: string[] = [];
  for (const p of w.pupils)
    if (p.cls !== null && !classes.includes(`${p.school}/${p.cls}`)) classes.push(`${p.school}/${p.cls}`);
  const bySchoolClass = new Map<string, P[]>();
  for (const p of w.pupils)
    if (p.cls !== null)
      bySchoolClass.set(`${p.school}/${p.cls}`, [...(bySchoolClass.get(`${p.school}/${p.cls}`) ?? []), p]);
  for (const c of classes) {
    const ps = bySchoolClass.get(c)!;
    out.push({ level: 'class', id: c, parent: `${ps[0].school}#${w.spec.grade}`, pupils: ps });
  }
  return out;
}

/** Deep comparison: numbers within tol (absolute, or relative for large values), the rest exactly. */
export function expectMatch(got: unknown, want: unknown, path: string, tol: number): void {
  if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    const d = Math.abs((got as number) - want);
    expect(d <= tol * Math.max(1, Math.abs(want)), `${path}: ${got} vs ${want}`).toBe(true);
  } else if (want === null || typeof want !== 'object') expect(got, path).toBe(want);
  else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, `${path}.length`).toBe(want.length);
    want.forEach((v, i) => expectMatch((got as unknown[])[i], v, `${path}[${i}]`, tol));
  } else {
    const g = got as Record<string, unknown>;
    for (const [k, v] of Object.entries(want)) expectMatch(g?.[k], v, `${path}.${k}`, tol);
  }
}

export function checkAgainstReference(w: World, report: ReportLike, tol = 1e-6): void {
  const want = naiveUnits(w);
  expect(report.units.map((u) => `${u.level}:${u.id}`)).toEqual(want.map((u) => `${u.level}:${u.id}`));
  want.forEach((nu, i) => {
    const u = report.units[i];
    const path = `${nu.level}:${nu.id}`;
    expect(u.parent, path).toBe(nu.parent);
    const figures = naiveFigures(nu.pupils, w.spec);
    expectMatch(u, figures, path, tol);
    if (figures.written === 0)
      expect(Object.keys(u).sort(), path).toEqual(['absent', 'id', 'level', 'name', 'parent', 'written']);
    if (!figures.marks) expect(u.marks, path).toBeUndefined();
  });
}

/**
 * Like expectMatch, but collects the differences instead of failing at the first (one expect per
 * number is slow over the 30 000 numbers of a region): numbers within tol (absolute, or relative
 * for large values), the rest exactly; only the fields of `want` are compared.
 */
export function mismatches(
  got: unknown,
  want: unknown,
  path: string,
  tol: number,
  out: string[] = [],
): string[] {
  if (typeof want === 'number') {
    if (typeof got !== 'number' || !(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want))))
      out.push(`${path}: ${JSON.stringify(got)} vs ${want}`);
  } else if (want === null || typeof want !== 'object') {
    if (got !== want) out.push(`${path}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  } else if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length)
      out.push(`${path}: ${JSON.stringify(got)} vs an array of ${want.length}`);
    else want.forEach((v, i) => mismatches(got[i], v, `${path}[${i}]`, tol, out));
  } else if (got === null || typeof got !== 'object')
    out.push(`${path}: ${JSON.stringify(got)} vs an object`);
  else
    for (const [k, v] of Object.entries(want))
      mismatches((got as Record<string, unknown>)[k], v, `${path}.${k}`, tol, out);
  return out;
}

/**
 * The fields of a unit that oko-report/v1 binds (written, absent, score, marks, У, КЗ, СОУ, mean
 * mark, task completion and its interval, journal agreement, histogram), from naiveFigures.
 */
export function bindingFigures(f: Record<string, unknown>): Record<string, unknown> {
  if (f.written === 0) return { written: 0, absent: f.absent };
  const out: Record<string, unknown> = {};
  for (const k of [
    'written',
    'absent',
    'score',
    'marks',
    'uspevaemost',
    'kachestvo',
    'sou',
    'meanMark',
    'histogram',
  ])
    if (f[k] !== undefined) out[k] = f[k];
  out.tasks = (f.tasks as Record<string, unknown>[]).map((t) => ({
    id: t.id,
    completion: t.completion,
    ci95: t.ci95,
  }));
  const j = f.journal as Record<string, unknown>;
  out.journal = { n: j.n, lower: j.lower, same: j.same, higher: j.higher, spearman: j.spearman };
  return out;
}

/** numpy.quantile(method='linear'), written again: sort, h = (n − 1)p, interpolate. */
export function numpyQuantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const f = Math.floor(h);
  return f + 1 < s.length ? s[f] + (h - f) * (s[f + 1] - s[f]) : s[f];
}

// ---------------------------------------------------------------- a literal SheetJS loader

/** Where a layout keeps its columns (header texts compared lower-case, spaces collapsed). */
export interface SheetLayout {
  /** Sheet name; the first sheet whose first rows hold the login header when omitted. */
  sheet?: string;
  login: string;
  variants: RegExp;
  klass: string;
  journal: RegExp;
  /** Municipality column: its trimmed text (region-2020: the `reg…_vpr_m…` token) is the key. */
  municipality?: string;
  /** Task columns in column order; the n-th one is the spec's n-th task. */
  tasks: RegExp;
}

export const SHEET_LAYOUTS = {
  'region-2021': {
    login: 'логин школы',
    variants: /^вариант$/,
    klass: 'класс',
    journal: /^отметка за предыдущ/,
    municipality: 'регион',
    tasks: /^балл за \d+$/,
  },
  'region-2020': {
    login: 'user',
    variants: /^var-\d+$/,
    klass: 'klass',
    journal: /^otc$/,
    municipality: 'groups',
    tasks: /^a-\d+-grade$/,
  },
  'fisoko-protocol': {
    sheet: 'Протокол',
    login: 'пользователь',
    variants: /^вариант/,
    klass: 'наименование класса',
    journal: /^отметка за предыдущ/,
    municipality: 'муниципалитет',
    tasks: /\(\d+б\)$/,
  },
} satisfies Record<string, SheetLayout>;

export type CellWarningKind = 'above-max' | 'negative' | 'fractional' | 'text';

export interface LoadedFile {
  world: World;
  /** Source row (1-based, as Excel shows it) of each pupil of world.pupils. */
  rows: number[];
  /** Cells that score 0 with a warning, by the spec's list. */
  warnings: { row: number; column: string; kind: CellWarningKind }[];
}

/** Codes that score 0 silently (after trimming spaces and no-break spaces). */
const SILENT_CODES = ['', 'X', 'x', 'Х', 'х', 'не пройд.', 'Н', 'н', 'H', 'h', '-'];
const ABSENT_WORDS = ['отсутствовал', 'не присутствовал'];
const LOOKALIKE: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/** Cell as text, trimmed (String.prototype.trim strips no-break spaces too). */
export function cellText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** The spec's class label: trimmed, spaces collapsed, upper-cased, `4.0` → `4`, Latin → Cyrillic, grade added. */
export function naiveClassLabel(v: unknown, grade: number): string | null {
  let s = cellText(v).replace(/\s+/g, ' ').toUpperCase();
  if (s === '') return null;
  if (/^\d+\.0+$/.test(s)) s = String(Number(s));
  s = s.replace(/[ABCEHKMOPTX]/g, (c) => LOOKALIKE[c]);
  if (s === 'НЕТ' || s === '-') return String(grade);
  if (!/\d/.test(s)) return `${grade}${s}`;
  return s;
}

/** Journal mark: the cell as text an integer 2..5 (`4`, `4 `, `4.0`), else 0. */
export function naiveJournal(v: unknown): number {
  const m = /^([2-5])(?:\.0+)?$/.exec(cellText(v));
  return m ? Number(m[1]) : 0;
}

/** A task cell → its score and, for a cell that scores 0 with a warning, why. */
export function naiveTaskCell(v: unknown, max: number): { score: number; warn?: CellWarningKind } {
  let x: number;
  if (typeof v === 'number') x = v;
  else {
    const s = cellText(v);
    if (SILENT_CODES.includes(s)) return { score: 0 };
    if (!/^[+-]?\d+(?:[.,]\d+)?$/.test(s)) return { score: 0, warn: 'text' };
    x = Number(s.replace(',', '.'));
  }
  if (x < 0) return { score: 0, warn: 'negative' };
  if (!Number.isInteger(x)) return { score: 0, warn: 'fractional' };
  if (x > max) return { score: 0, warn: 'above-max' };
  return { score: x };
}

function headerKey(v: unknown): string {
  return cellText(v).replace(/\s+/g, ' ').toLowerCase();
}

/**
 * One result file → pupils, by the spec's definitions read literally: a row with a school login
 * is a pupil; absent when every non-empty variant cell says отсутствовал / не присутствовал (and
 * one does) or no task cell holds anything; task cells by the spec's list; journal 2..5; class label.
 */
export function loadWorld(bytes: Uint8Array, layout: SheetLayout, spec: ProcedureSpec): LoadedFile {
  const wb = XLSX.read(bytes, { type: 'array', dense: true });
  const names = layout.sheet ? [layout.sheet] : wb.SheetNames;
  for (const name of names) {
    const ws = wb.Sheets[name];
    if (!ws?.['!ref']) continue;
    const first = XLSX.utils.decode_range(ws['!ref']).s.r;
    const grid = XLSX.utils.sheet_to_json<unknown[]>(ws, {
      header: 1,
      raw: true,
      defval: null,
      blankrows: true,
    });
    const h = grid.slice(0, 30).findIndex((r) => r.some((c) => headerKey(c) === layout.login));
    if (h >= 0) return loadRows(grid, h, first, layout, spec);
  }
  throw new Error(`naive loader: no sheet with the header «${layout.login}»`);
}

function loadRows(
  grid: unknown[][],
  h: number,
  firstRow: number,
  layout: SheetLayout,
  spec: ProcedureSpec,
): LoadedFile {
  const head = grid[h].map(headerKey);
  const raw = grid[h].map(cellText);
  const col = (name: string) => head.indexOf(name);
  const login = col(layout.login);
  const klass = col(layout.klass);
  const journal = head.findIndex((x) => layout.journal.test(x));
  const municipality = layout.municipality ? col(layout.municipality) : -1;
  const code = ['код обучающегося', 'code', 'код'].map(col).find((c) => c >= 0) ?? -1;
  const variants = head.flatMap((x, c) => (layout.variants.test(x) ? [c] : []));
  const taskCols = head.flatMap((x, c) => (layout.tasks.test(x) ? [c] : [])).slice(0, spec.tasks.length);
  if (taskCols.length !== spec.tasks.length) throw new Error('naive loader: fewer task columns than tasks');

  const out: LoadedFile = {
    world: { spec, schools: [], municipalities: [], pupils: [] },
    rows: [],
    warnings: [],
  };
  const seen = new Set<string>();
  const municipalities = new Set<string>();
  for (let r = h + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const school = cellText(row[login]);
    if (school === '') continue;
    const excelRow = firstRow + r + 1;
    const vs = variants.map((c) => cellText(row[c]).toLowerCase()).filter((s) => s !== '');
    const absentMarks = vs.filter((s) => ABSENT_WORDS.includes(s)).length;
    const anyTask = taskCols.some((c) => cellText(row[c]) !== '');
    const absent = (absentMarks > 0 && absentMarks === vs.length) || !anyTask;
    const scores = spec.tasks.map((t, k) => {
      const cell = naiveTaskCell(row[taskCols[k]], t.max);
      if (cell.warn) out.warnings.push({ row: excelRow, column: raw[taskCols[k]], kind: cell.warn });
      return cell.score;
    });
    if (!seen.has(school)) {
      seen.add(school);
      let m: string | undefined;
      if (municipality >= 0) {
        const text = cellText(row[municipality]);
        m = layout.municipality === 'groups' ? /\breg\d+_vpr_m\d+\b/.exec(text)?.[0] : text || undefined;
      }
      if (m && !municipalities.has(m)) {
        municipalities.add(m);
        out.world.municipalities.push(m);
      }
      out.world.schools.push([school, m]);
    }
    out.world.pupils.push({
      code: code >= 0 ? cellText(row[code]) : '',
      school,
      cls: naiveClassLabel(klass >= 0 ? row[klass] : null, spec.grade),
      absent,
      scores: absent ? scores.map(() => 0) : scores,
      journal: journal >= 0 ? naiveJournal(row[journal]) : 0,
    });
    out.rows.push(excelRow);
  }
  return out;
}
