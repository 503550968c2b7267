// Who needs an individual route, and which of a pupil's deficits it covers. Who: the one criterion
// of the documents (report/individual-route.ts: mark «2» or at least a quarter of the skills
// unformed), so the sheets, the roadmap's count and the routes document agree. Which deficits: the
// skills with less than half of their points, and unformed tasks whose skill the spec does not name.
import type { TaskSpec } from '../model.ts';
import type { PupilResult } from '../report/pupils.ts';
import { needsIndividualRoute } from '../report/individual-route.ts';
import type { FollowupItem } from './types.ts';

/** The pupil's deficits as the routes list them: unformed skills, then unformed tasks without a skill. */
export function pupilDeficits(pupil: PupilResult, tasks: TaskSpec[]): FollowupItem[] {
  if (pupil.absent) return [];
  const index = new Map(tasks.map((t, k) => [t.id, k]));
  const out: FollowupItem[] = [];
  for (const skill of pupil.unformedSkills) {
    const ks = tasks.flatMap((t, k) => (t.skill?.trim() === skill ? [k] : []));
    out.push({
      code: pupil.code,
      kind: 'skill',
      key: skill,
      tasks: ks.map((k) => tasks[k].id),
      max: ks.reduce((s, k) => s + tasks[k].max, 0),
      startScore: ks.reduce((s, k) => s + (pupil.tasks[k] ?? 0), 0),
    });
  }
  for (const id of pupil.unformedTasks) {
    const k = index.get(id)!;
    if (tasks[k].skill?.trim()) continue; // a task with a skill counts through its skill
    out.push({
      code: pupil.code,
      kind: 'task',
      key: id,
      tasks: [id],
      max: tasks[k].max,
      startScore: pupil.tasks[k] ?? 0,
    });
  }
  return out;
}

/** The route criterion (see the module comment); a pupil without deficits has nothing to check. */
export function needsRoute(pupil: PupilResult, tasks: TaskSpec[]): boolean {
  return needsIndividualRoute(pupil, tasks) && pupilDeficits(pupil, tasks).length > 0;
}
