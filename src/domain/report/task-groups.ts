// Skills, КЭС and КТ elements as groups of tasks, from the spec's task descriptions.
import type { TaskSpec } from '../model.ts';
import { groupThreshold, type FiokoThreshold, type ScoredPart } from '../stats/fioko.ts';

export interface TaskGroup {
  kind: 'skill' | 'kes' | 'kt';
  id: string;
  /** Indices into the procedure's tasks. */
  tasks: number[];
  max: number;
  /** The group's bar in % (point-weighted mean of its tasks' bars). */
  threshold: FiokoThreshold;
  parts: ScoredPart[];
}

export function taskGroups(tasks: TaskSpec[]): TaskGroup[] {
  const byKey = new Map<string, { kind: TaskGroup['kind']; id: string; tasks: number[] }>();
  const add = (kind: TaskGroup['kind'], id: string | undefined, t: number) => {
    const key = id?.trim();
    if (!key) return;
    const k = `${kind}\u0000${key}`;
    const g = byKey.get(k) ?? { kind, id: key, tasks: [] };
    if (!g.tasks.includes(t)) g.tasks.push(t);
    byKey.set(k, g);
  };
  tasks.forEach((t, i) => {
    add('skill', t.skill, i);
    for (const e of t.kes ?? []) add('kes', e, i);
    for (const e of t.kt ?? []) add('kt', e, i);
  });
  return [...byKey.values()].map((g) => ({
    ...g,
    max: g.tasks.reduce((s, i) => s + tasks[i].max, 0),
    threshold: groupThreshold(g.tasks.map((i) => tasks[i])),
    parts: g.tasks.map((i) => ({ max: tasks[i].max, level: tasks[i].level })),
  }));
}
