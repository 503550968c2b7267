// `--detail binding`: the same binding figures as the full report, without the additions.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { run } from '../../src/cli/oko.ts';
import type { OkoReport } from '../../src/domain/report/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = resolve(ROOT, 'tests/fixtures/real/vpr2022-ma4-fisoko-protocol.xlsx');
const SPEC = resolve(ROOT, 'tests/fixtures/real/specs/vpr2022-ma4.json');
const dir = mkdtempSync(join(tmpdir(), 'oko-detail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function report(extra: string[]): Promise<OkoReport> {
  const out = join(dir, `${extra.join('-') || 'full'}.json`);
  expect(await run(['analyze', FILE, '--spec', SPEC, '--out', out, ...extra])).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as OkoReport;
}

it('--detail binding keeps every binding field and drops byMark, status, deficits, journal extras', async () => {
  const full = await report([]);
  const lean = await report(['--detail', 'binding']);
  expect(lean.signs).toEqual(full.signs);
  expect(lean.warnings).toEqual(full.warnings);
  const [pf, pl] = [full.procedures[0], lean.procedures[0]];
  expect(pl.units.length).toBe(pf.units.length);
  expect(pf.units.some((u) => u.deficits !== undefined)).toBe(true);
  pf.units.forEach((u, i) => {
    const l = pl.units[i];
    const { deficits: _d, tasks, journal, ...rest } = u;
    const { tasks: lt, journal: lj, ...lrest } = l;
    expect(lrest).toEqual(rest);
    expect(l.deficits).toBeUndefined();
    expect(lt).toEqual(tasks?.map((t) => ({ id: t.id, completion: t.completion, ci95: t.ci95 })));
    if (journal) {
      const { n, lower, same, higher, spearman } = journal;
      expect(lj).toEqual({ n, lower, same, higher, spearman });
    } else expect(lj).toBeUndefined();
  });
}, 60_000);
