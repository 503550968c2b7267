// The import preview's scale step with the real importer: the ФИС ОКО 2022 protocol gets its scale
// from the catalogue (no spec), the preview carries the score distribution, and a scale typed in
// one line gives the marks a hand count of the file gives. Checked against the XLSX read directly.
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file';
import type { MarkScale } from '../../src/domain/model';
import { formatScaleText, markDistribution, parseScaleText } from '../../src/domain/spec/scale-text';
import { createImportApi, type ImportDeps } from '../../workers/import.api';

const FILE = 'tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx';
const bytes = new Uint8Array(readFileSync(FILE));

/** Totals of the pupils who wrote, read from the sheet: the task columns `N (Kб)`, summed. */
function totalsFromSheet(): number[] {
  const wb = XLSX.read(bytes, { type: 'array' });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Протокол'], { header: 1 });
  const head = rows[0] as string[];
  const taskCols = head.flatMap((h, c) => (/\(\d+б\)$/.test(String(h)) ? [c] : []));
  const variant = head.indexOf('Вариант');
  return rows
    .slice(1)
    .filter((r) => r[variant] !== 'отсутствовал' && r.length > 0)
    .map((r) => taskCols.reduce((a, c) => a + (Number(r[c]) || 0), 0));
}

const byHand = (totals: number[], scale: MarkScale) => {
  const m = [0, 0, 0, 0];
  for (const t of totals) {
    const k = scale.findIndex(([lo, hi]) => t >= lo && t <= hi);
    if (k >= 0) m[k] += 1;
  }
  return m;
};

describe('parseScaleText', () => {
  it('reads one line in the usual spellings', () => {
    const want = [
      [0, 6],
      [7, 10],
      [11, 14],
      [15, 20],
    ];
    for (const t of ['0-6, 7-10, 11-14, 15-20', '0–6; 7–10; 11–14; 15–20', ' 0 - 6,7-10 ,11-14, 15-20 '])
      expect(parseScaleText(t)).toEqual({ ok: true, scale: want });
    expect(formatScaleText(want as MarkScale)).toBe('0-6, 7-10, 11-14, 15-20');
  });
  it('says what is wrong in Russian', () => {
    expect(parseScaleText('0-6, 7-10, 11-14')).toMatchObject({
      ok: false,
      message: /4 диапазона.*найдено 3/,
    });
    expect(parseScaleText('0-6, 7-10, 11-x, 15-20')).toMatchObject({ ok: false, message: /«4».*«11-x»/ });
  });
});

describe('the preview of the ФИС ОКО protocol (ВПР 2022 Математика 5)', () => {
  const deps = { importFile } as unknown as ImportDeps;
  const api = createImportApi(deps);
  const totals = totalsFromSheet();

  it('has the catalogue scale, says where it comes from, and carries the score distribution', async () => {
    const out = await api.parse('vpr2022-ma5-fisoko-protocol.xlsx', bytes);
    if (!out.ok) throw new Error(out.error.message);
    const { meta, scoreHistogram } = out.value;
    expect(meta.procedure.scale).toEqual([
      [0, 6],
      [7, 10],
      [11, 14],
      [15, 20],
    ]);
    expect(meta.scaleSource).toMatchObject({ kind: 'catalogue', year: 2022 });
    expect(scoreHistogram.length).toBe(21);
    expect(scoreHistogram.reduce((a, b) => a + b, 0)).toBe(totals.length);
    for (let s = 0; s <= 20; s++)
      expect(scoreHistogram[s], `score ${s}`).toBe(totals.filter((t) => t === s).length);
    expect(markDistribution(scoreHistogram, meta.procedure.scale!).marks).toEqual(
      byHand(totals, meta.procedure.scale!),
    );
  });

  it('a scale typed in one line: the distribution before saving, then the re-import uses it', async () => {
    const out = await api.parse('vpr2022-ma5-fisoko-protocol.xlsx', bytes);
    if (!out.ok) throw new Error(out.error.message);
    const typed = parseScaleText('0-4, 5-9, 10-15, 16-20');
    if (!typed.ok) throw new Error(typed.message);
    const dist = markDistribution(out.value.scoreHistogram, typed.scale);
    expect(dist.marks).toEqual(byHand(totals, typed.scale));
    expect(dist.none).toBe(0);
    const again = await api.reparse(out.value.token, { ...out.value.meta.procedure, scale: typed.scale });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.meta.procedure.scale).toEqual(typed.scale);
    expect(again.value.meta.scaleSource).toEqual({ kind: 'spec' });
  });
});
