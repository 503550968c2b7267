// Filling a template's wording and checking a template the user adapted.
import { fixed } from '../text/format.ts';
import type { DeadlineRule, PlanTemplate } from './types.ts';

/** Placeholder values. A number is a fact (0 included); an empty string means «no value». */
export type PlanValues = Record<string, string | number>;

const PLACEHOLDER_RE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** Russian number: 31.6 → «31,6»; integers as they are. */
export function formatNumber(n: number, digits = 1): string {
  if (Number.isInteger(n)) return String(n);
  return fixed(n, digits);
}

function valueText(v: string | number | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v) : null;
  return v === '' ? null : v;
}

/** Placeholder names used in a text. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]);
}

/**
 * Fills the sentences and joins them with a space. A sentence whose placeholder has no value is
 * left out; a placeholder the values do not know at all is left as written, so that a typo in an
 * adapted template shows (validateTemplate reports it too).
 */
export function fillText(sentences: readonly string[], values: PlanValues): string {
  const out: string[] = [];
  for (const s of sentences) {
    let missing = false;
    const filled = s.replace(PLACEHOLDER_RE, (whole, name: string) => {
      if (!(name in values)) return whole;
      const t = valueText(values[name]);
      if (t === null) missing = true;
      return t ?? '';
    });
    if (!missing && filled.trim()) out.push(filled.trim());
  }
  return out.join(' ');
}

/** Problems of a template (Russian, one per line); [] when it can be used. */
export function validateTemplate(t: PlanTemplate): string[] {
  const problems: string[] = [];
  if (t.format !== 'oko-plan-template/v1') problems.push(`Неизвестный формат шаблона: ${String(t.format)}`);
  const known = new Set(Object.keys(t.placeholders ?? {}));
  const ids = new Set<string>();
  const stagesSeen = new Set<string>();
  for (const stage of t.stages ?? []) {
    if (stagesSeen.has(stage.id)) problems.push(`Этап ${stage.id} повторяется`);
    for (const m of stage.measures ?? []) {
      const where = `Мероприятие ${m.id} (${stage.id})`;
      if (ids.has(m.id)) problems.push(`${where}: номер повторяется`);
      ids.add(m.id);
      if (!m.title?.trim()) problems.push(`${where}: нет наименования`);
      if (!Array.isArray(m.text) || m.text.length === 0) problems.push(`${where}: нет текста`);
      for (const s of m.text ?? [])
        for (const p of placeholdersOf(s))
          if (!known.has(p)) problems.push(`${where}: неизвестная подстановка {${p}}`);
      for (const r of m.responsible ?? [])
        if (!(r in (t.roles ?? {}))) problems.push(`${where}: неизвестная роль ${r}`);
      problems.push(...ruleProblems(m.deadline, stagesSeen, where));
      if (m.springDeadline !== undefined) problems.push(...ruleProblems(m.springDeadline, stagesSeen, where));
      if (m.after !== undefined && !(Array.isArray(m.after) && m.after.every((x) => typeof x === 'string')))
        problems.push(`${where}: after — не список номеров мероприятий`);
    }
    stagesSeen.add(stage.id);
  }
  for (const stage of t.stages ?? [])
    for (const m of stage.measures ?? [])
      for (const a of Array.isArray(m.after) ? m.after : [])
        if (!ids.has(a)) problems.push(`Мероприятие ${m.id} (${stage.id}): after — нет мероприятия ${a}`);
  return problems;
}

const KINDS = new Set([
  'relative',
  'fixed',
  'end-of-term',
  'start-of-next-term',
  'end-of-school-year',
  'next-procedure',
  'after-stage',
  'after',
  'start-of-target-year',
  'end-of-target-year',
  'procedure-date',
  'procedure-results',
]);

function ruleProblems(rule: DeadlineRule | undefined, earlierStages: Set<string>, where: string): string[] {
  if (!rule || typeof rule !== 'object') return [`${where}: нет правила срока`];
  const out: string[] = [];
  if (!KINDS.has(rule.kind)) out.push(`${where}: неизвестное правило срока ${String(rule.kind)}`);
  for (const k of ['months', 'weeks', 'days', 'workdays'] as const)
    if (rule[k] !== undefined && !Number.isInteger(rule[k])) out.push(`${where}: ${k} — не целое число`);
  if (rule.kind === 'fixed' && !(rule.month >= 1 && rule.month <= 12 && rule.day >= 1 && rule.day <= 31))
    out.push(`${where}: неверная дата ${rule.day}.${rule.month}`);
  if (rule.kind === 'after-stage' && !earlierStages.has(rule.stage))
    out.push(`${where}: срок после этапа ${rule.stage}, который не предшествует этому`);
  if (rule.from) out.push(...ruleProblems(rule.from, earlierStages, where));
  return out;
}
