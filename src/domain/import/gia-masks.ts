// ГИА answer masks (РЦОИ protocols). Short answers: one character per task — `+` full credit
// (the task's maximum), `-` 0, a digit = that score. Long answers: `s(m)` per task, score s of m.

/** One task of a mask: `plus` needs the task maximum to be scored; `bad` is an unreadable character. */
export type MaskCell =
  { kind: 'plus' } | { kind: 'score'; score: number; max?: number } | { kind: 'bad'; text: string };

const PLUS: MaskCell = { kind: 'plus' };
const ZERO: MaskCell = { kind: 'score', score: 0 };

/** `++-1+` → five cells. Spaces are ignored; `X`/`Х`/`*` (no answer) score 0. */
export function parseShortMask(text: string): MaskCell[] {
  const out: MaskCell[] = [];
  for (const ch of text.replace(/[\s\u00a0]+/g, '')) {
    if (ch === '+') out.push(PLUS);
    else if (ch === '-' || ch === '−' || ch === '–' || ch === 'X' || ch === 'x' || ch === 'Х' || ch === 'х')
      out.push(ZERO);
    else if (ch >= '0' && ch <= '9') out.push({ kind: 'score', score: ch.charCodeAt(0) - 48 });
    else out.push({ kind: 'bad', text: ch });
  }
  return out;
}

const LONG = /([0-9]+|[-XxХх])\s*\(\s*([0-9]+)\s*\)/gy;

/** `2(2)0(3)1(2)` → three cells with their maxima; null when the text is not a sequence of `s(m)`. */
export function parseLongMask(text: string): MaskCell[] | null {
  const s = text.replace(/[\s\u00a0]+/g, '');
  const out: MaskCell[] = [];
  LONG.lastIndex = 0;
  let at = 0;
  while (at < s.length) {
    LONG.lastIndex = at;
    const m = LONG.exec(s);
    if (!m) return null;
    const max = Number(m[2]);
    const score = /^\d+$/.test(m[1]) ? Number(m[1]) : 0;
    out.push({ kind: 'score', score, max });
    at = LONG.lastIndex;
  }
  return out;
}

/**
 * Task maxima of the short-answer part when no spec gives them. A digit at a position shows a
 * multi-point task; positions that never show one are 1-point tasks. The maximum of a multi-point
 * task is read from rows where it is the only `+` whose maximum is still unknown:
 * `+` = Первичный балл − every other score of the row (the most frequent answer wins, so a row
 * whose stated total disagrees does not decide it).
 */
export function inferShortMaxima(
  rows: { short: MaskCell[]; rest: number; primary: number }[],
  width: number,
): number[] {
  const maxDigit = new Array<number>(width).fill(0);
  for (const r of rows)
    r.short.forEach((c, k) => {
      if (k < width && c.kind === 'score') maxDigit[k] = Math.max(maxDigit[k], c.score);
    });
  const max: number[] = maxDigit.map((d) => (d > 0 ? 0 : 1)); // 0 = not yet known
  for (let pass = 0; pass < width; pass++) {
    const votes = new Map<number, Map<number, number>>();
    for (const r of rows) {
      if (!Number.isFinite(r.primary)) continue;
      let residual = r.primary - r.rest;
      let unknown = -1;
      let unknownCount = 0;
      r.short.forEach((c, k) => {
        if (k >= width) return;
        if (c.kind === 'score') residual -= c.score;
        else if (c.kind === 'plus') {
          if (max[k] > 0) residual -= max[k];
          else {
            unknown = k;
            unknownCount++;
          }
        }
      });
      if (unknownCount !== 1 || residual < Math.max(1, maxDigit[unknown]) || residual > 9) continue;
      let v = votes.get(unknown);
      if (!v) votes.set(unknown, (v = new Map()));
      v.set(residual, (v.get(residual) ?? 0) + 1);
    }
    if (votes.size === 0) break;
    for (const [k, v] of votes) max[k] = [...v].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  }
  return max.map((m, k) => (m > 0 ? m : Math.max(1, maxDigit[k])));
}
