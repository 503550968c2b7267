// Chart colours. Status colours are never the only cue: legends and tables say it in words,
// and bars carry a pattern-free but distinct lightness so they also read in greyscale.
import type { FiokoStatus } from '../../domain/stats/fioko';

export const UNIT_COLOR = '#1f4e79';
export const REFERENCE_COLOR = '#9aa7b4';
export const AXIS_COLOR = '#8a96a3';
export const GRID_COLOR = '#e3e8ed';
export const TEXT_COLOR = '#1a1a1a';
export const MUTED_COLOR = '#555c63';
/** Mark boundaries on score charts. */
export const CUT_COLOR = '#b00020';

export const STATUS_COLORS: Record<FiokoStatus, string> = {
  sufficient: '#2e7d32',
  uncertain: '#d49a00',
  insufficient: '#c62828',
};

/** Mark colours 2..5 (red → green), for the journal bar and small multiples. */
export const MARK_COLORS: Record<string, string> = {
  '2': '#c62828',
  '3': '#e08a00',
  '4': '#5a9b3c',
  '5': '#2e6b2f',
};

export interface LegendItem {
  label: string;
  color: string;
  /**
   * bar: a filled square; marker: a diamond; whisker: an interval line; line: a dashed rule;
   * step: a solid step line (a counterfactual); outline: an outlined cell (a table highlight);
   * trend / trend-dashed: a line through a point (a series over years, solid or dashed).
   */
  shape?: 'bar' | 'marker' | 'whisker' | 'line' | 'step' | 'outline' | 'trend' | 'trend-dashed';
}
