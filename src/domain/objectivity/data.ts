// A flat view of one Dataset for the signals: present pupils only, with totals, marks and units.
import { procedureId, type Dataset } from '../model.ts';
import type { ScoreMatrix } from '../psychometrics/matrix.ts';
import { markTable } from '../stats/marks.ts';

export interface ProcView {
  id: string;
  grade: number;
  year: number;
  subject: string;
  kind: string;
  maxScore: number;
  /** Lower bounds of marks 3, 4, 5 (empty without a scale). */
  cuts: { mark: number; score: number }[];
  markOf: Uint8Array;
  /** Present pupils. */
  n: number;
  row: Uint32Array; // index into the Dataset's pupil columns
  total: Int32Array;
  mark: Uint8Array; // 0 without a scale
  journal: Uint8Array; // 0 = none
  school: string[]; // login per present pupil
  classId: string[]; // class id or `<login>/?`
  code: string[];
  taskMax: number[];
  /** Task ids of the spec (evidence charts label tasks by them). */
  taskIds: string[];
  taskLevel: (string | null)[];
  /** scores[t][i] of present pupil i. */
  scores: Uint8Array[];
  schools: string[]; // logins in file order (with present pupils or not)
  schoolName: Map<string, string>;
}

export function viewOf(ds: Dataset): ProcView {
  const p = ds.pupils;
  const spec = ds.meta.procedure;
  const taskMax = spec.tasks.map((t) => t.max);
  const maxScore = taskMax.reduce((a, b) => a + b, 0);
  const scale = spec.scale && spec.scale.length >= 2 ? spec.scale : null;
  const markOf = markTable(scale, maxScore);
  const cuts = scale ? scale.slice(1, 4).map((r, k) => ({ mark: k + 3, score: r[0] })) : [];
  let n = 0;
  for (let i = 0; i < p.n; i++) if (!p.absent[i]) n++;
  const row = new Uint32Array(n);
  for (let i = 0, r = 0; i < p.n; i++) if (!p.absent[i]) row[r++] = i;
  const k = p.scores.length;
  const scores = Array.from({ length: k }, (_, t) => {
    const col = new Uint8Array(n);
    for (let r = 0; r < n; r++) col[r] = p.scores[t][row[r]];
    return col;
  });
  const total = new Int32Array(n);
  for (let t = 0; t < k; t++) for (let r = 0; r < n; r++) total[r] += scores[t][r];
  const logins = ds.meta.schools.map((s) => s.login);
  const mark = new Uint8Array(n);
  const journal = new Uint8Array(n);
  const school: string[] = [];
  const classId: string[] = [];
  const code: string[] = [];
  for (let r = 0; r < n; r++) {
    const i = row[r];
    mark[r] = markOf[Math.min(total[r], maxScore)];
    journal[r] = p.journal[i];
    const login = logins[p.school[i]];
    school.push(login);
    const c = p.classIdx[i];
    classId.push(c >= 0 ? ds.meta.classes[c].id : `${login}/?`);
    code.push(p.code[i]);
  }
  return {
    id: procedureId(spec),
    grade: spec.grade,
    year: spec.year,
    subject: spec.subject,
    kind: spec.kind,
    maxScore,
    cuts,
    markOf,
    n,
    row,
    total,
    mark,
    journal,
    school,
    classId,
    code,
    taskMax,
    taskIds: spec.tasks.map((t) => t.id),
    taskLevel: spec.tasks.map((t) => t.level ?? null),
    scores,
    schools: logins,
    schoolName: new Map(ds.meta.schools.map((s) => [s.login, s.name ?? s.login])),
  };
}

/** Present-pupil indices grouped by a key. */
export function groupBy(keys: readonly string[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const g = m.get(k);
    if (g) g.push(i);
    else m.set(k, [i]);
  });
  return m;
}

/** The earlier procedure of the same cohort: same kind and subject, grade − 1, year − 1. */
export function cohortEarlier(later: ProcView, all: ProcView[]): ProcView | undefined {
  return all.find(
    (e) =>
      e !== later &&
      e.kind === later.kind &&
      e.subject === later.subject &&
      e.grade === later.grade - 1 &&
      e.year === later.year - 1,
  );
}

/** The present pupils' scores as the psychometrics module's matrix (columns shared, not copied). */
export function matrixOf(v: ProcView): ScoreMatrix {
  const pupil = new Uint32Array(v.n);
  for (let i = 0; i < v.n; i++) pupil[i] = i;
  return {
    n: v.n,
    k: v.scores.length,
    ids: v.taskMax.map((_, t) => String(t + 1)),
    max: v.taskMax.slice(),
    cols: v.scores,
    pupil,
  };
}

/** Mean and SD of the pupils' primary totals over the whole procedure (the z-score scale). */
export function totalMoments(v: ProcView): { m: number; sd: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < v.n; i++) {
    s += v.total[i];
    s2 += v.total[i] ** 2;
  }
  const m = s / v.n;
  return { m, sd: Math.sqrt(Math.max(1e-9, s2 / v.n - m * m)) };
}
