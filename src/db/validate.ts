// Checks at the storage boundary: a dataset before it is written, and every row read back.
// Both are O(pupils × tasks) without allocation, far below the cost of the IndexedDB read itself.
import type { Dataset } from '../domain/model.ts';
import { CorruptDataError, DbError } from './errors.ts';
import type { ChunkRow, ImportRow, ProcedureRow } from './schema.ts';

type TypedCtor =
  Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor;

function typedProblem(v: unknown, ctor: TypedCtor, n: number): string | null {
  if (!(v instanceof ctor)) return `ожидался ${ctor.name}, получено ${describe(v)}`;
  if (v.length !== n) return `ожидалась длина ${n}, получено ${v.length}`;
  return null;
}

/** The typed columns a dataset's pupils and a stored chunk both have. */
const PUPIL_COLUMNS: [string, TypedCtor][] = [
  ['sourceRow', Uint32Array],
  ['classIdx', Int32Array],
  ['absent', Uint8Array],
  ['variant', Uint16Array],
  ['journal', Uint8Array],
  ['sex', Uint8Array],
];

/** The first of `columns` of `table` that is not a typed array of length n, as «столбец …: …». */
function columnsProblem(table: object, columns: [string, TypedCtor][], n: number): string | null {
  for (const [name, ctor] of columns) {
    const problem = typedProblem((table as Record<string, unknown>)[name], ctor, n);
    if (problem) return `столбец ${name}: ${problem}`;
  }
  return null;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Reject an inconsistent dataset before anything is written (an importer bug, not user data). */
export function validateDataset(ds: Dataset): void {
  const fail = (what: string): never => {
    throw new DbError(
      `Набор данных «${ds.meta.file}» не согласован: ${what}. Ничего не сохранено.`,
      'invalid',
    );
  };
  const p = ds.pupils;
  const { tasks } = ds.meta.procedure;
  if (!Number.isInteger(p.n) || p.n < 0) fail(`недопустимое число участников ${p.n}`);
  const columns = columnsProblem(p, [['school', Uint32Array], ...PUPIL_COLUMNS], p.n);
  if (columns) fail(columns);
  if (!Array.isArray(p.code) || p.code.length !== p.n) fail('столбец code: неверная длина');
  if (p.scores.length !== tasks.length || p.codes.length !== tasks.length) {
    fail(`заданий ${tasks.length}, а столбцов баллов ${p.scores.length} и кодов ${p.codes.length}`);
  }
  const taskIds = new Set<string>();
  tasks.forEach((t, k) => {
    if (taskIds.has(t.id)) fail(`задание ${t.id} повторяется`);
    taskIds.add(t.id);
    const problem = typedProblem(p.scores[k], Uint8Array, p.n) ?? typedProblem(p.codes[k], Uint8Array, p.n);
    if (problem) fail(`задание ${t.id}: ${problem}`);
  });
  const S = ds.meta.schools.length;
  const logins = new Set<string>();
  for (const s of ds.meta.schools) {
    if (!s.login) fail('у школы нет логина');
    if (logins.has(s.login)) fail(`школа ${s.login} указана дважды`);
    logins.add(s.login);
  }
  const C = ds.meta.classes.length;
  for (const c of ds.meta.classes) if (!(c.school >= 0 && c.school < S)) fail(`класс ${c.id}: нет школы`);
  for (let i = 0; i < p.n; i++) {
    const s = p.school[i];
    const c = p.classIdx[i];
    if (s >= S) fail(`строка ${p.sourceRow[i]}: неизвестная школа`);
    if (c < -1 || c >= C) fail(`строка ${p.sourceRow[i]}: неизвестный класс`);
    // Chunks are per school, so a class must belong to its pupil's school.
    if (c >= 0 && ds.meta.classes[c].school !== s) fail(`строка ${p.sourceRow[i]}: класс другой школы`);
  }
}

/** Validate one chunk read back from IndexedDB against its procedure. */
export function validateChunk(c: ChunkRow, proc: ProcedureRow): void {
  const where = `процедура «${proc.key}», импорт №${c?.importId}, школа ${c?.school}`;
  const fail = (what: string): never => {
    throw new CorruptDataError(where, what);
  };
  if (!c || typeof c !== 'object') fail('запись отсутствует');
  const n = c.n;
  if (!Number.isInteger(n) || n < 0) fail(`недопустимое число участников ${String(n)}`);
  if (!c.schoolInfo || typeof c.schoolInfo.login !== 'string') fail('нет сведений о школе');
  if (!Array.isArray(c.classes)) fail('нет списка классов');
  const columns = columnsProblem(c, [['pos', Uint32Array], ...PUPIL_COLUMNS], n);
  if (columns) fail(columns);
  if (!Array.isArray(c.code) || c.code.length !== n) fail('столбец code: неверная длина');
  for (let i = 0; i < n; i++) if (typeof c.code[i] !== 'string') fail('столбец code: не строка');
  const T = proc.tasks.length;
  if (!Array.isArray(c.scores) || c.scores.length !== T || !Array.isArray(c.codes) || c.codes.length !== T) {
    fail(`ожидалось ${T} столбцов баллов и кодов`);
  }
  for (let k = 0; k < T; k++) {
    const problem = typedProblem(c.scores[k], Uint8Array, n) ?? typedProblem(c.codes[k], Uint8Array, n);
    if (problem) fail(`задание ${proc.tasks[k].id}: ${problem}`);
    const max = proc.tasks[k].max;
    const col = c.scores[k];
    for (let i = 0; i < n; i++) if (col[i] > max) fail(`задание ${proc.tasks[k].id}: балл выше максимума`);
  }
  const C = c.classes.length;
  for (let i = 0; i < n; i++) if (c.classIdx[i] < -1 || c.classIdx[i] >= C) fail('неизвестный класс');
}

export function validateProcedureRow(p: ProcedureRow | undefined, key: string): ProcedureRow {
  if (!p) throw new DbError(`Процедура «${key}» не найдена в хранилище.`, 'not-found');
  if (!Array.isArray(p.tasks) || p.tasks.some((t) => typeof t?.id !== 'string' || !(t.max >= 0))) {
    throw new CorruptDataError(`процедура «${key}»`, 'список заданий');
  }
  return p;
}

export function validateImportRow(imp: ImportRow): void {
  if (!Number.isInteger(imp?.n) || !Array.isArray(imp.municipalities) || !Array.isArray(imp.taskHeaders)) {
    throw new CorruptDataError(`импорт №${imp?.id}`, 'описание импорта');
  }
}
