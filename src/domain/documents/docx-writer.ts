// The document model as DOCX bytes (`docx`): A4, Times New Roman 12, tables with repeated header
// rows, bullet lists, page breaks and PNG figures. It only places text: every number is already
// formatted by the builders. Works in Node and in a worker (Packer.toBuffer / toArrayBuffer).
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  SoftHyphen,
  TextRun,
  WidthType,
  Footer,
  LineRuleType,
  type ParagraphChild,
} from 'docx';
import { writeDocxFast } from './docx-fast.ts';
import { A4, CELL_MARGIN, COMPACT, MARGIN, SIZE, SMALL, clean } from './docx-layout.ts';
import type { Block, CellAlign, DocModel, Inline } from './model.ts';

const FONT = 'Times New Roman';

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
} as const;

function textRuns(text: string, opts: { bold?: boolean; italics?: boolean; size: number }): TextRun[] {
  // A line break inside a run: the following lines start with a break.
  return clean(text)
    .split('\n')
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...opts }));
}

function runs(items: readonly Inline[], size = SIZE): TextRun[] {
  return items.flatMap((r) =>
    typeof r === 'string'
      ? textRuns(r, { size })
      : textRuns(r.text, { bold: r.bold, italics: r.italic, size }),
  );
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(
  text: string,
  opts: { header?: boolean; align?: CellAlign; bold?: boolean; width: number; size?: number },
) {
  // A multi-line cell: one paragraph per line.
  const lines = clean(text).split('\n');
  return new TableCell({
    borders,
    width: { size: opts.width, type: WidthType.DXA },
    margins: CELL_MARGIN,
    shading: opts.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } : undefined,
    children: lines.map(
      (line) =>
        new Paragraph({
          alignment: opts.header ? AlignmentType.CENTER : ALIGN[opts.align ?? 'left'],
          spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
          // A soft hyphen (U+00AD) becomes Word's own optional hyphen: shown only where the word breaks.
          children: [
            new TextRun({
              children: line.split('\u00ad').flatMap((part, i) => (i ? [new SoftHyphen(), part] : [part])),
              bold: opts.header || opts.bold,
              size: opts.size ?? SMALL,
            }),
          ],
        }),
    ),
  });
}

function table(t: Extract<Block, { kind: 'table' }>, contentWidth: number): (Paragraph | Table)[] {
  const cols = Math.max(t.header[t.header.length - 1]?.length ?? 0, ...t.rows.map((r) => r.length), 1);
  const rel = t.widths && t.widths.length === cols ? t.widths : new Array<number>(cols).fill(1);
  const total = rel.reduce((s, x) => s + x, 0);
  const widths = rel.map((x) => Math.floor((contentWidth * x) / total));
  const pad = (r: string[]) => [...r, ...new Array<string>(Math.max(0, cols - r.length)).fill('')];
  const bold = new Set(t.boldRows ?? []);
  const size = t.compact ? COMPACT : SMALL;
  const rows = [
    ...t.header.map(
      (r) =>
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: pad(r).map((x, i) => cell(x, { header: true, width: widths[i], size })),
        }),
    ),
    ...t.rows.map(
      (r, k) =>
        new TableRow({
          ...(t.splitRows ? {} : { cantSplit: true }),
          children: pad(r).map((x, i) =>
            cell(x, { align: t.align?.[i], bold: bold.has(k), width: widths[i], size }),
          ),
        }),
    ),
  ];
  const out: (Paragraph | Table)[] = [];
  if (t.caption)
    out.push(
      new Paragraph({
        keepNext: true,
        spacing: { before: 120, after: 60 },
        children: [new TextRun({ text: clean(t.caption), italics: true, size: SIZE })],
      }),
    );
  out.push(
    new Table({ rows, width: { size: contentWidth, type: WidthType.DXA }, columnWidths: widths }),
    new Paragraph({ spacing: { after: 60 }, children: [] }),
  );
  return out;
}

function figure(f: Extract<Block, { kind: 'figure' }>, contentWidthPx: number): Paragraph[] {
  const caption = f.caption ?? f.alt;
  if (!f.png) return [];
  const scale = Math.min(1, contentWidthPx / f.width);
  const image = new ImageRun({
    type: 'png',
    data: f.png,
    transformation: { width: Math.round(f.width * scale), height: Math.round(f.height * scale) },
    altText: { name: caption.slice(0, 60), title: caption, description: f.alt },
  });
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { line: 240, lineRule: LineRuleType.AUTO },
      children: [image as ParagraphChild],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: clean(caption), italics: true, size: SMALL })],
    }),
  ];
}

function blocks(model: DocModel, contentWidth: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const bl of model.blocks) {
    switch (bl.kind) {
      case 'heading':
        out.push(
          new Paragraph({
            heading: HEADINGS[bl.level],
            keepNext: true,
            alignment: bl.level === 1 ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [new TextRun({ text: clean(bl.text) })],
          }),
        );
        break;
      case 'paragraph':
        out.push(
          new Paragraph({
            alignment: ALIGN[bl.align ?? 'justify'],
            children: runs(bl.runs, bl.small ? SMALL : SIZE),
          }),
        );
        break;
      case 'list':
        for (const item of bl.items)
          out.push(
            new Paragraph({
              numbering: { reference: 'bullets', level: 0 },
              alignment: AlignmentType.JUSTIFIED,
              children: runs(item),
            }),
          );
        break;
      case 'table':
        out.push(...table(bl, contentWidth));
        break;
      case 'figure':
        out.push(...figure(bl, Math.floor(contentWidth / 15)));
        break;
      case 'pageBreak':
        out.push(new Paragraph({ children: [new PageBreak()] }));
        break;
    }
  }
  return out;
}

export function toDocxDocument(model: DocModel): Document {
  const landscape = model.orientation === 'landscape';
  const contentWidth = (landscape ? A4.height : A4.width) - MARGIN.left - MARGIN.right;
  return new Document({
    creator: 'ОКО-Аналитика',
    title: clean(model.title),
    description: clean(model.title),
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE },
          paragraph: { spacing: { after: 80, line: 264, lineRule: LineRuleType.AUTO } },
        },
        heading1: {
          run: { font: FONT, size: 28, bold: true, color: '000000' },
          paragraph: { spacing: { before: 120, after: 120 } },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 100 } },
        },
        heading3: {
          run: { font: FONT, size: 24, bold: true, italics: true, color: '000000' },
          paragraph: { spacing: { before: 160, after: 80 } },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '–',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 567, hanging: 283 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: A4.width,
              height: A4.height,
              orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
            },
            margin: MARGIN,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: SMALL })],
              }),
            ],
          }),
        },
        children: blocks(model, contentWidth),
      },
    ],
  });
}

/** DOCX bytes of a document model through the `docx` library (figures included). */
export async function toDocxPackage(model: DocModel): Promise<Uint8Array> {
  const buf = await Packer.toArrayBuffer(toDocxDocument(model));
  return new Uint8Array(buf);
}

/** DOCX bytes of a document model: written directly when it has no figures (docx-fast.ts). */
export async function writeDocx(model: DocModel): Promise<Uint8Array> {
  return (await writeDocxFast(model)) ?? toDocxPackage(model);
}
