// The municipal analysis in one call and the support programme (DOCX through the documents module's
// writer, XLSX) on a generated region with planted ШНОР, red signs and a planted effect of measures.
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import { mulberry32 } from '../../src/domain/demo/prng.ts';
import { writeForm2022 } from '../../src/domain/context/form-writer.ts';
import { syntheticRegion } from '../../src/domain/context/synthetic.ts';
import { mergeContextRecords, readContextFile } from '../../src/domain/context/read-context.ts';
import { analyseContext } from '../../src/domain/context/analysis.ts';
import type { SchoolResult } from '../../src/domain/context/low-results.ts';
import {
  supportProgrammeDocument,
  supportProgrammeXlsx,
} from '../../src/domain/context/support-programme.ts';
import { writeDocx } from '../../src/domain/documents/docx-writer.ts';

const { schools, group } = syntheticRegion(mulberry32(31), { capital: 12, town: 25, rural: 30, special: 6 });
const records = mergeContextRecords([readContextFile(writeForm2022(schools), 'форма.xlsx')]);
const rng = mulberry32(32);
const low = new Set(schools.filter((_, i) => i % 11 === 4).map((s) => s.login));
const red = new Set(schools.filter((_, i) => i % 7 === 2 && !low.has(schools[i].login)).map((s) => s.login));
const treated = new Set(
  schools.filter((_, i) => i % 5 === 1 && !low.has(schools[i].login)).map((s) => s.login),
);
const level: Record<string, number> = { capital: 68, town: 62, rural: 52, special: 40 };
const effect = new Map(
  schools.map((s, i) => [s.login, low.has(s.login) ? -22 : 5 * rng.normal() + level[group[i]]]),
);
const results: SchoolResult[] = [];
for (const year of [2024, 2025])
  for (const procedure of ['ВПР Математика 5', 'ВПР Русский язык 5'])
    for (const s of schools) {
      const mean = effect.get(s.login)! + 2 * rng.normal() + (year === 2025 && treated.has(s.login) ? 5 : 0);
      results.push({ login: s.login, procedure, year, n: 30, mean, share2: Math.max(0, (40 - mean) / 50) });
    }

describe('municipal context analysis', () => {
  const a = analyseContext({ records, results, red, treated, before: 2024, after: 2025, bootstrap: 10 });

  it('clusters, ШНОР with partners of the same cluster without red signs, effect measured', () => {
    expect(a.k).toBeGreaterThanOrEqual(3);
    expect(a.byK.length).toBe(7);
    for (const l of low) expect(a.low.map((e) => e.login)).toContain(l);
    for (const e of a.low)
      for (const p of a.partners.get(e.login)!) {
        expect(a.clusterOf.get(p.login)).toBe(a.clusterOf.get(e.login));
        expect(red.has(p.login) || low.has(p.login)).toBe(false);
      }
    expect(a.effect).toHaveLength(2);
    for (const e of a.effect) {
      expect(e.result!.ci95[0]).toBeLessThanOrEqual(5);
      expect(e.result!.ci95[1]).toBeGreaterThanOrEqual(5);
    }
    const own = a.compare.get(schools[4].login)!;
    expect(own.own).toBeLessThan(own.cluster);
    expect(a.history.map((h) => h.year)).toEqual([2024, 2025]);
  });

  it('the programme as DOCX (documents module writer) and XLSX names ШНОР and partners, no PII', async () => {
    const names = new Map(schools.map((s) => [s.login, s.name]));
    const input = { municipality: 'Тестовый район', schoolYear: '2025/2026', analysis: a, names };
    const docx = await writeDocx(supportProgrammeDocument(input));
    const xml = strFromU8(unzipSync(docx)['word/document.xml']);
    expect(xml).toContain('Программа поддержки школ с низкими результатами');
    expect(xml).toContain('Заключение партнёрских договоров');
    for (const l of low) expect(xml).toContain(names.get(l)!.replace(/«|»/g, (m) => m));
    const firstPartner = a.partners.get(a.low[0].login)![0];
    expect(xml).toContain(names.get(firstPartner.login)!);
    expect(xml).toContain('связь, а не причина');
    for (const s of schools)
      for (const x of [s.director, s.phone, s.email, s.inn]) expect(xml).not.toContain(x);
    const wb = XLSX.read(supportProgrammeXlsx(input));
    expect(wb.SheetNames).toEqual(['ШНОР и партнёры', 'Мероприятия', 'Группы']);
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['ШНОР и партнёры'], { header: 1 });
    expect(rows.length).toBe(a.low.length + 1);
  });
});
