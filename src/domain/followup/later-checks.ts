// A later ВПР or diagnostic of the same skills as a check of the sheet's deficits. The skills are
// matched across procedures by the skill text (normalised), else by a shared КЭС, else by a shared
// КТ code of their tasks; the teacher sees each match and may correct it (choose the later tasks by
// hand or none). Each pupil is found in the later work by school and participant code; the result
// on the matched tasks becomes a level: at least half of their points — сформировано, some points —
// частично, none — не сформировано; a pupil absent or not found stays unchecked.
import type { Dataset, TaskSpec } from '../model.ts';
import { itemLabel, type CheckValue, type FollowupRound, type FollowupSheet } from './types.ts';

export type MatchBasis = 'skill' | 'kes' | 'kt' | 'manual' | 'none';

export interface LaterMatch {
  kind: 'skill' | 'task';
  key: string;
  label: string;
  /** Task ids of the later procedure that check the deficit ([] — not checked there). */
  tasks: string[];
  by: MatchBasis;
}

export const BASIS_RU: Record<MatchBasis, string> = {
  skill: 'по тексту умения',
  kes: 'по коду КЭС',
  kt: 'по коду КТ',
  manual: 'выбрано учителем',
  none: 'нет соответствия',
};

/** Skill text for comparison: case, «ё», spaces and the final full stop do not matter. */
export function normSkill(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .replace(/[.;\s]+$/, '')
    .trim();
}

/** One match per distinct deficit of the sheet, in the order of first appearance. */
export function matchSkills(
  sheet: FollowupSheet,
  originTasks: TaskSpec[],
  laterTasks: TaskSpec[],
): LaterMatch[] {
  const byId = new Map(originTasks.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const out: LaterMatch[] = [];
  for (const item of sheet.items) {
    const k = `${item.kind}\u0000${item.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const base = { kind: item.kind, key: item.key, label: itemLabel(item) };
    if (item.kind === 'skill') {
      const want = normSkill(item.key);
      const same = laterTasks.filter((t) => t.skill && normSkill(t.skill) === want).map((t) => t.id);
      if (same.length) {
        out.push({ ...base, tasks: same, by: 'skill' });
        continue;
      }
    }
    const codes = (f: 'kes' | 'kt') => new Set(item.tasks.flatMap((id) => byId.get(id)?.[f] ?? []));
    let found = false;
    for (const f of ['kes', 'kt'] as const) {
      const c = codes(f);
      if (c.size === 0) continue;
      const ts = laterTasks.filter((t) => (t[f] ?? []).some((x) => c.has(x))).map((t) => t.id);
      if (ts.length) {
        out.push({ ...base, tasks: ts, by: f });
        found = true;
        break;
      }
    }
    if (!found) out.push({ ...base, tasks: [], by: 'none' });
  }
  return out;
}

/** The teacher's correction: the later tasks for one deficit (unknown ids are refused). */
export function correctMatch(
  matches: LaterMatch[],
  key: string,
  tasks: string[],
  laterTasks: TaskSpec[],
): LaterMatch[] {
  const known = new Set(laterTasks.map((t) => t.id));
  const bad = tasks.find((t) => !known.has(t));
  if (bad !== undefined) throw new RangeError(`Задания № ${bad} нет в более поздней работе.`);
  return matches.map((m) =>
    m.key === key ? { ...m, tasks: [...new Set(tasks)], by: tasks.length ? 'manual' : 'none' } : m,
  );
}

export interface LaterRound {
  round: FollowupRound;
  /** Pupils of the sheet found (present) in the later work. */
  found: number;
  /** Cells filled. */
  checked: number;
}

/** The later work's results on the matched tasks as one round dated `date`. */
export function laterRound(
  sheet: FollowupSheet,
  matches: LaterMatch[],
  later: Dataset,
  date: string,
): LaterRound {
  const school = later.meta.schools.findIndex((s) => s.login === sheet.school);
  const taskIndex = new Map(later.meta.procedure.tasks.map((t, k) => [t.id, k]));
  const row = new Map<string, number>();
  const p = later.pupils;
  for (let i = 0; i < p.n; i++) if (p.school[i] === school && !p.absent[i]) row.set(p.code[i], i);
  const matchOf = new Map(matches.map((m) => [`${m.kind}\u0000${m.key}`, m]));
  let checked = 0;
  const results = sheet.items.map((item): CheckValue => {
    const i = row.get(item.code);
    const ks = (matchOf.get(`${item.kind}\u0000${item.key}`)?.tasks ?? []).map((id) => taskIndex.get(id)!);
    if (i === undefined || ks.length === 0) return null;
    const max = ks.reduce((s, k) => s + later.meta.procedure.tasks[k].max, 0);
    const got = ks.reduce((s, k) => s + p.scores[k][i], 0);
    checked++;
    return 2 * got >= max ? 'formed' : got > 0 ? 'partial' : 'unformed';
  });
  const found = new Set(sheet.items.map((x) => x.code).filter((c) => row.has(c))).size;
  return { round: { date, results }, found, checked };
}
