// Average ranks (ties share the mean of their positions, 1-based) and Spearman's rho as the
// Pearson correlation of those ranks — the definition scipy.stats.spearmanr uses.

export function averageRanks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2 || y.length !== n) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho with average ranks; null for fewer than 2 pairs or a constant column. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length < 2 || x.length !== y.length) return null;
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Spearman's rho from a contingency table of two ordinal variables: `table[r][c]` = pairs with
 * the r-th smallest x and c-th smallest y. Equal to `spearman` on the expanded pairs, in
 * O(rows·cols) — how the engine gets it for 500 000 pupils without sorting.
 */
export function spearmanFromTable(table: ArrayLike<number>[]): number | null {
  const rows = table.length;
  const cols = rows > 0 ? table[0].length : 0;
  const rowN = new Float64Array(rows);
  const colN = new Float64Array(cols);
  let n = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = table[r][c];
      rowN[r] += v;
      colN[c] += v;
      n += v;
    }
  if (n < 2) return null;
  const centre = (n + 1) / 2;
  const rowRank = midRanks(rowN, centre);
  const colRank = midRanks(colN, centre);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let r = 0; r < rows; r++) sxx += rowN[r] * rowRank[r] * rowRank[r];
  for (let c = 0; c < cols; c++) syy += colN[c] * colRank[c] * colRank[c];
  for (let r = 0; r < rows; r++) {
    if (rowN[r] === 0) continue;
    let s = 0;
    for (let c = 0; c < cols; c++) s += table[r][c] * colRank[c];
    sxy += rowRank[r] * s;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Centred average rank of each category given the category counts. */
function midRanks(counts: Float64Array, centre: number): Float64Array {
  const out = new Float64Array(counts.length);
  let before = 0;
  for (let k = 0; k < counts.length; k++) {
    out[k] = before + (counts[k] + 1) / 2 - centre;
    before += counts[k];
  }
  return out;
}
