// Simple bar charts for the справка as PNG, drawn on an OffscreenCanvas in the documents worker
// (browser only: Node has no canvas, and the documents then carry tables only). Numbers on the
// bars use the documents' Russian formatting; the alt text is written by the справка builder.
import { pct } from '../src/domain/text/format';
import type { FigurePng } from '../src/domain/documents';
import type { ProcedureReport, UnitLevel } from '../src/domain/report';

const W = 640;
const H = 260;
const FONT = '13px "Liberation Sans", Arial, sans-serif';
const COLORS = { bar: '#4a6fa5', low: '#c0504d', mid: '#d9a441', ok: '#5b9b5b', axis: '#555', text: '#222' };

async function png(canvas: OffscreenCanvas): Promise<FigurePng> {
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return { png: new Uint8Array(await blob.arrayBuffer()), width: canvas.width, height: canvas.height };
}

function bars(
  labels: string[],
  values: number[],
  colors: string[],
  opts: { max: number; title: string; showValues: boolean },
): OffscreenCanvas {
  const c = new OffscreenCanvas(W, H);
  const g = c.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, W, H);
  const left = 40;
  const bottom = H - 28;
  const top = 28;
  const plotW = W - left - 10;
  g.font = FONT;
  g.fillStyle = COLORS.text;
  g.fillText(opts.title, left, 16);
  g.strokeStyle = '#ddd';
  g.fillStyle = COLORS.axis;
  for (let v = 0; v <= opts.max; v += opts.max / 4) {
    const y = bottom - ((bottom - top) * v) / opts.max;
    g.beginPath();
    g.moveTo(left, y);
    g.lineTo(W - 10, y);
    g.stroke();
    g.fillText(String(Math.round(v)), 6, y + 4);
  }
  const step = plotW / Math.max(1, values.length);
  const bw = Math.max(4, step * 0.7);
  values.forEach((v, i) => {
    const x = left + i * step + (step - bw) / 2;
    const hgt = ((bottom - top) * Math.min(v, opts.max)) / opts.max;
    g.fillStyle = colors[i];
    g.fillRect(x, bottom - hgt, bw, hgt);
    g.fillStyle = COLORS.text;
    g.textAlign = 'center';
    g.fillText(labels[i], x + bw / 2, H - 10);
    if (opts.showValues) g.fillText(pct(v).replace('\u00a0%', ''), x + bw / 2, bottom - hgt - 4);
    g.textAlign = 'left';
  });
  return c;
}

export async function spravkaCharts(
  p: ProcedureReport,
  level: UnitLevel,
  unitId: string,
): Promise<{ marks?: FigurePng; tasks?: FigurePng } | undefined> {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const u = p.units.find((x) => x.level === level && x.id === unitId);
  if (!u || u.written === 0) return undefined;
  const out: { marks?: FigurePng; tasks?: FigurePng } = {};
  if (u.marks) {
    const keys = ['2', '3', '4', '5'] as const;
    const n = keys.reduce((s, k) => s + u.marks![k], 0);
    if (n > 0)
      out.marks = await png(
        bars(
          keys.map((k) => `«${k}»`),
          keys.map((k) => (100 * u.marks![k]) / n),
          [COLORS.low, COLORS.mid, COLORS.bar, COLORS.ok],
          { max: 100, title: '% участников', showValues: true },
        ),
      );
  }
  if (u.tasks && u.tasks.length > 0) {
    const color = { insufficient: COLORS.low, uncertain: COLORS.mid, sufficient: COLORS.ok };
    out.tasks = await png(
      bars(
        u.tasks.map((t) => t.id),
        u.tasks.map((t) => t.completion),
        u.tasks.map((t) => color[t.status]),
        {
          max: 100,
          title: '% выполнения (красный — ниже порога ФИОКО, жёлтый — в пределах погрешности)',
          showValues: u.tasks.length <= 16,
        },
      ),
    );
  }
  return out;
}
