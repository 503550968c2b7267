// Follow-up checks (domain/followup): the sheet's deficits against an independent count from the
// raw scores, the status rule on hand cases, the XLSX round trip, and strict reading of bad files.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { generateDemoBundle } from '../../src/domain/demo/generate.ts';
import { DEMO_FOLLOWUP_DATES, DEMO_FOLLOWUP_PROCEDURE } from '../../src/domain/demo/followup.ts';
import { ImportError, procedureId } from '../../src/domain/model.ts';
import { pupilResults } from '../../src/domain/report/pupils.ts';
import {
  addRound,
  effectivenessDoc,
  effectivenessXlsx,
  itemLabel,
  itemStatus,
  newSheet,
  readSheetXlsx,
  roadmapProgress,
  schoolSummary,
  setResult,
  summarize,
  writeSheetXlsx,
  NEW_ROUND,
  SHEET_NAME,
  type CheckValue,
  type FollowupSheet,
} from '../../src/domain/followup/index.ts';

const bundle = generateDemoBundle();
const ds = bundle.datasets.find((d) => procedureId(d.meta.procedure) === DEMO_FOLLOWUP_PROCEDURE)!;
const cls = ds.meta.classes[0];
const login = ds.meta.schools[cls.school].login;
const NOW = '2026-12-01T10:00:00.000Z';
const TODAY = '2026-12-01';

function fresh(): FollowupSheet {
  return newSheet({
    procedureKey: DEMO_FOLLOWUP_PROCEDURE,
    school: login,
    schoolName: 'Школа',
    classId: cls.id,
    classLabel: cls.label,
    pupils: pupilResults(ds, cls.id),
    tasks: ds.meta.procedure.tasks,
    now: NOW,
  });
}

/** The route criterion by hand: mark «2» (by the scale) or at least a quarter of the skills under half. */
function needsRouteByHand(score: number, unformedSkills: number): boolean {
  const P = ds.meta.procedure;
  const skills = new Set(P.tasks.map((t) => t.skill?.trim()).filter(Boolean)).size;
  const two = !!P.scale && score >= P.scale[0][0] && score <= P.scale[0][1];
  return two || unformedSkills >= Math.max(1, Math.ceil(skills / 4));
}

/** Independently from the columns: per pupil of the class, skills (and skill-less tasks) under half. */
function deficitsByHand(): Map<string, string[]> {
  const tasks = ds.meta.procedure.tasks;
  const c = ds.meta.classes.indexOf(cls);
  const out = new Map<string, string[]>();
  for (let i = 0; i < ds.pupils.n; i++) {
    if (ds.pupils.classIdx[i] !== c || ds.pupils.absent[i]) continue;
    const got = new Map<string, [number, number]>();
    const list: string[] = [];
    tasks.forEach((t, k) => {
      const sc = ds.pupils.scores[k][i];
      if (t.skill?.trim()) {
        const g = got.get(t.skill.trim()) ?? [0, 0];
        got.set(t.skill.trim(), [g[0] + sc, g[1] + t.max]);
      } else if (sc * 2 < t.max) list.push(`Задание № ${t.id}`);
    });
    const skills = [...got].filter(([, [s, m]]) => s * 2 < m).map(([k]) => k);
    const all = [...skills, ...list];
    const total = tasks.reduce((t, _, k) => t + ds.pupils.scores[k][i], 0);
    if (all.length && needsRouteByHand(total, skills.length)) out.set(ds.pupils.code[i], all);
  }
  return out;
}

describe('check sheet', () => {
  it('lists each pupil × each unformed skill or task, as counted from the raw scores', () => {
    const s = fresh();
    const byHand = deficitsByHand();
    const fromSheet = new Map<string, string[]>();
    for (const it of s.items) fromSheet.set(it.code, [...(fromSheet.get(it.code) ?? []), itemLabel(it)]);
    expect(s.items.length).toBeGreaterThan(10);
    expect([...fromSheet.keys()].sort()).toEqual([...byHand.keys()].sort());
    for (const [code, labels] of byHand) expect(new Set(fromSheet.get(code))).toEqual(new Set(labels));
    expect(s.rounds).toEqual([]);
    expect(summarize(s).counts).toEqual({
      total: s.items.length,
      open: s.items.length,
      closing: 0,
      closed: 0,
      checks: 0,
    });
  });

  it('the status rule: two successful checks in a row close, one is «closing», a failure reopens', () => {
    const base = fresh();
    const one = { ...base, items: [{ ...base.items[0], max: 4 }] };
    const withChecks = (vals: CheckValue[]): FollowupSheet => ({
      ...one,
      rounds: vals.map((v, k) => ({ date: `2026-10-${String(10 + k).padStart(2, '0')}`, results: [v] })),
    });
    const cases: [CheckValue[], string][] = [
      [[], 'open'],
      [['unformed'], 'open'],
      [['partial'], 'open'],
      [['formed'], 'closing'],
      [['formed', 'formed'], 'closed'],
      [['formed', null, 'formed'], 'closed'], // a round without this pupil's check is skipped
      [['formed', 'formed', 'partial'], 'open'],
      [['unformed', 'formed'], 'closing'],
      [[2, 4], 'closed'], // half the points is a success
      [[1], 'open'],
      [['formed', 1, 3], 'closing'],
    ];
    for (const [vals, want] of cases) expect([vals, itemStatus(withChecks(vals), 0)]).toEqual([vals, want]);
  });

  it('rounds: dated, not in the future, cells validated', () => {
    let s = addRound(fresh(), '2026-11-20', TODAY, NOW);
    s = addRound(s, '2026-10-16', TODAY, NOW);
    expect(s.rounds.map((r) => r.date)).toEqual(['2026-10-16', '2026-11-20']);
    expect(() => addRound(s, '2026-12-02', TODAY, NOW)).toThrow(/позже сегодняшней/);
    expect(() => addRound(s, '2026-02-30', TODAY, NOW)).toThrow(/не распознана/);
    s = setResult(s, '2026-10-16', 0, 'formed', NOW);
    expect(s.rounds[0].results[0]).toBe('formed');
    expect(() => setResult(s, '2026-10-16', 0, s.items[0].max + 1, NOW)).toThrow(/балл от 0/);
  });
});

/** Writes the sheet, then lets `fill` edit the workbook as a teacher would. */
function filled(s: FollowupSheet, fill: (ws: XLSX.WorkSheet) => void): Uint8Array {
  const wb = XLSX.read(writeSheetXlsx({ sheet: s, title: 'ВПР' }), { type: 'array' });
  const ws = wb.Sheets[SHEET_NAME];
  fill(ws);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}
const put = (ws: XLSX.WorkSheet, ref: string, v: string | number) => {
  ws[ref] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
};

describe('check sheet XLSX', () => {
  const s = fresh();
  const roundCol = 'F'; // after Код, ФИО, Умение, Задания, Макс. балл
  const firstRow = 5;

  it('round trip: a filled column becomes a round with those results', () => {
    const bytes = filled(s, (ws) => {
      expect(ws[`${roundCol}4`].v).toBe(NEW_ROUND);
      put(ws, `${roundCol}4`, '16.10.2026');
      put(ws, `${roundCol}${firstRow}`, 'с');
      put(ws, `${roundCol}${firstRow + 1}`, 'Частично');
      put(ws, `${roundCol}${firstRow + 2}`, 'н');
      put(ws, `${roundCol}${firstRow + 3}`, 0);
    });
    const rounds = readSheetXlsx(bytes, 'лист.xlsx', s, TODAY);
    expect(rounds).toHaveLength(1);
    expect(rounds[0].date).toBe('2026-10-16');
    expect(rounds[0].results.slice(0, 5)).toEqual(['formed', 'partial', 'unformed', 0, null]);
    expect(rounds[0].results.filter((v) => v !== null)).toHaveLength(4);
  });

  it('bad cells: a Russian message with file, sheet, row and column; nothing returned', () => {
    const bad: [string, (ws: XLSX.WorkSheet) => void, RegExp, number, string][] = [
      [
        'unknown pupil',
        (ws) => {
          put(ws, `${roundCol}4`, '16.10.2026');
          put(ws, `A${firstRow + 2}`, 'XX-999');
        },
        /обучающегося с кодом «XX-999» нет в листе/,
        firstRow + 2,
        'A',
      ],
      [
        'unknown skill',
        (ws) => put(ws, `C${firstRow + 1}`, 'Умение, которого нет'),
        /умения или задания «Умение, которого нет» нет в листе/,
        firstRow + 1,
        'C',
      ],
      [
        'future date',
        (ws) => {
          put(ws, `${roundCol}4`, '15.01.2027');
          put(ws, `${roundCol}${firstRow}`, 'с');
        },
        /дата проверки 15\.01\.2027 ещё не наступила/,
        4,
        roundCol,
      ],
      [
        'text in a score cell',
        (ws) => {
          put(ws, `${roundCol}4`, '16.10.2026');
          put(ws, `${roundCol}${firstRow + 3}`, 'хорошо');
        },
        /в ячейке «хорошо» — ожидалось «с», «ч», «н» или целый балл от 0 до \d+/,
        firstRow + 3,
        roundCol,
      ],
      [
        'score above the maximum',
        (ws) => {
          put(ws, `${roundCol}4`, '16.10.2026');
          put(ws, `${roundCol}${firstRow}`, 99);
        },
        /в ячейке «99»/,
        firstRow,
        roundCol,
      ],
    ];
    for (const [what, fill, message, row, column] of bad) {
      let err: unknown;
      try {
        readSheetXlsx(filled(s, fill), 'лист 5А.xlsx', s, TODAY);
      } catch (e) {
        err = e;
      }
      expect(err, what).toBeInstanceOf(ImportError);
      const e = err as ImportError;
      expect(e.message, what).toMatch(message);
      expect(e.message, what).toContain(
        `Файл «лист 5А.xlsx», лист «${SHEET_NAME}», строка ${row}, столбец ${column}`,
      );
      expect([e.file, e.sheet, e.row, e.column], what).toEqual(['лист 5А.xlsx', SHEET_NAME, row, column]);
    }
  });

  it('refuses another class’s sheet', () => {
    const other = { ...s, id: 'ВПР-2026-Математика-5|x|x/5Б' };
    expect(() => readSheetXlsx(writeSheetXlsx({ sheet: other, title: '' }), 'a.xlsx', s, TODAY)).toThrow(
      /строка 2, столбец B: лист составлен для другого класса/,
    );
  });
});

describe('demo, counts, effectiveness', () => {
  const [demo] = bundle.followups;

  it('the demo holds one class with two rounds, every deficit checked twice', () => {
    expect(bundle.followups).toHaveLength(1);
    expect(demo.rounds.map((r) => r.date)).toEqual([...DEMO_FOLLOWUP_DATES]);
    expect(demo.items).toEqual(fresh().items);
    for (const r of demo.rounds) expect(r.results.every((v) => v !== null)).toBe(true);
  });

  it('counts agree with a count made directly from the two rounds', () => {
    const [a, b] = demo.rounds.map((r) => r.results);
    let closed = 0;
    let closing = 0;
    for (let i = 0; i < demo.items.length; i++) {
      if (a[i] === 'formed' && b[i] === 'formed') closed++;
      else if (b[i] === 'formed') closing++;
    }
    const sum = summarize(demo);
    expect(sum.counts).toEqual({
      total: demo.items.length,
      closed,
      closing,
      open: demo.items.length - closed - closing,
      checks: 2 * demo.items.length,
    });
    expect(closed).toBeGreaterThan(0);
    expect(sum.bySkill.reduce((x, k) => x + k.closed, 0)).toBe(closed);
    expect(sum.byPupil.reduce((x, k) => x + k.total, 0)).toBe(demo.items.length);
    const progress = roadmapProgress(sum.counts, 2);
    expect(progress['2.8']).toMatch(
      new RegExp(`^ИОМ: ${closed} из ${demo.items.length} дефицит(а|ов) закрыты?$`),
    );
    expect(progress['4.5']).toContain(`закрыто ${closed}, закрывается ${closing}`);

    const school = schoolSummary([demo])!;
    const doc = effectivenessDoc({ summary: school, title: 'ВПР 2026' });
    const table = doc.blocks.find((x) => x.kind === 'table' && x.caption === 'Сводка по классам');
    expect(table && table.kind === 'table' && table.rows.at(-1)).toEqual([
      'Школа',
      String(sum.pupils),
      '',
      String(demo.items.length),
      String(2 * demo.items.length),
      String(closed),
      String(closing),
      String(demo.items.length - closed - closing),
      expect.stringMatching(/%$/),
    ]);
    const wb = XLSX.read(effectivenessXlsx({ summary: school, title: 'ВПР 2026' }), { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Сводка'], { header: 1 });
    expect(rows.at(-1)).toEqual([
      'Школа',
      sum.pupils,
      '',
      demo.items.length,
      2 * demo.items.length,
      closed,
      closing,
      demo.items.length - closed - closing,
    ]);
  });
});
