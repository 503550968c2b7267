// Mark scales: validation that reports instead of throwing (official tables contain typos,
// e.g. География 8, 2021: «4» 27–35 and «5» 35–40), and the score → mark lookup.
import type { MarkScale } from '../model';

export type ScaleIssueKind = 'count' | 'not-integer' | 'reversed' | 'start' | 'end' | 'gap' | 'overlap';

export interface ScaleIssue {
  kind: ScaleIssueKind;
  /** The mark (2..5) whose range the issue is about, when there is one. */
  mark?: number;
  message: string;
}

/** Checks that the four ranges are integral, ordered, contiguous and cover 0..maxScore. */
export function validateScale(scale: MarkScale, maxScore: number): ScaleIssue[] {
  const issues: ScaleIssue[] = [];
  if (scale.length !== 4)
    issues.push({
      kind: 'count',
      message: `В шкале ${scale.length} диапазонов, ожидалось 4 (отметки 2, 3, 4, 5).`,
    });
  scale.forEach(([lo, hi], i) => {
    const mark = i + 2;
    if (!Number.isInteger(lo) || !Number.isInteger(hi))
      issues.push({ kind: 'not-integer', mark, message: `Границы отметки «${mark}» не целые: ${lo}–${hi}.` });
    if (lo > hi)
      issues.push({ kind: 'reversed', mark, message: `Диапазон отметки «${mark}» перевёрнут: ${lo}–${hi}.` });
    if (i === 0 && lo !== 0)
      issues.push({ kind: 'start', mark, message: `Шкала начинается с ${lo}, а не с 0.` });
    if (i === scale.length - 1 && hi !== maxScore)
      issues.push({
        kind: 'end',
        mark,
        message: `Шкала заканчивается на ${hi}, а максимальный балл ${maxScore}.`,
      });
    if (i > 0) {
      const prevHi = scale[i - 1][1];
      if (lo > prevHi + 1)
        issues.push({
          kind: 'gap',
          mark,
          message: `Пропуск между отметками «${mark - 1}» и «${mark}»: баллы ${prevHi + 1}–${lo - 1} не дают отметки.`,
        });
      else if (lo <= prevHi)
        issues.push({
          kind: 'overlap',
          mark,
          message: `Диапазоны отметок «${mark - 1}» (до ${prevHi}) и «${mark}» (от ${lo}) пересекаются.`,
        });
    }
  });
  return issues;
}

/**
 * The mark for a primary score: the first range containing it, searched from «5» down, so an
 * overlap (as printed in an official table) resolves to the higher mark. 0 = no scale or a gap.
 */
export function markOf(score: number, scale: MarkScale | null | undefined): 2 | 3 | 4 | 5 | 0 {
  if (!scale) return 0;
  for (let i = scale.length - 1; i >= 0; i--) {
    const [lo, hi] = scale[i];
    if (i < 4 && score >= lo && score <= hi) return (i + 2) as 2 | 3 | 4 | 5;
  }
  return 0;
}
