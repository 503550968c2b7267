// What a справка must say from the unit's own numbers, on the real 2021 region file (Математика,
// 5 класс): the school where 71 of 130 pupils scored exactly the «3» minimum and nobody below it
// read «признак не выявлен» and «Успеваемость 100 %» as a plain result; a municipality where a
// large share of pupils got a lower ВПР mark than the journal's was not mentioned, because the
// official sign fires only when Spearman < 0.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { spravkaModel, writeDocx, type DocContext } from '../../src/domain/documents/index.ts';
import { OWN_SIGN_RULES } from '../../src/domain/documents/spravka-objectivity.ts';
import { importFile } from '../../src/domain/import/import-file.ts';
import { buildReport, type ProcedureReport } from '../../src/domain/report/index.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';
import { pct } from '../../src/domain/text/format.ts';
import { docxPlainText } from './helpers/docs-text.ts';

const root = new URL('../../', import.meta.url).pathname;
let ctx: DocContext;
let P: ProcedureReport;
const base = { resultsDate: '2021-05-20', today: '2021-05-20', calendar: 'quarters' as const };

beforeAll(async () => {
  const spec = parseSpec(
    JSON.parse(readFileSync(`${root}tests/fixtures/real/specs/vpr2021-ma5.json`, 'utf8')),
    'vpr2021-ma5',
  );
  const ds = await importFile(
    new Uint8Array(readFileSync(`${root}tests/fixtures/real/vpr2021-ma5-region-export.xlsx`)),
    { fileName: 'vpr2021-ma5.xlsx', spec },
  );
  const report = buildReport([ds], { generatedAt: '2021-06-01T00:00:00Z' });
  P = report.procedures[0];
  ctx = { ds, report: P, signs: report.signs };
}, 180_000);

describe('own-data signs to check (real 2021 file)', () => {
  it('71 of 130 exactly at the «3» minimum: said beside the plain result and the official sign', async () => {
    const s = P.units.find((u) => u.level === 'school' && u.id === 'sch224263')!;
    const min = P.scale![1][0];
    // Hand check of the histogram behind the sentence.
    expect(s.written).toBe(130);
    expect(s.histogram![min]).toBe(71);
    expect(s.histogram!.slice(0, min).reduce((a, x) => a + x, 0)).toBe(0);
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: s.id })),
    );
    const said = `71 из 130 участников (${pct((71 / 130) * 100)}) набрали ровно минимальный балл отметки «3» (7)`;
    expect(text).toContain(said);
    expect(text).toContain('ниже него — никто');
    // In «Выводы» right after the успеваемость, and in the section on signs.
    expect(text.split(said).length - 1).toBeGreaterThanOrEqual(2);
    const conclusions = text.slice(text.indexOf('Выводы'));
    const y = conclusions.indexOf('Успеваемость');
    expect(y).toBeGreaterThanOrEqual(0);
    expect(conclusions.indexOf(said)).toBeGreaterThan(y);
  });

  it('recommendations from the table of mark groups cite its numbers', async () => {
    const s = P.units.find((u) => u.level === 'school' && u.id === 'sch224263')!;
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: s.id })),
    );
    const recs = text.slice(text.indexOf('Рекомендации'));
    // Independently from Table 7: tasks the «4» group (≥ 5 pupils) completed below 30 %.
    expect(s.marks!['4']).toBeGreaterThanOrEqual(5);
    const low = (s.tasks ?? []).filter((t) => t.byMark?.['4'] !== null && (t.byMark?.['4'] ?? 100) < 30);
    expect(low.length).toBeGreaterThan(0);
    for (const t of low)
      expect(recs).toMatch(
        new RegExp(
          `Задание № ${t.id.replace('.', '\\.')}: [^\n]*${pct(t.byMark!['4']).replace(/\s/g, '\\s')}`,
        ),
      );
  });

  it('deficits: one count of skills in section 8 and in «Выводы»; КЭС/КТ named in words', async () => {
    const s = P.units.find((u) => u.level === 'school' && u.id === 'sch224263')!;
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: s.id })),
    );
    const skills = (s.deficits ?? []).filter((d) => d.kind === 'skill').length;
    expect(skills).toBeGreaterThan(1);
    expect(text).toMatch(new RegExp(`не достигнуто\\) по ${skills} умени`));
    expect(text).toContain(`Не сформированы на достаточном уровне ${skills} умени`);
    // Before: «КТ 3 — выполнение …», a bare code; now what it is and the spec's words for it.
    expect(text).not.toMatch(/(^|[^(])(КЭС|КТ) \d/m);
    expect(text).toMatch(/элемент содержания \(КЭС \d+\): «[^»]+»/);
    expect(text).toMatch(/требование к результатам \(КТ \d+\): «[^»]+»/);
  });

  it('a municipality with a large share of ВПР marks below the journal is named even without the official sign', async () => {
    const m = P.units.find(
      (u) =>
        u.level === 'municipality' &&
        (u.journal?.lowerPct ?? 0) > OWN_SIGN_RULES.journalLowerPct &&
        (u.journal?.spearman ?? -1) >= 0,
    )!;
    expect(m).toBeDefined();
    const text = docxPlainText(
      await writeDocx(spravkaModel(ctx, { ...base, level: 'municipality', unitId: m.id })),
    );
    expect(text).toContain(
      `${pct(m.journal!.lowerPct)} участников получили за работу отметку ниже, чем по журналу`,
    );
  });
});
