// Batch of справки (issue #11 point 6) and the figures a school's справка states (the acceptance
// point «КЗ, У and the mean score exactly as the JSON report gives them»): the headless
// `analyze` writes the oko-report/v1 JSON, the headless `documents spravka --level school` writes
// one DOCX per school, and every school's DOCX is read back and compared with the JSON — on the
// real ФИС ОКО protocols (one school of 7 pupils: a group under 10), the synthetic region and a
// generated regional CSV. The figures are rounded here by a second implementation (decimal
// string arithmetic), not by the product's formatter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchResultsDate, parseDocumentsArgs, runDocuments } from '../../src/cli/documents.ts';
import { UsageError } from '../../src/cli/args.ts';
import { run } from '../../src/cli/oko.ts';
import { regionCsvChunks } from '../../src/domain/demo/region-csv.ts';
import type { OkoReport, UnitReport } from '../../src/domain/report/types.ts';
import { docxPlainText } from './helpers/docs-text.ts';

const tmp = mkdtempSync(join(tmpdir(), 'oko-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** x rounded half away from zero to one decimal, with a decimal comma, by decimal string arithmetic. */
function oneDecimal(x: number): string {
  const [int, frac = ''] = Math.abs(x).toPrecision(15).split('.');
  let digits = BigInt(int + (frac + '00').slice(0, 2));
  digits = digits / 10n + (digits % 10n >= 5n ? 1n : 0n);
  const s = digits.toString().padStart(2, '0');
  return `${x < 0 ? '-' : ''}${BigInt(s.slice(0, -1)).toLocaleString('ru-RU')},${s.slice(-1)}`;
}

const quiet = () => {};

async function batch(name: string, files: string[], extra: string[] = []) {
  const json = join(tmp, `${name}.json`);
  const out = join(tmp, name, 'справки');
  const origErr = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    expect(await run(['analyze', ...files, ...extra, '--out', json])).toBe(0);
    expect(
      await runDocuments(
        ['documents', 'spravka', '--level', 'school', ...files, ...extra, '--out', out],
        quiet,
      ),
    ).toBe(0);
  } finally {
    process.stderr.write = origErr;
  }
  const report = JSON.parse(readFileSync(json, 'utf8')) as OkoReport;
  return { report, out, names: readdirSync(out) };
}

/** The school's справка states its own У, КЗ and mean score as the JSON gives them. */
function checkSchool(text: string, u: UnitReport, maxScore: number) {
  // Table 2: the header «Единица | Участников | …», then the unit's own row.
  const lines = text.split('\n');
  const own = lines[lines.findIndex((l) => l.startsWith('Единица | Участ')) + 1];
  expect(own, `row of ${u.id} in table 2`).toMatch(new RegExp(`^[^|]+ \\| ${u.written} \\| `));
  const cells = own!.split(' | ');
  if (u.uspevaemost !== null && u.uspevaemost !== undefined) {
    expect(cells[6], `У of ${u.id}`).toBe(oneDecimal(u.uspevaemost));
    expect(text).toContain(`Успеваемость — ${oneDecimal(u.uspevaemost)}\u00a0%`);
  }
  if (u.kachestvo !== null && u.kachestvo !== undefined) {
    expect(cells[7], `КЗ of ${u.id}`).toBe(oneDecimal(u.kachestvo));
    expect(text).toContain(`Качество знаний — ${oneDecimal(u.kachestvo)}\u00a0%`);
  }
  expect(u.score).toBeTruthy();
  expect(cells[10], `mean score of ${u.id}`).toBe(oneDecimal(u.score!.mean));
  expect(text).toContain(`Средний первичный балл (из ${maxScore}) — ${oneDecimal(u.score!.mean)}`);
}

async function checkBatch(name: string, files: string[], extra: string[] = []) {
  const { report, out, names } = await batch(name, files, extra);
  let small = 0;
  let checked = 0;
  for (const P of report.procedures) {
    const schools = P.units.filter((u) => u.level === 'school');
    const wrote = schools.filter((u) => u.written > 0);
    for (const u of schools) {
      const file = names.find((n) => n.startsWith(`${u.id} `) && n.includes(P.id));
      if (u.written === 0) {
        expect(file, `no справка for ${u.id}: nobody wrote`).toBeUndefined();
        continue;
      }
      expect(file, `справка of ${u.id}`).toBeDefined();
      checkSchool(docxPlainText(new Uint8Array(readFileSync(join(out, file!)))), u, P.maxScore);
      checked++;
      if (u.written < 10) small++;
    }
    expect(names.filter((n) => n.includes(P.id))).toHaveLength(wrote.length);
  }
  return { checked, small };
}

describe('documents spravka --level school', () => {
  it('the real protocols: every school, one of them under 10 pupils', { timeout: 120_000 }, async () => {
    const a = await checkBatch('real', [
      'tests/fixtures/real/vpr2022-ma4-fisoko-protocol.xlsx',
      '--spec',
      'tests/fixtures/real/specs/vpr2022-ma4.json',
      'tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx',
      '--spec',
      'tests/fixtures/real/specs/vpr2022-ma5.json',
    ]);
    expect(a.checked).toBe(5);
    expect(a.small).toBeGreaterThan(0);
    // «Дата получения результатов» is the procedure's (ВПР 2022: 31 May 2022), not today.
    const { out, names } = await batch('real-date', [
      'tests/fixtures/real/vpr2022-ma4-fisoko-protocol.xlsx',
      '--spec',
      'tests/fixtures/real/specs/vpr2022-ma4.json',
    ]);
    const text = docxPlainText(new Uint8Array(readFileSync(join(out, names[0]))));
    expect(text).toContain('Дата получения результатов | 31.05.2022 |');
  });

  it('takes the results date from the procedure, or from --results-date', () => {
    const a = parseDocumentsArgs(['documents', 'spravka', '--level', 'school', 'a.xlsx', '--out', 'd']);
    expect(a.resultsDate).toBeUndefined();
    expect(batchResultsDate(a, { kind: 'ВПР', year: 2022 }, '2026-12-07')).toBe('2022-05-31');
    expect(batchResultsDate(a, { kind: 'ОГЭ', year: 2024 }, '2026-12-07')).toBe('2024-06-30');
    expect(batchResultsDate(a, { kind: 'ВПР', year: 2026 }, '2026-05-12')).toBe('2026-05-12'); // not after today
    const b = parseDocumentsArgs([
      'documents',
      'spravka',
      '--level',
      'school',
      'a.xlsx',
      '--results-date',
      '2022-06-03',
      '--out',
      'd',
    ]);
    expect(batchResultsDate(b, { kind: 'ВПР', year: 2022 })).toBe('2022-06-03');
    expect(() =>
      parseDocumentsArgs([
        'documents',
        'spravka',
        '--level',
        'school',
        'a',
        '--results-date',
        '03.06.2022',
        '--out',
        'd',
      ]),
    ).toThrow(/ГГГГ-ММ-ДД/);
  });

  it('the synthetic region (40 schools, with context)', { timeout: 180_000 }, async () => {
    const a = await checkBatch('synthetic', [
      'tests/fixtures/synthetic/vpr-ma5-2024-protocol.xlsx',
      '--spec',
      'tests/fixtures/synthetic/spec-ma5-2024.json',
      '--context',
      'tests/fixtures/synthetic/context.csv',
    ]);
    expect(a.checked).toBeGreaterThanOrEqual(30);
  });

  it('a generated regional CSV with tiny schools', { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    let header = '';
    const seen = new Set<string>();
    outer: for (const chunk of regionCsvChunks(3000, 7)) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        if (!header) {
          header = line;
          continue;
        }
        const login = line.slice(0, line.indexOf(';'));
        if (!seen.has(login) && seen.size === 25) break outer;
        seen.add(login);
        // Every third school keeps only its first 6 pupils: groups under 10.
        lines.push(line);
      }
    }
    const kept: string[] = [];
    const count = new Map<string, number>();
    for (const line of lines) {
      const login = line.slice(0, line.indexOf(';'));
      const k = (count.get(login) ?? 0) + 1;
      count.set(login, k);
      if ([...seen].indexOf(login) % 3 === 0 && k > 6) continue;
      kept.push(line);
    }
    const file = join(tmp, 'generated.csv');
    writeFileSync(file, `${header}\n${kept.join('\n')}\n`);
    const a = await checkBatch('generated', [file, '--spec', 'tests/fixtures/real/specs/vpr2021-ma5.json']);
    expect(a.checked).toBe(25);
    expect(a.small).toBeGreaterThanOrEqual(8);
  });

  it('reads the analyze arguments and says what is missing in Russian', () => {
    const a = parseDocumentsArgs([
      'documents',
      'spravka',
      '--level',
      'school',
      'a.xlsx',
      '--spec',
      's.json',
      '--context',
      'c.csv',
      '--reference',
      'r.xlsx',
      '--out',
      'dir',
    ]);
    expect(a.analyze.inputs).toEqual(['a.xlsx']);
    expect(a.analyze.specs).toEqual(['s.json']);
    expect(a.analyze.contexts).toEqual(['c.csv']);
    expect(a.analyze.references).toEqual(['r.xlsx']);
    expect(a.out).toBe('dir');
    expect(() => parseDocumentsArgs(['documents', 'spravka', 'a.xlsx', '--out', 'd'])).toThrow(
      /--level school/,
    );
    expect(() => parseDocumentsArgs(['documents', 'spravka', '--level', 'school', 'a.xlsx'])).toThrow(
      /--out/,
    );
    expect(() => parseDocumentsArgs(['documents', 'plan', '--level', 'school', 'a', '--out', 'd'])).toThrow(
      UsageError,
    );
    expect(() => parseDocumentsArgs(['documents', 'spravka', '--level', 'school', '--out', 'd'])).toThrow(
      /Не указан ни один файл/,
    );
  });
});
