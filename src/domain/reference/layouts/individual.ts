// «Индивидуальные результаты» (2026): `ОО | Муниципалитет | Название ОО | Код участника | Класс |
// Вариант | 1 (2б) | … | Первичный балл | Отметка | Отметка по журналу`, pupil rows under group rows
// `МБОУ …(edu203389) | Кол-во участников: 89`. Aggregated here into one row per school and per
// class, the same figures the other reports give, so that a school's own export is a reference too.
import { parseTaskHeader } from '../../spec/task-header';
import { cellNumber, cellText, headerKey, isBlankRow, type Cell } from '../cells';
import { splitCode } from '../levels';
import { findColumn, rowNumber, type Table } from '../table';
import type { JournalSplit, ReferenceRow } from '../types';

const CODE = /^код участника/;

/** A table of pupils: it has a participant code column. */
export const isPupilList = (t: Table): boolean => t.columns.some((c) => CODE.test(c.key));

export function isIndividualTable(t: Table): boolean {
  return (
    t.columns.some((c) => CODE.test(c.key)) &&
    t.columns.some((c) => parseTaskHeader(c.top) !== null) &&
    t.columns.some((c) => c.key === 'отметка' || c.key === 'первичный балл')
  );
}

interface Tally {
  ref: ReferenceRow;
  n: number;
  marks: number[];
  journal: JournalSplit;
  scores: number[];
  taskSum: Map<string, number>;
}

const pct = (count: number, of: number) => (of > 0 ? (count / of) * 100 : 0);

function finish(t: Tally, tasks: { id: string; max: number }[]): ReferenceRow {
  const { ref, n, marks, journal } = t;
  if (n === 0) return ref;
  ref.participants = n;
  ref.marksPct = { 2: pct(marks[2], n), 3: pct(marks[3], n), 4: pct(marks[4], n), 5: pct(marks[5], n) };
  const compared = journal.lower + journal.same + journal.higher;
  if (compared > 0) {
    ref.journalCount = { ...journal };
    ref.journalPct = {
      lower: pct(journal.lower, compared),
      same: pct(journal.same, compared),
      higher: pct(journal.higher, compared),
    };
  }
  ref.scorePct = t.scores.map((c) => pct(c, n));
  ref.taskCompletion = Object.fromEntries(
    tasks.map(({ id, max }) => [id, pct(t.taskSum.get(id) ?? 0, n * max)]),
  );
  return ref;
}

export function parseIndividual(
  t: Table,
  maxScore?: number,
): { rows: ReferenceRow[]; tasks: string[]; taskMax: Record<string, number> } {
  const at = (re: RegExp) => findColumn(t, re)?.index ?? -1;
  const codeAt = at(CODE);
  const loginAt = at(/^оо$/);
  const schoolNameAt = at(/^название оо/);
  const classAt = at(/^класс/);
  const scoreAt = at(/^первичный балл/);
  const markAt = t.columns.find((c) => c.key === 'отметка')?.index ?? -1;
  const journalAt = at(/^отметка по журналу/);
  const tasks = t.columns.flatMap((c) => {
    const h = parseTaskHeader(c.top);
    return h ? [{ ...h, index: c.index }] : [];
  });
  const top = maxScore ?? tasks.reduce((s, x) => s + x.max, 0);

  const tallies = new Map<string, Tally>();
  const tally = (key: string, ref: () => ReferenceRow): Tally => {
    let x = tallies.get(key);
    if (!x) {
      x = {
        ref: ref(),
        n: 0,
        marks: [0, 0, 0, 0, 0, 0],
        journal: { lower: 0, same: 0, higher: 0 },
        scores: new Array<number>(top + 1).fill(0),
        taskSum: new Map(),
      };
      tallies.set(key, x);
    }
    return x;
  };
  let group: { id?: string; name: string; row: number } | undefined;
  for (let i = t.dataFrom; i < t.grid.rows.length; i++) {
    const cells: Cell[] = t.grid.rows[i];
    if (isBlankRow(cells)) continue;
    const first = cellText(cells.find((c) => cellText(c) !== ''));
    if (codeAt >= 0 && cellText(cells[codeAt]) === '') {
      // A group row `Name(edu…) | Кол-во участников: 89` (one cell or two) opens a school.
      const head = first.split('|')[0].trim();
      if (!/^кол(-во|ичество) участников/.test(headerKey(head)))
        group = { ...splitCode(head), row: rowNumber(t, i) };
      continue;
    }
    const mark = cellNumber(cells[markAt]);
    if (mark === undefined || mark < 2 || mark > 5) continue; // absent or not marked
    const login = cellText(cells[loginAt]).toLowerCase() || group?.id || '';
    const named = splitCode(cellText(cells[schoolNameAt]));
    const schoolKey = login || named.name || group?.name || 'ОО';
    const label = cellText(cells[classAt]).toUpperCase().replace(/\s+/g, '');
    const units = [
      tally(schoolKey, () => ({
        level: 'school',
        ...(login ? { id: login } : {}),
        name: named.name || group?.name || login,
        row: group?.row ?? rowNumber(t, i),
      })),
    ];
    if (label)
      units.push(
        tally(`${schoolKey}/${label}`, () => ({
          level: 'class',
          id: `${schoolKey}/${label}`,
          name: `Класс ${label}`,
          row: rowNumber(t, i),
        })),
      );
    const scores = tasks.map((x) => cellNumber(cells[x.index]) ?? 0);
    const score = cellNumber(cells[scoreAt]) ?? scores.reduce((s, v) => s + v, 0);
    const journal = cellNumber(cells[journalAt]);
    for (const u of units) {
      u.n++;
      u.marks[mark]++;
      if (Number.isInteger(score) && score >= 0 && score <= top) u.scores[score]++;
      if (journal !== undefined && journal >= 2 && journal <= 5)
        u.journal[mark < journal ? 'lower' : mark > journal ? 'higher' : 'same']++;
      tasks.forEach((x, k) => u.taskSum.set(x.id, (u.taskSum.get(x.id) ?? 0) + scores[k]));
    }
  }
  // Schools in file order, each followed by its classes in label order.
  const keys = [...tallies.keys()];
  const schools = keys.filter((k) => tallies.get(k)?.ref.level === 'school');
  const collator = new Intl.Collator('ru', { numeric: true });
  const ordered = schools.flatMap((s) => [
    s,
    ...keys.filter((k) => k.startsWith(`${s}/`)).sort(collator.compare),
  ]);
  return {
    rows: ordered.map((k) => finish(tallies.get(k) as Tally, tasks)),
    tasks: tasks.map((x) => x.id),
    taskMax: Object.fromEntries(tasks.map((x) => [x.id, x.max])),
  };
}
