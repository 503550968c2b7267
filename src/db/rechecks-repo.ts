// Re-checks (перепроверка): the commission's scores for works already stored in a procedure's
// protocol. They live in their own table: lists, the analysis and the school-conflict check never see
// them; the objectivity engine reads them through loadRecheck. Every write is one 'rw' transaction.
import type { Dataset, ImportWarning, ProgressFn, SchoolInfo } from '../domain/model.ts';
import type { OkoDb } from './database.ts';
import { DbError, toDbError } from './errors.ts';
import type { ProcedureRow, RecheckRow } from './schema.ts';
import { validateDataset } from './validate.ts';
import { newestFirst, sourceInfo, specOfRow, type SourceInfo } from './by-procedure.ts';

export interface RecheckSaveResult {
  recheckId: number;
  procedureKey: string;
  /** The same sheet of the same file was stored as a re-check before: nothing was written. */
  duplicate: boolean;
  /** Works (data rows) in the file. */
  works: number;
  /** Works found in the protocol (school login + participant code) and stored. */
  matched: number;
  /** Works whose code is not in the protocol: not stored, one warning each in `unmatched`. */
  notFound: number;
  unmatched: ImportWarning[];
}

export interface RecheckInfo extends SourceInfo {
  createdAt: string;
  works: number;
  matched: number;
  notFound: number;
}

const CODE_COLUMN = 'Код участника';

/**
 * Store `ds` as a re-check of the stored procedure `procedureKey`, atomically.
 * - The procedure must be stored (DbError 'not-found').
 * - Same tasks and maxima as the procedure, in any column order (DbError 'task-mismatch' naming the column).
 * - Works are matched to the protocol by school login and participant code; unknown codes are warnings,
 *   none matched is DbError 'invalid'. Only matched works are stored.
 * - The same file (SHA-256 + sheet) stored before as a re-check → `duplicate: true`; stored as a
 *   protocol → DbError 'conflict'.
 */
export async function saveRecheck(
  db: OkoDb,
  ds: Dataset,
  procedureKey: string,
  opts: { onProgress?: ProgressFn } = {},
): Promise<RecheckSaveResult> {
  const progress = opts.onProgress ?? (() => {});
  progress(0, 'Проверка данных');
  validateDataset(ds);
  const { fileHash, sheet, file } = ds.meta;
  const p = ds.pupils;
  let result: RecheckSaveResult;
  try {
    result = await db.transaction(
      'rw',
      [db.procedures, db.imports, db.chunks, db.rechecks],
      async (): Promise<RecheckSaveResult> => {
        const none = { works: p.n, matched: 0, notFound: 0, unmatched: [] };
        if (fileHash !== undefined) {
          const dup = await db.rechecks.where('[fileHash+sheet]').equals([fileHash, sheet]).first();
          if (dup) return { ...none, recheckId: dup.id, procedureKey: dup.procedureKey, duplicate: true };
          const asProtocol = await db.imports.where('[fileHash+sheet]').equals([fileHash, sheet]).first();
          if (asProtocol)
            throw new DbError(
              `Файл «${file}» (лист «${sheet}») уже загружен как протокол процедуры «${asProtocol.procedureKey}», ` +
                'а не как перепроверка. Удалите его на странице «Данные» и загрузите снова как перепроверку. ' +
                'Ничего не сохранено.',
              'conflict',
            );
        }
        const proc = await db.procedures.get(procedureKey);
        if (!proc)
          throw new DbError(
            `Процедура «${procedureKey}» не загружена: сначала загрузите её протокол, затем перепроверку. ` +
              'Ничего не сохранено.',
            'not-found',
          );
        const order = recheckTaskOrder(proc, ds);

        // The protocol's participants of the schools named in the file: login + code → absent?
        const logins = ds.meta.schools.map((s) => s.login);
        const chunks = await db.chunks
          .where('[procedureKey+school]')
          .anyOf(logins.map((l) => [procedureKey, l]))
          .toArray();
        const stored = new Map<string, boolean>();
        for (const c of chunks)
          for (let j = 0; j < c.n; j++) stored.set(key(c.school, c.code[j]), !!c.absent[j]);

        const keep: number[] = [];
        const unmatched: ImportWarning[] = [];
        for (let i = 0; i < p.n; i++) {
          const login = logins[p.school[i]];
          const absentThere = stored.get(key(login, p.code[i]));
          if (absentThere === false) {
            keep.push(i);
            continue;
          }
          unmatched.push({
            kind: 'other',
            file,
            sheet,
            row: p.sourceRow[i],
            column: CODE_COLUMN,
            message:
              absentThere === true
                ? `участник ${p.code[i]} (школа ${login}) в протоколе отмечен как отсутствовавший — работа не учтена`
                : `участника ${p.code[i]} нет в протоколе школы ${login} — работа не учтена`,
          });
        }
        if (keep.length === 0)
          throw new DbError(
            `В файле «${file}» ни один код участника не найден в протоколе «${procedureKey}» ` +
              `(проверено работ: ${p.n}). Перепроверка сопоставляется с протоколом по логину школы и коду ` +
              'участника: проверьте, что выбрана та процедура. Ничего не сохранено.',
            'invalid',
          );

        const row = recheckRow(ds, procedureKey, order, keep, unmatched);
        const recheckId = (await db.rechecks.add(row as RecheckRow)) as number;
        return {
          recheckId,
          procedureKey,
          duplicate: false,
          works: p.n,
          matched: keep.length,
          notFound: unmatched.length,
          unmatched,
        };
      },
    );
  } catch (e) {
    throw toDbError(e);
  }
  progress(1, result.duplicate ? 'Этот файл уже загружен' : 'Сохранено');
  return result;
}

const key = (login: string, code: string) => `${login}\u0000${code}`;

/**
 * Per procedure task, the file's task index. The re-check is scored on the protocol's layout: every
 * task column must be there with the same maximum, and no other.
 */
function recheckTaskOrder(proc: ProcedureRow, ds: Dataset): number[] {
  const tasks = ds.meta.procedure.tasks;
  const header = (k: number) => ds.meta.taskHeaders[k] ?? tasks[k].id;
  const byId = new Map(tasks.map((t, k) => [t.id, k]));
  const problems: string[] = [];
  const order = proc.tasks.map((t) => {
    const k = byId.get(t.id);
    if (k === undefined) problems.push(`нет столбца задания ${t.id}`);
    else if (tasks[k].max !== t.max)
      problems.push(`столбец «${header(k)}»: максимум ${tasks[k].max}, а в протоколе ${t.max}`);
    return k ?? -1;
  });
  const known = new Set(proc.tasks.map((t) => t.id));
  tasks.forEach((t, k) => {
    if (!known.has(t.id)) problems.push(`столбец «${header(k)}»: такого задания нет в протоколе`);
  });
  if (problems.length > 0)
    throw new DbError(
      `Перепроверка «${ds.meta.file}» не совпадает по заданиям с протоколом «${proc.key}»: ` +
        `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` и ещё ${problems.length - 3}` : ''}. ` +
        'Ничего не сохранено.',
      'task-mismatch',
    );
  return order;
}

function recheckRow(
  ds: Dataset,
  procedureKey: string,
  order: number[],
  keep: number[],
  unmatched: ImportWarning[],
): Omit<RecheckRow, 'id'> {
  const p = ds.pupils;
  const n = keep.length;
  const schools: string[] = [];
  const schoolIdx = new Map<string, number>();
  const school = new Uint32Array(n);
  keep.forEach((i, j) => {
    const login = ds.meta.schools[p.school[i]].login;
    let s = schoolIdx.get(login);
    if (s === undefined) {
      s = schools.push(login) - 1;
      schoolIdx.set(login, s);
    }
    school[j] = s;
  });
  const gather = (src: Uint8Array) => Uint8Array.from(keep, (i) => src[i]);
  const row: Omit<RecheckRow, 'id'> = {
    procedureKey,
    file: ds.meta.file,
    sheet: ds.meta.sheet,
    layout: ds.meta.layout,
    taskHeaders: order.map((k) => ds.meta.taskHeaders[k] ?? ds.meta.procedure.tasks[k].id),
    rows: p.n,
    n,
    notFound: unmatched.length,
    schools,
    createdAt: new Date().toISOString(),
    school,
    code: keep.map((i) => p.code[i]),
    sourceRow: Uint32Array.from(keep, (i) => p.sourceRow[i]),
    absent: gather(p.absent),
    scores: order.map((k) => gather(p.scores[k])),
    codes: order.map((k) => gather(p.codes[k])),
    warnings: [...ds.meta.warnings, ...unmatched],
  };
  // An absent key must stay absent (not undefined) or IndexedDB would reject the compound index.
  if (ds.meta.fileHash !== undefined) row.fileHash = ds.meta.fileHash;
  return row;
}

/** Re-checks, newest first; optionally of one procedure. */
export async function listRechecks(db: OkoDb, procedureKey?: string): Promise<RecheckInfo[]> {
  try {
    const rows = await newestFirst<RecheckRow>(db, 'rechecks', procedureKey);
    return rows.map((r) => ({
      ...sourceInfo(r),
      createdAt: r.createdAt,
      works: r.rows,
      matched: r.n,
      notFound: r.notFound,
    }));
  } catch (e) {
    throw toDbError(e);
  }
}

/** Remove one re-check. */
export async function deleteRecheck(db: OkoDb, id: number): Promise<boolean> {
  try {
    return await db.transaction('rw', db.rechecks, async () => {
      if (!(await db.rechecks.get(id))) return false;
      await db.rechecks.delete(id);
      return true;
    });
  } catch (e) {
    throw toDbError(e);
  }
}

/**
 * Every re-check of a procedure as ONE dataset (the objectivity engine takes one per procedure), or
 * null when there is none. Works keep the file order, re-checks by id; schools carry logins only.
 */
export async function loadRecheck(db: OkoDb, procedureKey: string): Promise<Dataset | null> {
  try {
    const { proc, rows } = await db.transaction('r', [db.procedures, db.rechecks], async () => ({
      proc: await db.procedures.get(procedureKey),
      rows: await db.rechecks.where('procedureKey').equals(procedureKey).toArray(),
    }));
    if (!proc || rows.length === 0) return null;
    rows.sort((a, b) => a.id - b.id);
    for (const r of rows) checkRecheckRow(r, proc);
    return assembleRecheck(proc, rows);
  } catch (e) {
    throw toDbError(e);
  }
}

function assembleRecheck(proc: ProcedureRow, rows: RecheckRow[]): Dataset {
  const T = proc.tasks.length;
  const N = rows.reduce((s, r) => s + r.n, 0);
  const schools: SchoolInfo[] = [];
  const schoolIdx = new Map<string, number>();
  const school = new Uint32Array(N);
  const sourceRow = new Uint32Array(N);
  const absent = new Uint8Array(N);
  const code: string[] = [];
  const scores = Array.from({ length: T }, () => new Uint8Array(N));
  const codes = Array.from({ length: T }, () => new Uint8Array(N));
  let at = 0;
  for (const r of rows) {
    const map = r.schools.map((login) => {
      let s = schoolIdx.get(login);
      if (s === undefined) {
        s = schools.push({ login }) - 1;
        schoolIdx.set(login, s);
      }
      return s;
    });
    for (let j = 0; j < r.n; j++) school[at + j] = map[r.school[j]];
    sourceRow.set(r.sourceRow, at);
    absent.set(r.absent, at);
    code.push(...r.code);
    for (let t = 0; t < T; t++) {
      scores[t].set(r.scores[t], at);
      codes[t].set(r.codes[t], at);
    }
    at += r.n;
  }
  return {
    meta: {
      file: rows.map((r) => r.file).join('; '),
      sheet: [...new Set(rows.map((r) => r.sheet))].join('; '),
      layout: rows[0].layout,
      procedure: specOfRow(proc),
      maximaSource: 'spec',
      taskHeaders: rows[0].taskHeaders,
      rows: N,
      municipalities: [],
      schools,
      classes: [],
      warnings: [],
    },
    pupils: {
      n: N,
      sourceRow,
      code,
      school,
      classIdx: new Int32Array(N).fill(-1),
      absent,
      variant: new Uint16Array(N),
      journal: new Uint8Array(N),
      sex: new Uint8Array(N),
      scores,
      codes,
    },
  };
}

/** A stored (or restored) re-check row has the shape assembleRecheck relies on. */
export function checkRecheckRow(r: RecheckRow, proc: ProcedureRow): void {
  const bad = (what: string): never => {
    throw new DbError(
      `Данные перепроверки «${String(r?.file)}» повреждены: ${what}. Удалите эту перепроверку и загрузите её снова.`,
      'corrupt',
    );
  };
  const n = r.n;
  if (!Number.isSafeInteger(n) || n < 0) bad('число работ');
  if (!Array.isArray(r.schools) || !r.schools.every((s) => typeof s === 'string')) bad('список школ');
  if (!(r.school instanceof Uint32Array) || r.school.length !== n) bad('школы работ');
  for (let j = 0; j < n; j++) if (r.school[j] >= r.schools.length) bad('номер школы');
  if (!Array.isArray(r.code) || r.code.length !== n) bad('коды участников');
  if (!(r.sourceRow instanceof Uint32Array) || r.sourceRow.length !== n) bad('строки файла');
  if (!(r.absent instanceof Uint8Array) || r.absent.length !== n) bad('отметки об отсутствии');
  const T = proc.tasks.length;
  if (!Array.isArray(r.scores) || r.scores.length !== T || !Array.isArray(r.codes) || r.codes.length !== T)
    bad('число заданий');
  for (let t = 0; t < T; t++) {
    const s = r.scores[t];
    if (
      !(s instanceof Uint8Array) ||
      s.length !== n ||
      !(r.codes[t] instanceof Uint8Array) ||
      r.codes[t].length !== n
    )
      bad(`задание ${proc.tasks[t].id}`);
    for (let j = 0; j < n; j++)
      if (s[j] > proc.tasks[t].max) bad(`балл выше максимума в задании ${proc.tasks[t].id}`);
  }
  if (!Array.isArray(r.warnings)) bad('предупреждения');
}
