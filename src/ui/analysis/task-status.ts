// The ФИОКО status of a task result: the engine's own when it sent one, else computed from the
// same thresholds (src/domain/stats/fioko.ts), so the colours never disagree with the engine.
import type { TaskLevel } from '../../domain/model';
import { fiokoBand } from '../../domain/text/format';
import { fiokoStatus } from '../../domain/stats/fioko';
import type { FiokoStatus } from '../../domain/stats/fioko';
import type { TaskResult } from '../../domain/report/types';

const KNOWN: readonly string[] = ['sufficient', 'uncertain', 'insufficient'];

export function taskStatus(
  r: Pick<TaskResult, 'completion' | 'status'>,
  level: TaskLevel | null,
): FiokoStatus {
  return r.status && KNOWN.includes(r.status) ? r.status : fiokoStatus(r.completion, level);
}

/**
 * The «на границе» status is a fixed ФИОКО band, not the unit's error interval (the 95 % bars):
 * «на границе: 57–60 % (базовые), 28,5–30 % (повышенные)».
 */
export const BORDER_LABEL = `на границе: ${fiokoBand()}`;
