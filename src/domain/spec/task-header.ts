// Task ids and task-column headers, shared by the importer and the spec parser.
// Sub-task spelling changes every year (`5(1)`, `5.1`, `4К1`, `1K1`, `11.3 k1`): one id per task.

/** Lower-case, `ё`→`е`, no-break spaces and runs of whitespace → one space, trimmed. */
export function normaliseHeader(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

/** `5(1)` → `5.1`, `11.3 k1` → `11.3К1`, Latin K / Cyrillic к → К, spaces dropped. */
export function normaliseTaskId(raw: string | number): string {
  return String(raw)
    .trim()
    .replace(/(\d+)\s*\(\s*(\d+)\s*\)/g, '$1.$2')
    .replace(/\s+/g, '')
    .replace(/[kKк]/g, 'К');
}

/** A well-formed task id after normalisation: `3`, `5.1`, `4К1`, `11.3К1`. */
const TASK_ID = /^\d+(?:\.\d+)*(?:К\d+)?$/;

export function isTaskId(id: string): boolean {
  return TASK_ID.test(id);
}

/** Scores are stored in Uint8Array; no real task is worth more. */
export const MAX_TASK_SCORE = 100;

export interface TaskHeader {
  id: string;
  max: number;
}

const WITH_MAX = /^(.*?)\s*\(\s*(\d+)\s*б\.?\s*\)$/i;

/** `3 (2б)`, `5(1) (1б)`, `9.1 (1б)`, `4К1 (3б)`, `11.3 k1 (2б)` → id and maximum; anything else → null. */
export function parseTaskHeader(header: string): TaskHeader | null {
  const m = WITH_MAX.exec(header.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const id = normaliseTaskId(m[1]);
  const max = Number(m[2]);
  return isTaskId(id) && max > 0 && max <= MAX_TASK_SCORE ? { id, max } : null;
}

/** Numbered-only task columns of the raw exports: `балл за 7` (2021), `a-7-grade` (2020) → 7. */
export function parseNumberedHeader(header: string): number | null {
  const h = normaliseHeader(header);
  const m = /^балл за (\d+)$/.exec(h) ?? /^a-(\d+)-grade$/.exec(h);
  return m ? Number(m[1]) : null;
}
