// Calibration of a procedure's tasks: CTT table, PCM (CML), task-quality notes. Pure.
import type { Dataset } from '../model.ts';
import { ctt, type CttResult } from './ctt.ts';
import { scoreMatrixOf, type ScoreMatrix } from './matrix.ts';
import { taskNotes, type NoteOptions, type TaskNote } from './notes.ts';
import { fitPcm, PcmError, type PcmOptions, type PcmResult } from './pcm.ts';

export { ctt, orderByTotal, type CttItem, type CttResult } from './ctt.ts';
export { fQuantile, incompleteBeta, lnGamma } from './fdist.ts';
export { scoreMatrixFromRows, scoreMatrixOf, totals, type ScoreMatrix } from './matrix.ts';
export { taskNotes, type NoteOptions, type TaskNote, type TaskNoteKind } from './notes.ts';
export {
  abilities,
  categoryProbs,
  fitPcm,
  PcmError,
  type PcmItem,
  type PcmOptions,
  type PcmResult,
} from './pcm.ts';

export interface Calibration {
  matrix: ScoreMatrix;
  ctt: CttResult;
  /** null when the PCM could not be fitted; `pcmError` says why (Russian). */
  pcm: PcmResult | null;
  pcmError: string | null;
  notes: TaskNote[];
}

/** CTT + PCM + notes over the present pupils of a dataset (or of a ready matrix). */
export function calibrate(
  source: Dataset | ScoreMatrix,
  opts: { pcm?: PcmOptions; notes?: NoteOptions } = {},
): Calibration {
  const matrix = 'cols' in source ? source : scoreMatrixOf(source);
  const c = ctt(matrix);
  let pcm: PcmResult | null = null;
  let pcmError: string | null = null;
  try {
    pcm = fitPcm(matrix, opts.pcm);
  } catch (e) {
    if (!(e instanceof PcmError)) throw e;
    pcmError = e.message;
  }
  return { matrix, ctt: c, pcm, pcmError, notes: taskNotes(c, pcm, opts.notes) };
}
