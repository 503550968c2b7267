// Results of one procedure at every level: all → municipality → school → parallel → class.
// One pass over the pupil columns fills per-class sums; every larger unit is a sum of those.
import { procedureId, type Dataset, type ProgressFn } from '../model.ts';
import { markTable } from '../stats/marks.ts';
import { accumulateLeaves, primaryScores, sumAccs, type Acc, type Shape } from './accumulate.ts';
import { addGiaFigures } from './gia-figures.ts';
import { taskGroups } from './task-groups.ts';
import type { ProcedureReport, UnitLevel, UnitReport } from './types.ts';
import { unitFigures, type FigureContext } from './unit-figures.ts';

export interface AnalyzeOptions {
  onProgress?: ProgressFn;
  /** Polled between stages; when it returns true the analysis throws AnalysisCancelledError. */
  isCancelled?: () => boolean;
}

export class AnalysisCancelledError extends Error {
  constructor() {
    super('Анализ отменён.');
    this.name = 'AnalysisCancelledError';
  }
}

export const ALL_UNIT_ID = 'all';

/** Parallel unit id: login and grade, `sch220206#5` (a class labelled `нет` is `sch220206/5`, so `/` would clash). */
export function parallelId(login: string, grade: number): string {
  return `${login}#${grade}`;
}

export function maxScoreOf(ds: Dataset): number {
  const p = ds.meta.procedure;
  // A ГИА protocol without masks has no tasks, only the official primary scores.
  if (p.tasks.length === 0 && p.maxScore !== undefined) return p.maxScore;
  return p.tasks.reduce((s, t) => s + t.max, 0);
}

export function analyzeProcedure(ds: Dataset, opts: AnalyzeOptions = {}): ProcedureReport {
  const spec = ds.meta.procedure;
  const maxScore = maxScoreOf(ds);
  const shape: Shape = { maxScore, tasks: spec.tasks.length };
  const scale = spec.scale && spec.scale.length > 0 ? spec.scale : null;
  const markOfScore = markTable(scale, maxScore);
  const checkpoint = (stage: string, fraction: number) => {
    if (opts.isCancelled?.()) throw new AnalysisCancelledError();
    opts.onProgress?.(fraction, stage);
  };

  checkpoint('Первичные баллы', 0);
  const primary = primaryScores(ds, maxScore);
  const leaves = accumulateLeaves(ds, shape, primary, markOfScore, checkpoint);
  checkpoint('Сводка по уровням', 0.85);

  const { schools, classes, municipalities } = ds.meta;
  const C = classes.length;
  const classesOf: Acc[][] = schools.map((_, s) => [leaves[C + s]]);
  classes.forEach((c, k) => classesOf[c.school].push(leaves[k]));
  const schoolAcc = classesOf.map((parts) => sumAccs(shape, parts));
  const knownMunicipality = new Set(municipalities.map((m) => m.id));

  const ctx: FigureContext = {
    tasks: spec.tasks,
    maxScore,
    markOfScore,
    hasScale: scale !== null,
    groups: taskGroups(spec.tasks),
    journalTable: [0, 1, 2, 3].map(() => new Float64Array(maxScore + 1)),
  };
  const unit = (level: UnitLevel, id: string, name: string, parent: string | null, acc: Acc): UnitReport => ({
    level,
    id,
    name,
    parent,
    ...unitFigures(acc, ctx),
  });

  const units: UnitReport[] = [unit('all', ALL_UNIT_ID, 'Все участники', null, sumAccs(shape, schoolAcc))];
  for (const m of municipalities) {
    const parts = schoolAcc.filter((_, s) => schools[s].municipalityId === m.id);
    units.push(unit('municipality', m.id, m.name, ALL_UNIT_ID, sumAccs(shape, parts)));
  }
  schools.forEach((s, k) => {
    const parent =
      s.municipalityId && knownMunicipality.has(s.municipalityId) ? s.municipalityId : ALL_UNIT_ID;
    units.push(unit('school', s.login, s.name ?? s.login, parent, schoolAcc[k]));
  });
  // A dataset is one procedure, hence one grade: a school's parallel holds all its pupils.
  schools.forEach((s, k) =>
    units.push(
      unit('parallel', parallelId(s.login, spec.grade), `${spec.grade} классы`, s.login, schoolAcc[k]),
    ),
  );
  classes.forEach((c, k) => {
    const login = schools[c.school].login;
    units.push(unit('class', c.id, c.label, parallelId(login, spec.grade), leaves[k]));
  });
  checkpoint('Готово', 1);

  const report: ProcedureReport = {
    id: procedureId(spec),
    kind: spec.kind,
    subject: spec.subject,
    grade: spec.grade,
    year: spec.year,
    maxScore,
    tasks: spec.tasks.map((t) => ({ id: t.id, max: t.max, level: t.level ?? null })),
    scale,
    units,
  };
  addGiaFigures(ds, report);
  return report;
}

// An index per units array, rebuilt when the array or its length changes: the справка's dynamics
// look up one unit in several reports for each of thousands of schools (a batch of справки).
const unitIndex = new WeakMap<UnitReport[], { n: number; byKey: Map<string, UnitReport> }>();

export function findUnit(p: ProcedureReport, level: UnitLevel, id: string): UnitReport | undefined {
  let ix = unitIndex.get(p.units);
  if (!ix || ix.n !== p.units.length) {
    const byKey = new Map<string, UnitReport>();
    for (const u of p.units) if (!byKey.has(`${u.level}\t${u.id}`)) byKey.set(`${u.level}\t${u.id}`, u);
    ix = { n: p.units.length, byKey };
    unitIndex.set(p.units, ix);
  }
  return ix.byKey.get(`${level}\t${id}`);
}
