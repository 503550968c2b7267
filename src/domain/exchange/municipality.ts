// Municipality side: the packages of its schools → the units of a procedure report
// (all → municipality → school → parallel → class), with the same figures analyzeProcedure
// gives on the pupil-level data. Schools and the municipality are sums of complete school
// sufficient statistics, hence exact; a class shows what its published blocks allow and lists
// the rest in `suppressedFields`.
import { procedureId, type TaskSpec } from '../model.ts';
import { ci95, sampleSdFromSums } from '../stats/descriptive.ts';
import { markTable } from '../stats/marks.ts';
import { emptyAcc, sumAccs, type Acc, type Shape } from '../report/accumulate.ts';
import { ALL_UNIT_ID, parallelId, reportHead } from '../report/analyze.ts';
import { taskGroups } from '../report/task-groups.ts';
import type { ProcedureReport, UnitLevel, UnitReport } from '../report/types.ts';
import { unitFigures, type FigureContext } from '../report/unit-figures.ts';
import { ExchangeError, type AggregatePackage, type PackageProcedure, type PackageUnit } from './format.ts';

export interface ExchangeUnitReport extends Omit<UnitReport, 'written' | 'absent'> {
  /** null when the unit is withheld. */
  written: number | null;
  /** null when the unit or its absent count is withheld. */
  absent: number | null;
  /** The whole unit is withheld (fewer than 5 pupils, or secondary suppression). */
  suppressed: boolean;
  /**
   * Figures withheld in a published unit: `absent`, `histogram`, `marks`, `uspevaemost`,
   * `kachestvo`, `sou`, `meanMark`, `tasks.byMark`, `journal`. Such figures are absent
   * (or null, for the nullable ones).
   */
  suppressedFields: string[];
  /** all / municipality: schools in the group whose package was withheld entirely. */
  omittedSchools?: number;
}

export interface ExchangeProcedureReport extends Omit<ProcedureReport, 'units'> {
  /** Number of school packages the report is built from. */
  packages: number;
  units: ExchangeUnitReport[];
}

const MARK_FIELDS = ['marks', 'uspevaemost', 'kachestvo', 'sou', 'meanMark', 'tasks.byMark'];

function sameSpec(a: PackageProcedure, b: PackageProcedure): boolean {
  return (
    a.tasks.length === b.tasks.length &&
    a.tasks.every(
      (t, k) => t.id === b.tasks[k].id && t.max === b.tasks[k].max && t.level === b.tasks[k].level,
    ) &&
    JSON.stringify(a.scale) === JSON.stringify(b.scale)
  );
}

/** Groups validated packages by procedure and rebuilds each procedure's report. */
export function municipalityFromPackages(packages: AggregatePackage[]): ExchangeProcedureReport[] {
  const groups = new Map<string, AggregatePackage[]>();
  for (const p of packages) {
    const id = procedureId(p.procedure);
    const g = groups.get(id);
    if (!g) groups.set(id, [p]);
    else {
      if (!sameSpec(g[0].procedure, p.procedure))
        throw new ExchangeError(
          `Пакеты процедуры ${id} не совпадают по заданиям или шкале (школы ${g[0].school.login} и ${p.school.login}).`,
        );
      if (g.some((q) => q.school.login === p.school.login))
        throw new ExchangeError(`Пакет школы ${p.school.login} по процедуре ${id} загружен дважды.`);
      g.push(p);
    }
  }
  return [...groups.values()].map(procedureFromPackages);
}

function toAcc(u: PackageUnit, shape: Shape): Acc {
  const acc = emptyAcc(shape);
  acc.absent = u.absent ?? 0;
  if (u.histogram) acc.hist.set(u.histogram);
  if (u.journal) acc.journal.set(u.journal.flat());
  if (u.taskSum) acc.taskSum.set(u.taskSum);
  if (u.taskSq) acc.taskSq.set(u.taskSq);
  if (u.taskByMark) acc.taskByMark.set(u.taskByMark.flat());
  return acc;
}

function procedureFromPackages(packages: AggregatePackage[]): ExchangeProcedureReport {
  const spec = packages[0].procedure;
  const tasks: TaskSpec[] = spec.tasks;
  const maxScore = tasks.reduce((s, t) => s + t.max, 0);
  const shape: Shape = { maxScore, tasks: tasks.length };
  const scale = spec.scale;
  const markOfScore = markTable(scale, maxScore);
  const ctx: FigureContext = {
    tasks,
    maxScore,
    markOfScore,
    hasScale: scale !== null,
    groups: taskGroups(tasks),
    journalTable: [0, 1, 2, 3].map(() => new Float64Array(maxScore + 1)),
  };
  const make = (
    level: UnitLevel,
    id: string,
    name: string,
    parent: string | null,
    acc: Acc,
    omitted?: number,
  ): ExchangeUnitReport => {
    const f = unitFigures(acc, ctx);
    const u: ExchangeUnitReport = { level, id, name, parent, ...f, suppressed: false, suppressedFields: [] };
    if (omitted !== undefined) u.omittedSchools = omitted;
    return u;
  };
  const withheld = (
    level: UnitLevel,
    id: string,
    name: string,
    parent: string | null,
  ): ExchangeUnitReport => ({
    level,
    id,
    name,
    parent,
    written: null,
    absent: null,
    suppressed: true,
    suppressedFields: [],
  });

  const open = packages.filter((p) => !p.units[0].suppressed);
  const schoolAcc = new Map(open.map((p) => [p, toAcc(p.units[0], shape)]));
  const sumOf = (list: AggregatePackage[]) =>
    sumAccs(
      shape,
      list.flatMap((p) => schoolAcc.get(p) ?? []),
    );
  const units: ExchangeUnitReport[] = [
    make('all', ALL_UNIT_ID, 'Все участники', null, sumOf(packages), packages.length - open.length),
  ];
  const municipalities = new Map<string, { name: string; list: AggregatePackage[] }>();
  for (const p of packages) {
    if (!p.municipality) continue;
    const m = municipalities.get(p.municipality.id);
    if (m) m.list.push(p);
    else municipalities.set(p.municipality.id, { name: p.municipality.name, list: [p] });
  }
  for (const [id, m] of municipalities)
    units.push(
      make(
        'municipality',
        id,
        m.name,
        ALL_UNIT_ID,
        sumOf(m.list),
        m.list.filter((p) => !schoolAcc.has(p)).length,
      ),
    );
  const schoolUnit = (p: AggregatePackage, level: UnitLevel, id: string, name: string, parent: string) => {
    const acc = schoolAcc.get(p);
    return acc ? make(level, id, name, parent, acc) : withheld(level, id, name, parent);
  };
  for (const p of packages)
    units.push(schoolUnit(p, 'school', p.school.login, p.school.name, p.municipality?.id ?? ALL_UNIT_ID));
  for (const p of packages)
    units.push(
      schoolUnit(
        p,
        'parallel',
        parallelId(p.school.login, spec.grade),
        `${spec.grade} классы`,
        p.school.login,
      ),
    );
  for (const p of packages)
    for (const c of p.units.slice(1)) {
      const parent = parallelId(p.school.login, spec.grade);
      units.push(c.suppressed ? withheld('class', c.id, c.name, parent) : classUnit(c, parent, shape, ctx));
    }

  return {
    ...reportHead({ ...spec, tasks }, maxScore, scale),
    packages: packages.length,
    units,
  };
}

/**
 * A published class, some of whose blocks may be withheld. unitFigures reads the written count
 * and the mark counts from the histogram; when the histogram is withheld it gets a stand-in
 * with the same written count and mark counts (one score per mark), and the score figures come
 * from the published Σ score and Σ score².
 */
function classUnit(c: PackageUnit, parent: string, shape: Shape, ctx: FigureContext): ExchangeUnitReport {
  const written = c.written ?? 0;
  const acc = toAcc(c, shape);
  if (!c.histogram) {
    const firstWith = (m: number) => ctx.markOfScore.findIndex((x) => x === m);
    const gap = firstWith(0);
    let rest = written;
    if (c.marks)
      c.marks.forEach((n, m) => {
        acc.hist[firstWith(m + 2)] += n;
        rest -= n;
      });
    if (rest > 0) {
      if (gap < 0 && c.marks)
        throw new ExchangeError(`Класс ${c.id}: отметки не согласуются с числом писавших.`);
      acc.hist[Math.max(gap, 0)] += rest;
    }
  }
  const f = unitFigures(acc, ctx);
  const u: ExchangeUnitReport = {
    level: 'class',
    id: c.id,
    name: c.name,
    parent,
    ...f,
    absent: c.absent,
    suppressed: false,
    suppressedFields: [],
  };
  if (written > 0) {
    const mean = (c.sum ?? 0) / written;
    const sd = sampleSdFromSums(written, c.sum ?? 0, c.sumSq ?? 0);
    u.score = { mean, sd, ci95: ci95(mean, sd, written) };
  }
  if (c.absent === null) u.suppressedFields.push('absent');
  if (!c.histogram) {
    delete u.histogram;
    u.suppressedFields.push('histogram');
  }
  if (ctx.hasScale && !c.marks) {
    delete u.marks;
    u.uspevaemost = u.kachestvo = u.sou = u.meanMark = null;
    for (const t of u.tasks ?? []) t.byMark = { '2': null, '3': null, '4': null, '5': null };
    u.suppressedFields.push(...MARK_FIELDS);
  }
  if (!c.journal) {
    delete u.journal;
    u.suppressedFields.push('journal');
  }
  return u;
}
