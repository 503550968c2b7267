// The follow-up worker's API, free of transport (Node tests call it directly; followup.worker.ts
// exposes it): a class's check sheet («контрольные точки») made from the procedure's deficits and
// stored, rounds and cells edited one at a time, the XLSX sheet written and read back (atomic:
// a bad file changes nothing), the school's counts, the roadmap progress lines and the
// effectiveness report (DOCX, XLSX).
import type { Dataset } from '../src/domain/model';
import { pupilResults } from '../src/domain/report/pupils';
import { procedureIdTitle } from '../src/domain/text/procedure';
import { writeDocx } from '../src/domain/documents/docx-writer';
import {
  addRound,
  effectivenessDoc,
  effectivenessXlsx,
  mergeRounds,
  newSheet,
  readSheetXlsx,
  roadmapProgress,
  sheetsProgress,
  schoolSummary,
  setResult,
  sheetId,
  sheetRows,
  summarize,
  writeSheetXlsx,
  STATUS_RULE,
  type CheckValue,
  type FollowupSheet,
  type SchoolSummary,
  type SheetSummary,
} from '../src/domain/followup';
import { correctMatch, laterRound, matchSkills, type LaterMatch } from '../src/domain/followup/later-checks';
import { fileName } from '../src/domain/text/format';
import { failureOf, guard, InputError, transferred, type Failure, type Outcome } from './outcome';

export type { Outcome };

export interface FollowupDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  /** The stored procedures (a later work of the same subject may serve as a check). */
  listProcedures(): Promise<{ key: string; kind: string; subject: string; grade: number; year: number }[]>;
  getFollowup(id: string): Promise<FollowupSheet | undefined>;
  listFollowups(procedureKey: string, school?: string): Promise<FollowupSheet[]>;
  putFollowup(sheet: FollowupSheet): Promise<void>;
  /** Local date `YYYY-MM-DD` (a check cannot be dated later). */
  today(): string;
  now(): string;
}

export interface ClassOption {
  classId: string;
  label: string;
  school: string;
  schoolName: string;
  /** A sheet is stored for the class. */
  stored: boolean;
}

/** What the screen shows of one sheet: the sheet, its statuses and counts, the rule in words. */
export interface SheetView {
  sheet: FollowupSheet;
  summary: SheetSummary;
  rule: string;
  title: string;
}

export interface SchoolView {
  summary: SchoolSummary;
  /** Roadmap measure id → progress line. */
  progress: Record<string, string>;
}

/** A later work of the same subject, with its skills matched to the sheet's deficits. */
export interface LaterPreview {
  procedureKey: string;
  title: string;
  matches: LaterMatch[];
  /** The later work's tasks, for correcting a match. */
  tasks: { id: string; skill: string }[];
  /** Pupils of the sheet found there (school + code) and the cells the round would fill. */
  found: number;
  checked: number;
}

export interface MadeFile {
  bytes: Uint8Array;
  fileName: string;
}

export function toFailure(e: unknown): Failure {
  if (e instanceof RangeError) return { kind: 'input', message: e.message };
  return failureOf(e, 'Не удалось выполнить действие с контрольными точками');
}

/** Only string pairs: an untyped caller cannot smuggle other values into the documents. */
function cleanNames(names: unknown): Map<string, string> | undefined {
  if (!Array.isArray(names)) return undefined;
  const out = new Map<string, string>();
  for (const e of names)
    if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') out.set(e[0], e[1]);
  return out.size ? out : undefined;
}

export function createFollowupApi(deps: FollowupDeps) {
  let queue: Promise<unknown> = Promise.resolve();
  /** Edits run one at a time: two taps never read the same old sheet. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };

  const view = (sheet: FollowupSheet): SheetView => ({
    sheet,
    summary: summarize(sheet),
    rule: STATUS_RULE,
    title: procedureIdTitle(sheet.procedureKey),
  });

  async function stored(id: string): Promise<FollowupSheet> {
    const s = await deps.getFollowup(id);
    if (!s) throw new InputError('Лист контрольных точек не найден: сформируйте его заново.');
    return s;
  }

  async function edit(id: string, fn: (s: FollowupSheet) => FollowupSheet): Promise<SheetView> {
    return serial(async () => {
      const next = fn(await stored(id));
      await deps.putFollowup(next);
      return view(next);
    });
  }

  async function school(procedureKey: string, login: string): Promise<SchoolSummary> {
    const sheets = await deps.listFollowups(procedureKey, login);
    const s = schoolSummary(sheets);
    if (!s) throw new InputError('В школе ещё нет листов контрольных точек.');
    return s;
  }

  /** The later work's matches with the teacher's corrections (deficit key → later task ids). */
  async function later(id: string, laterKey: string, corrections: Record<string, string[]> = {}) {
    const sheet = await stored(id);
    if (laterKey === sheet.procedureKey) throw new InputError('Выберите другую, более позднюю работу.');
    const [origin, next] = await Promise.all([
      deps.loadDataset(sheet.procedureKey),
      deps.loadDataset(laterKey),
    ]);
    const tasks = next.meta.procedure.tasks;
    let matches = matchSkills(sheet, origin.meta.procedure.tasks, tasks);
    for (const [key, ids] of Object.entries(corrections ?? {}))
      if (Array.isArray(ids)) matches = correctMatch(matches, key, ids.map(String), tasks);
    return { sheet, next, matches };
  }

  const handlers = {
    /** Other stored works of the sheet's subject: candidates to count as a later check. */
    async laterCandidates(id: string): Promise<{ key: string; title: string }[]> {
      const sheet = await stored(id);
      const own = (await deps.listProcedures()).find((p) => p.key === sheet.procedureKey);
      return (await deps.listProcedures())
        .filter((p) => p.key !== sheet.procedureKey && p.subject === own?.subject)
        .map((p) => ({ key: p.key, title: procedureIdTitle(p.key) }));
    },

    /** The matches of a later work's skills to the sheet's deficits, before they count. */
    async laterPreview(
      id: string,
      laterKey: string,
      corrections?: Record<string, string[]>,
    ): Promise<LaterPreview> {
      const { sheet, next, matches } = await later(id, laterKey, corrections);
      const r = laterRound(sheet, matches, next, '1970-01-01');
      return {
        procedureKey: laterKey,
        title: procedureIdTitle(laterKey),
        matches,
        tasks: next.meta.procedure.tasks.map((t) => ({ id: t.id, skill: t.skill ?? '' })),
        found: r.found,
        checked: r.checked,
      };
    },

    /** Counts the later work as a check dated `date` (its round replaces one of the same date). */
    applyLater(
      id: string,
      laterKey: string,
      date: string,
      corrections?: Record<string, string[]>,
    ): Promise<SheetView> {
      return serial(async () => {
        const { sheet, next, matches } = await later(id, laterKey, corrections);
        const withDate = addRound(sheet, date, deps.today(), deps.now()); // checks the date
        const { round, checked } = laterRound(withDate, matches, next, date);
        if (checked === 0)
          throw new InputError(
            'В этой работе не найдено ни одного обучающегося листа с сопоставленными умениями.',
          );
        const merged = mergeRounds(withDate, [round], deps.now());
        await deps.putFollowup(merged);
        return view(merged);
      });
    },

    /** The classes of a procedure, with the schools and whether a sheet is stored. */
    async classes(procedureKey: string): Promise<ClassOption[]> {
      const ds = await deps.loadDataset(procedureKey);
      const have = new Set((await deps.listFollowups(procedureKey)).map((s) => s.id));
      return ds.meta.classes.map((c) => {
        const s = ds.meta.schools[c.school];
        return {
          classId: c.id,
          label: c.label,
          school: s.login,
          schoolName: s.name ?? s.login,
          stored: have.has(sheetId(procedureKey, s.login, c.id)),
        };
      });
    },

    /** The class's sheet: the stored one, else made from the procedure's deficits and stored. */
    async open(procedureKey: string, classId: string): Promise<SheetView> {
      return serial(async () => {
        const ds = await deps.loadDataset(procedureKey);
        const cls = ds.meta.classes.find((c) => c.id === classId);
        if (!cls) throw new InputError(`Класса «${classId}» нет в процедуре.`);
        const s = ds.meta.schools[cls.school];
        const had = await deps.getFollowup(sheetId(procedureKey, s.login, classId));
        if (had) return view(had);
        const sheet = newSheet({
          procedureKey,
          school: s.login,
          schoolName: s.name ?? s.login,
          classId,
          classLabel: cls.label,
          pupils: pupilResults(ds, classId),
          tasks: ds.meta.procedure.tasks,
          now: deps.now(),
        });
        await deps.putFollowup(sheet);
        return view(sheet);
      });
    },

    addRound(id: string, date: string): Promise<SheetView> {
      return edit(id, (s) => addRound(s, date, deps.today(), deps.now()));
    },

    setCell(id: string, date: string, item: number, value: CheckValue): Promise<SheetView> {
      return edit(id, (s) => setResult(s, date, item, value, deps.now()));
    },

    /** Reads a filled XLSX sheet; on any problem nothing is stored and the message names the cell. */
    importXlsx(id: string, bytes: Uint8Array, file: string): Promise<SheetView> {
      return edit(id, (s) => mergeRounds(s, readSheetXlsx(bytes, file, s, deps.today()), deps.now()));
    },

    /** The sheet as XLSX (names only when the page passes them from the local roster). */
    async sheetXlsx(id: string, names?: [string, string][]): Promise<MadeFile> {
      const s = await stored(id);
      const bytes = writeSheetXlsx({
        sheet: s,
        title: procedureIdTitle(s.procedureKey),
        names: cleanNames(names),
      });
      return transferred(
        { bytes, fileName: fileName(`Контрольные точки ${s.classLabel} ${s.procedureKey}`, 'xlsx') },
        [bytes.buffer],
      );
    },

    /** The printable table (the same rows as the XLSX). */
    async sheetRows(id: string, names?: [string, string][]): Promise<(string | number)[][]> {
      const s = await stored(id);
      return sheetRows({ sheet: s, title: procedureIdTitle(s.procedureKey), names: cleanNames(names) });
    },

    /** The school's counts by class and skill, and the roadmap's progress lines. */
    async school(procedureKey: string, login: string): Promise<SchoolView> {
      const summary = await school(procedureKey, login);
      const rounds = new Set(summary.classes.flatMap((c) => c.rounds)).size;
      return { summary, progress: roadmapProgress(summary.counts, rounds) };
    },

    /** Roadmap progress lines for a school ({} when it has no sheets). */
    async progress(procedureKey: string, login: string): Promise<Record<string, string>> {
      return sheetsProgress(await deps.listFollowups(procedureKey, login));
    },

    async effectiveness(
      procedureKey: string,
      login: string,
      format: 'docx' | 'xlsx',
      names?: [string, string][],
    ): Promise<MadeFile> {
      const summary = await school(procedureKey, login);
      const input = { summary, title: procedureIdTitle(procedureKey), names: cleanNames(names) };
      const bytes = format === 'docx' ? await writeDocx(effectivenessDoc(input)) : effectivenessXlsx(input);
      const base = `Эффективность мер ${summary.schoolName} ${procedureKey}`;
      return transferred({ bytes, fileName: fileName(base, format) }, [bytes.buffer]);
    },
  };

  return guard(handlers, toFailure);
}

export type FollowupApi = ReturnType<typeof createFollowupApi>;
