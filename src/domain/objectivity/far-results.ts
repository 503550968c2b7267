// Results far from the usual picture (issue #14, point 7; seeds 000/001: the objectivity of
// olympiads and diagnostic works). A pupil who wrote two works or more of one subject and year
// (matched by school login and participant code — codes repeat across schools) has, in each work,
// a standardised result z = (score − mean) / sd over that work's writers. The z of one work is
// set against (a) the mean z of the pupil's other works and (b) the z of the pupil's journal mark
// among that work's writers with a mark. A difference above 2 in absolute value is a sign to
// re-check the work, never a verdict (against the other works, only for the pupil's work that
// differs most: one far work would otherwise flag all the others too); a class is listed when at least CLASS_MIN of its matched
// pupils, and at least CLASS_SHARE of them, carry the sign in the same work. Pure: datasets in.
import type { Dataset } from '../model.ts';
import { maxScoreOf } from '../report/analyze.ts';
import { primaryScores } from '../report/accumulate.ts';
import { fixedSigned } from '../text/format.ts';
import { procedureId, procedureIdTitle } from '../text/procedure.ts';

/** |z difference| above this is far from the usual picture. */
export const FAR_Z = 2;
/** Fewer writers than this: the work's mean and sd say too little to standardise. */
export const MIN_WRITERS = 5;
/** A class is listed from this many flagged pupils … */
export const CLASS_MIN = 2;
/** … when they are at least this share of its pupils matched in two works or more. */
export const CLASS_SHARE = 0.2;

/** The kinds of work this check is about (olympiads and diagnostics; other kinds join as «other works»). */
export const FAR_KINDS = ['Олимпиада', 'Диагностика'] as const;

export interface FarWork {
  /** `Олимпиада-2026-Математика-7`. */
  id: string;
  kind: string;
  grade: number;
  writers: number;
  mean: number;
  /** Sample sd (n − 1) of the primary score; null when it cannot standardise (see note). */
  sd: number | null;
}

export interface FarPupil {
  school: string;
  code: string;
  /** Class label in the flagged work. */
  classLabel: string;
  /** The work whose result is far from the rest. */
  work: string;
  score: number;
  z: number;
  /** Mean z of the pupil's other works (null when none could be standardised). */
  othersZ: number | null;
  /** The other works counted, by id. */
  others: string[];
  journal: number | null;
  /** z of the journal mark among the work's writers with a mark. */
  journalZ: number | null;
  /** z − othersZ, z − journalZ. */
  dOthers: number | null;
  dJournal: number | null;
  /** Russian, with the numbers. */
  reason: string;
}

export interface FarClass {
  school: string;
  classLabel: string;
  work: string;
  matched: number;
  flagged: number;
  /** flagged / matched. */
  share: number;
  reason: string;
}

export interface FarResults {
  works: FarWork[];
  /** Pupils found in two works or more. */
  matched: number;
  pupils: FarPupil[];
  classes: FarClass[];
  notes: string[];
}

function meanSd(xs: number[]): { mean: number; sd: number | null } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / (n || 1);
  if (n < 2) return { mean, sd: null };
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, sd: v > 0 ? Math.sqrt(v) : null };
}

const z2 = (x: number) => fixedSigned(x, 2);

interface Row {
  school: string;
  code: string;
  classLabel: string;
  score: number;
  journal: number;
}

/** Writers of a work (absent excluded), with their score and journal mark (0 = none). */
function writers(ds: Dataset): Row[] {
  const p = ds.pupils;
  const score = primaryScores(ds, maxScoreOf(ds));
  const out: Row[] = [];
  for (let i = 0; i < p.n; i++) {
    if (p.absent[i]) continue;
    const code = p.code[i]?.trim();
    if (!code) continue;
    out.push({
      school: ds.meta.schools[p.school[i]]?.login ?? '',
      code,
      classLabel: ds.meta.classes[p.classIdx[i]]?.label ?? '',
      score: score[i],
      journal: p.journal[i],
    });
  }
  return out;
}

/**
 * The works of one subject and year, compared pupil by pupil. Works that cannot be standardised
 * (too few writers, everybody the same score) are named in the notes and take no part.
 */
export function farResults(works: Dataset[]): FarResults {
  const notes: string[] = [];
  const info: FarWork[] = [];
  /** key `school\tcode` → per work: z, score, journal z, class. */
  const byPupil = new Map<string, Map<string, { z: number; row: Row; jz: number | null }>>();
  for (const ds of works) {
    const id = procedureId(ds.meta.procedure);
    const rows = writers(ds);
    const { mean, sd } = meanSd(rows.map((r) => r.score));
    const ok = rows.length >= MIN_WRITERS && sd !== null;
    info.push({
      id,
      kind: ds.meta.procedure.kind,
      grade: ds.meta.procedure.grade,
      writers: rows.length,
      mean,
      sd: ok ? sd : null,
    });
    if (!ok) {
      notes.push(
        rows.length < MIN_WRITERS
          ? `${id}: писавших ${rows.length} (меньше ${MIN_WRITERS}) — результат не стандартизируется, работа не сравнивается.`
          : `${id}: у всех писавших одинаковый балл — результат не стандартизируется, работа не сравнивается.`,
      );
      continue;
    }
    const j = meanSd(rows.filter((r) => r.journal >= 2).map((r) => r.journal));
    for (const r of rows) {
      const key = `${r.school}\t${r.code}`;
      let m = byPupil.get(key);
      if (!m) byPupil.set(key, (m = new Map()));
      if (m.has(id)) {
        notes.push(`${id}: код ${r.code} встречается в школе ${r.school} дважды — учтена первая строка.`);
        continue;
      }
      const jz = r.journal >= 2 && j.sd !== null ? (r.journal - j.mean) / j.sd : null;
      m.set(id, { z: (r.score - mean) / sd!, row: r, jz });
    }
  }

  const pupils: FarPupil[] = [];
  const classCount = new Map<
    string,
    { school: string; classLabel: string; work: string; matched: number; flagged: number }
  >();
  let matched = 0;
  for (const [key, m] of byPupil) {
    if (m.size < 2) continue;
    matched++;
    const [school, code] = key.split('\t');
    // One far work pulls the mean of the others for every other work of the pupil: the sign
    // against the other works goes to the work that differs most (with two works, to both).
    const total = [...m.values()].reduce((s, o) => s + o.z, 0);
    const dOf = (z: number) => z - (total - z) / (m.size - 1);
    const most = Math.max(...[...m.values()].map((o) => Math.abs(dOf(o.z))));
    for (const [work, e] of m) {
      const others = [...m.entries()].filter(([w]) => w !== work);
      const othersZ = others.reduce((s, [, o]) => s + o.z, 0) / others.length;
      const dOthers = e.z - othersZ;
      const dJournal = e.jz === null ? null : e.z - e.jz;
      const ck = `${school}\t${e.row.classLabel}\t${work}`;
      const c = classCount.get(ck) ?? { school, classLabel: e.row.classLabel, work, matched: 0, flagged: 0 };
      c.matched++;
      classCount.set(ck, c);
      const farOthers = Math.abs(dOthers) > FAR_Z && Math.abs(dOthers) >= most - 1e-9;
      const farJournal = dJournal !== null && Math.abs(dJournal) > FAR_Z;
      if (!farOthers && !farJournal) continue;
      c.flagged++;
      const up = (farOthers ? dOthers : dJournal!) > 0;
      const why: string[] = [];
      if (farOthers)
        why.push(
          `z = ${z2(e.z)} против среднего z = ${z2(othersZ)} по другим работам (${others.length}): разница ${z2(dOthers)}`,
        );
      if (farJournal)
        why.push(
          `z = ${z2(e.z)} против z отметки в журнале «${e.row.journal}» = ${z2(e.jz!)}: разница ${z2(dJournal!)}`,
        );
      pupils.push({
        school,
        code,
        classLabel: e.row.classLabel,
        work,
        score: e.row.score,
        z: e.z,
        othersZ,
        others: others.map(([w]) => w),
        journal: e.row.journal >= 2 ? e.row.journal : null,
        journalZ: e.jz,
        dOthers,
        dJournal,
        reason: `Признак, нужна проверка: результат работы «${procedureIdTitle(work)}» (${e.row.score} б.) ${up ? 'выше' : 'ниже'} обычного для обучающегося — ${why.join('; ')} (порог |разница| > ${FAR_Z}).`,
      });
    }
  }
  const classes: FarClass[] = [...classCount.values()]
    .filter((c) => c.flagged >= CLASS_MIN && c.flagged / c.matched >= CLASS_SHARE)
    .map((c) => ({
      ...c,
      share: c.flagged / c.matched,
      reason: `Признак, нужна проверка: в работе «${procedureIdTitle(c.work)}» у ${c.flagged} из ${c.matched} обучающихся класса ${c.classLabel}, писавших и другие работы, результат далёк от обычного (|разница z| > ${FAR_Z}); правило: не меньше ${CLASS_MIN} обучающихся и не меньше ${Math.round(CLASS_SHARE * 100)} %.`,
    }));
  const order = (a: { school: string; classLabel: string; work: string }, b: typeof a) =>
    a.school.localeCompare(b.school) ||
    a.classLabel.localeCompare(b.classLabel, 'ru', { numeric: true }) ||
    a.work.localeCompare(b.work);
  pupils.sort((a, b) => order(a, b) || a.code.localeCompare(b.code, 'ru', { numeric: true }));
  classes.sort(order);
  if (works.length >= 2 && matched === 0)
    notes.push('Ни один обучающийся не найден в двух работах (совпадение по логину школы и коду участника).');
  return { works: info, matched, pupils, classes, notes };
}
