// The editable form of a procedure spec and the pure steps of the Specs screen: draft ↔ spec,
// applying another spec (a file, the catalogue, the library) by task id, and reading the scale.
import type { MarkScale, ProcedureSpec, TaskLevel } from '../../domain/model';
import { CATALOGUE, validateScale, type CatalogueEntry } from '../../domain/spec/index';
import type { SpecPatch } from '../clients/db.client';

export interface TaskDraft {
  id: string;
  max: number;
  level: TaskLevel | '';
  skill: string;
  /** Codes as typed: `1.1, 2.3`. */
  kes: string;
  kt: string;
}

/** Lower and upper bound per mark 2..5; null = empty field. */
export type ScaleDraft = [number | null, number | null][];

export interface SpecDraft {
  kind: string;
  subject: string;
  grade: number | null;
  year: number | null;
  tasks: TaskDraft[];
  scale: ScaleDraft;
}

export const MARKS = [2, 3, 4, 5] as const;

export const LEVEL_NAMES: Record<TaskLevel, string> = { Б: 'базовый', П: 'повышенный', В: 'высокий' };

const emptyScale = (): ScaleDraft => MARKS.map(() => [null, null]);

export function draftFromSpec(spec: ProcedureSpec): SpecDraft {
  return {
    kind: spec.kind,
    subject: spec.subject,
    grade: spec.grade,
    year: spec.year,
    tasks: spec.tasks.map((t) => ({
      id: t.id,
      max: t.max,
      level: t.level ?? '',
      skill: t.skill ?? '',
      kes: (t.kes ?? []).join(', '),
      kt: (t.kt ?? []).join(', '),
    })),
    scale: spec.scale ? scaleToDraft(spec.scale) : emptyScale(),
  };
}

export function scaleToDraft(scale: MarkScale): ScaleDraft {
  return MARKS.map((_, i) => [scale[i]?.[0] ?? null, scale[i]?.[1] ?? null]);
}

export function codes(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** A number input bound with bind:value gives null (empty) or a number; anything else is "not filled". */
function bound(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export type ScaleRead =
  { state: 'none' } | { state: 'incomplete' } | { state: 'fractional' } | { state: 'ok'; scale: MarkScale };

/** The scale as typed: none (all empty), incomplete, fractional, or a scale to validate. */
export function readScale(draft: ScaleDraft): ScaleRead {
  const values = draft.flat().map(bound);
  if (values.every((v) => v === null)) return { state: 'none' };
  if (values.some((v) => v === null)) return { state: 'incomplete' };
  if (values.some((v) => !Number.isInteger(v) || (v as number) < 0)) return { state: 'fractional' };
  return { state: 'ok', scale: draft.map(([a, b]) => [a as number, b as number]) };
}

/** Russian lines for the scale status next to the editor; `tone` says how to show them. */
export function scaleMessages(
  draft: ScaleDraft,
  max: number,
): { tone: 'ok' | 'info' | 'warning'; lines: string[] } {
  const r = readScale(draft);
  if (r.state === 'none')
    return {
      tone: 'info',
      lines: ['Шкала не задана: отметки, успеваемость, качество знаний и СОУ не вычисляются.'],
    };
  if (r.state === 'incomplete')
    return {
      tone: 'warning',
      lines: ['Шкала заполнена не полностью: укажите обе границы для каждой отметки или очистите шкалу.'],
    };
  if (r.state === 'fractional')
    return { tone: 'warning', lines: ['Границы шкалы — целые неотрицательные числа баллов.'] };
  const issues = validateScale(r.scale, max);
  if (issues.length === 0)
    return { tone: 'ok', lines: [`Шкала без пропусков и пересечений покрывает 0–${max}.`] };
  return { tone: 'warning', lines: issues.map((i) => i.message) };
}

export function draftMax(draft: SpecDraft): number {
  return draft.tasks.reduce((sum, t) => sum + t.max, 0);
}

/** The draft as a spec (for export and the library); null when the scale is half-filled. */
export function specFromDraft(draft: SpecDraft): ProcedureSpec | null {
  const s = readScale(draft.scale);
  if (s.state === 'incomplete' || s.state === 'fractional') return null;
  return {
    kind: draft.kind.trim(),
    subject: draft.subject.trim(),
    grade: draft.grade ?? 0,
    year: draft.year ?? 0,
    tasks: draft.tasks.map((t) => ({
      id: t.id,
      max: t.max,
      ...(t.level && { level: t.level }),
      ...(t.skill.trim() && { skill: t.skill.trim() }),
      ...(codes(t.kes).length > 0 && { kes: codes(t.kes) }),
      ...(codes(t.kt).length > 0 && { kt: codes(t.kt) }),
    })),
    scale: s.state === 'ok' ? s.scale : null,
  };
}

/** The patch that stores the draft (every task, the scale, the procedure fields). */
export function patchFromDraft(draft: SpecDraft): SpecPatch | null {
  const s = readScale(draft.scale);
  if (s.state === 'incomplete' || s.state === 'fractional') return null;
  return {
    kind: draft.kind,
    subject: draft.subject,
    grade: draft.grade ?? NaN,
    year: draft.year ?? NaN,
    tasks: draft.tasks.map((t) => ({
      id: t.id,
      level: t.level || null,
      skill: t.skill,
      kes: codes(t.kes),
      kt: codes(t.kt),
    })),
    scale: s.state === 'ok' ? s.scale : null,
  };
}

export interface ApplyReport {
  /** Tasks whose fields were taken. */
  applied: number;
  /** Task ids of the source that the procedure does not have. */
  unknown: string[];
  /** `6: 2 вместо 1` — same id, another maximum: skipped. */
  otherMax: string[];
  scale: boolean;
}

/**
 * Take task fields (level, skill, КЭС, КТ — those the source has) by task id, and the scale when
 * the source has one. Maxima never change; tasks with another maximum are skipped and reported.
 */
export function applySpec(
  draft: SpecDraft,
  source: Pick<ProcedureSpec, 'tasks'> & { scale?: MarkScale | null },
): ApplyReport {
  const report: ApplyReport = { applied: 0, unknown: [], otherMax: [], scale: false };
  const byId = new Map(draft.tasks.map((t) => [t.id, t]));
  for (const t of source.tasks) {
    const target = byId.get(t.id);
    if (!target) {
      report.unknown.push(t.id);
      continue;
    }
    if (t.max !== target.max) {
      report.otherMax.push(`${t.id}: ${t.max} вместо ${target.max}`);
      continue;
    }
    if (t.level) target.level = t.level;
    if (t.skill !== undefined) target.skill = t.skill;
    if (t.kes) target.kes = t.kes.join(', ');
    if (t.kt) target.kt = t.kt.join(', ');
    report.applied++;
  }
  if (source.scale) {
    draft.scale = scaleToDraft(source.scale);
    report.scale = true;
  }
  return report;
}

/** One Russian sentence about what applySpec did. */
export function describeApply(r: ApplyReport, what: string): string {
  const parts: string[] = [];
  parts.push(r.applied > 0 ? `${what}: применено к заданиям — ${r.applied}` : `${what}: задания не изменены`);
  if (r.scale) parts.push('шкала отметок заменена');
  if (r.otherMax.length > 0)
    parts.push(`пропущены задания с другим максимумом (${r.otherMax.slice(0, 5).join('; ')})`);
  if (r.unknown.length > 0) parts.push(`нет в процедуре: ${r.unknown.slice(0, 8).join(', ')}`);
  return `${parts.join('; ')}. Проверьте и нажмите «Сохранить».`;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Catalogue entries for this kind, subject and grade with the same maximum score, any year
 * (the same year first, then the nearest): the scale of a neighbouring year often still applies.
 */
export function catalogueMatches(
  p: { kind: string; subject: string; grade: number | null; year: number | null },
  max: number,
  catalogue: readonly CatalogueEntry[] = CATALOGUE,
): CatalogueEntry[] {
  const year = p.year ?? 0;
  return catalogue
    .filter(
      (e) => same(e.kind, p.kind) && same(e.subject, p.subject) && e.grade === p.grade && e.maxScore === max,
    )
    .sort((a, b) => Math.abs(a.year - year) - Math.abs(b.year - year) || b.year - a.year);
}

export function formatScale(scale: MarkScale | null | undefined): string {
  if (!scale) return 'нет шкалы';
  return scale.map(([a, b], i) => `«${i + 2}» ${a}–${b}`).join(', ');
}
