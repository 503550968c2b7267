// Building and editing a check sheet: pure functions that return a new sheet.
import type { TaskSpec } from '../model.ts';
import type { PupilResult } from '../report/pupils.ts';
import { needsRoute, pupilDeficits } from './route-criterion.ts';
import { sheetId, type CheckValue, type FollowupSheet } from './types.ts';

export interface NewSheetInput {
  procedureKey: string;
  school: string;
  schoolName: string;
  classId: string;
  classLabel: string;
  pupils: PupilResult[];
  tasks: TaskSpec[];
  now: string;
}

/** The class's sheet: every pupil who needs a route × each of the pupil's deficits; no rounds yet. */
export function newSheet(input: NewSheetInput): FollowupSheet {
  const items = input.pupils
    .filter((p) => needsRoute(p, input.tasks))
    .flatMap((p) => pupilDeficits(p, input.tasks));
  return {
    id: sheetId(input.procedureKey, input.school, input.classId),
    procedureKey: input.procedureKey,
    school: input.school,
    schoolName: input.schoolName,
    classId: input.classId,
    classLabel: input.classLabel,
    items,
    rounds: [],
    createdAt: input.now,
    updatedAt: input.now,
  };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Why a value cannot stand in a cell of `max` points, or null when it can. */
export function valueProblem(v: CheckValue, max: number): string | null {
  if (v === null || v === 'formed' || v === 'partial' || v === 'unformed') return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return null;
  return `ожидалось «с», «ч», «н» или целый балл от 0 до ${max}`;
}

/**
 * Adds an empty round dated `date` (or returns the sheet as is when that date has one); rounds stay
 * in date order. A date after `today` is refused: a check cannot have happened yet.
 */
export function addRound(sheet: FollowupSheet, date: string, today: string, now: string): FollowupSheet {
  if (!isRealIsoDate(date)) throw new RangeError(`Дата проверки «${date}» не распознана.`);
  if (date > today) throw new RangeError('Дата проверки не может быть позже сегодняшней.');
  if (sheet.rounds.some((r) => r.date === date)) return sheet;
  const rounds = [...sheet.rounds, { date, results: sheet.items.map((): CheckValue => null) }].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  return { ...sheet, rounds, updatedAt: now };
}

/** Sets one cell (round by date, item by index). */
export function setResult(
  sheet: FollowupSheet,
  date: string,
  item: number,
  value: CheckValue,
  now: string,
): FollowupSheet {
  const r = sheet.rounds.findIndex((x) => x.date === date);
  if (r < 0) throw new RangeError(`Проверки от ${date} нет в листе.`);
  if (item < 0 || item >= sheet.items.length) throw new RangeError('Нет такой строки листа.');
  const problem = valueProblem(value, sheet.items[item].max);
  if (problem) throw new RangeError(`Значение не подходит: ${problem}.`);
  const rounds = sheet.rounds.map((x, k) =>
    k === r ? { ...x, results: x.results.map((v, i) => (i === item ? value : v)) } : x,
  );
  return { ...sheet, rounds, updatedAt: now };
}

/** The next value of a one-tap cell: пусто → сформировано → частично → не сформировано → пусто. */
export function nextLevel(v: CheckValue): CheckValue {
  if (v === null || typeof v === 'number') return 'formed';
  if (v === 'formed') return 'partial';
  if (v === 'partial') return 'unformed';
  return null;
}

/** Replaces or adds whole rounds (an imported sheet): same date → replaced, new date → added. */
export function mergeRounds(
  sheet: FollowupSheet,
  rounds: FollowupSheet['rounds'],
  now: string,
): FollowupSheet {
  const byDate = new Map(sheet.rounds.map((r) => [r.date, r]));
  for (const r of rounds) byDate.set(r.date, r);
  const all = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ...sheet, rounds: all, updatedAt: now };
}
