// Checkpoints of routes and appendices: the ends of the coming terms (четверти / триместры) after
// the date results were received, and the end of the school year.
import { compareIso } from '../roadmap/dates.ts';
import {
  currentTerm,
  endOfSchoolYear,
  nextTerm,
  type SchoolCalendar,
  type Term,
} from '../roadmap/school-calendar.ts';

export interface Checkpoint {
  date: string;
  label: string;
}

/** The term in which work starts (the current one, or the coming one in holidays) and the next. */
export function workTerms(resultsDate: string, calendar: SchoolCalendar): Term[] {
  const first = currentTerm(resultsDate, calendar) ?? nextTerm(resultsDate, calendar);
  const second = nextTerm(first.end, calendar);
  return [first, second];
}

export function checkpoints(resultsDate: string, calendar: SchoolCalendar): Checkpoint[] {
  const [a, b] = workTerms(resultsDate, calendar);
  const out: Checkpoint[] = [
    { date: a.end, label: `Текущая проверка (конец: ${a.name})` },
    { date: b.end, label: `Повторная проверка (конец: ${b.name})` },
  ];
  const eoy = endOfSchoolYear(resultsDate, calendar);
  if (!out.some((c) => c.date === eoy) && compareIso(eoy, b.end) > 0)
    out.push({ date: eoy, label: 'Итоговая проверка (конец учебного года)' });
  return out;
}
