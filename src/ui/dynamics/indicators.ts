// The marks-level indicators the dynamics screen follows: comparable across years and grades even
// when the task sets differ (they are shares of pupils and of the maximum score).
import type { DynamicsPoint } from '../../domain/dynamics';

export type IndicatorKey = 'uspevaemost' | 'kachestvo' | 'sou' | 'meanPct' | 'share2';

export interface Indicator {
  key: IndicatorKey;
  /** Column heading. */
  short: string;
  /** Panel title and the aria-label's lead. */
  name: string;
  /** A rise is bad (the share of «2»). */
  lowerIsBetter?: boolean;
}

export const INDICATORS: readonly Indicator[] = [
  { key: 'uspevaemost', short: 'У', name: 'Успеваемость (У), %' },
  { key: 'kachestvo', short: 'КЗ', name: 'Качество знаний (КЗ), %' },
  { key: 'sou', short: 'СОУ', name: 'Степень обученности (СОУ), %' },
  { key: 'meanPct', short: '% выполнения', name: 'Средний % выполнения работы' },
  { key: 'share2', short: 'Доля «2»', name: 'Доля отметок «2», %', lowerIsBetter: true },
];

/** How a point is named on the axis and in the table: the year, or grade and year for a cohort. */
export function pointLabel(p: Pick<DynamicsPoint, 'year' | 'grade'>, cohort: boolean): string {
  return cohort ? `${p.grade} кл. ${p.year}` : String(p.year);
}
