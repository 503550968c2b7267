// Suggested activities for an unformed skill or task, from templates/activities-ru.json (data the
// school may adapt): the first skill kind of the procedure's subject whose `match` occurs in the
// skill's wording, then the activities of the level of the skill's tasks, else the defaults. A kind
// with `subjects` applies to those subjects only, so a maths skill about tables never gets
// «пересказ текста».
import type { TaskLevel } from '../model.ts';
import data from './templates/activities-ru.json';

export interface ActivityTemplate {
  format: 'oko-activities/v1';
  skillKinds: { id: string; title: string; match: string[]; activities: string[]; subjects?: string[] }[];
  byLevel: Partial<Record<TaskLevel, string[]>>;
  default: string[];
}

export const ACTIVITIES_RU = data as ActivityTemplate;

export function activitiesFor(
  skill: string | null,
  level: TaskLevel | null | undefined,
  t: ActivityTemplate = ACTIVITIES_RU,
  subject?: string,
): string[] {
  const text = (skill ?? '').toLowerCase();
  const kind = text
    ? t.skillKinds.find((k) => ofSubject(k.subjects, subject) && k.match.some((m) => text.includes(m)))
    : undefined;
  const byLevel = (level && t.byLevel[level]) || [];
  const out = [...(kind?.activities.slice(0, 2) ?? []), ...byLevel.slice(0, 1)];
  return out.length > 0 ? out : t.default.slice(0, 2);
}

/** Does a kind with these `subjects` apply to the procedure's subject? No list: every subject. */
function ofSubject(subjects: string[] | undefined, subject: string | undefined): boolean {
  if (!subjects || subjects.length === 0 || !subject) return true;
  const s = subject.trim().toLowerCase();
  return subjects.some((x) => x.trim().toLowerCase() === s);
}
