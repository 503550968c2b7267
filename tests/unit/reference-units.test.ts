// referenceUnitsFor: reference rows of all sheets merged per unit, with У and КЗ from the mark shares.
import { describe, expect, it } from 'vitest';
import { parseReferenceReport, referenceUnitsFor } from '../../src/domain/reference';
import type { ReferenceReport } from '../../src/domain/reference';
import {
  journalAoa,
  marksAoa,
  ru4Workbook,
  SCHOOL,
  SCORE_ROWS,
  TASK_ROWS,
  xlsx,
} from '../fixtures/reference/reference-workbooks';

describe('referenceUnitsFor', () => {
  it('gives У = 100 − %«2» and КЗ = %«4» + %«5» from the real marks rows', () => {
    const units = referenceUnitsFor(parseReferenceReport(xlsx([['М', marksAoa()]]), 'm.xlsx'));
    expect(units.map((u) => [u.level, u.id, u.participants, u.uspevaemost, u.kachestvo])).toEqual([
      ['russia', 'russia', 1722202, 94.94, 62.02],
      ['region', 'region:чеченская республика', 30216, 86.56, 42.42],
      ['municipality', 'reg20_m012', 3162, 86.43, 39.53],
      ['school', 'edu203389', 89, 87.64, 34.84],
    ]);
    expect(units[0].marksPct).toEqual({ 2: 5.06, 3: 32.92, 4: 44.33, 5: 17.69 });
  });

  it('merges the sheets of one file per unit; the report figures win over the pupil aggregates', () => {
    const units = referenceUnitsFor(parseReferenceReport(ru4Workbook(), 'РУ4.xlsx'));
    expect(units.map((u) => [u.level, u.id])).toEqual([
      ['russia', 'russia'],
      ['region', 'region:чеченская республика'],
      ['municipality', 'reg20_m012'],
      ['school', 'edu203389'],
      ['class', 'edu203389/1'],
      ['class', 'edu203389/2'],
    ]);
    const school = units[3];
    expect(school).toMatchObject({ name: SCHOOL, participants: 89, uspevaemost: 87.64, kachestvo: 34.84 });
    expect(school.scorePct).toEqual(SCORE_ROWS[3][2]);
    expect(school.taskCompletion?.['9.1']).toBe(TASK_ROWS[3][2][8]);
    // Class rows exist only in the individual results.
    expect(units[4]).toMatchObject({ participants: 3, uspevaemost: 100 });
    expect(units[4].kachestvo).toBeCloseTo(33.33, 2);
  });

  it('joins the journal report to the marks report by code, and the region by name', () => {
    const marks = parseReferenceReport(xlsx([['М', marksAoa()]]), 'm.xlsx');
    const journal = parseReferenceReport(xlsx([['Ж', journalAoa()]]), 'j.xlsx');
    const both: ReferenceReport = { ...marks, reports: [...journal.reports, ...marks.reports] };
    const units = referenceUnitsFor(both);
    const region = units.find((u) => u.level === 'region');
    expect(region).toMatchObject({
      participants: 30216,
      journalPct: { lower: 37.22, same: 60.67, higher: 2.11 },
    });
    expect(units.find((u) => u.id === 'edu203389')?.journalPct).toEqual({
      lower: 55.91,
      same: 39.78,
      higher: 4.3,
    });
    expect(units).toHaveLength(4);
  });

  it('keys rows without a level under the unit above them (groups by mark)', () => {
    const report: ReferenceReport = {
      file: 'g.xlsx',
      procedure: { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2025 },
      ignoredSheets: [],
      reports: [
        {
          type: 'tasks',
          sheet: 'Г',
          rows: [
            { level: 'russia', name: 'Вся выборка', row: 9, taskCompletion: { '1': 80 } },
            { level: 'other', name: '2', row: 10, taskCompletion: { '1': 30 } },
            { level: 'school', id: 'edu1', name: 'Школа', row: 11, taskCompletion: { '1': 70 } },
            { level: 'other', name: '2', row: 12, taskCompletion: { '1': 20 } },
          ],
        },
      ],
    };
    expect(referenceUnitsFor(report).map((u) => [u.id, u.taskCompletion?.['1']])).toEqual([
      ['russia', 80],
      ['russia>other:2', 30],
      ['edu1', 70],
      ['edu1>other:2', 20],
    ]);
  });
});
