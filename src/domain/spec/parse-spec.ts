// `spec.json` (shared/spec/oko-report-v1.md) → a validated ProcedureSpec, with Russian errors.
import { ImportError, type MarkScale, type ProcedureSpec, type TaskLevel, type TaskSpec } from '../model';
import { MAX_TASK_SCORE, isTaskId, normaliseTaskId } from './task-header';

const LEVELS: Record<string, TaskLevel> = { Б: 'Б', П: 'П', В: 'В', B: 'Б' };

/** ГИА kinds and their grade when the spec does not give one. */
const GIA_GRADE: Record<string, number | undefined> = { ОГЭ: 9, ЕГЭ: 11, ГВЭ: 9 };

function fail(file: string, what: string): never {
  throw new ImportError(`Спецификация «${file}»: ${what}`, file);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function codes(v: unknown, file: string, where: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string' && typeof c !== 'number'))
    fail(file, `${where} должно быть списком кодов (строк).`);
  return v.map(String);
}

function parseTask(t: unknown, i: number, file: string): TaskSpec {
  const where = `задание №${i + 1}`;
  if (!isRecord(t)) fail(file, `${where}: ожидался объект { "id": …, "max": … }.`);
  if (typeof t.id !== 'string' && typeof t.id !== 'number') fail(file, `${where}: нет поля "id".`);
  const id = normaliseTaskId(t.id);
  if (!isTaskId(id)) fail(file, `${where}: непонятный номер задания «${t.id}» (ожидалось 3, 5.1, 4К1 …).`);
  const max = t.max;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_TASK_SCORE)
    fail(
      file,
      `задание ${id}: "max" должно быть целым числом от 1 до ${MAX_TASK_SCORE}, а не ${JSON.stringify(max)}.`,
    );
  const task: TaskSpec = { id, max };
  if (t.level !== undefined && t.level !== null && t.level !== '') {
    const level = typeof t.level === 'string' ? LEVELS[t.level.trim().toUpperCase()] : undefined;
    if (!level) fail(file, `задание ${id}: уровень должен быть Б, П или В, а не ${JSON.stringify(t.level)}.`);
    task.level = level;
  }
  if (t.skill !== undefined && t.skill !== null) {
    if (typeof t.skill !== 'string') fail(file, `задание ${id}: "skill" должно быть строкой.`);
    task.skill = t.skill;
  }
  const kes = codes(t.kes, file, `задание ${id}: "kes"`);
  if (kes) task.kes = kes;
  const kt = codes(t.kt, file, `задание ${id}: "kt"`);
  if (kt) task.kt = kt;
  if (t.part !== undefined && t.part !== null) {
    if (t.part !== 1 && t.part !== 2) fail(file, `задание ${id}: "part" должно быть 1 или 2.`);
    task.part = t.part;
  }
  return task;
}

function parseScale(v: unknown, file: string): MarkScale | null {
  if (v === undefined || v === null) return null;
  const ok =
    Array.isArray(v) &&
    v.length === 4 &&
    v.every(
      (r) =>
        Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'number' && Number.isInteger(x)),
    );
  if (!ok)
    fail(file, `"scale" должна быть списком из четырёх пар целых чисел [[0,6],[7,10],[11,14],[15,20]].`);
  return (v as [number, number][]).map(([a, b]) => [a, b]);
}

/** Validates a parsed JSON value. Unknown fields are ignored; the result holds only known ones. */
export function parseSpec(json: unknown, file: string): ProcedureSpec {
  if (!isRecord(json))
    fail(file, 'ожидался объект JSON { "kind", "subject", "grade", "year", "tasks", "scale" }.');
  const kind = typeof json.kind === 'string' && json.kind.trim() ? json.kind.trim() : 'ВПР';
  if (typeof json.subject !== 'string' || !json.subject.trim()) fail(file, 'нет предмета ("subject").');
  // ГИА: the grade follows from the kind, and the tasks may come from the protocol's masks.
  const gia = GIA_GRADE[kind.toUpperCase()];
  const grade = json.grade ?? gia;
  if (typeof grade !== 'number' || !Number.isInteger(grade) || grade < 1 || grade > 11)
    fail(file, `"grade" должен быть целым числом от 1 до 11, а не ${JSON.stringify(grade)}.`);
  const year = json.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100)
    fail(file, `"year" должен быть годом (например 2021), а не ${JSON.stringify(year)}.`);
  const noTasks =
    json.tasks === undefined || json.tasks === null || (Array.isArray(json.tasks) && json.tasks.length === 0);
  if (!(gia && noTasks) && (!Array.isArray(json.tasks) || json.tasks.length === 0))
    fail(file, 'нет списка заданий ("tasks").');
  const tasks = Array.isArray(json.tasks) ? json.tasks.map((t, i) => parseTask(t, i, file)) : [];
  const seen = new Set<string>();
  for (const t of tasks) {
    if (seen.has(t.id)) fail(file, `задание ${t.id} указано дважды.`);
    seen.add(t.id);
  }
  const spec: ProcedureSpec = {
    kind,
    subject: json.subject.trim(),
    grade,
    year,
    tasks,
    scale: parseScale(json.scale, file),
  };
  // ГИА: the ЕГЭ test-score scale (index = primary score) and threshold.
  if (json.testScale !== undefined && json.testScale !== null) {
    const ts = json.testScale;
    if (
      !Array.isArray(ts) ||
      ts.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 100)
    )
      fail(file, '"testScale" должна быть списком тестовых баллов 0..100 (номер в списке = первичный балл).');
    spec.testScale = ts.map(Number);
  }
  if (json.minimum !== undefined && json.minimum !== null) {
    if (typeof json.minimum !== 'number' || !Number.isFinite(json.minimum))
      fail(
        file,
        `"minimum" должен быть числом (минимальный тестовый балл), а не ${JSON.stringify(json.minimum)}.`,
      );
    spec.minimum = json.minimum;
  }
  return spec;
}

/** The spec as `spec.json` text (only the binding fields). */
export function specToJson(spec: ProcedureSpec): string {
  const { kind, subject, grade, year, tasks, scale } = spec;
  return JSON.stringify({ kind, subject, grade, year, tasks, scale: scale ?? null }, null, 2);
}

/** Maximum primary score: the sum of the task maxima. */
export function maxScore(spec: Pick<ProcedureSpec, 'tasks'>): number {
  return spec.tasks.reduce((sum, t) => sum + t.max, 0);
}
