// The scale as one line of text — «0-6, 7-10, 11-14, 15-20» — both ways, and the marks a scale
// gives to a distribution of primary scores (the import preview shows it before saving).
import type { MarkScale } from '../model';
import { markOf } from './scale';

export type ScaleText = { ok: true; scale: MarkScale } | { ok: false; message: string };

/** «0-6, 7-10, 11-14, 15-20» (hyphen or dash, commas or semicolons) → four ranges. */
export function parseScaleText(text: string): ScaleText {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length !== 4)
    return {
      ok: false,
      message: `Нужно 4 диапазона — для отметок «2», «3», «4», «5», например «0-6, 7-10, 11-14, 15-20»; найдено ${parts.length}.`,
    };
  const scale: MarkScale = [];
  for (const [i, p] of parts.entries()) {
    const m = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(p);
    if (!m) return { ok: false, message: `Диапазон отметки «${i + 2}» — «${p}» — не похож на «7-10».` };
    scale.push([Number(m[1]), Number(m[2])]);
  }
  return { ok: true, scale };
}

export function formatScaleText(scale: MarkScale): string {
  return scale.map(([lo, hi]) => `${lo}-${hi}`).join(', ');
}

/** Pupils per mark «2»..«5» from `histogram[score]` = pupils with that primary score; `none` = in a gap. */
export function markDistribution(
  histogram: readonly number[],
  scale: MarkScale,
): { marks: [number, number, number, number]; none: number } {
  const marks: [number, number, number, number] = [0, 0, 0, 0];
  let none = 0;
  histogram.forEach((n, score) => {
    const m = markOf(score, scale);
    if (m === 0) none += n;
    else marks[m - 2] += n;
  });
  return { marks, none };
}
