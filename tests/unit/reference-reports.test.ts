// ФИС ОКО result reports → reference rows: every layout of shared/domain/formats-and-official-methods.md §2,
// rebuilt cell by cell in tests/fixtures/reference/reference-workbooks.ts.
import { describe, expect, it } from 'vitest';
import { parseReferenceReport } from '../../src/domain/reference';
import type { ReferenceRow } from '../../src/domain/reference';
import {
  headerBlock,
  individualAoa,
  JOURNAL_ROWS,
  JOURNAL_SHEET,
  journalAoa,
  journalVerticalAoa,
  MARKS_ROWS,
  marksAoa,
  RU4_TASKS,
  ru4Workbook,
  SCHOOL,
  SCORE_ROWS,
  scoresAoa,
  TASK_ROWS,
  tasksAoa,
  xlsx,
} from '../fixtures/reference/reference-workbooks';

const LEVELS = ['russia', 'region', 'municipality', 'school'] as const;

describe('«Статистика по отметкам»', () => {
  const report = parseReferenceReport(xlsx([['РУ 4 Статистика по отметкам', marksAoa()]]), 'Ф3.xlsx');

  it('reads the procedure from the header block R3–R6', () => {
    expect(report.procedure).toEqual({
      kind: 'ВПР',
      subject: 'Русский язык',
      grade: 4,
      year: 2026,
      maxScore: 24,
      date: '20.04.2026',
    });
    expect(report.reports).toHaveLength(1);
    expect(report.reports[0]).toMatchObject({
      type: 'marks',
      sheet: 'РУ 4 Статистика по отметкам',
      title: 'Статистика по отметкам',
    });
    expect(report.ignoredSheets).toEqual([]);
  });

  it('reads the real rows: Вся выборка → region → municipality → school', () => {
    expect(report.reports[0].rows).toEqual<ReferenceRow[]>([
      {
        level: 'russia',
        name: 'Вся выборка',
        row: 9,
        schools: 35589,
        participants: 1722202,
        marksPct: { 2: 5.06, 3: 32.92, 4: 44.33, 5: 17.69 },
      },
      {
        level: 'region',
        name: 'Чеченская Республика',
        row: 10,
        schools: 560,
        participants: 30216,
        marksPct: { 2: 13.44, 3: 44.15, 4: 36.28, 5: 6.14 },
      },
      {
        level: 'municipality',
        id: 'reg20_m012',
        name: 'Урус-Мартановский муниципальный район',
        row: 11,
        schools: 47,
        participants: 3162,
        marksPct: { 2: 13.57, 3: 46.9, 4: 33.65, 5: 5.88 },
      },
      // The school row has an empty Кол-во ОО.
      {
        level: 'school',
        id: 'edu203389',
        name: SCHOOL,
        row: 12,
        participants: 89,
        marksPct: { 2: 12.36, 3: 52.81, 4: 26.97, 5: 7.87 },
      },
    ]);
  });

  it('reads numbers stored as text with decimal commas and no-break spaces', () => {
    const text = parseReferenceReport(xlsx([['РУ 4 Статистика по отметкам', marksAoa(true)]]), 'ф.xlsx');
    expect(marksAoa(true)[8]).toEqual([
      'Вся выборка',
      '35\u00a0589',
      '1\u00a0722\u00a0202',
      '5,06',
      '32,92',
      '44,33',
      '17,69',
    ]);
    expect(text.reports[0].rows).toEqual(report.reports[0].rows);
  });
});

describe('«Сравнение отметок с отметками по журналу»', () => {
  it('reads the horizontal 2024 layout on a sheet whose name is cut to 31 characters', () => {
    expect(JOURNAL_SHEET).toHaveLength(31);
    const report = parseReferenceReport(xlsx([[JOURNAL_SHEET, journalAoa()]]), '2849657.xlsx');
    expect(report.procedure).toEqual({
      kind: 'ВПР',
      subject: 'Математика',
      grade: 4,
      year: 2024,
      maxScore: 20,
      date: '19.03.2024',
    });
    const [sheet] = report.reports;
    expect(sheet).toMatchObject({ type: 'journal', sheet: JOURNAL_SHEET });
    // No Вся выборка here: the first row is the region.
    expect(sheet.rows.map((r) => [r.level, r.id])).toEqual([
      ['region', undefined],
      ['municipality', 'reg20_m012'],
      ['school', 'edu203389'],
    ]);
    expect(sheet.rows[0].journalPct).toEqual({ lower: 37.22, same: 60.67, higher: 2.11 });
    expect(sheet.rows[2].journalPct).toEqual({ lower: 55.91, same: 39.78, higher: 4.3 });
    sheet.rows.forEach((row, i) => {
      const [, total, lp, ln, sp, sn, hp, hn] = JOURNAL_ROWS[i];
      expect(row.row).toBe(9 + i);
      expect(row.participants).toBe(total);
      expect(row.journalPct).toEqual({ lower: lp, same: sp, higher: hp });
      expect(row.journalCount).toEqual({ lower: ln, same: sn, higher: hn });
    });
  });

  it('reads the older vertical layout, one table per unit, stacked', () => {
    const report = parseReferenceReport(xlsx([['Сравнение', journalVerticalAoa()]]), 'old.xlsx');
    expect(report.procedure).toMatchObject({ kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021 });
    expect(report.reports[0].type).toBe('journal');
    expect(report.reports[0].rows).toEqual<ReferenceRow[]>([
      {
        level: 'region',
        name: 'Все муниципалитеты',
        row: 9,
        participants: 18904,
        journalPct: { lower: 32.38, same: 62.57, higher: 5.05 },
        journalCount: { lower: 6120, same: 11830, higher: 954 },
      },
      {
        level: 'school',
        id: 'edu203389',
        name: SCHOOL,
        row: 16,
        participants: 93,
        journalPct: { lower: 55.91, same: 39.78, higher: 4.3 },
        journalCount: { lower: 52, same: 37, higher: 4 },
      },
    ]);
  });

  it('reads a vertical table with units side by side (`Кол-во участников | %` per unit)', () => {
    const aoa = [
      ...headerBlock(
        'Сравнение отметок с отметками по журналу',
        'ВПР 2021 Математика 5 класс',
        'Математика',
        20,
        '',
      ),
      [null, 'Вся выборка', null, `${SCHOOL}(edu203389)`, null],
      ['Группы участников', 'Кол-во участников', '%', 'Кол-во участников', '%'],
      ['Понизили', 100, '20,5', 52, '55,91'],
      ['Подтвердили', 350, '71,75', 37, '39,78'],
      ['Повысили', 38, '7,75', 4, '4,3'],
      ['Всего', 488, 100, 93, 100],
    ];
    const rows = parseReferenceReport(xlsx([['Лист1', aoa]]), 'side.xlsx').reports[0].rows;
    expect(rows.map((r) => [r.level, r.name, r.participants])).toEqual([
      ['russia', 'Вся выборка', 488],
      ['school', SCHOOL, 93],
    ]);
    expect(rows[0].journalPct).toEqual({ lower: 20.5, same: 71.75, higher: 7.75 });
    expect(rows[1].journalCount).toEqual({ lower: 52, same: 37, higher: 4 });
  });
});

describe('two-row headers', () => {
  it('reads the journal comparison with `%`/`Кол-во участников` under merged group cells', () => {
    const groups = [
      'Понизили (Отметка < Отметка по журналу)',
      'Подтвердили (Отметка = Отметке по журналу)',
      'Повысили (Отметка > Отметка по журналу)',
    ];
    const aoa = [
      ...journalAoa().slice(0, 7),
      ['Группы участников', 'Кол-во участников(всего)', groups[0], null, groups[1], null, groups[2], null],
      [null, null, '%', 'Кол-во участников', '%', 'Кол-во участников', '%', 'Кол-во участников'],
      ...JOURNAL_ROWS,
    ];
    const rows = parseReferenceReport(xlsx([[JOURNAL_SHEET, aoa]]), 'j.xlsx').reports[0].rows;
    expect(rows.map((r) => r.row)).toEqual([10, 11, 12]);
    rows.forEach((row, i) => {
      const [, total, lp, ln, sp, sn, hp, hn] = JOURNAL_ROWS[i];
      expect(row.participants).toBe(total);
      expect(row.journalPct).toEqual({ lower: lp, same: sp, higher: hp });
      expect(row.journalCount).toEqual({ lower: ln, same: sn, higher: hn });
    });
  });
});

describe('«Распределение первичных баллов»', () => {
  it('reads % per primary score 0..max', () => {
    const report = parseReferenceReport(xlsx([['РУ 4 Распределение первичных б', scoresAoa()]]), 'b.xlsx');
    const [sheet] = report.reports;
    expect(sheet.type).toBe('scores');
    expect(sheet.rows).toHaveLength(SCORE_ROWS.length);
    sheet.rows.forEach((row, i) => {
      expect(row.level).toBe(LEVELS[i]);
      expect(row.participants).toBe(SCORE_ROWS[i][1]);
      expect(row.scorePct).toEqual(SCORE_ROWS[i][2]);
      expect(row.scorePct).toHaveLength(25);
    });
  });
});

describe('«Выполнение заданий»', () => {
  it('reads the by-unit layout with a `Макс балл` row; ids `9(1)` → `9.1`', () => {
    const [sheet] = parseReferenceReport(xlsx([['РУ 4 Выполнение заданий', tasksAoa()]]), 't.xlsx').reports;
    expect(sheet.type).toBe('tasks');
    expect(sheet.tasks).toEqual(RU4_TASKS.map(([, id]) => id));
    expect(sheet.taskMax).toEqual(Object.fromEntries(RU4_TASKS.map(([, id, max]) => [id, max])));
    expect(sheet.rows).toHaveLength(TASK_ROWS.length);
    sheet.rows.forEach((row, i) => {
      expect(row.level).toBe(LEVELS[i]);
      expect(row.row).toBe(10 + i);
      expect(row.participants).toBe(TASK_ROWS[i][1]);
      expect(row.taskCompletion).toEqual(
        Object.fromEntries(RU4_TASKS.map(([, id], k) => [id, TASK_ROWS[i][2][k]])),
      );
    });
    expect(sheet.rows[0].taskCompletion?.['9.1']).toBe(68.5);
  });

  it('reads the by-task layout with merged unit headers; Latin K → Cyrillic К', () => {
    const sub = ['Выполнили кол-во', 'Не выполнили кол-во', 'Выполнили в %', 'Не выполнили в %'];
    const aoa = [
      ...headerBlock(
        'Выполнение заданий',
        'ВПР 2026 Английский язык 8 класс',
        'Английский язык',
        30,
        '20.04.2026',
      ),
      [
        'Номер задания',
        'Блоки ПООП обучающийся научится / получит возможность научиться',
        'Макс балл',
        'Все муниципалитеты',
        null,
        null,
        null,
        'Урус-Мартановский муниципальный район(reg20_m012)',
        null,
        null,
        null,
        `${SCHOOL}(edu203389)`,
        null,
        null,
        null,
      ],
      [null, null, null, ...sub, ...sub, ...sub],
      ['1', 'Аудирование', 5, 900, 100, '90', '10', 90, 10, 89.5, 10.5, 9, 1, 90, 10],
      ['4K1', 'Письмо: содержание', 3, 600, 400, '60,25', '39,75', 60, 40, 58, 42, 6, 4, 60, 40],
      ['5(1)', 'Чтение', 1, 500, 500, 50, 50, 48, 52, 47.25, 52.75, 5, 5, 50, 50],
    ];
    const [sheet] = parseReferenceReport(xlsx([['АЯ 8 Выполнение заданий', aoa]]), 't.xlsx').reports;
    expect(sheet.type).toBe('tasks');
    expect(sheet.tasks).toEqual(['1', '4К1', '5.1']);
    expect(sheet.taskMax).toEqual({ '1': 5, '4К1': 3, '5.1': 1 });
    expect(sheet.rows).toEqual<ReferenceRow[]>([
      {
        level: 'region',
        name: 'Все муниципалитеты',
        row: 8,
        taskCompletion: { '1': 90, '4К1': 60.25, '5.1': 50 },
      },
      {
        level: 'municipality',
        id: 'reg20_m012',
        name: 'Урус-Мартановский муниципальный район',
        row: 8,
        taskCompletion: { '1': 89.5, '4К1': 58, '5.1': 47.25 },
      },
      {
        level: 'school',
        id: 'edu203389',
        name: SCHOOL,
        row: 8,
        taskCompletion: { '1': 90, '4К1': 60, '5.1': 50 },
      },
    ]);
  });
});

describe('«Выполнение заданий группами участников»', () => {
  it('reads `N (Xб)` task headers and keeps the rows of mark groups as level `other`', () => {
    const aoa = [
      ...headerBlock(
        'Выполнение заданий группами участников',
        'ВПР 2026 Английский язык 8 класс',
        'Английский язык',
        30,
        '',
      ),
      ['Группы участников', 'Кол-во участников', '1 (5б)', '4K1 (3б)', '4К2 (2б)'],
      ['Вся выборка', 1000, '81,5', 60, 55],
      ['2', 100, 40, 20, 10],
      ['5', 200, 97, 95, 90.25],
      [`${SCHOOL}(edu203389)`, 50, 80, 58, 51],
      ['Отчёт сформирован автоматически'],
    ];
    const [sheet] = parseReferenceReport(xlsx([['АЯ 8 Выполнение заданий гру', aoa]]), 'g.xlsx').reports;
    expect(sheet.type).toBe('tasks');
    expect(sheet.tasks).toEqual(['1', '4К1', '4К2']);
    expect(sheet.taskMax).toEqual({ '1': 5, '4К1': 3, '4К2': 2 });
    expect(sheet.rows.map((r) => [r.level, r.name, r.participants, r.taskCompletion])).toEqual([
      ['russia', 'Вся выборка', 1000, { '1': 81.5, '4К1': 60, '4К2': 55 }],
      ['other', '2', 100, { '1': 40, '4К1': 20, '4К2': 10 }],
      ['other', '5', 200, { '1': 97, '4К1': 95, '4К2': 90.25 }],
      ['school', SCHOOL, 50, { '1': 80, '4К1': 58, '4К2': 51 }],
    ]);
  });
});

describe('«Индивидуальные результаты»', () => {
  const [sheet] = parseReferenceReport(
    xlsx([['РУ 4 Индивидуальные результаты', individualAoa()]]),
    'Ф1.xlsx',
  ).reports;

  it('aggregates the pupils into the school and its classes; the absent pupil is left out', () => {
    expect(sheet.type).toBe('individual');
    expect(sheet.taskMax).toEqual(Object.fromEntries(RU4_TASKS.map(([, id, max]) => [id, max])));
    expect(sheet.rows.map((r) => [r.level, r.id, r.name, r.participants])).toEqual([
      ['school', 'edu203389', SCHOOL, 5],
      ['class', 'edu203389/1', 'Класс 1', 3],
      ['class', 'edu203389/2', 'Класс 2', 2],
    ]);
  });

  it('computes marks, journal comparison, score distribution and task completion', () => {
    const [school, c1, c2] = sheet.rows;
    // Marks 3, 3, 5, 3, 4; journal 3, 4, 5, —, 3: one lower, two same, one higher.
    expect(school.marksPct).toEqual({ 2: 0, 3: 60, 4: 20, 5: 20 });
    expect(school.journalCount).toEqual({ lower: 1, same: 2, higher: 1 });
    expect(school.journalPct).toEqual({ lower: 25, same: 50, higher: 25 });
    const scores = new Array(25).fill(0);
    for (const s of [15, 14, 24, 13, 18]) scores[s] = 20;
    expect(school.scorePct).toEqual(scores);
    // Task 1 (2б): 1 + 2 + 2 + X(0) + 1 of 5·2; task 4 (3б): 1 + 0 + 3 + 3 + 3 of 5·3.
    expect(school.taskCompletion?.['1']).toBeCloseTo(60, 10);
    expect(school.taskCompletion?.['4']).toBeCloseTo(66.667, 3);
    expect(school.taskCompletion?.['12.2']).toBeCloseTo(100, 10);
    expect(c1.marksPct?.[3]).toBeCloseTo(66.667, 3);
    expect(c1.journalCount).toEqual({ lower: 1, same: 2, higher: 0 });
    expect(c2.marksPct).toEqual({ 2: 0, 3: 50, 4: 50, 5: 0 });
    // The pupil with «нет отметки» has no journal comparison.
    expect(c2.journalCount).toEqual({ lower: 0, same: 0, higher: 1 });
    expect(c2.taskCompletion?.['1']).toBeCloseTo(25, 10);
  });
});

describe('a workbook with several reports', () => {
  const report = parseReferenceReport(ru4Workbook(), 'РУ4.xlsx');

  it('detects each sheet by its headers and lists the sheet it could not read', () => {
    expect(report.reports.map((r) => [r.type, r.sheet])).toEqual([
      ['marks', 'РУ 4 Статистика по отметкам'],
      ['scores', 'РУ 4 Распределение первичных б'],
      ['tasks', 'РУ 4 Выполнение заданий'],
      ['individual', 'РУ 4 Индивидуальные результаты'],
    ]);
    expect(report.ignoredSheets).toEqual(['Примечания']);
    expect(report.reports[0].rows.map((r) => r.marksPct)).toEqual(
      MARKS_ROWS.map(([, , , p2, p3, p4, p5]) => ({ 2: p2, 3: p3, 4: p4, 5: p5 })),
    );
  });

  it('does not trust sheet names: a marks table on a sheet named otherwise is still marks', () => {
    const wrong = parseReferenceReport(xlsx([['РУ 4 Выполнение заданий', marksAoa()]]), 'x.xlsx');
    expect(wrong.reports[0].type).toBe('marks');
  });
});
