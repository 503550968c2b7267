// From a group's sums (Acc) to the report figures of one unit, following the binding
// definitions of oko-report/v1: completion, Wilson / mean intervals, journal agreement, marks.
import type { TaskSpec } from '../model.ts';
import { ci95, sampleSdFromSums } from '../stats/descriptive.ts';
import { statusOfPoints } from '../stats/fioko.ts';
import { weightedKappa } from '../stats/kappa.ts';
import { taskInterval } from '../stats/proportion.ts';
import { spearmanFromTable } from '../stats/ranks.ts';
import type { Acc } from './accumulate.ts';
import type { TaskGroup } from './task-groups.ts';
import type { Deficit, JournalResult, TaskResult, UnitReport } from './types.ts';

export interface FigureContext {
  tasks: TaskSpec[];
  maxScore: number;
  /** markFor of every primary score; all zeros without a scale. */
  markOfScore: Uint8Array;
  hasScale: boolean;
  groups: TaskGroup[];
  /** Scratch rank table (4 × maxScore + 1), reused by every unit: 25 000 units allocate less. */
  journalTable: Float64Array[];
}

/** Simonov's СОУ weights for the marks 2..5 (domain notes §5). */
const SOU = [16, 36, 64, 100];

type Figures = Omit<UnitReport, 'level' | 'id' | 'name' | 'parent'>;

export function unitFigures(acc: Acc, ctx: FigureContext): Figures {
  const W = ctx.maxScore + 1;
  let written = 0;
  let sum = 0;
  let sumSq = 0;
  const markN = [0, 0, 0, 0];
  for (let s = 0; s < W; s++) {
    const c = acc.hist[s];
    if (c === 0) continue;
    written += c;
    sum += c * s;
    sumSq += c * s * s;
    const m = ctx.markOfScore[s];
    if (m) markN[m - 2] += c;
  }
  if (written === 0) return { written: 0, absent: acc.absent };

  const mean = sum / written;
  const sd = sampleSdFromSums(written, sum, sumSq);
  const out: Figures = {
    written,
    absent: acc.absent,
    score: { mean, sd, ci95: ci95(mean, sd, written) },
  };
  const withMark = markN[0] + markN[1] + markN[2] + markN[3];
  if (ctx.hasScale) {
    out.marks = { '2': markN[0], '3': markN[1], '4': markN[2], '5': markN[3] };
    out.uspevaemost = (100 * (markN[1] + markN[2] + markN[3])) / written;
    out.kachestvo = (100 * (markN[2] + markN[3])) / written;
    out.sou = (SOU[0] * markN[0] + SOU[1] * markN[1] + SOU[2] * markN[2] + SOU[3] * markN[3]) / written;
    // Mean of the marks given; equals Σ mark·n / written unless the scale has a gap.
    const markSum = 2 * markN[0] + 3 * markN[1] + 4 * markN[2] + 5 * markN[3];
    out.meanMark = withMark > 0 ? markSum / withMark : null;
  } else {
    out.uspevaemost = null;
    out.kachestvo = null;
    out.sou = null;
    out.meanMark = null;
  }
  // Plain loops, no closures: a region has ~25 000 units (and tsx wraps each closure in __name).
  const tasks: TaskResult[] = new Array(ctx.tasks.length);
  for (let k = 0; k < tasks.length; k++) tasks[k] = taskResult(acc, ctx, ctx.tasks[k], k, written, markN);
  out.tasks = tasks;
  out.journal = journalResult(acc, ctx);
  out.histogram = Array.from(acc.hist);
  out.deficits = deficits(acc, ctx, out.tasks, written);
  return out;
}

/** 100 · points / (n · max), null for an empty group. */
function share(points: number, n: number, max: number): number | null {
  return n > 0 && max > 0 ? (100 * points) / (n * max) : null;
}

function taskResult(
  acc: Acc,
  ctx: FigureContext,
  t: TaskSpec,
  k: number,
  written: number,
  markN: number[],
): TaskResult {
  const T = ctx.tasks.length;
  const s = acc.taskSum[k];
  const completion = t.max > 0 ? (100 * s) / (written * t.max) : 0;
  const ci = taskInterval(completion / 100, written);
  const r: TaskResult = { id: t.id, completion, ci95: ci, status: statusOfPoints(s, written, [t]) };
  if (ctx.hasScale) {
    const sums = acc.taskByMark;
    r.byMark = {
      '2': share(sums[k], markN[0], t.max),
      '3': share(sums[T + k], markN[1], t.max),
      '4': share(sums[2 * T + k], markN[2], t.max),
      '5': share(sums[3 * T + k], markN[3], t.max),
    };
  }
  return r;
}

function journalResult(acc: Acc, ctx: FigureContext): JournalResult {
  const W = ctx.maxScore + 1;
  // Rank table journal mark × score, restricted to the pupils the spec counts.
  const table = ctx.journalTable;
  const kappaTable = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  let n = 0;
  let lower = 0;
  let same = 0;
  let higher = 0;
  let gap2 = 0;
  for (let j = 0; j < 4; j++) {
    const row = table[j];
    row.fill(0);
    for (let s = 0; s < W; s++) {
      const c = acc.journal[j * W + s];
      if (c === 0) continue;
      const m = ctx.markOfScore[s];
      if (ctx.hasScale && m === 0) continue; // a score in a scale gap has no ВПР mark
      row[s] = c;
      n += c;
      if (!ctx.hasScale) continue;
      const d = m - (j + 2);
      if (d < 0) lower += c;
      else if (d === 0) same += c;
      else higher += c;
      if (Math.abs(d) >= 2) gap2 += c;
      kappaTable[j][m - 2] += c;
    }
  }
  const d = ctx.hasScale ? n : 0;
  return {
    n,
    lower: ctx.hasScale ? lower : null,
    same: ctx.hasScale ? same : null,
    higher: ctx.hasScale ? higher : null,
    spearman: spearmanFromTable(table),
    lowerPct: share(lower, d, 1),
    samePct: share(same, d, 1),
    higherPct: share(higher, d, 1),
    gap2: ctx.hasScale ? gap2 : null,
    kappaWeighted: ctx.hasScale ? weightedKappa(kappaTable, 'quadratic') : null,
  };
}

function deficits(acc: Acc, ctx: FigureContext, tasks: TaskResult[], written: number): Deficit[] {
  const out: Deficit[] = [];
  for (const t of tasks)
    if (t.status === 'insufficient')
      out.push({ kind: 'task', id: t.id, completion: t.completion, tasks: [t.id] });
  for (const g of ctx.groups) {
    if (g.max === 0) continue;
    let s = 0;
    for (const k of g.tasks) s += acc.taskSum[k];
    const completion = (100 * s) / (written * g.max);
    if (statusOfPoints(s, written, g.parts) === 'insufficient')
      out.push({ kind: g.kind, id: g.id, completion, tasks: g.tasks.map((k) => ctx.tasks[k].id) });
  }
  return out;
}
