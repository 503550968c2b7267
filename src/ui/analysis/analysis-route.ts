// The address of a place in «Анализ»: `#/analysis/<procedure>[/<level>/<unit id>[/pupil/<row>]]`.
// The screen changes only the address on a drill-down step; the address drives the state, so Back,
// reload and a saved link all come back to the same unit.
import type { UnitRef } from '../../../workers/analysis.api';
import type { UnitLevel } from '../../domain/report/types';

export interface AnalysisPlace {
  procedureKey: string | null;
  /** The unit below the top level (null: «Все участники»). */
  unit: UnitRef | null;
  /** Dataset row of the opened pupil of a class. */
  pupil: number | null;
}

const LEVELS: ReadonlySet<string> = new Set<UnitLevel>(['municipality', 'school', 'parallel', 'class']);

/** The place of the route parts after `analysis`; parts that do not fit are ignored. */
export function analysisPlace(parts: readonly string[]): AnalysisPlace {
  const [key, level, id, p, row] = parts;
  const unit = level && id && LEVELS.has(level) ? { level: level as UnitLevel, id } : null;
  const pupil = unit?.level === 'class' && p === 'pupil' && /^\d+$/.test(row ?? '') ? Number(row) : null;
  return { procedureKey: key || null, unit, pupil };
}

/** The route parts of a place. */
export function analysisParts(key: string, unit?: UnitRef | null, pupil?: number | null): string[] {
  if (!unit || unit.level === 'all') return [key];
  const parts = [key, unit.level, unit.id];
  return pupil !== null && pupil !== undefined && unit.level === 'class'
    ? [...parts, 'pupil', String(pupil)]
    : parts;
}
