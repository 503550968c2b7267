// School side: one school's results of one procedure → an `oko-aggregate/v1` package, with
// small-cell suppression of the class units (see ./README.md, «Подавление малых ячеек»).
import type { Dataset } from '../model.ts';
import { markTable } from '../stats/marks.ts';
import { accumulateLeaves, primaryScores, sumAccs, type Acc, type Shape } from '../report/accumulate.ts';
import { maxScoreOf } from '../report/analyze.ts';
import {
  AGGREGATE_FORMAT,
  ExchangeError,
  SUPPRESSION_THRESHOLD,
  type AggregatePackage,
  type BlockName,
  type PackageTask,
  type PackageUnit,
} from './format.ts';

const BLOCKS: BlockName[] = ['absent', 'histogram', 'marks', 'journal'];

/** Is a count disclosive: 1..4 pupils (zero is not). */
export function isSmall(count: number): boolean {
  return count > 0 && count < SUPPRESSION_THRESHOLD;
}

export function exportSchoolPackage(ds: Dataset, schoolLogin: string): AggregatePackage {
  const spec = ds.meta.procedure;
  const s = ds.meta.schools.findIndex((x) => x.login === schoolLogin);
  if (s < 0) throw new ExchangeError(`Школа «${schoolLogin}» не найдена в данных процедуры.`);
  const maxScore = maxScoreOf(ds);
  const shape: Shape = { maxScore, tasks: spec.tasks.length };
  const scale = spec.scale && spec.scale.length > 0 ? spec.scale : null;
  const markOfScore = markTable(scale, maxScore);
  const leaves = accumulateLeaves(ds, shape, primaryScores(ds, maxScore), markOfScore, () => {});
  const C = ds.meta.classes.length;
  const classIdx: number[] = [];
  ds.meta.classes.forEach((c, k) => {
    if (c.school === s) classIdx.push(k);
  });
  const rest = leaves[C + s];
  const school = ds.meta.schools[s];
  const schoolAcc = sumAccs(shape, [rest, ...classIdx.map((k) => leaves[k])]);
  const full = (level: PackageUnit['level'], id: string, name: string, acc: Acc) =>
    unitFromAcc(level, id, name, acc, maxScore, spec.tasks.length, markOfScore, scale !== null);

  const schoolUnit = full('school', school.login, school.name ?? school.login, schoolAcc);
  const classUnits = classIdx.map((k) => {
    const c = ds.meta.classes[k];
    return full('class', c.id, c.label, leaves[k]);
  });
  if ((schoolUnit.written ?? 0) < SUPPRESSION_THRESHOLD) {
    withhold(schoolUnit);
    classUnits.forEach(withhold);
  } else {
    suppressClasses(classUnits, unitFromAcc('class', '', '', rest, maxScore, 0, markOfScore, scale !== null));
  }
  const municipality = ds.meta.municipalities.find((m) => m.id === school.municipalityId);
  return {
    format: AGGREGATE_FORMAT,
    procedure: {
      kind: spec.kind,
      subject: spec.subject,
      grade: spec.grade,
      year: spec.year,
      tasks: spec.tasks.map(packageTask),
      scale: scale ? scale.map(([a, b]) => [a, b] as [number, number]) : null,
    },
    municipality: municipality ? { id: municipality.id, name: municipality.name } : null,
    school: { login: school.login, name: school.name ?? school.login },
    threshold: SUPPRESSION_THRESHOLD,
    units: [schoolUnit, ...classUnits],
  };
}

function packageTask(t: Dataset['meta']['procedure']['tasks'][number]): PackageTask {
  const out: PackageTask = { id: t.id, max: t.max };
  if (t.level) out.level = t.level;
  if (t.skill) out.skill = t.skill;
  if (t.kes && t.kes.length > 0) out.kes = [...t.kes];
  if (t.kt && t.kt.length > 0) out.kt = [...t.kt];
  return out;
}

function unitFromAcc(
  level: PackageUnit['level'],
  id: string,
  name: string,
  acc: Acc,
  maxScore: number,
  T: number,
  markOfScore: Uint8Array,
  hasScale: boolean,
): PackageUnit {
  const W = maxScore + 1;
  let written = 0;
  let sum = 0;
  let sumSq = 0;
  const marks = [0, 0, 0, 0];
  for (let s = 0; s < W; s++) {
    const c = acc.hist[s];
    written += c;
    sum += c * s;
    sumSq += c * s * s;
    const m = markOfScore[s];
    if (m) marks[m - 2] += c;
  }
  const journal = [0, 1, 2, 3].map((j) => Array.from(acc.journal.subarray(j * W, (j + 1) * W)));
  const journalMarks = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  for (let j = 0; j < 4; j++)
    for (let s = 0; s < W; s++) {
      const m = markOfScore[s];
      if (m) journalMarks[j][m - 2] += journal[j][s];
    }
  return {
    level,
    id,
    name,
    suppressed: false,
    suppressedBlocks: [],
    written,
    absent: acc.absent,
    sum,
    sumSq,
    histogram: Array.from(acc.hist),
    marks: hasScale ? marks : null,
    taskSum: Array.from(acc.taskSum.subarray(0, T)),
    taskSq: Array.from(acc.taskSq.subarray(0, T)),
    taskByMark: hasScale
      ? [0, 1, 2, 3].map((m) => Array.from(acc.taskByMark.subarray(m * T, (m + 1) * T)))
      : null,
    journal,
    journalMarks: hasScale ? journalMarks : null,
  };
}

function withhold(u: PackageUnit): void {
  u.suppressed = true;
  u.suppressedBlocks = [];
  u.written = u.absent = u.sum = u.sumSq = null;
  u.histogram = u.marks = u.taskSum = u.taskSq = u.taskByMark = u.journal = u.journalMarks = null;
}

function withholdBlock(u: PackageUnit, b: BlockName): void {
  if (u.suppressedBlocks.includes(b)) return;
  u.suppressedBlocks.push(b);
  if (b === 'absent') u.absent = null;
  else if (b === 'histogram') u.histogram = null;
  else if (b === 'marks') {
    u.marks = null;
    u.taskByMark = null;
  } else {
    u.journal = null;
    u.journalMarks = null;
  }
}

/** The counts of a block, flattened (empty when the block is not applicable). */
function blockCells(u: PackageUnit, b: BlockName): number[] {
  if (b === 'absent') return u.absent === null ? [] : [u.absent];
  if (b === 'histogram') return u.histogram ?? [];
  if (b === 'marks') return u.marks ?? [];
  return (u.journal ?? []).flat();
}

function hasPupils(u: PackageUnit): boolean {
  return (u.written ?? 0) + (u.absent ?? 0) > 0;
}

/**
 * Primary and secondary suppression of the classes of a school whose totals are published.
 * The school's figures minus the published classes give the pooled figures of the hidden
 * pupils (withheld classes and pupils without a class). So:
 * 1. a class with fewer than 5 pupils who wrote is withheld; while the hidden pupils who wrote
 *    number 1..4, the smallest published class is withheld too;
 * 2. a block (absent, histogram, marks, journal) of a published class with a 1..4 cell is
 *    withheld; while exactly one hidden part (a class without the block, or the pupils without
 *    a class) has pupils, the block of the smallest other published class is withheld too, so a
 *    withheld block is never the difference of published ones.
 */
function suppressClasses(classes: PackageUnit[], rest: PackageUnit): void {
  const published = () => classes.filter((c) => !c.suppressed);
  const smallest = (list: PackageUnit[]) =>
    list.reduce<PackageUnit | null>(
      (a, c) => (a === null || (c.written ?? 0) < (a.written ?? 0) ? c : a),
      null,
    );

  const original = new Map(classes.map((c) => [c, c.written ?? 0]));
  const anyPupils = new Map(classes.map((c) => [c, hasPupils(c)]));
  for (const c of classes) if ((c.written ?? 0) < SUPPRESSION_THRESHOLD) withhold(c);
  for (;;) {
    let hidden = rest.written ?? 0;
    for (const c of classes) if (c.suppressed) hidden += original.get(c) ?? 0;
    if (!isSmall(hidden)) break;
    const next = smallest(published());
    if (!next) break;
    withhold(next);
  }

  for (const b of BLOCKS) {
    for (const c of published()) if (blockCells(c, b).some(isSmall)) withholdBlock(c, b);
    for (;;) {
      let parts = hasPupils(rest) ? 1 : 0;
      for (const c of classes)
        if (c.suppressed ? anyPupils.get(c) : c.suppressedBlocks.includes(b) && hasPupils(c)) parts++;
      if (parts !== 1) break;
      const next = smallest(published().filter((c) => !c.suppressedBlocks.includes(b)));
      if (!next) break;
      withholdBlock(next, b);
    }
  }
}
