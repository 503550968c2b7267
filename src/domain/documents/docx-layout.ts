// Page and text measures shared by the two DOCX writers (docx-writer.ts, docx-fast.ts).

/** Half-points. */
export const SIZE = 24;
export const SMALL = 20;
/** Cells of a compact table (the roadmap), half-points. */
export const COMPACT = 18;
/** A4 in twips; margins 2 cm / 1,5 cm. */
export const A4 = { width: 11906, height: 16838 };
export const MARGIN = { top: 1134, bottom: 1134, left: 1418, right: 851 };
/** Table cell padding, twips. */
export const CELL_MARGIN = { top: 30, bottom: 30, left: 80, right: 80 };

// Characters XML 1.0 forbids (docx escapes <, >, & itself but not control characters).
// eslint-disable-next-line no-control-regex
const XML_BAD = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export const clean = (s: string) => s.replace(XML_BAD, '');
