// Finding units in a procedure report: children, the school a unit belongs to, readable titles.
import { ALL_UNIT_ID } from '../report/analyze.ts';
import type { ProcedureReport, UnitLevel, UnitReport } from '../report/types.ts';
import { unitIndexOf } from '../report/units.ts';

export const LEVEL_NAMES: Record<UnitLevel, string> = {
  all: 'все участники',
  municipality: 'муниципалитет',
  school: 'образовательная организация',
  parallel: 'параллель',
  class: 'класс',
};

const byName = (a: UnitReport, b: UnitReport) =>
  a.name.localeCompare(b.name, 'ru', { numeric: true, sensitivity: 'base' });

export function findUnitOf(p: ProcedureReport, level: UnitLevel, id: string): UnitReport | undefined {
  return p.units.find((u) => u.level === level && u.id === id);
}

export function rootUnit(p: ProcedureReport): UnitReport | undefined {
  return findUnitOf(p, 'all', ALL_UNIT_ID);
}

/** The units one level down that a справка lists: municipalities/schools, schools, classes. */
export function childUnits(p: ProcedureReport, u: UnitReport): UnitReport[] {
  // The report's one unit tree (src/domain/report/units.ts).
  const tree = unitIndexOf(p);
  const of = (level: UnitLevel, parents: UnitReport[]) =>
    parents
      .flatMap((x) => tree.children(x))
      .filter((x) => x.level === level)
      .sort(byName);
  switch (u.level) {
    case 'all': {
      const m = of('municipality', [u]);
      return m.length > 0 ? m : of('school', [u]);
    }
    case 'municipality':
      return of('school', [u]);
    case 'school':
      return of('class', of('parallel', [u]));
    case 'parallel':
      return of('class', [u]);
    default:
      return [];
  }
}

/** All classes below a unit (a class: itself). */
export function classesBelow(p: ProcedureReport, u: UnitReport): UnitReport[] {
  if (u.level === 'class') return [u];
  const out: UnitReport[] = [];
  for (const c of childUnits(p, u)) out.push(...classesBelow(p, c));
  return out.sort(byName);
}

/** All schools below a unit (a school: itself; a class or parallel: its school). */
export function schoolOf(p: ProcedureReport, u: UnitReport): UnitReport | undefined {
  const tree = unitIndexOf(p);
  let cur: UnitReport | undefined = u;
  while (cur && cur.level !== 'school') cur = tree.parent(cur);
  return cur;
}

export function schoolsBelow(p: ProcedureReport, u: UnitReport): UnitReport[] {
  if (u.level === 'school') return [u];
  if (u.level === 'class' || u.level === 'parallel') {
    const s = schoolOf(p, u);
    return s ? [s] : [];
  }
  const out: UnitReport[] = [];
  for (const c of childUnits(p, u)) out.push(...schoolsBelow(p, c));
  return out;
}

/** The municipality a unit belongs to, when the dataset has municipalities. */
export function municipalityOf(p: ProcedureReport, u: UnitReport): UnitReport | undefined {
  if (u.level === 'municipality') return u;
  const s = schoolOf(p, u);
  return s?.parent ? findUnitOf(p, 'municipality', s.parent) : undefined;
}

/** «5А класс (МБОУ СОШ № 1)», «5 классы (МБОУ СОШ № 1)», the school's or municipality's name. */
export function unitTitle(p: ProcedureReport, u: UnitReport): string {
  switch (u.level) {
    case 'class': {
      const s = schoolOf(p, u);
      return `${u.name} класс${s ? ` (${s.name})` : ''}`;
    }
    case 'parallel': {
      const s = schoolOf(p, u);
      return `${p.grade} классы${s ? ` (${s.name})` : ''}`;
    }
    default:
      return u.name;
  }
}

/** Short name in a list of siblings: a class label, a school's name. */
export function shortTitle(u: UnitReport): string {
  return u.level === 'class' ? `${u.name}` : u.name;
}
