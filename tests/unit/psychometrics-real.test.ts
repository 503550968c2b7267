// Calibration of the real file (ВПР 2021 Математика 5, 26 139 rows, 23 706 present × 16 tasks):
// the committed 2 000-pupil CSV really is its first 2 000 present pupils, CTT + PCM run well under
// 1.5 s, and the notes for methodists come out in Russian.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProcedureSpec } from '../../src/domain/model.ts';
import { calibrate, ctt, fitPcm, scoreMatrixOf, taskNotes } from '../../src/domain/psychometrics/index.ts';
import { fixedSigned } from '../../src/domain/text/format.ts';
import { scoreMatrixFromRows } from '../../src/domain/psychometrics/matrix.ts';
import { readCsv } from '../fixtures/psychometrics/reference.ts';

const REAL = resolve(import.meta.dirname, '../fixtures/real');

describe('psychometrics on the real 2021 file', () => {
  it('matrix, timing (< 1.5 s for CTT + PCM), notes', async () => {
    const { importFile } = await import('../../src/domain/import/import-file.ts');
    const spec = JSON.parse(readFileSync(resolve(REAL, 'specs/vpr2021-ma5.json'), 'utf8')) as ProcedureSpec;
    const name = 'vpr2021-ma5-region-export.xlsx';
    const ds = await importFile(new Uint8Array(readFileSync(resolve(REAL, name))), { fileName: name, spec });

    const t0 = performance.now();
    const m = scoreMatrixOf(ds);
    const c = ctt(m);
    const p = fitPcm(m);
    const ms = performance.now() - t0;
    console.log(
      `CTT + PCM, ${m.n} pupils × ${m.k} tasks: ${ms.toFixed(0)} ms (${p.iterations} Newton steps)`,
    );
    expect(ms).toBeLessThan(1500);

    expect(m.n).toBe(23706);
    expect(m.k).toBe(16);
    const { header, rows } = readCsv('real2021-2000.csv');
    expect(header).toEqual(m.ids.map((id) => `T${id}`));
    for (let r = 0; r < 2000; r++) expect(m.cols.map((col) => col[r])).toEqual(rows[r]);

    expect(p.converged).toBe(true);
    expect(c.alpha).toBeGreaterThan(0.6);
    expect(c.alpha).toBeLessThan(0.8);
    expect(c.feldt!.lower).toBeLessThan(c.alpha!);
    expect(c.feldt!.upper).toBeGreaterThan(c.alpha!);
    // The 2 000-pupil subset and the full file agree roughly (same test, same region).
    const sub = fitPcm(scoreMatrixFromRows(rows));
    const full = p.items.flatMap((it) => it.thresholds);
    const part = sub.items.flatMap((it) => it.thresholds);
    for (let i = 0; i < full.length; i++)
      expect(Math.abs(full[i] - full[0] - (part[i] - part[0]))).toBeLessThan(0.5);

    const cal = calibrate(ds);
    expect(cal.pcmError).toBeNull();
    expect(cal.notes).toEqual(taskNotes(c, p));
    for (const n of cal.notes) expect(n.text).toMatch(/^(Задание|Без задания|Работ)/);
    console.log(cal.notes.map((n) => `${n.kind}: ${n.text}`).join('\n'));
  }, 120_000);
});

describe('notes', () => {
  it('low and negative r.drop, misfit, Russian number format', () => {
    expect(fixedSigned(-0.0512)).toBe('−0,05');
    expect(fixedSigned(-0.001)).toBe('0,00');
    expect(fixedSigned(1.3, 1)).toBe('1,3');
    // task 3 is reversed: the weak get it, the strong do not
    const rows: number[][] = [];
    for (let i = 0; i < 40; i++) {
      const a = i % 2;
      const b = i % 4 < 2 ? a : 1 - a;
      const hi = i >= 20 ? 1 : 0;
      rows.push([hi, hi ? 1 : a, 1 - hi, b, hi && a ? 1 : 0]);
    }
    const cal = calibrate(scoreMatrixFromRows(rows));
    const kinds = cal.notes.map((n) => `${n.id}:${n.kind}`);
    expect(kinds).toContain(':small-sample');
    expect(kinds).toContain('3:negative-r-drop');
    const neg = cal.notes.find((n) => n.kind === 'negative-r-drop')!;
    expect(neg.text).toMatch(/r\.drop = −\d,\d\d/);
  });
});
