// A unit's results as an XLSX workbook whose sheets mirror the ФИС ОКО reports (domain notes §2):
// a title block, the table header on row 8, and rows from «Все участники» down to the unit.
//
// Formula injection: every cell is built here with an explicit type — numbers as t:'n', text as
// t:'s' (a shared string) — and no cell ever gets `f`. Excel does not evaluate shared strings, so
// a school called "=HYPERLINK(…)" stays text; no apostrophe is needed (it would be shown).
import * as XLSX from 'xlsx';
import { findUnit } from './analyze.ts';
import { schoolsOfUnit, signsSheet, SIGNS_SHEET, type SignsForExport } from './objectivity-export.ts';
import type { PupilResult } from './pupils.ts';
import type { MarkKey, ProcedureReport, UnitLevel, UnitReport } from './types.ts';

export interface UnitXlsxOptions {
  /** Pupils of the unit (a class) for «Индивидуальные результаты»; the sheet lists none without. */
  pupils?: PupilResult[];
  /**
   * Objectivity signs: a unit at school level or above gets the sheet «Признаки» of its schools
   * (or, when the analysis could not run, the sheet with the note saying so).
   */
  signs?: SignsForExport;
}

type Value = string | number | null | undefined;
type Row = Value[];

const MARKS: MarkKey[] = ['2', '3', '4', '5'];
const HEADER_ROW = 7; // 0-based: the table header sits on Excel row 8, as in ФИС ОКО files

export const SHEET_NAMES = {
  marks: 'Статистика по отметкам',
  tasks: 'Выполнение заданий',
  groups: 'Выполнение заданий группами', // «…группами участников» is over Excel's 31 characters
  journal: 'Сравнение с журналом',
  histogram: 'Распределение первичных баллов',
  pupils: 'Индивидуальные результаты',
} as const;

/** The unit and its ancestors up to «Все участники», top first. */
function chain(p: ProcedureReport, unit: UnitReport): UnitReport[] {
  const out = [unit];
  const parentLevel: Record<UnitLevel, UnitLevel[]> = {
    all: [],
    municipality: ['all'],
    school: ['municipality', 'all'],
    parallel: ['school'],
    class: ['parallel'],
  };
  let u: UnitReport | undefined = unit;
  while (u && u.parent !== null) {
    const parentId: string = u.parent;
    u = parentLevel[u.level].map((l) => findUnit(p, l, parentId)).find((x) => x !== undefined);
    if (u) out.unshift(u);
  }
  return out;
}

function pct(x: number, n: number): number | null {
  return n > 0 ? (100 * x) / n : null;
}

function label(u: UnitReport): string {
  return u.level === 'all' ? u.name : `${u.name} (${u.id})`;
}

function cellOf(v: Value): XLSX.CellObject | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? { t: 'n', v } : undefined;
  return { t: 's', v: String(v) };
}

function sheet(p: ProcedureReport, title: string, header: Row, rows: Row[]): XLSX.WorkSheet {
  const block: Row[] = [
    [title],
    [],
    [`${p.kind} ${p.year} ${p.subject} ${p.grade} класс`],
    ['Предмет:', p.subject],
    ['Максимальный первичный балл:', p.maxScore],
  ];
  while (block.length < HEADER_ROW) block.push([]);
  const all = [...block, header, ...rows];
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  all.forEach((row, r) =>
    row.forEach((v, c) => {
      const cell = cellOf(v);
      if (!cell) return;
      ws[XLSX.utils.encode_cell({ r, c })] = cell;
      maxC = Math.max(maxC, c);
    }),
  );
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: all.length - 1, c: maxC } });
  return ws;
}

export function exportUnitXlsx(
  p: ProcedureReport,
  level: UnitLevel,
  id: string,
  opts: UnitXlsxOptions = {},
): Uint8Array {
  const unit = findUnit(p, level, id);
  if (!unit) throw new Error(`Нет подразделения ${level} «${id}» в процедуре ${p.id}.`);
  const units = chain(p, unit);
  const wb = XLSX.utils.book_new();
  const add = (name: string, ws: XLSX.WorkSheet) => XLSX.utils.book_append_sheet(wb, ws, name);

  add(
    SHEET_NAMES.marks,
    sheet(
      p,
      'Статистика по отметкам',
      [
        'Группы участников',
        'Кол-во участников',
        'Отсутствовали',
        ...MARKS.map((m) => `«${m}», %`),
        'Успеваемость, %',
        'Качество, %',
        'СОУ, %',
        'Средняя отметка',
        'Средний балл',
        'Ст. отклонение',
      ],
      units.map((u) => [
        label(u),
        u.written,
        u.absent,
        ...MARKS.map((m) => (u.marks ? pct(u.marks[m], u.written) : null)),
        u.uspevaemost,
        u.kachestvo,
        u.sou,
        u.meanMark,
        u.score?.mean,
        u.score?.sd,
      ]),
    ),
  );

  add(
    SHEET_NAMES.tasks,
    sheet(
      p,
      'Выполнение заданий',
      [
        'Номер задания',
        'Уровень',
        'Макс. балл',
        ...units.map(label),
        'Статус (ФИОКО)',
        // The unit's 95 % interval (the rule is in TASK_INTERVAL_RULE, stated on screen).
        '95 % ДИ, от',
        '95 % ДИ, до',
      ],
      p.tasks.map((t, k) => [
        t.id,
        t.level,
        t.max,
        ...units.map((u) => u.tasks?.[k].completion),
        STATUS_RU[unit.tasks?.[k].status ?? ''],
        unit.tasks?.[k].ci95?.[0],
        unit.tasks?.[k].ci95?.[1],
      ]),
    ),
  );

  const groupRows: Row[] = [];
  for (const u of units) {
    groupRows.push([label(u), 'все', u.written, ...p.tasks.map((_, k) => u.tasks?.[k].completion)]);
    if (u.marks)
      for (const m of MARKS)
        groupRows.push([label(u), `«${m}»`, u.marks[m], ...p.tasks.map((_, k) => u.tasks?.[k].byMark?.[m])]);
  }
  add(
    SHEET_NAMES.groups,
    sheet(
      p,
      'Выполнение заданий группами участников, %',
      ['Группы участников', 'Отметка', 'Кол-во участников', ...p.tasks.map((t) => `${t.id} (${t.max}б)`)],
      groupRows,
    ),
  );

  add(
    SHEET_NAMES.journal,
    sheet(
      p,
      'Сравнение отметок с отметками по журналу',
      [
        'Группы участников',
        'Кол-во участников (всего)',
        'Понизили (Отметка < Отметка по журналу) %',
        'Кол-во',
        'Подтвердили (Отметка = Отметке по журналу) %',
        'Кол-во',
        'Повысили (Отметка > Отметка по журналу) %',
        'Кол-во',
        'Расхождение на 2 и более',
        'Корреляция Спирмена',
        'Взвешенная каппа',
      ],
      units.map((u) => {
        const j = u.journal;
        return [
          label(u),
          j?.n ?? u.written,
          j?.lowerPct,
          j?.lower,
          j?.samePct,
          j?.same,
          j?.higherPct,
          j?.higher,
          j?.gap2,
          j?.spearman,
          j?.kappaWeighted,
        ];
      }),
    ),
  );

  const scores = Array.from({ length: p.maxScore + 1 }, (_, s) => s);
  add(
    SHEET_NAMES.histogram,
    sheet(
      p,
      'Распределение первичных баллов, % участников',
      ['Группы участников', 'Кол-во участников', ...scores.map(String)],
      units.map((u) => [
        label(u),
        u.written,
        ...scores.map((s) => (u.histogram ? pct(u.histogram[s], u.written) : null)),
      ]),
    ),
  );

  add(
    SHEET_NAMES.pupils,
    sheet(
      p,
      'Индивидуальные результаты',
      [
        'Код участника',
        ...p.tasks.map((t) => `${t.id} (${t.max}б)`),
        'Первичный балл',
        'Отметка',
        'Отметка по журналу',
        'Несформированные задания',
      ],
      (opts.pupils ?? []).map((r) =>
        r.absent
          ? [r.code, 'отсутствовал']
          : [r.code, ...r.tasks, r.score, r.mark, r.journal, r.unformedTasks.join(', ')],
      ),
    ),
  );

  const schools = opts.signs ? schoolsOfUnit(p, level, id) : null;
  if (opts.signs && schools) add(SIGNS_SHEET, signsSheet(opts.signs.signs, schools, opts.signs.notes));

  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

const STATUS_RU: Record<string, string | null> = {
  sufficient: 'достигнут',
  uncertain: 'на границе',
  insufficient: 'не достигнут',
  '': null,
};
