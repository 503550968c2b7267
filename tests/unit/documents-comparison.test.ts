// Comparison that means something (issue #11, point 2) on the real one-school protocol
// vpr2022-ma5 (7 pupils): the school is the whole sample, so it is compared with nothing («сравнение
// невозможно: в данных только эта школа»), Table 2 has no identical rows, and the group under 10
// carries a caution with the Wilson interval (hand value: 7 of 7 → 64,6–100,0 %) and statuses
// marked unreliable. Before: «на уровне показателя по всей выборке (100,0 %)» and three equal rows.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { spravkaModel, writeDocx, type DocContext } from '../../src/domain/documents/index.ts';
import { importFile } from '../../src/domain/import/import-file.ts';
import { buildReport, type ProcedureReport } from '../../src/domain/report/index.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';
import { docxPlainText } from './helpers/docs-text.ts';

const root = new URL('../../', import.meta.url).pathname;
const base = { resultsDate: '2022-05-20', today: '2022-05-20', calendar: 'quarters' as const };
let ctx: DocContext;
let P: ProcedureReport;

beforeAll(async () => {
  const spec = parseSpec(
    JSON.parse(readFileSync(`${root}tests/fixtures/real/specs/vpr2022-ma5.json`, 'utf8')),
    'vpr2022-ma5',
  );
  const ds = await importFile(
    new Uint8Array(readFileSync(`${root}tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx`)),
    { fileName: 'vpr2022-ma5.xlsx', spec },
  );
  const report = buildReport([ds], { generatedAt: '2022-06-01T00:00:00Z' });
  P = report.procedures[0];
  ctx = { ds, report: P, signs: report.signs };
});

/** Body rows of the table captioned with `prefix` (plain text: rows as «a | b |»). */
function rowsOf(text: string, prefix: string): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(prefix));
  const out: string[] = [];
  for (const l of lines.slice(i + 2)) {
    if (!l.includes(' | ')) break;
    out.push(l);
  }
  return out;
}

describe('a unit is compared only with a wider one', () => {
  it('one school: no comparison with itself, Table 2 without identical rows', async () => {
    const school = P.units.find((u) => u.level === 'school' && u.written > 0)!;
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: school.id })),
    );
    expect(text).toContain('Сравнение невозможно: в данных только эта школа');
    expect(text).not.toMatch(/на уровне (показателя )?(по )?всей выборк/);
    expect(text).not.toMatch(/чем по всей выборке/);
    const t2 = rowsOf(text, 'Таблица 2.');
    expect(t2.length).toBe(1);
    expect(new Set(t2.map((r) => r.split(' | ').slice(1).join('|'))).size).toBe(t2.length);
    // The official «завышенный средний балл» compares with all participants: impossible here.
    expect(text).toContain('«завышенный средний балл»: сравнение невозможно: в данных только эта школа');
  });

  it('one school with the imported region row: compared with the region, marked «справочно»', async () => {
    const school = P.units.find((u) => u.level === 'school' && u.written > 0)!;
    const references = [
      { level: 'region' as const, id: 'r', name: 'Алтайский край', uspevaemost: 90, kachestvo: 40 },
    ];
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: school.id, references })),
    );
    expect(text).not.toContain('Сравнение невозможно');
    expect(school.uspevaemost).toBe(100);
    expect(text.replace(/\s/g, ' ')).toContain(
      'Успеваемость — 100,0 %, что на 10,0 п. п. выше, чем по региону (Алтайский край, справочно) (90,0 %)',
    );
  });

  it('a class of 7: caution with the Wilson interval, ФИОКО statuses marked unreliable', async () => {
    const cls = P.units.find((u) => u.level === 'class' && u.written > 0)!;
    expect(cls.written).toBe(7);
    expect(cls.uspevaemost).toBe(100);
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'class', unitId: cls.id })),
    );
    expect(text).toContain(
      'Осторожно: работу писали 7 обучающихся (меньше 10); один обучающийся — 14,3 п. п.',
    );
    // Wilson 95 % for 7 of 7, by hand: (1 + z²/14 − z·√(z²/196)) / (1 + z²/7) = 0,6457.
    expect(text).toContain('успеваемость — 64,6–100,0 %');
    const statuses = rowsOf(text, 'Таблица 6.').map((r) => r.split(' | ')[6]);
    expect(statuses.length).toBe(P.tasks.length);
    for (const s of statuses) expect(s).toMatch(/\(ненадёжно\)$/);
  });
});
