// Build the spec that re-runs an import once the user has confirmed the maxima.
import type { MarkScale, ProcedureSpec, TaskSpec } from '../../domain/model';

export interface ConfirmedProcedure {
  kind: string;
  subject: string;
  grade: number;
  year: number;
  maxima: number[];
  scale?: MarkScale | null;
}

export function specFromMaxima(tasks: readonly TaskSpec[], p: ConfirmedProcedure): ProcedureSpec {
  return {
    kind: p.kind.trim(),
    subject: p.subject.trim(),
    grade: p.grade,
    year: p.year,
    tasks: tasks.map((t, i) => ({ ...t, max: p.maxima[i] })),
    scale: p.scale ?? null,
  };
}

/** Maxima of a catalogue task list for the file's tasks: by task id, else by position when counts match. */
export function maximaFromTasks(
  tasks: readonly TaskSpec[],
  known: readonly TaskSpec[] | undefined,
): number[] | null {
  if (!known || known.length === 0) return null;
  const byId = new Map(known.map((t) => [t.id, t.max]));
  if (tasks.every((t) => byId.has(t.id))) return tasks.map((t) => byId.get(t.id)!);
  if (tasks.length === known.length) return known.map((t) => t.max);
  return null;
}

/** Russian problems with the entered values; empty when the spec can be built. */
export function maximaProblems(
  p: Omit<ConfirmedProcedure, 'grade' | 'year'> & { grade: number | null; year: number | null },
): string[] {
  const problems: string[] = [];
  if (!p.kind.trim()) problems.push('Укажите вид процедуры.');
  if (!p.subject.trim()) problems.push('Укажите предмет.');
  const grade = p.grade ?? NaN;
  const year = p.year ?? NaN;
  if (!Number.isInteger(grade) || grade < 1 || grade > 11) problems.push('Класс — целое число от 1 до 11.');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) problems.push('Укажите год (например, 2025).');
  const bad = p.maxima.findIndex((m) => !Number.isInteger(m) || m < 1 || m > 100);
  if (bad >= 0) problems.push(`Максимум задания №${bad + 1} — целое число от 1 до 100.`);
  return problems;
}
