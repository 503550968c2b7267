// Municipality side: an `oko-aggregate/v1` package is untrusted input. Every field is checked
// (type, range, array length, consistency of the sums); unknown keys, `__proto__` and deeper
// nesting are rejected. The result is a fresh object built from the checked values only.
import type { MarkScale, TaskLevel } from '../model.ts';
import { markTable } from '../stats/marks.ts';
import {
  AGGREGATE_FORMAT,
  ExchangeError,
  SUPPRESSION_THRESHOLD,
  type AggregatePackage,
  type BlockName,
  type PackageProcedure,
  type PackageTask,
  type PackageUnit,
} from './format.ts';

/** Larger files are refused before parsing. */
export const MAX_PACKAGE_CHARS = 20_000_000;
const MAX_TASKS = 200;
const MAX_TASK_SCORE = 100;
const MAX_UNITS = 1000;
const MAX_COUNT = 10_000_000;
const BLOCKS: BlockName[] = ['absent', 'histogram', 'marks', 'journal'];
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Rec = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ExchangeError(`Пакет отклонён: ${path} — ${what}.`);
}

function record(v: unknown, path: string, required: string[], optional: string[] = []): Rec {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'ожидается объект');
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) fail(path, 'ожидается простой объект');
  const allowed = new Set([...required, ...optional]);
  for (const k of Reflect.ownKeys(v)) {
    if (typeof k !== 'string') fail(path, 'недопустимый ключ');
    if (FORBIDDEN_KEYS.has(k)) fail(path, `недопустимый ключ «${k}»`);
    if (!allowed.has(k)) fail(path, `лишнее поле «${k}»`);
  }
  const r = v as Rec;
  for (const k of required) if (!Object.prototype.hasOwnProperty.call(r, k)) fail(path, `нет поля «${k}»`);
  return r;
}

function str(v: unknown, path: string, maxLen = 500): string {
  if (typeof v !== 'string') fail(path, 'ожидается строка');
  if (v.length > maxLen) fail(path, `строка длиннее ${maxLen} символов`);
  return v;
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, 'ожидается целое число');
  if (v < min) fail(path, v < 0 ? 'отрицательное значение' : `значение меньше ${min}`);
  if (v > max) fail(path, `значение больше ${max}`);
  return v;
}

function list(v: unknown, path: string, minLen: number, maxLen: number): unknown[] {
  if (!Array.isArray(v)) fail(path, 'ожидается массив');
  if (v.length < minLen || v.length > maxLen)
    fail(
      path,
      minLen === maxLen ? `ожидается ${minLen} элементов` : `ожидается от ${minLen} до ${maxLen} элементов`,
    );
  return v;
}

function counts(v: unknown, path: string, len: number, max = MAX_COUNT): number[] {
  return list(v, path, len, len).map((x, i) => int(x, `${path}[${i}]`, 0, max));
}

function matrix(v: unknown, path: string, rows: number, cols: number): number[][] {
  return list(v, path, rows, rows).map((r, i) => counts(r, `${path}[${i}]`, cols));
}

function task(v: unknown, path: string): PackageTask {
  const r = record(v, path, ['id', 'max'], ['level', 'skill', 'kes', 'kt']);
  const t: PackageTask = {
    id: str(r.id, `${path}.id`, 30),
    max: int(r.max, `${path}.max`, 0, MAX_TASK_SCORE),
  };
  if (t.id === '') fail(`${path}.id`, 'пустой номер задания');
  if (r.level !== undefined) {
    if (r.level !== 'Б' && r.level !== 'П' && r.level !== 'В') fail(`${path}.level`, 'ожидается Б, П или В');
    t.level = r.level as TaskLevel;
  }
  if (r.skill !== undefined) t.skill = str(r.skill, `${path}.skill`, 5000);
  for (const key of ['kes', 'kt'] as const)
    if (r[key] !== undefined)
      t[key] = list(r[key], `${path}.${key}`, 0, 100).map((x, i) => str(x, `${path}.${key}[${i}]`, 50));
  return t;
}

function procedure(v: unknown): PackageProcedure {
  const r = record(v, 'procedure', ['kind', 'subject', 'grade', 'year', 'tasks', 'scale']);
  const tasks = list(r.tasks, 'procedure.tasks', 1, MAX_TASKS).map((t, i) =>
    task(t, `procedure.tasks[${i}]`),
  );
  const ids = new Set(tasks.map((t) => t.id));
  if (ids.size !== tasks.length) fail('procedure.tasks', 'номера заданий повторяются');
  const maxScore = tasks.reduce((s, t) => s + t.max, 0);
  let scale: MarkScale | null = null;
  if (r.scale !== null) {
    scale = list(r.scale, 'procedure.scale', 4, 4).map((p, i) => {
      const [a, b] = list(p, `procedure.scale[${i}]`, 2, 2).map((x, j) =>
        int(x, `procedure.scale[${i}][${j}]`, 0, maxScore),
      );
      if (a > b) fail(`procedure.scale[${i}]`, 'начало диапазона больше конца');
      return [a, b] as [number, number];
    });
    for (let i = 1; i < 4; i++)
      if (scale[i][0] <= scale[i - 1][1])
        fail('procedure.scale', 'диапазоны отметок пересекаются или идут не по порядку');
  }
  const kind = str(r.kind, 'procedure.kind', 50);
  const subject = str(r.subject, 'procedure.subject', 200);
  if (kind === '' || subject === '') fail('procedure', 'не указан вид процедуры или предмет');
  return {
    kind,
    subject,
    grade: int(r.grade, 'procedure.grade', 1, 11),
    year: int(r.year, 'procedure.year', 2000, 2100),
    tasks,
    scale,
  };
}

const UNIT_KEYS = [
  'level',
  'id',
  'name',
  'suppressed',
  'suppressedBlocks',
  'written',
  'absent',
  'sum',
  'sumSq',
  'histogram',
  'marks',
  'taskSum',
  'taskSq',
  'taskByMark',
  'journal',
  'journalMarks',
] as const;
const DATA_KEYS = UNIT_KEYS.slice(5);

function unit(v: unknown, path: string, proc: PackageProcedure): PackageUnit {
  const r = record(v, path, [...UNIT_KEYS]);
  if (r.level !== 'school' && r.level !== 'class') fail(`${path}.level`, 'ожидается school или class');
  if (typeof r.suppressed !== 'boolean') fail(`${path}.suppressed`, 'ожидается true или false');
  const blocks = list(r.suppressedBlocks, `${path}.suppressedBlocks`, 0, BLOCKS.length).map((b, i) => {
    if (!BLOCKS.includes(b as BlockName)) fail(`${path}.suppressedBlocks[${i}]`, 'неизвестный блок');
    return b as BlockName;
  });
  if (new Set(blocks).size !== blocks.length) fail(`${path}.suppressedBlocks`, 'блоки повторяются');
  const base = {
    level: r.level as PackageUnit['level'],
    id: str(r.id, `${path}.id`, 200),
    name: str(r.name, `${path}.name`, 500),
    suppressed: r.suppressed,
    suppressedBlocks: blocks,
  };
  if (r.suppressed) {
    if (blocks.length > 0) fail(`${path}.suppressedBlocks`, 'у скрытой единицы блоки не перечисляются');
    for (const k of DATA_KEYS)
      if (r[k] !== null) fail(`${path}.${k}`, 'у скрытой единицы значение должно быть null');
    return {
      ...base,
      written: null,
      absent: null,
      sum: null,
      sumSq: null,
      histogram: null,
      marks: null,
      taskSum: null,
      taskSq: null,
      taskByMark: null,
      journal: null,
      journalMarks: null,
    };
  }
  const T = proc.tasks.length;
  const maxScore = proc.tasks.reduce((s, t) => s + t.max, 0);
  const W = maxScore + 1;
  const hasScale = proc.scale !== null;
  const markOf = markTable(proc.scale, maxScore);
  const withheld = (b: BlockName) => blocks.includes(b);
  /** A block value: null exactly when withheld (or not applicable). */
  const block = <X>(key: string, b: BlockName, applicable: boolean, read: () => X): X | null => {
    if (!applicable) {
      if (r[key] !== null) fail(`${path}.${key}`, 'без шкалы отметок ожидается null');
      return null;
    }
    if (withheld(b)) {
      if (r[key] !== null) fail(`${path}.${key}`, 'скрытый блок должен быть null');
      return null;
    }
    return read();
  };
  if (!hasScale && withheld('marks')) fail(`${path}.suppressedBlocks`, 'без шкалы нет блока отметок');

  const written = int(r.written, `${path}.written`, 0, MAX_COUNT);
  const absent = block('absent', 'absent', true, () => int(r.absent, `${path}.absent`, 0, MAX_COUNT));
  const sum = int(r.sum, `${path}.sum`, 0, written * maxScore);
  const sumSq = int(r.sumSq, `${path}.sumSq`, 0, written * maxScore * maxScore);
  const histogram = block('histogram', 'histogram', true, () => counts(r.histogram, `${path}.histogram`, W));
  if (histogram) {
    let n = 0;
    let s1 = 0;
    let s2 = 0;
    histogram.forEach((c, s) => {
      n += c;
      s1 += c * s;
      s2 += c * s * s;
    });
    if (n !== written)
      fail(`${path}.histogram`, `сумма распределения (${n}) не равна числу писавших (${written})`);
    if (s1 !== sum || s2 !== sumSq)
      fail(`${path}.histogram`, 'распределение не согласуется с суммами баллов');
  }
  const marks = block('marks', 'marks', hasScale, () => counts(r.marks, `${path}.marks`, 4));
  if (marks) {
    if (marks.reduce((a, b) => a + b, 0) > written) fail(`${path}.marks`, 'отметок больше, чем писавших');
    if (histogram) {
      const fromHist = [0, 0, 0, 0];
      histogram.forEach((c, s) => {
        if (markOf[s]) fromHist[markOf[s] - 2] += c;
      });
      if (fromHist.some((c, i) => c !== marks[i]))
        fail(`${path}.marks`, 'отметки не согласуются с распределением баллов');
    }
  }
  const taskSum = list(r.taskSum, `${path}.taskSum`, T, T).map((x, t) =>
    int(x, `${path}.taskSum[${t}]`, 0, written * proc.tasks[t].max),
  );
  const taskSq = list(r.taskSq, `${path}.taskSq`, T, T).map((x, t) =>
    int(x, `${path}.taskSq[${t}]`, taskSum[t], written * proc.tasks[t].max * proc.tasks[t].max),
  );
  if (taskSum.reduce((a, b) => a + b, 0) !== sum)
    fail(`${path}.taskSum`, 'сумма баллов по заданиям не равна сумме первичных баллов');
  const taskByMark = hasScale && marks ? matrix(r.taskByMark, `${path}.taskByMark`, 4, T) : null;
  if (!taskByMark && r.taskByMark !== null) fail(`${path}.taskByMark`, 'ожидается null: нет блока отметок');
  if (taskByMark && marks)
    for (let t = 0; t < T; t++) {
      let all = 0;
      for (let m = 0; m < 4; m++) {
        if (taskByMark[m][t] > marks[m] * proc.tasks[t].max)
          fail(`${path}.taskByMark[${m}][${t}]`, 'больше возможного');
        all += taskByMark[m][t];
      }
      if (all > taskSum[t]) fail(`${path}.taskByMark`, 'больше суммы баллов задания');
    }
  const journal = block('journal', 'journal', true, () => matrix(r.journal, `${path}.journal`, 4, W));
  if (journal) {
    let n = 0;
    for (let s = 0; s < W; s++) {
      const col = journal[0][s] + journal[1][s] + journal[2][s] + journal[3][s];
      if (histogram && col > histogram[s])
        fail(`${path}.journal`, `отметок журнала при балле ${s} больше, чем писавших`);
      n += col;
    }
    if (n > written) fail(`${path}.journal`, 'отметок журнала больше, чем писавших');
  }
  const journalMarks = block('journalMarks', 'journal', hasScale, () =>
    matrix(r.journalMarks, `${path}.journalMarks`, 4, 4),
  );
  if (journalMarks && journal) {
    const derived = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    for (let j = 0; j < 4; j++)
      for (let s = 0; s < W; s++) if (markOf[s]) derived[j][markOf[s] - 2] += journal[j][s];
    if (derived.some((row, j) => row.some((c, m) => c !== journalMarks[j][m])))
      fail(`${path}.journalMarks`, 'не согласуется с таблицей «отметка журнала × балл»');
  }
  return {
    ...base,
    written,
    absent,
    sum,
    sumSq,
    histogram,
    marks,
    taskSum,
    taskSq,
    taskByMark,
    journal,
    journalMarks,
  };
}

/**
 * Checks a package (parsed JSON or its text) and returns a clean copy.
 * Throws ExchangeError with a Russian message naming the field.
 */
export function validatePackage(json: unknown): AggregatePackage {
  let data = json;
  if (typeof json === 'string') {
    if (json.length > MAX_PACKAGE_CHARS) throw new ExchangeError('Пакет отклонён: файл слишком большой.');
    try {
      data = JSON.parse(json) as unknown;
    } catch {
      throw new ExchangeError('Пакет отклонён: файл не является корректным JSON.');
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('пакет', 'ожидается объект');
  const format = (data as Rec).format;
  if (format !== AGGREGATE_FORMAT)
    throw new ExchangeError(
      `Пакет отклонён: неподдерживаемый формат «${typeof format === 'string' ? format.slice(0, 50) : String(format)}», ожидается «${AGGREGATE_FORMAT}».`,
    );
  const r = record(data, 'пакет', ['format', 'procedure', 'municipality', 'school', 'threshold', 'units']);
  const proc = procedure(r.procedure);
  let municipality: AggregatePackage['municipality'] = null;
  if (r.municipality !== null) {
    const m = record(r.municipality, 'municipality', ['id', 'name']);
    municipality = { id: str(m.id, 'municipality.id', 100), name: str(m.name, 'municipality.name', 500) };
  }
  const sr = record(r.school, 'school', ['login', 'name']);
  const school = { login: str(sr.login, 'school.login', 100), name: str(sr.name, 'school.name', 500) };
  if (school.login === '') fail('school.login', 'пустой логин школы');
  if (r.threshold !== SUPPRESSION_THRESHOLD)
    fail('threshold', `порог подавления должен быть ${SUPPRESSION_THRESHOLD}`);
  const units = list(r.units, 'units', 1, MAX_UNITS).map((u, i) => unit(u, `units[${i}]`, proc));
  const [head, ...classes] = units;
  if (head.level !== 'school' || head.id !== school.login)
    fail('units[0]', 'первой должна идти школа пакета');
  if (head.suppressedBlocks.length > 0) fail('units[0].suppressedBlocks', 'у школы блоки не скрываются');
  if (!head.suppressed && (head.written ?? 0) < SUPPRESSION_THRESHOLD)
    fail('units[0]', `школа с числом писавших меньше ${SUPPRESSION_THRESHOLD} должна быть скрыта`);
  const ids = new Set<string>();
  let classWritten = 0;
  classes.forEach((c, k) => {
    const path = `units[${k + 1}]`;
    if (c.level !== 'class') fail(`${path}.level`, 'после школы идут только классы');
    if (!c.id.startsWith(`${school.login}/`)) fail(`${path}.id`, 'класс не принадлежит школе пакета');
    if (ids.has(c.id)) fail(`${path}.id`, 'класс повторяется');
    ids.add(c.id);
    if (head.suppressed && !c.suppressed) fail(path, 'класс скрытой школы должен быть скрыт');
    if (!c.suppressed && (c.written ?? 0) < SUPPRESSION_THRESHOLD)
      fail(`${path}.written`, `класс с числом писавших меньше ${SUPPRESSION_THRESHOLD} должен быть скрыт`);
    classWritten += c.written ?? 0;
  });
  if (head.written !== null && classWritten > head.written)
    fail('units', 'в классах писавших больше, чем в школе');
  return {
    format: AGGREGATE_FORMAT,
    procedure: proc,
    municipality,
    school,
    threshold: SUPPRESSION_THRESHOLD,
    units,
  };
}
