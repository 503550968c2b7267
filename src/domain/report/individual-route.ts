// The one criterion for who needs an individual educational route (seed 004 §3.8.5, roadmap 2.8):
// every document that counts or makes routes (the roadmap's «ИОМ нужны», the routes document, the
// follow-up check sheets) asks this module, so their numbers cannot disagree.
import type { Dataset, TaskSpec } from '../model.ts';
import { int, plural } from '../text/format.ts';
import { pupilResults, type PupilResult } from './pupils.ts';

/** Share of the work's skills (tasks, without skills in the spec) a pupil may leave unformed. */
export const ROUTE_UNFORMED_SHARE = 0.25;

/** What a route is built on: the spec's skills, or its tasks when no task names a skill. */
export function routeBasis(tasks: Pick<TaskSpec, 'skill'>[]): { kind: 'skill' | 'task'; total: number } {
  const skills = new Set(tasks.map((t) => t.skill?.trim()).filter(Boolean));
  return skills.size > 0 ? { kind: 'skill', total: skills.size } : { kind: 'task', total: tasks.length };
}

/** Least number of unformed skills (tasks) that calls for a route: a quarter, at least one. */
export function routeMinUnformed(tasks: Pick<TaskSpec, 'skill'>[]): number {
  return Math.max(1, Math.ceil(routeBasis(tasks).total * ROUTE_UNFORMED_SHARE));
}

/**
 * Does this pupil need an individual route? Yes when they wrote the work and either got «2» or
 * left at least a quarter of the work's skills unformed (less than half of their points; without
 * skills in the spec: a quarter of the tasks).
 */
export function needsIndividualRoute(
  pupil: Pick<PupilResult, 'absent' | 'mark' | 'unformedSkills' | 'unformedTasks'>,
  tasks: Pick<TaskSpec, 'skill'>[],
): boolean {
  if (pupil.absent) return false;
  if (pupil.mark === 2) return true;
  const basis = routeBasis(tasks);
  const unformed = basis.kind === 'skill' ? pupil.unformedSkills.length : pupil.unformedTasks.length;
  return unformed >= routeMinUnformed(tasks);
}

/** The criterion in words, for the documents that state it. */
export function routeCriterionText(tasks: Pick<TaskSpec, 'skill'>[]): string {
  const basis = routeBasis(tasks);
  const n = routeMinUnformed(tasks);
  const what =
    basis.kind === 'skill'
      ? plural(n, ['несформированного умения', 'несформированных умений', 'несформированных умений'])
      : plural(n, ['невыполненного задания', 'невыполненных заданий', 'невыполненных заданий']);
  const of =
    basis.kind === 'skill'
      ? `из ${int(basis.total)} ${plural(basis.total, ['умения', 'умений', 'умений'])} работы`
      : `из ${int(basis.total)} ${plural(basis.total, ['задания', 'заданий', 'заданий'])}`;
  return `отметка «2» или не менее ${int(n)} ${what} ${of}`;
}

/** Pupils of a school who need a route, by class id: what the roadmap counts. */
export function schoolRouteCounts(
  ds: Dataset,
  schoolLogin: string,
): { count: number; byClass: Record<string, number>; criterion: string } {
  const tasks = ds.meta.procedure.tasks;
  const byClass: Record<string, number> = {};
  let count = 0;
  for (const c of ds.meta.classes) {
    if (ds.meta.schools[c.school]?.login !== schoolLogin) continue;
    const n = pupilResults(ds, c.id).filter((p) => needsIndividualRoute(p, tasks)).length;
    if (n) byClass[c.id] = n;
    count += n;
  }
  return { count, byClass, criterion: routeCriterionText(tasks) };
}
