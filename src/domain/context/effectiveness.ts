// The report «Оценка эффективности муниципальных мер» (seed 002 §6, seed 004 §2.8): did the measures
// for the schools with low results work? For the schools with measures (roadmaps, or a set the user
// names) the change of results from the year before to the year after, against the most similar
// schools of the same context group without measures (difference in differences with a 95 % interval,
// per procedure), each school's own before/after, and whether the schools with low results left the
// list. As a document (DOCX via the documents writer) and an XLSX workbook. Pure.
import * as XLSX from 'xlsx';
import { b, h, p, type Block, type DocModel } from '../documents/model.ts';
import { int, num, signed } from '../text/format.ts';
import type { MunicipalContextAnalysis } from './analysis.ts';
import { effectFigures, effectRow } from './figure-rows.ts';
import type { SchoolResult } from './low-results.ts';

export interface EffectivenessInput {
  municipality: string;
  analysis: MunicipalContextAnalysis;
  results: SchoolResult[];
  treated: Set<string>;
  /** How the schools with measures were chosen (a sentence). */
  treatedSource: string;
  names: Map<string, string>;
}

const ru = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });

/** The verdict of one interval, in words that do not overstate it. */
export function effectWords(lo: number, hi: number): string {
  if (lo > 0) return 'рост сильнее, чем у сходных школ без мер (эффект подтверждён)';
  if (hi < 0) return 'рост слабее, чем у сходных школ без мер';
  return 'отличие от сходных школ без мер не доказано';
}

interface SchoolRow {
  login: string;
  name: string;
  procedure: string;
  before: number | null;
  after: number | null;
  change: number | null;
  controlChange: number | null;
}

/** Every school with measures in every procedure: its own before/after and its controls' change. */
export function schoolRows(i: EffectivenessInput): SchoolRow[] {
  const a = i.analysis;
  const out: SchoolRow[] = [];
  const at = (login: string, procedure: string, year: number) =>
    i.results.find((r) => r.login === login && r.procedure === procedure && r.year === year)?.mean ?? null;
  for (const e of a.effect)
    for (const login of i.treated) {
      const before = at(login, e.procedure, e.before);
      const after = at(login, e.procedure, e.after);
      if (before === null && after === null) continue;
      const pair = e.result?.pairs.find((x) => x.login === login);
      out.push({
        login,
        name: i.names.get(login) ?? login,
        procedure: e.procedure,
        before,
        after,
        change: before !== null && after !== null ? after - before : null,
        controlChange: pair?.controlChange ?? null,
      });
    }
  return out.sort((x, y) => ru(x.name, y.name) || ru(x.procedure, y.procedure));
}

const cell = (x: number | null) => (x === null ? '—' : num(x));
const change = (x: number | null) => (x === null ? '—' : signed(x));

function lowListRows(i: EffectivenessInput): string[][] {
  const a = i.analysis;
  const years = a.effect[0];
  if (!years) return [];
  const listAt = (y: number) => new Set(a.history.find((x) => x.year === y)?.list ?? []);
  const before = listAt(years.before);
  const after = listAt(years.after);
  return [...before]
    .map((login) => [
      i.names.get(login) ?? login,
      i.treated.has(login) ? 'да' : 'нет',
      after.has(login) ? 'осталась в списке' : 'вышла из списка',
    ])
    .sort((x, y) => ru(x[0], y[0]));
}

export function effectivenessDocument(i: EffectivenessInput): DocModel {
  const a = i.analysis;
  const first = a.effect[0];
  const measured = a.effect.filter((e) => e.result);
  const blocks: Block[] = [
    h(1, 'Оценка эффективности муниципальных мер'),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [b(`по поддержке школ с низкими результатами обучения — ${i.municipality}`)],
    },
    h(2, '1. Что оценивается'),
    p(
      `${i.treatedSource} Школ с мерами: ${int(i.treated.size)}. ` +
        (first
          ? `Сравниваются результаты ${first.before} и ${first.after} гг. по процедурам, которые писали в оба года.`
          : 'Результатов двух лет нет: эффект оценить нельзя.'),
    ),
    p(
      'Способ: разность разностей. Для каждой школы с мерами берутся наиболее сходные по контекстной анкете школы ' +
        'той же группы без мер (расстояние Гауэра); эффект — среднее по школам с мерами изменения их результата минус ' +
        'изменение у сходных школ, в процентных пунктах от максимального балла, с 95 % интервалом (t-распределение). ' +
        'Так общий для всех школ сдвиг (другой вариант работы, другая трудность) не выдаётся за эффект мер. Интервал, ' +
        'включающий 0, означает, что эффект не доказан; оценка говорит о связи с мерами, а не о доказанной причине.',
    ),
    h(2, '2. Эффект мер по процедурам'),
  ];
  if (a.effect.length === 0)
    blocks.push(p('Оценка не проводилась: нет двух лет результатов или школ с мерами.'));
  else
    blocks.push({
      kind: 'table',
      header: [['Процедура', 'Годы', 'Эффект, п. п.', '95 % интервал', 'Школ с мерами', 'Вывод']],
      rows: a.effect.map((e) =>
        e.result
          ? [...effectRow(effectFigures(e)), effectWords(e.result.ci95[0], e.result.ci95[1])]
          : [
              e.procedure,
              `${e.before} → ${e.after}`,
              '—',
              '—',
              '—',
              'мало школ для сравнения (нужно не меньше 3 со сходными школами без мер)',
            ],
      ),
      widths: [3, 2, 1, 2, 1, 4],
    });
  const rows = schoolRows(i);
  blocks.push(
    h(2, '3. До и после по школам с мерами'),
    p(
      'Средний процент выполнения работы школой в каждом году, её изменение и среднее изменение у сходных школ без мер ' +
        '(школы — в алфавитном порядке; это не рейтинг).',
    ),
    rows.length
      ? {
          kind: 'table',
          header: [['Школа', 'Процедура', `До, %`, `После, %`, 'Изменение, п. п.', 'У сходных школ, п. п.']],
          rows: rows.map((r) => [
            r.name,
            r.procedure,
            cell(r.before),
            cell(r.after),
            change(r.change),
            change(r.controlChange),
          ]),
          widths: [4, 3, 1, 1, 2, 2],
        }
      : p('Нет результатов школ с мерами.'),
  );
  const list = lowListRows(i);
  if (first)
    blocks.push(
      h(2, '4. Школы с низкими результатами: вышли ли из списка'),
      p(a.lowRule.source),
      list.length
        ? {
            kind: 'table',
            header: [[`Школа из списка ${first.before} г.`, 'Меры', `В ${first.after} г.`]],
            rows: list,
            widths: [5, 1, 3],
          }
        : p(`В ${first.before} г. по правилу ни одна школа не отнесена к школам с низкими результатами.`),
    );
  blocks.push(
    h(2, `${first ? 5 : 4}. Ограничения`),
    p(
      `Оценено процедур: ${int(measured.length)} из ${int(a.effect.length)}. ` +
        'Школы с мерами отобраны не случайно (часто — по низким результатам), поэтому часть роста может быть возвратом ' +
        'к среднему; сравнение со сходными школами той же группы уменьшает, но не убирает эту ошибку. При малом числе ' +
        'школ интервал широк. Школы без контекстной анкеты в сравнение не входят.',
    ),
  );
  return {
    title: `Оценка эффективности муниципальных мер — ${i.municipality}`,
    orientation: 'landscape',
    blocks,
  };
}

/** The same report as a workbook: «Эффект», «По школам», «Список ШНОР». */
export function effectivenessXlsx(i: EffectivenessInput): Uint8Array {
  const a = i.analysis;
  const wb = XLSX.utils.book_new();
  const sheet = (rows: (string | number | null)[][], widths: number[]) => {
    const ws = XLSX.utils.aoa_to_sheet(rows);
    ws['!cols'] = widths.map((wch) => ({ wch }));
    return ws;
  };
  const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        [
          'Процедура',
          'До',
          'После',
          'Эффект, п. п.',
          'Нижняя граница 95 %',
          'Верхняя граница 95 %',
          'Школ с мерами',
          'Вывод',
        ],
        ...a.effect.map((e) => [
          e.procedure,
          e.before,
          e.after,
          r1(e.result?.effect ?? null),
          r1(e.result?.ci95[0] ?? null),
          r1(e.result?.ci95[1] ?? null),
          e.result?.treated ?? 0,
          e.result ? effectWords(e.result.ci95[0], e.result.ci95[1]) : 'мало школ для сравнения',
        ]),
      ],
      [30, 8, 8, 14, 18, 18, 14, 60],
    ),
    'Эффект',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        ['Логин', 'Школа', 'Процедура', 'До, %', 'После, %', 'Изменение, п. п.', 'У сходных школ, п. п.'],
        ...schoolRows(i).map((r) => [
          r.login,
          r.name,
          r.procedure,
          r1(r.before),
          r1(r.after),
          r1(r.change),
          r1(r.controlChange),
        ]),
      ],
      [14, 40, 30, 10, 10, 16, 20],
    ),
    'По школам',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet([['Школа', 'Меры', 'Итог'], ...lowListRows(i)], [40, 8, 24]),
    'Список ШНОР',
  );
  wb.Props = { Title: `Оценка эффективности муниципальных мер — ${i.municipality}`, Author: 'ОКО-Аналитика' };
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
