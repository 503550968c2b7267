// Can two procedures be compared task by task (dynamics)? Only with the same tasks and maxima:
// ФИОКО asks to compare years only when the codifier positions are identical.
import type { ProcedureSpec } from '../model.ts';

export interface Compatibility {
  compatible: boolean;
  /** Russian reasons why not; empty when compatible. */
  reasons: string[];
}

export function compareProcedures(
  a: Pick<ProcedureSpec, 'subject' | 'tasks'>,
  b: Pick<ProcedureSpec, 'subject' | 'tasks'>,
): Compatibility {
  const reasons: string[] = [];
  if (a.subject !== b.subject) reasons.push(`Разные предметы: «${a.subject}» и «${b.subject}».`);
  const ma = new Map(a.tasks.map((t) => [t.id, t.max]));
  const mb = new Map(b.tasks.map((t) => [t.id, t.max]));
  const onlyA = a.tasks.filter((t) => !mb.has(t.id)).map((t) => t.id);
  const onlyB = b.tasks.filter((t) => !ma.has(t.id)).map((t) => t.id);
  if (onlyA.length) reasons.push(`Задания только в первой работе: ${onlyA.join(', ')}.`);
  if (onlyB.length) reasons.push(`Задания только во второй работе: ${onlyB.join(', ')}.`);
  for (const t of a.tasks) {
    const other = mb.get(t.id);
    if (other !== undefined && other !== t.max)
      reasons.push(`Задание ${t.id}: максимальный балл ${t.max} и ${other}.`);
  }
  return { compatible: reasons.length === 0, reasons };
}
