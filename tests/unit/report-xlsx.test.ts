// The unit workbook: ФИС ОКО-like sheets, numbers as numbers, and no formula injection.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/model.ts';
import { analyzeProcedure, exportUnitXlsx, pupilResults } from '../../src/domain/report/index.ts';
import { SHEET_NAMES } from '../../src/domain/report/xlsx-export.ts';

const EVIL = '=HYPERLINK("http://evil.example","клик")';

/** Two pupils of one class in a school whose name is a formula. */
function dataset(): Dataset {
  const n = 3;
  return {
    meta: {
      file: 'x.xlsx',
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: {
        kind: 'ВПР',
        subject: 'Математика',
        grade: 5,
        year: 2021,
        tasks: [
          { id: '1', max: 1, level: 'Б' },
          { id: '2', max: 2, level: 'П' },
        ],
        scale: [
          [0, 0],
          [1, 1],
          [2, 2],
          [3, 3],
        ],
      },
      maximaSource: 'spec',
      taskHeaders: ['1 (1б)', '2 (2б)'],
      rows: n,
      municipalities: [{ id: 'm1', name: '+cmd|calc' }],
      schools: [{ login: 'sch1', name: EVIL, municipalityId: 'm1' }],
      classes: [{ id: 'sch1/5А', school: 0, label: '5А' }],
      warnings: [],
    },
    pupils: {
      n,
      sourceRow: Uint32Array.of(2, 3, 4),
      code: ['@SUM(A1)', '-2+3', '50003'],
      school: new Uint32Array(n),
      classIdx: new Int32Array(n),
      absent: Uint8Array.of(0, 0, 1),
      variant: new Uint16Array(n),
      journal: Uint8Array.of(5, 3, 0),
      sex: new Uint8Array(n),
      scores: [Uint8Array.of(1, 0, 0), Uint8Array.of(2, 1, 0)],
      codes: [new Uint8Array(n), new Uint8Array(n)],
    },
  };
}

describe('exportUnitXlsx', () => {
  const ds = dataset();
  const report = analyzeProcedure(ds);
  const bytes = exportUnitXlsx(report, 'class', 'sch1/5А', { pupils: pupilResults(ds, 'sch1/5А') });
  const wb = XLSX.read(bytes, { type: 'array', cellFormula: true });

  it('has the ФИС ОКО sheets, names within 31 characters', () => {
    expect(wb.SheetNames).toEqual(Object.values(SHEET_NAMES));
    for (const name of wb.SheetNames) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('rows run from «Все участники» down to the class', () => {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SHEET_NAMES.marks], {
      header: 1,
      blankrows: true,
    });
    expect(rows[7][0]).toBe('Группы участников');
    expect(rows.slice(8).map((r) => r[0])).toEqual([
      'Все участники',
      `+cmd|calc (m1)`,
      `${EVIL} (sch1)`,
      '5 классы (sch1#5)',
      '5А (sch1/5А)',
    ]);
    // Class: 2 wrote (scores 3 and 1 → «5» and «3»), 1 absent; «3» = 50 %, «5» = 50 %.
    expect(rows[12].slice(1, 7)).toEqual([2, 1, 0, 50, 0, 50]);
  });

  it('text that looks like a formula stays text: no cell has a formula', () => {
    for (const name of wb.SheetNames) {
      const ws = wb.Sheets[name];
      for (const [addr, cell] of Object.entries(ws)) {
        if (addr.startsWith('!')) continue;
        expect((cell as XLSX.CellObject).f, `${name}!${addr}`).toBeUndefined();
        expect(['s', 'n']).toContain((cell as XLSX.CellObject).t);
      }
    }
    const marks = wb.Sheets[SHEET_NAMES.marks];
    expect(marks.A11).toMatchObject({ t: 's', v: `${EVIL} (sch1)` });
    const pupils = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SHEET_NAMES.pupils], { header: 1 });
    expect(pupils.slice(8)).toEqual([
      ['@SUM(A1)', 1, 2, 3, 5, 5, ''],
      ['-2+3', 0, 1, 1, 3, 3, '1'], // task 2: 1 of 2 is half → formed
      ['50003', 'отсутствовал'],
    ]);
    // And in the raw XML: no <f> element anywhere.
    const zip = XLSX.read(bytes, { type: 'array', bookFiles: true }) as unknown as {
      files: Record<string, { content: Uint8Array }>;
    };
    const sheetXml = Object.entries(zip.files ?? {}).filter(([k]) => /worksheets\/sheet\d+\.xml$/.test(k));
    for (const [, f] of sheetXml) expect(new TextDecoder().decode(f.content)).not.toMatch(/<f[ >]/);
  });

  it('journal and histogram sheets carry the unit figures', () => {
    const j = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SHEET_NAMES.journal], {
      header: 1,
      blankrows: true,
    });
    // Class: pupil 1 journal 5 = «5» (same), pupil 2 journal 3 = «3» (same) → 0 / 100 / 0 %.
    expect(j[12].slice(1, 8)).toEqual([2, 0, 0, 100, 2, 0, 0]);
    const h = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SHEET_NAMES.histogram], {
      header: 1,
      blankrows: true,
    });
    expect(h[7]).toEqual(['Группы участников', 'Кол-во участников', '0', '1', '2', '3']);
    expect(h[12]).toEqual(['5А (sch1/5А)', 2, 0, 50, 0, 50]);
  });

  it("the task sheet carries the unit's Wilson interval of every task", () => {
    const t = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SHEET_NAMES.tasks], {
      header: 1,
      blankrows: true,
    });
    const head = t[7] as string[];
    const lo = head.indexOf('95 % ДИ, от');
    const hi = head.indexOf('95 % ДИ, до');
    expect([lo, hi].every((i) => i > 0)).toBe(true);
    // Class 5А: task 1 (1 point) 1 of 2; task 2 (2 points) 2 + 1 of 4 → p = .75; n = 2 both.
    const z2 = 1.96 * 1.96;
    const w = (p: number, n: number) => {
      const c = p + z2 / (2 * n);
      const h = 1.96 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
      return [(100 * (c - h)) / (1 + z2 / n), (100 * (c + h)) / (1 + z2 / n)];
    };
    for (const [row, p] of [
      [t[8], 0.5],
      [t[9], 0.75],
    ] as [unknown[], number][]) {
      expect(row[lo] as number).toBeCloseTo(w(p, 2)[0], 10);
      expect(row[hi] as number).toBeCloseTo(w(p, 2)[1], 10);
    }
  });

  it('an unknown unit is an error', () => {
    expect(() => exportUnitXlsx(report, 'school', 'нет')).toThrow(/Нет подразделения/);
  });
});
