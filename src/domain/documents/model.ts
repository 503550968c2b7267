// The neutral document model: what a document says, not how a format lays it out. The builders
// (spravka, roadmap, routes, appendix) produce it; docx-writer.ts turns it into DOCX bytes and the
// «Документы» screen renders it as printable HTML. Every text is final: numbers are formatted by
// the builders (Russian decimal commas), the writers only place them.

export interface TextRunModel {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Inline = string | TextRunModel;

export type CellAlign = 'left' | 'center' | 'right';

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: Inline[]; align?: 'left' | 'center' | 'right' | 'justify'; small?: boolean }
  | { kind: 'list'; items: Inline[][] }
  | {
      kind: 'table';
      /** Header rows (repeated on every page); the last one names the columns. */
      header: string[][];
      rows: string[][];
      /** Relative column widths (any unit); equal when absent. */
      widths?: number[];
      /** Per column; numbers right-aligned by the builders. */
      align?: CellAlign[];
      caption?: string;
      /** Rows to print bold (e.g. the unit's own row next to its references). */
      boldRows?: number[];
      /** Long rows may break across pages (the roadmap); by default a row stays on one page. */
      splitRows?: boolean;
      /** 9 pt instead of 10 pt in the cells (the long landscape plans). */
      compact?: boolean;
    }
  | {
      kind: 'figure';
      /** PNG bytes (rendered in the browser); absent in Node: the writers print the alt text. */
      png?: Uint8Array;
      /** Size on the page in px at 96 dpi. */
      width: number;
      height: number;
      alt: string;
      caption?: string;
    }
  | { kind: 'pageBreak' };

export interface DocModel {
  /** Document title (DOCX core properties, HTML <title>). */
  title: string;
  orientation: 'portrait' | 'landscape';
  blocks: Block[];
}

// Small constructors keep the builders readable.
export const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const p = (...runs: Inline[]): Block => ({ kind: 'paragraph', runs });
export const b = (text: string): TextRunModel => ({ text, bold: true });
export const list = (items: (string | Inline[])[]): Block => ({
  kind: 'list',
  items: items.map((x) => (typeof x === 'string' ? [x] : x)),
});
export const pageBreak: Block = { kind: 'pageBreak' };
