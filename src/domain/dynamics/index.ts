// Dynamics of results (issue «Анализ результатов», point 3): the same subject and grade over the
// years, and the same cohort across grades (grade N in year Y → N + 1 in Y + 1, or in Y).
// Marks-level indicators (У, КЗ, СОУ, % выполнения, доля «2») are compared whatever the tasks;
// a per-task comparison is offered only between works with identical task sets (ФИОКО: «compare
// years only when the codifier positions are identical»). Pure: reports in, series out.
import { compareProcedures } from '../report/compare.ts';
import { ALL_UNIT_ID, findUnit } from '../report/analyze.ts';
import { cohortPredecessor } from '../report/signs.ts';
import { LEVEL_WORDS } from '../text/labels.ts';
import type { ProcedureReport, UnitLevel, UnitReport } from '../report/types.ts';

/** ФИОКО: a rise of the share of «2» by this many percentage points is negative dynamics. */
export const NEGATIVE_SHARE2_PP = 10;

export interface DynamicsUnit {
  level: UnitLevel;
  id: string;
}

export interface YearSeriesKey {
  kind: string;
  subject: string;
  grade: number;
}

export interface CohortSeriesKey {
  kind: string;
  subject: string;
  /** The cohort's first work; without it the earliest start of the longest chain is taken. */
  start?: { grade: number; year: number };
}

export interface TaskPoint {
  id: string;
  completion: number;
}

export interface DynamicsPoint {
  year: number;
  grade: number;
  procedureId: string;
  /** The unit as found in this procedure (a class id changes with the grade). */
  unitId: string;
  unitName: string;
  written: number;
  uspevaemost: number | null;
  kachestvo: number | null;
  sou: number | null;
  /** Mean primary score as % of the maximum: mean / max · 100. */
  meanPct: number | null;
  /** Share of «2» among those who wrote, %. */
  share2: number | null;
  /** Task set identical to the previous point's (null for the first point). */
  comparableWithPrevious: boolean | null;
  /** Per-task completion: only when the task set is identical to a neighbouring point's. */
  tasks?: TaskPoint[];
}

export type NoteKind = 'incompatible' | 'negative' | 'by-letter' | 'missing';

export interface DynamicsNote {
  kind: NoteKind;
  /** Russian, for the screen. */
  text: string;
}

export interface DynamicsSeries {
  points: DynamicsPoint[];
  notes: DynamicsNote[];
}

const pctOf = (a: number, b: number): number | null => (b > 0 ? (100 * a) / b : null);

function pointOf(p: ProcedureReport, u: UnitReport): DynamicsPoint {
  const hasMarks = u.marks !== undefined && u.uspevaemost !== null && u.uspevaemost !== undefined;
  return {
    year: p.year,
    grade: p.grade,
    procedureId: p.id,
    unitId: u.id,
    unitName: u.name,
    written: u.written,
    uspevaemost: u.uspevaemost ?? null,
    kachestvo: u.kachestvo ?? null,
    sou: u.sou ?? null,
    meanPct: u.score && p.maxScore > 0 ? (100 * u.score.mean) / p.maxScore : null,
    share2: hasMarks ? pctOf(u.marks!['2'], u.written) : null,
    comparableWithPrevious: null,
  };
}

const specOf = (p: ProcedureReport) => ({
  subject: p.subject,
  tasks: p.tasks.map((t) => ({ id: t.id, max: t.max })),
});

/** «2025 г., 4 кл.» — how a point is named in the notes. */
function pointName(p: DynamicsPoint, withGrade: boolean): string {
  return withGrade ? `${p.grade} кл. ${p.year} г.` : `${p.year} г.`;
}

const fmt = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  useGrouping: false,
});
/** A value as `fmt` prints it, back as a number (the same Intl rounding). */
const shown = (x: number) => Number(plain.format(x));

/**
 * Link consecutive points: task-set compatibility (per-task data only for compatible pairs) and the
 * ФИОКО negative-dynamics rule on the share of «2». Adds the notes.
 */
function link(
  pairs: { report: ProcedureReport; unit: UnitReport }[],
  withGrade: boolean,
  notes: DynamicsNote[],
): DynamicsPoint[] {
  const points = pairs.map(({ report, unit }) => pointOf(report, unit));
  const withTasks = new Set<number>();
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const cmp = compareProcedures(specOf(pairs[i - 1].report), specOf(pairs[i].report));
    b.comparableWithPrevious = cmp.compatible;
    const pair = `${pointName(a, withGrade)} → ${pointName(b, withGrade)}`;
    if (cmp.compatible) {
      withTasks.add(i - 1).add(i);
    } else {
      notes.push({
        kind: 'incompatible',
        text:
          `${pair}: наборы заданий различаются, поэтому сравнение по заданиям не проводится; ` +
          `сравниваются только показатели по отметкам (У, КЗ, СОУ, % выполнения, доля «2»). ` +
          `Причины: ${cmp.reasons.join(' ')}`,
      });
    }
    if (a.share2 !== null && b.share2 !== null && b.share2 - a.share2 >= NEGATIVE_SHARE2_PP) {
      notes.push({
        kind: 'negative',
        text:
          // The rise is told between the printed shares, so that the sentence adds up.
          `${pair}: доля «2» выросла на ${fmt.format(shown(shown(b.share2) - shown(a.share2)))} п. п. ` +
          `(${fmt.format(a.share2)} % → ${fmt.format(b.share2)} %) — отрицательная динамика ` +
          `(рост на ${NEGATIVE_SHARE2_PP} п. п. и более).`,
      });
    }
  }
  for (const i of withTasks) {
    const u = pairs[i].unit;
    if (u.tasks) points[i].tasks = u.tasks.map((t) => ({ id: t.id, completion: t.completion }));
  }
  return points;
}

const unitWord = LEVEL_WORDS;

/** The same subject, grade and kind over the years, for one unit (its id is the same every year). */
export function yearSeries(
  reports: ProcedureReport[],
  key: YearSeriesKey,
  unit: DynamicsUnit,
): DynamicsSeries {
  const notes: DynamicsNote[] = [];
  const chosen = reports
    .filter((r) => r.kind === key.kind && r.subject === key.subject && r.grade === key.grade)
    .sort((a, b) => a.year - b.year);
  const pairs: { report: ProcedureReport; unit: UnitReport }[] = [];
  const missing: number[] = [];
  for (const report of chosen) {
    const u = findUnit(report, unit.level, unit.level === 'all' ? ALL_UNIT_ID : unit.id);
    if (u && u.written > 0) pairs.push({ report, unit: u });
    else missing.push(report.year);
  }
  if (missing.length && pairs.length)
    notes.push({
      kind: 'missing',
      text: `Нет результатов (${unitWord[unit.level]} не писали работу): ${missing.map((y) => `${y} г.`).join(', ')}.`,
    });
  const points = link(pairs, false, notes);
  return { points, notes: order(notes) };
}

/** Notes in a stable order: what is missing, how units were matched, task sets, then dynamics. */
function order(notes: DynamicsNote[]): DynamicsNote[] {
  const rank: Record<NoteKind, number> = { missing: 0, 'by-letter': 1, incompatible: 2, negative: 3 };
  return notes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => rank[a.n.kind] - rank[b.n.kind] || a.i - b.i)
    .map((x) => x.n);
}

/**
 * The procedure that follows `p` for the same pupils: grade + 1 next year, else the same year; and
 * `p` must be that procedure's own predecessor (cohortPredecessor), so no work joins two cohorts.
 */
export function cohortSuccessor(p: ProcedureReport, all: ProcedureReport[]): ProcedureReport | undefined {
  const next = all.filter(
    (e) =>
      e.kind === p.kind &&
      e.subject === p.subject &&
      e.grade === p.grade + 1 &&
      (e.year === p.year + 1 || e.year === p.year),
  );
  const q = next.find((e) => e.year === p.year + 1) ?? next[0];
  return q && cohortPredecessor(q, all) === p ? q : undefined;
}

/** The chain of procedures of one cohort from `start` on. */
export function cohortChain(start: ProcedureReport, all: ProcedureReport[]): ProcedureReport[] {
  const chain = [start];
  for (let p = cohortSuccessor(start, all); p && !chain.includes(p); p = cohortSuccessor(p, all))
    chain.push(p);
  return chain;
}

export interface CohortStart {
  grade: number;
  year: number;
  /** The grades and years of the chain, first to last. */
  steps: { grade: number; year: number }[];
}

/**
 * Every cohort with at least two works: chains that start at a procedure with no predecessor
 * (so a 4 → 5 → 6 chain is offered once, not also as 5 → 6). Longest first, then earliest.
 */
export function cohortStarts(
  reports: ProcedureReport[],
  key: { kind: string; subject: string },
): CohortStart[] {
  const mine = reports.filter((r) => r.kind === key.kind && r.subject === key.subject);
  const followers = new Set(mine.map((r) => cohortSuccessor(r, mine)).filter((r) => r !== undefined));
  return mine
    .filter((r) => !followers.has(r))
    .map((r) => cohortChain(r, mine))
    .filter((c) => c.length >= 2)
    .map((c) => ({
      grade: c[0].grade,
      year: c[0].year,
      steps: c.map((r) => ({ grade: r.grade, year: r.year })),
    }))
    .sort((a, b) => b.steps.length - a.steps.length || a.year - b.year || a.grade - b.grade);
}

/** `4А` → `А` when the label is the grade followed by a letter (spaces and a dash allowed). */
export function classLetter(label: string, grade: number): string | null {
  const m = /^\s*(\d{1,2})\s*[-–]?\s*(\p{L}{1,3})\s*$/u.exec(label);
  return m && Number(m[1]) === grade ? m[2].toLocaleUpperCase('ru') : null;
}

/** The same unit in a later procedure of the cohort: same ids, a parallel by login, a class by letter. */
function follow(prev: UnitReport, from: ProcedureReport, to: ProcedureReport): UnitReport | undefined {
  switch (prev.level) {
    case 'all':
    case 'municipality':
    case 'school':
      return findUnit(to, prev.level, prev.id);
    case 'parallel':
      return to.units.find((u) => u.level === 'parallel' && u.parent === prev.parent);
    case 'class': {
      const letter = classLetter(prev.name, from.grade);
      const school = from.units.find((u) => u.level === 'parallel' && u.id === prev.parent)?.parent;
      if (!letter || !school) return undefined;
      const parallels = new Set(
        to.units.filter((u) => u.level === 'parallel' && u.parent === school).map((u) => u.id),
      );
      return to.units.find(
        (u) =>
          u.level === 'class' &&
          u.parent !== null &&
          parallels.has(u.parent) &&
          classLetter(u.name, to.grade) === letter,
      );
    }
  }
}

/**
 * One cohort across grades for a unit of its first work: the school by login, a class by its
 * letter (4А → 5А; class ids change with the grade, and so may a class's pupils).
 */
export function cohortSeries(
  reports: ProcedureReport[],
  key: CohortSeriesKey,
  unit: DynamicsUnit,
): DynamicsSeries {
  const notes: DynamicsNote[] = [];
  const mine = reports.filter((r) => r.kind === key.kind && r.subject === key.subject);
  const start = key.start ?? cohortStarts(mine, key)[0];
  const first = start && mine.find((r) => r.grade === start.grade && r.year === start.year);
  if (!first) return { points: [], notes };
  const chain = cohortChain(first, mine);
  const pairs: { report: ProcedureReport; unit: UnitReport }[] = [];
  let prev = findUnit(first, unit.level, unit.level === 'all' ? ALL_UNIT_ID : unit.id);
  let prevReport = first;
  const lost: string[] = [];
  for (const report of chain) {
    const u = report === first ? prev : prev && follow(prev, prevReport, report);
    if (!u || u.written === 0) {
      lost.push(`${report.grade} кл. ${report.year} г.`);
      if (!u) break;
      continue;
    }
    pairs.push({ report, unit: u });
    prev = u;
    prevReport = report;
  }
  if (unit.level === 'class' && pairs.length >= 2)
    notes.push({
      kind: 'by-letter',
      text:
        `Классы сопоставлены по букве: ${pairs.map((p) => p.unit.name).join(' → ')} ` +
        `(идентификаторы классов меняются с переходом в следующий класс; состав класса мог измениться).`,
    });
  if (lost.length && pairs.length)
    notes.push({
      kind: 'missing',
      text:
        unit.level === 'class'
          ? `Не найден класс с той же буквой или нет результатов: ${lost.join(', ')}.`
          : `Нет результатов (${unitWord[unit.level]} не писали работу): ${lost.join(', ')}.`,
    });
  const points = link(pairs, true, notes);
  return { points, notes: order(notes) };
}
