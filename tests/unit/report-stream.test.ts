// The report as text pieces (json-chunks.ts) against JSON.stringify itself, and the warning cap
// (warning-cap.ts) on a hand-built list and on a real import whose warnings exceed it.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file.ts';
import type { ImportWarning } from '../../src/domain/model.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { jsonChunks } from '../../src/domain/report/json-chunks.ts';
import { capWarnings, isSummary } from '../../src/domain/report/warning-cap.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const joined = (v: unknown, indent = 1) => [...jsonChunks(v, indent)].join('');

describe('jsonChunks: the same text as JSON.stringify, in pieces', () => {
  it('edge values: empty containers, undefined, functions, toJSON, escapes, -0, NaN, nesting', () => {
    const values: unknown[] = [
      {},
      [],
      null,
      0,
      'x',
      { a: undefined, b: () => 1, c: [undefined, () => 2, Symbol('s')], d: new Date(0) },
      { s: 'строка\n"кавычки"\\\u2028', n: -0, nan: NaN, inf: -Infinity, e: 1e-300 },
      { deep: { deeper: { deepest: [[[]], [{}], { x: [1, 2, 3] }] } } },
      { long: Array.from({ length: 500 }, (_, i) => ({ i, v: [i, { w: i / 3 }], e: [] })) },
      Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? undefined : [i, String(i)])),
      { k: { toJSON: () => ({ replaced: [1, 2] }) } },
    ];
    for (const v of values)
      for (const indent of [0, 1, 2]) expect(joined(v, indent)).toBe(JSON.stringify(v, null, indent));
  });

  it('random JSON values (fast-check), indents 0, 1 and 3', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 1, 3), (v, indent) => {
        expect(joined(v, indent)).toBe(JSON.stringify(v, null, indent));
      }),
      { numRuns: 300 },
    );
    // Long arrays at every depth, so that the walked branches are exercised too.
    const long = (item: fc.Arbitrary<unknown>) => fc.array(item, { minLength: 65, maxLength: 75 });
    const longArrays = fc.dictionary(
      fc.string(),
      fc.oneof(long(fc.jsonValue({ maxDepth: 2 })), long(long(fc.jsonValue({ maxDepth: 1 })))),
      { maxKeys: 3 },
    );
    fc.assert(
      fc.property(longArrays, (v) => {
        expect(joined(v, 1)).toBe(JSON.stringify(v, null, 1));
      }),
      { numRuns: 20 },
    );
  });

  it('the real 26 000-pupil report: identical text, in pieces of about a megabyte', async () => {
    const file = 'vpr2021-ma5-region-export.xlsx';
    const bytes = new Uint8Array(readFileSync(resolve(ROOT, 'tests/fixtures/real', file)));
    const spec = parseSpec(
      JSON.parse(readFileSync(resolve(ROOT, 'tests/fixtures/real/specs/vpr2021-ma5.json'), 'utf8')),
      'spec',
    );
    const report = buildReport([await importFile(bytes, { fileName: file, spec })], {
      generatedAt: '2026-01-01T00:00:00Z',
    });
    const chunks = [...jsonChunks(report, 1)];
    const text = JSON.stringify(report, null, 1);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThanOrEqual(Math.floor(text.length / 2 ** 20));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(1.2 * 2 ** 20);
  }, 120_000);
});

describe('capWarnings', () => {
  const w = (kind: ImportWarning['kind'], row: number): ImportWarning => ({
    kind,
    file: 'f.csv',
    sheet: 'f',
    row,
    column: 'c',
    message: `m${row}`,
  });

  it('keeps the first N of each kind in order and adds one summary per kind over N', () => {
    const list: ImportWarning[] = [];
    for (let r = 1; r <= 2500; r++) list.push(w(r % 5 === 0 ? 'above-max' : 'duplicate-code', r));
    list.push(w('other', 9999));
    const out = capWarnings(list, 1000);
    const dup = out.filter((x) => x.kind === 'duplicate-code' && !isSummary(x));
    const above = out.filter((x) => x.kind === 'above-max' && !isSummary(x));
    expect(dup.map((x) => x.row)).toEqual(
      list
        .filter((x) => x.kind === 'duplicate-code')
        .slice(0, 1000)
        .map((x) => x.row),
    );
    expect(above).toHaveLength(500); // 500 of them: under the cap, no summary
    const summaries = out.filter(isSummary);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      kind: 'duplicate-code',
      count: 2000,
      row: 0,
      column: '',
      file: 'f.csv',
    });
    expect(summaries[0].message).toContain('и ещё 1\u00a0000 таких же');
    // The kept entries stay in their original relative order; the summary comes after them.
    const kept = out.filter((x) => !isSummary(x));
    expect(kept).toEqual(list.filter((x) => kept.includes(x)));
    expect(out.at(-1)).toBe(summaries[0]);
    expect(out).toHaveLength(1000 + 500 + 1 + 1);
  });

  it('under the cap the list is unchanged (same entries, same order)', () => {
    const list = [w('other', 3), w('above-max', 1), w('other', 2)];
    expect(capWarnings(list)).toEqual(list);
  });

  it('an import whose pupil codes repeat 2 700 times: 1 000 in the report, then the total', async () => {
    // Pupil codes that repeat within each school: every repeat is a `duplicate-code` warning.
    const lines = ['Логин ОО;Код участника;Класс;Вариант;1 (1б);2 (2б)'];
    for (let s = 0; s < 30; s++)
      for (let p = 0; p < 100; p++) lines.push(`sch${100000 + s};${p % 10};5а;1;1;${p % 3}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const ds = await importFile(bytes, { fileName: 'dups.csv' });
    const dups = ds.meta.warnings.filter((x) => x.kind === 'duplicate-code').length;
    expect(dups).toBeGreaterThan(1000);
    const report = buildReport([ds], { generatedAt: 'x' });
    expect(report.warnings.filter((x) => x.message.startsWith('Код участника'))).toHaveLength(1000);
    const summary = report.warnings.filter((x) => x.count !== undefined);
    expect(summary).toEqual([
      expect.objectContaining({ kind: 'duplicate-code', count: dups, file: 'dups.csv', row: 0 }),
    ]);
    expect(report.warnings).toHaveLength(ds.meta.warnings.length - dups + 1000 + 1);
  });
});
