// Individual results of one class: the «Индивидуальные результаты» view.
import type { Dataset } from '../model.ts';
import { markFor, type Mark } from '../stats/marks.ts';
import { maxScoreOf } from './analyze.ts';
import { taskGroups } from './task-groups.ts';

export interface PupilResult {
  /** Source row (1-based), for going back to the file. */
  row: number;
  code: string;
  absent: boolean;
  /** null for an absent pupil. */
  score: number | null;
  /** null when absent, without a scale, or for a score in a scale gap. */
  mark: Mark | null;
  /** Journal mark 2..5, null when there is none. */
  journal: number | null;
  /** Task scores in task order (empty for an absent pupil). */
  tasks: number[];
  /** Tasks where the pupil got less than half the task's points (a 1-point task: 0). */
  unformedTasks: string[];
  /** Skills (the spec's `skill` texts) where the pupil got less than half of their points. */
  unformedSkills: string[];
}

/** Is a result of `points` out of `max` short of half? The rule behind «не сформировано». */
export function unformed(points: number, max: number): boolean {
  return max > 0 && 2 * points < max;
}

/** The pupils of a class (by class id) in file order; [] for an unknown class. */
export function pupilResults(ds: Dataset, classId: string): PupilResult[] {
  const c = ds.meta.classes.findIndex((k) => k.id === classId);
  if (c < 0) return [];
  const spec = ds.meta.procedure;
  const maxScore = maxScoreOf(ds);
  const skills = taskGroups(spec.tasks).filter((g) => g.kind === 'skill');
  const p = ds.pupils;
  const out: PupilResult[] = [];
  for (let i = 0; i < p.n; i++) {
    if (p.classIdx[i] !== c) continue;
    const j = p.journal[i];
    const base = { row: p.sourceRow[i], code: p.code[i], journal: j >= 2 && j <= 5 ? j : null };
    if (p.absent[i]) {
      out.push({
        ...base,
        absent: true,
        score: null,
        mark: null,
        tasks: [],
        unformedTasks: [],
        unformedSkills: [],
      });
      continue;
    }
    const tasks = p.scores.map((col) => col[i]);
    const score = Math.min(
      tasks.reduce((s, x) => s + x, 0),
      maxScore,
    );
    const mark = markFor(score, spec.scale);
    out.push({
      ...base,
      absent: false,
      score,
      mark: mark === 0 ? null : mark,
      tasks,
      unformedTasks: spec.tasks.filter((t, k) => unformed(tasks[k], t.max)).map((t) => t.id),
      unformedSkills: skills
        .filter((g) =>
          unformed(
            g.tasks.reduce((s, k) => s + tasks[k], 0),
            g.max,
          ),
        )
        .map((g) => g.id),
    });
  }
  return out;
}
