// A ФИС ОКО reference unit (Россия, регион, муниципалитет, школа) turned into the shapes the
// analysis screen already draws: tile values, mark shares, a histogram and task completion.
// The report gives shares in % (two decimals), so what is derived from them is approximate.
import type { ReferenceLevel, ReferenceUnit } from '../../domain/reference/types';
import { normaliseTaskId } from '../../domain/spec/task-header';
import type { JournalResult, MarkCounts, ReportTask } from '../../domain/report/types';

/** The levels one can compare with (class rows and mark groups are not offered). */
export const COMPARABLE: readonly ReferenceLevel[] = ['russia', 'region', 'municipality', 'school'];

const LEVEL_WORDS: Record<ReferenceLevel, string> = {
  russia: 'Россия',
  region: 'регион',
  municipality: 'муниципалитет',
  school: 'школа',
  class: 'класс',
  other: 'группа',
};

/** The chosen reference as the screen shows it. */
export interface ChosenReference {
  unit: ReferenceUnit;
  /** Short, for the tiles: `Россия`, `регион`. */
  short: string;
  /** For legends and table headers: `Россия (ФИС ОКО)`, `Алтайский край (ФИС ОКО)`. */
  name: string;
}

/** The option label of a unit in the «Сравнивать с» list. */
export function optionLabel(u: ReferenceUnit): string {
  if (u.level === 'russia') return 'Россия';
  const word = LEVEL_WORDS[u.level];
  return `${word[0].toUpperCase()}${word.slice(1)}: ${u.name}`;
}

export function chosen(u: ReferenceUnit): ChosenReference {
  return {
    unit: u,
    short: LEVEL_WORDS[u.level],
    name: `${u.level === 'russia' ? 'Россия' : u.name} (ФИС ОКО)`,
  };
}

/**
 * The units of several files of one procedure merged by id: a marks report and a tasks report of
 * the same region make one unit. A later file fills what the earlier ones lack and wins on conflicts.
 */
export function mergeUnits(files: readonly { units: ReferenceUnit[] }[]): ReferenceUnit[] {
  const byId = new Map<string, ReferenceUnit>();
  for (const f of files)
    for (const u of f.units) {
      if (!COMPARABLE.includes(u.level)) continue;
      const was = byId.get(u.id);
      byId.set(
        u.id,
        was
          ? {
              ...was,
              ...u,
              taskCompletion:
                was.taskCompletion || u.taskCompletion
                  ? { ...was.taskCompletion, ...u.taskCompletion }
                  : undefined,
            }
          : u,
      );
    }
  return [...byId.values()]
    .map((u) => (u.taskCompletion === undefined ? dropUndefined(u) : u))
    .sort((a, b) => COMPARABLE.indexOf(a.level) - COMPARABLE.indexOf(b.level));
}

function dropUndefined(u: ReferenceUnit): ReferenceUnit {
  const { taskCompletion: _t, ...rest } = u;
  return rest;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The tile values of a reference unit, by tile name; null where the report does not give them.
 * У and КЗ are the report's own; СОУ and the mean mark follow from the mark shares, the mean score
 * from the score distribution; «Писали» is Кол-во участников; absences are not in the reports.
 */
export function tileValues(u: ReferenceUnit): Record<string, number | null> {
  const m = u.marksPct;
  const total = m ? m[2] + m[3] + m[4] + m[5] : 0;
  const s = u.scorePct;
  const sTotal = s ? sum(s) : 0;
  return {
    uspevaemost: u.uspevaemost ?? null,
    kachestvo: u.kachestvo ?? null,
    sou: m && total > 0 ? (100 * m[5] + 64 * m[4] + 36 * m[3] + 16 * m[2]) / total : null,
    'score-mean': s && sTotal > 0 ? sum(s.map((p, score) => p * score)) / sTotal : null,
    meanMark: m && total > 0 ? (5 * m[5] + 4 * m[4] + 3 * m[3] + 2 * m[2]) / total : null,
    written: u.participants ?? null,
    absent: null,
  };
}

/** Mark shares as «counts» of 100 participants, for the mark distribution chart. */
export function marksOf(u: ReferenceUnit): MarkCounts | null {
  const m = u.marksPct;
  return m ? { '2': m[2], '3': m[3], '4': m[4], '5': m[5] } : null;
}

/** The score distribution in %, when it has as many scores as the procedure. */
export function histogramOf(u: ReferenceUnit, length: number): number[] | null {
  return u.scorePct && u.scorePct.length === length ? u.scorePct : null;
}

/** Completion by the procedure's task ids, where the report's (normalised) ids match. */
export function tasksOf(
  u: ReferenceUnit,
  tasks: readonly ReportTask[],
): Map<string, { completion: number }> | null {
  const tc = u.taskCompletion;
  if (!tc) return null;
  const map = new Map<string, { completion: number }>();
  for (const t of tasks) {
    const v = tc[normaliseTaskId(t.id)] ?? tc[t.id];
    if (v !== undefined) map.set(t.id, { completion: v });
  }
  return map.size ? map : null;
}

/** The journal comparison in % as a JournalResult of 100 participants (no correlation in the reports). */
export function journalOf(u: ReferenceUnit): JournalResult | null {
  const j = u.journalPct;
  if (!j) return null;
  return {
    n: 100,
    lower: j.lower,
    same: j.same,
    higher: j.higher,
    spearman: null,
    lowerPct: j.lower,
    samePct: j.same,
    higherPct: j.higher,
    gap2: null,
    kappaWeighted: null,
  };
}

// ---------- stored procedures by key ----------

/** Kind, year, subject and grade back from a procedure key `ВПР-2022-Математика-4`. */
export function fieldsOfKey(key: string): {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
} {
  const m = /^(.+?)-(\d{4})-(.+)-(\d{1,2})$/.exec(key);
  return m
    ? { key, kind: m[1], year: Number(m[2]), subject: m[3], grade: Number(m[4]) }
    : { key, kind: '', subject: '', grade: 0, year: 0 };
}

/** `ВПР 2022 Математика 4 класс`, with what the file leaves out said so. */
export function describeProcedure(p: { kind: string; subject: string; grade: number; year: number }): string {
  return [
    p.kind || 'вид процедуры не указан',
    p.year || 'год не указан',
    p.subject || 'предмет не указан',
    p.grade ? `${p.grade} класс` : 'класс не указан',
  ].join(' ');
}
