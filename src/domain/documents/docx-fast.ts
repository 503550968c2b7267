// The DOCX of a document model without figures, written directly: the same WordprocessingML the
// `docx` writer (docx-writer.ts) produces for paragraphs, lists, tables and page breaks, put into a
// package whose other parts (styles, numbering, footer, settings…) `docx` built once per page
// orientation. The `docx` library spends ~0,1 s per document on those fixed parts alone, which a
// batch of 637 справки cannot afford. A test checks that document.xml is byte for byte the one
// `docx` writes for the same model; a model with figures goes to docx-writer.ts.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Block, CellAlign, DocModel, Inline } from './model.ts';
import { A4, CELL_MARGIN, COMPACT, MARGIN, SIZE, SMALL, clean } from './docx-layout.ts';
import { toDocxPackage } from './docx-writer.ts';

interface Template {
  parts: Record<string, Uint8Array>;
  head: string;
  tail: string;
  numId: string;
  core: string;
}

const TITLE = 'OKO-TITLE-PLACEHOLDER';
const templates = new Map<string, Promise<Template>>();

/** The package of an orientation; docx adds the bullets' numbering instance only when a list is used. */
function template(orientation: DocModel['orientation'], withList: boolean): Promise<Template> {
  const key = `${orientation}:${withList}`;
  let t = templates.get(key);
  if (!t) {
    t = toDocxPackage({
      title: TITLE,
      orientation,
      blocks: [withList ? { kind: 'list', items: [['•']] } : { kind: 'paragraph', runs: ['•'] }],
    }).then((bytes) => {
      const parts = unzipSync(bytes);
      const doc = strFromU8(parts['word/document.xml']);
      const body = doc.indexOf('<w:body>') + '<w:body>'.length;
      return {
        parts,
        head: doc.slice(0, body),
        tail: doc.slice(doc.lastIndexOf('<w:sectPr')),
        numId: /<w:numId w:val="(\d+)"\/>/.exec(doc)?.[1] ?? '',
        core: strFromU8(parts['docProps/core.xml']),
      };
    });
    templates.set(key, t);
  }
  return t;
}

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const JC: Record<CellAlign | 'justify', string> = {
  left: 'left',
  center: 'center',
  right: 'right',
  justify: 'both',
};
const t = (s: string) => `<w:t xml:space="preserve">${esc(s)}</w:t>`;

/** An on/off property as docx writes it: on, explicitly off (false), or absent (undefined). */
const onOff = (tag: string, v: boolean | undefined) =>
  v === true
    ? `<w:${tag}/><w:${tag}Cs/>`
    : v === false
      ? `<w:${tag} w:val="false"/><w:${tag}Cs w:val="false"/>`
      : '';

function rPr(o: { bold?: boolean; italic?: boolean; size: number }): string {
  return `<w:rPr>${onOff('b', o.bold)}${onOff('i', o.italic)}<w:sz w:val="${o.size}"/><w:szCs w:val="${o.size}"/></w:rPr>`;
}

/** Runs as docx-writer's textRuns: one run per line, the later lines opening with a break. */
function textRuns(text: string, o: { bold?: boolean; italic?: boolean; size: number }): string {
  return clean(text)
    .split('\n')
    .map((line, i) => `<w:r>${rPr(o)}${i > 0 ? '<w:br/>' : ''}${t(line)}</w:r>`)
    .join('');
}

function runs(items: readonly Inline[], size = SIZE): string {
  return items
    .map((r) =>
      typeof r === 'string'
        ? textRuns(r, { size })
        : textRuns(r.text, { bold: r.bold, italic: r.italic, size }),
    )
    .join('');
}

const BORDER = (side: string) => `<w:${side} w:val="single" w:color="808080" w:sz="4"/>`;
const TC_BORDERS = `<w:tcBorders>${['top', 'left', 'bottom', 'right'].map(BORDER).join('')}</w:tcBorders>`;
const TC_MAR = `<w:tcMar><w:top w:type="dxa" w:w="${CELL_MARGIN.top}"/><w:left w:type="dxa" w:w="${CELL_MARGIN.left}"/><w:bottom w:type="dxa" w:w="${CELL_MARGIN.bottom}"/><w:right w:type="dxa" w:w="${CELL_MARGIN.right}"/></w:tcMar>`;
const TBL_BORDERS = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:color="auto" w:sz="4"/>`).join('')}</w:tblBorders>`;

function cell(
  text: string,
  o: { header?: boolean; align?: CellAlign; bold?: boolean; width: number; size?: number },
): string {
  const jc = o.header ? 'center' : JC[o.align ?? 'left'];
  const shd = o.header ? '<w:shd w:fill="E7E6E6" w:color="auto" w:val="clear"/>' : '';
  const paras = clean(text)
    .split('\n')
    .map((line) => {
      const parts = line.split('\u00ad').map(t).join('<w:softHyphen/>');
      return `<w:p><w:pPr><w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/><w:jc w:val="${jc}"/></w:pPr><w:r>${rPr({ bold: o.header || o.bold, size: o.size ?? SMALL })}${parts}</w:r></w:p>`;
    })
    .join('');
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${o.width}"/>${TC_BORDERS}${shd}${TC_MAR}</w:tcPr>${paras}</w:tc>`;
}

function table(tb: Extract<Block, { kind: 'table' }>, contentWidth: number): string {
  const cols = Math.max(tb.header[tb.header.length - 1]?.length ?? 0, ...tb.rows.map((r) => r.length), 1);
  const rel = tb.widths && tb.widths.length === cols ? tb.widths : new Array<number>(cols).fill(1);
  const total = rel.reduce((s, x) => s + x, 0);
  const widths = rel.map((x) => Math.floor((contentWidth * x) / total));
  const pad = (r: string[]) => [...r, ...new Array<string>(Math.max(0, cols - r.length)).fill('')];
  const bold = new Set(tb.boldRows ?? []);
  const size = tb.compact ? COMPACT : SMALL;
  let out = '';
  if (tb.caption)
    out += `<w:p><w:pPr><w:keepNext/><w:spacing w:after="60" w:before="120"/></w:pPr><w:r>${rPr({ italic: true, size: SIZE })}${t(clean(tb.caption))}</w:r></w:p>`;
  out += `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${contentWidth}"/>${TBL_BORDERS}</w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  for (const r of tb.header)
    out += `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${pad(r)
      .map((x, i) => cell(x, { header: true, width: widths[i], size }))
      .join('')}</w:tr>`;
  tb.rows.forEach((r, k) => {
    out += `<w:tr>${tb.splitRows ? '' : '<w:trPr><w:cantSplit/></w:trPr>'}${pad(r)
      .map((x, i) => cell(x, { align: tb.align?.[i], bold: bold.has(k), width: widths[i], size }))
      .join('')}</w:tr>`;
  });
  return `${out}</w:tbl><w:p><w:pPr><w:spacing w:after="60"/></w:pPr></w:p>`;
}

function body(model: DocModel, contentWidth: number, numId: string): string {
  let out = '';
  for (const bl of model.blocks) {
    switch (bl.kind) {
      case 'heading':
        out += `<w:p><w:pPr><w:pStyle w:val="Heading${bl.level}"/><w:keepNext/><w:jc w:val="${bl.level === 1 ? 'center' : 'left'}"/></w:pPr><w:r>${t(clean(bl.text))}</w:r></w:p>`;
        break;
      case 'paragraph':
        out += `<w:p><w:pPr><w:jc w:val="${JC[bl.align ?? 'justify']}"/></w:pPr>${runs(bl.runs, bl.small ? SMALL : SIZE)}</w:p>`;
        break;
      case 'list':
        for (const item of bl.items)
          out += `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="${numId}"/></w:numPr><w:jc w:val="both"/></w:pPr>${runs(item)}</w:p>`;
        break;
      case 'table':
        out += table(bl, contentWidth);
        break;
      case 'pageBreak':
        out += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
        break;
      case 'figure':
        throw new Error('docx-fast: figures go through docx-writer');
    }
  }
  return out;
}

/** The DOCX of a model without figures; null when it has any (the caller uses the `docx` writer). */
export async function writeDocxFast(model: DocModel): Promise<Uint8Array | null> {
  if (model.blocks.some((b) => b.kind === 'figure')) return null;
  const tp = await template(
    model.orientation,
    model.blocks.some((b) => b.kind === 'list'),
  );
  const landscape = model.orientation === 'landscape';
  const contentWidth = (landscape ? A4.height : A4.width) - MARGIN.left - MARGIN.right;
  const title = esc(clean(model.title));
  const now = new Date().toISOString();
  const core = tp.core
    .split(TITLE)
    .join(title)
    .replace(/(<dcterms:(?:created|modified) [^>]*>)[^<]*/g, `$1${now}`);
  return zipSync({
    ...tp.parts,
    'word/document.xml': strToU8(tp.head + body(model, contentWidth, tp.numId) + tp.tail),
    'docProps/core.xml': strToU8(core),
  });
}
