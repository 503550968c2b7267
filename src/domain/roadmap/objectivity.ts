// The figures of the municipal plan on objectivity (templates/objectivity-plan-ru.json): the schools
// with signs come from the report's SignEntry list. The plan itself is laid out by
// src/domain/documents/objectivity-plan.ts.
import type { SignEntry } from '../report/types.ts';

export interface ObjectivityFigures {
  schoolsCount?: number;
  schoolsWithSignsCount?: number;
  /** Names joined with «, ». */
  schoolsWithSigns?: string;
  signsProcedures?: string;
  /** % of schools with public observers (entered by the municipality). */
  observersShare?: number;
  videoShare?: number;
}

/**
 * Figures from the signs of the municipality's schools: a school counts when at least one of its
 * signs is flagged. `schools` lists the municipality's schools (login → name).
 */
export function objectivityFigures(
  signs: readonly SignEntry[],
  schools: readonly { login: string; name?: string }[],
): ObjectivityFigures {
  const inMunicipality = new Map(schools.map((s) => [s.login, s.name ?? s.login]));
  const own = signs.filter((s) => inMunicipality.has(s.school));
  const flagged = [...new Set(own.filter((s) => s.flagged).map((s) => s.school))];
  const names = flagged
    .map((l) => inMunicipality.get(l)!)
    .sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }));
  return {
    schoolsCount: inMunicipality.size,
    schoolsWithSignsCount: flagged.length,
    schoolsWithSigns: names.join(', '),
    signsProcedures: [...new Set(own.map((s) => s.procedure))].sort().join(', '),
  };
}
