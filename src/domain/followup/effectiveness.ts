// The effectiveness report (seed 004 §3.11–3.12, roadmap 5.1): per school and class, the deficits
// at the start, the checks done, how many closed / are closing / stay open, by skill and by pupil.
// A neutral DocModel (→ DOCX by the documents writer) and an XLSX workbook with the same figures.
import * as XLSX from 'xlsx';
import { b, h, p, type Block, type DocModel } from '../documents/model.ts';
import { dateRu, int, pct, plural, share } from '../text/format.ts';
import { type SchoolSummary, type StatusCounts } from './status.ts';
import { STATUS_RULE } from './types.ts';

export interface EffectivenessInput {
  summary: SchoolSummary;
  /** Procedure title («ВПР 2026, математика, 5 класс»). */
  title: string;
  /** Code → name, only when the user chose names from the local roster. */
  names?: Map<string, string>;
}

const COUNT_HEADER = [
  'Дефицитов на начало',
  'Результатов проверок',
  'Закрыто',
  'Закрывается',
  'Открыто',
  'Доля закрытых',
];

function countCells(c: StatusCounts): string[] {
  return [
    int(c.total),
    int(c.checks),
    int(c.closed),
    int(c.closing),
    int(c.open),
    pct(share(c.closed, c.total)),
  ];
}

const pupilName = (code: string, names?: Map<string, string>) => {
  const n = names?.get(code)?.trim();
  return n ? `${n} (код ${code})` : `код ${code}`;
};

export function effectivenessDoc(input: EffectivenessInput): DocModel {
  const s = input.summary;
  const blocks: Block[] = [
    h(1, 'Анализ эффективности принятых мер'),
    { kind: 'paragraph', align: 'center', runs: [`${s.schoolName}; ${input.title}`] },
    p(
      `Индивидуальные образовательные маршруты: ${int(s.counts.total)} ` +
        `${plural(s.counts.total, ['дефицит', 'дефицита', 'дефицитов'])} на начало, ` +
        `${int(s.counts.checks)} ${plural(s.counts.checks, ['результат', 'результата', 'результатов'])} проверок; ` +
        `закрыто ${int(s.counts.closed)} (${pct(share(s.counts.closed, s.counts.total))}), ` +
        `закрывается ${int(s.counts.closing)}, открыто ${int(s.counts.open)}.`,
    ),
    p(b('Правило статуса: '), STATUS_RULE),
    {
      kind: 'table',
      caption: 'Сводка по классам',
      header: [['Класс', 'Обучающихся с маршрутом', 'Дат проверок', ...COUNT_HEADER]],
      widths: [1, 1.2, 1, 1.2, 1, 1, 1.2, 1, 1.2],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: [
        ...s.classes.map((c) => [c.classLabel, int(c.pupils), int(c.rounds.length), ...countCells(c.counts)]),
        ['Школа', int(s.classes.reduce((a, c) => a + c.pupils, 0)), '', ...countCells(s.counts)],
      ],
      boldRows: [s.classes.length],
    },
    {
      kind: 'table',
      caption: 'По умениям (школа)',
      header: [['Умение или задание', ...COUNT_HEADER]],
      widths: [4, 1, 1, 1, 1, 1, 1],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: s.bySkill.map((k) => [k.label, ...countCells(k)]),
    },
  ];
  for (const c of s.classes) {
    blocks.push(
      h(2, `${c.classLabel} класс`),
      p(
        c.rounds.length
          ? `Проверки: ${c.rounds.map(dateRu).join(', ')}.`
          : 'Проверок ещё не было: все дефициты открыты.',
      ),
      {
        kind: 'table',
        caption: `Обучающиеся ${c.classLabel} класса`,
        header: [['Обучающийся', ...COUNT_HEADER]],
        widths: [3, 1, 1, 1, 1, 1, 1],
        align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
        rows: c.byPupil.map((x) => [pupilName(x.code, input.names), ...countCells(x)]),
      },
    );
  }
  return { title: `Анализ эффективности принятых мер — ${s.schoolName}`, orientation: 'landscape', blocks };
}

const numbers = (c: StatusCounts) => [c.total, c.checks, c.closed, c.closing, c.open];
const NUM_HEADER = ['Дефицитов на начало', 'Результатов проверок', 'Закрыто', 'Закрывается', 'Открыто'];

export function effectivenessXlsx(input: EffectivenessInput): Uint8Array {
  const s = input.summary;
  const wb = XLSX.utils.book_new();
  const summary = [
    ['Класс', 'Обучающихся с маршрутом', 'Дат проверок', ...NUM_HEADER],
    ...s.classes.map((c) => [c.classLabel, c.pupils, c.rounds.length, ...numbers(c.counts)]),
    ['Школа', s.classes.reduce((a, c) => a + c.pupils, 0), '', ...numbers(s.counts)],
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(summary), 'Сводка');
  const skills = [
    ['Класс', 'Умение или задание', ...NUM_HEADER],
    ...s.classes.flatMap((c) => c.bySkill.map((k) => [c.classLabel, k.label, ...numbers(k)])),
    ...s.bySkill.map((k) => ['Школа', k.label, ...numbers(k)]),
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(skills), 'По умениям');
  const pupils = [
    ['Класс', 'Код участника', 'ФИО', ...NUM_HEADER],
    ...s.classes.flatMap((c) =>
      c.byPupil.map((x) => [c.classLabel, x.code, input.names?.get(x.code)?.trim() ?? '', ...numbers(x)]),
    ),
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(pupils), 'По обучающимся');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Правило статуса'], [STATUS_RULE]]), 'Правило');
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
