// ФИОКО 2026 thresholds for a task's completion (domain notes §2): basic tasks are achieved
// at ≥ 60 % and not achieved below 57 %; П/В tasks at ≥ 30 % and below 28.5 %. Between the two
// the result is within measurement error: «uncertain».
import type { TaskLevel } from '../model.ts';

export type FiokoStatus = 'sufficient' | 'uncertain' | 'insufficient';

export interface FiokoThreshold {
  sufficient: number;
  insufficient: number;
}

export function fiokoThreshold(level: TaskLevel | undefined | null): FiokoThreshold {
  // A task without a level is judged as basic: the stricter bar, so no deficit is hidden.
  return level === 'П' || level === 'В'
    ? { sufficient: 30, insufficient: 28.5 }
    : { sufficient: 60, insufficient: 57 };
}

export function statusFor(completion: number, t: FiokoThreshold): FiokoStatus {
  if (completion >= t.sufficient) return 'sufficient';
  if (completion < t.insufficient) return 'insufficient';
  return 'uncertain';
}

export function fiokoStatus(completion: number, level: TaskLevel | undefined | null): FiokoStatus {
  return statusFor(completion, fiokoThreshold(level));
}

export interface ScoredPart {
  max: number;
  level?: TaskLevel | null;
}

/**
 * Status of `points` scored by `written` pupils on a task or a group of tasks (a skill, КЭС or
 * КТ element). A group's bar is the point-weighted mean of its tasks' bars. Decided without
 * division — 100·points against written·Σ max·bar, all exact in binary — so a completion of
 * exactly 57 % is never pushed across the line by rounding.
 */
export function statusOfPoints(points: number, written: number, parts: readonly ScoredPart[]): FiokoStatus {
  let hi = 0;
  let lo = 0;
  for (const p of parts) {
    const t = fiokoThreshold(p.level);
    hi += p.max * t.sufficient;
    lo += p.max * t.insufficient;
  }
  if (100 * points >= written * hi) return 'sufficient';
  if (100 * points < written * lo) return 'insufficient';
  return 'uncertain';
}

/** A group's bar as percentages, for display: the point-weighted mean of the task bars. */
export function groupThreshold(parts: readonly ScoredPart[]): FiokoThreshold {
  let w = 0;
  let s = 0;
  let i = 0;
  for (const p of parts) {
    const th = fiokoThreshold(p.level);
    w += p.max;
    s += p.max * th.sufficient;
    i += p.max * th.insufficient;
  }
  return w > 0 ? { sufficient: s / w, insufficient: i / w } : fiokoThreshold('Б');
}
