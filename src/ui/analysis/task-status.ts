// The ФИОКО status of a task result: the engine's own when it sent one, else computed from the
// same thresholds (src/domain/stats/fioko.ts), so the colours never disagree with the engine.
import type { TaskLevel } from '../../domain/model';
import { fiokoStatus } from '../../domain/stats/fioko';
import type { FiokoStatus, TaskResult } from './report-types';

const KNOWN: readonly string[] = ['sufficient', 'uncertain', 'insufficient'];

export function taskStatus(
  r: Pick<TaskResult, 'completion' | 'status'>,
  level: TaskLevel | null,
): FiokoStatus {
  return r.status && KNOWN.includes(r.status) ? r.status : fiokoStatus(r.completion, level);
}
