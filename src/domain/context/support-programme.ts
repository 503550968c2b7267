// The municipal programme of support for schools with low results (seed 000 §2.1.4–5, seed 002 §4.3):
// ШНОР with their resource (partner) schools of similar context, the context groups, results vs
// resources (associations, not causes) and the effect of measures, as a document (DOCX via the
// documents module's writer) and an XLSX workbook. Pure: the figures come from analyseContext.
import * as XLSX from 'xlsx';
import { b, h, p, type Block, type DocModel } from '../documents/model.ts';
import { coef, int, plural } from '../text/format.ts';
import type { MunicipalContextAnalysis } from './analysis.ts';
import { effectFigures, effectRow, resourceFigures, resourceRow } from './figure-rows.ts';
import type { SupportMeasure } from './support-measures.ts';

export interface ProgrammeInput {
  municipality: string;
  /** «2026/2027». */
  schoolYear: string;
  analysis: MunicipalContextAnalysis;
  /** login → school name (from the results files; the form's names otherwise). */
  names: Map<string, string>;
  /** The user's measures (settings `supportMeasures`); SUPPORT_MEASURES when absent. */
  measures?: SupportMeasure[];
}

/** The measures of the programme: the user's, else the defaults. */
export function measuresOf(i: { measures?: SupportMeasure[] }): SupportMeasure[] {
  return i.measures?.length ? i.measures : SUPPORT_MEASURES.map(([text, term, who]) => ({ text, term, who }));
}

/** The measures of the programme (seed 000 §2.1.4–5, 1.2; seed 002 §4.3), with terms and who. */
export const SUPPORT_MEASURES: [string, string, string][] = [
  [
    'Заключение партнёрских договоров школ с низкими результатами обучения (ШНОР) со школами со стабильными результатами в сходных условиях (пары — в таблице ниже)',
    'сентябрь–октябрь',
    'Управление образованием, администрации ОО',
  ],
  [
    'Сетевое взаимодействие ШНОР и ресурсной школы: сетевые межшкольные мероприятия по обмену опытом, «гостевые методические дни»',
    'в течение года по плану',
    'Управление образованием, методическая служба',
  ],
  [
    'Адресные программы помощи ШНОР, их учителям и руководителям с учётом выявленных дефицитов',
    'в течение года',
    'Методическая служба, администрации ОО',
  ],
  [
    'Анализ результатов оценочных процедур по группам школ со сходным контекстом (кластерам) и адресные рекомендации',
    'ежегодно, после получения результатов',
    'Управление образованием, методическая служба',
  ],
  [
    'Оценка эффективности мер: сравнение изменения результатов школ с мерами и сходных школ без них',
    'по итогам учебного года',
    'Управление образованием',
  ],
];

const nameOf = (i: ProgrammeInput, login: string) => i.names.get(login) ?? login;

function partnerRows(i: ProgrammeInput): string[][] {
  const a = i.analysis;
  return a.low.map((e) => {
    const ps = a.partners.get(e.login) ?? [];
    const years = e.lowYears.join(', ');
    return [
      nameOf(i, e.login),
      String(a.clusterOf.get(e.login)! + 1),
      years,
      a.hard.some((x) => x.login === e.login) ? 'да' : 'нет',
      ps.length
        ? ps
            .map((x) => `${nameOf(i, x.login)}${x.sameMunicipality ? '' : ' (другой муниципалитет)'}`)
            .join('; ')
        : 'нет подходящей школы в той же группе — подобрать вручную',
    ];
  });
}

export function supportProgrammeDocument(i: ProgrammeInput): DocModel {
  const a = i.analysis;
  const blocks: Block[] = [
    h(
      1,
      `Программа поддержки школ с низкими результатами обучения: ${i.municipality}, ${i.schoolYear} учебный год`,
    ),
    h(2, '1. Правила отбора'),
    p(b('ШНОР. '), a.lowRule.source),
    p(b('ШНСУ. '), a.hardRule.source),
    h(2, '2. Группы школ со сходными условиями'),
    p(
      `Школы сгруппированы по данным контекстной анкеты ФИС ОКО (тип и размер населённого пункта, транспортная доступность, ` +
        `специальная школа, интернат, число учеников и учеников в классе, доля учеников по АОП): расстояние Гауэра, ` +
        `метод k-медоидов, число групп ${a.k} выбрано по среднему силуэту ${coef(a.silhouette)} ` +
        `(выше 0,5 — структура заметная, ниже 0,25 — групп по сути нет).`,
    ),
    {
      kind: 'table',
      header: [['Группа', 'Школ', 'Описание', 'Устойчивость (Жаккар)']],
      rows: a.clusters.map((c) => [String(c.id), int(c.schools.length), c.words, coef(c.stability)]),
      widths: [1, 1, 6, 2],
      align: ['right', 'right', 'left', 'right'],
    },
    h(2, '3. Школы с низкими результатами и школы-партнёры'),
    p(
      a.low.length
        ? `По правилу отобрано ${int(a.low.length)} ${plural(a.low.length, ['школа', 'школы', 'школ'])}. Партнёр — школа той же группы ` +
            '(по возможности того же муниципалитета) со стабильными результатами (в каждом году средний результат не ниже медианы группы) и без «красных» признаков необъективности; ' +
            'партнёры упорядочены по сходству условий.'
        : 'По правилу ни одна школа не отобрана.',
    ),
  ];
  if (a.low.length)
    blocks.push({
      kind: 'table',
      header: [['Школа', 'Группа', 'Годы низких результатов', 'ШНСУ', 'Школы-партнёры']],
      rows: partnerRows(i),
      widths: [3, 1, 2, 1, 5],
    });
  blocks.push(
    h(2, '4. Мероприятия'),
    {
      kind: 'table',
      header: [['№', 'Мероприятие', 'Срок', 'Ответственные']],
      rows: measuresOf(i).map((m, k) => [String(k + 1), m.text, m.term, m.who]),
      widths: [1, 8, 3, 4],
    },
    h(2, '5. Результаты и ресурсы школ'),
    p(
      'Ранговая корреляция Спирмена среднего результата школы с её ресурсами, внутри групп сходных школ (объединено по группам, ' +
        '95 % интервал). Это связь, а не причина: из неё не следует, что изменение ресурса изменит результат.',
    ),
    {
      kind: 'table',
      header: [['Ресурс', 'ρ', '95 % интервал', 'Школ']],
      rows: a.resources.map((r) => resourceRow(resourceFigures(r))),
      widths: [5, 1, 3, 1],
    },
  );
  if (a.effect.length) {
    blocks.push(
      h(2, '6. Эффективность мер'),
      p(
        'Разность разностей: изменение результата школ с мерами минус изменение у наиболее сходных школ той же группы без мер ' +
          '(в процентных пунктах от максимального балла, 95 % интервал).',
      ),
      {
        kind: 'table',
        header: [['Процедура', 'Годы', 'Эффект', '95 % интервал', 'Школ с мерами']],
        rows: a.effect.map((e) => effectRow(effectFigures(e))),
      },
    );
  }
  return { title: `Программа поддержки ШНОР — ${i.municipality}`, orientation: 'landscape', blocks };
}

/** The same programme as an XLSX workbook: «ШНОР и партнёры», «Мероприятия», «Группы». */
export function supportProgrammeXlsx(i: ProgrammeInput): Uint8Array {
  const wb = XLSX.utils.book_new();
  const sheet = (rows: string[][], widths: number[]) => {
    const ws = XLSX.utils.aoa_to_sheet(rows);
    ws['!cols'] = widths.map((wch) => ({ wch }));
    return ws;
  };
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [['Школа', 'Группа', 'Годы низких результатов', 'ШНСУ', 'Школы-партнёры'], ...partnerRows(i)],
      [40, 8, 20, 8, 80],
    ),
    'ШНОР и партнёры',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        ['№', 'Мероприятие', 'Срок', 'Ответственные'],
        ...measuresOf(i).map((m, k) => [String(k + 1), m.text, m.term, m.who]),
      ],
      [5, 90, 25, 40],
    ),
    'Мероприятия',
  );
  XLSX.utils.book_append_sheet(
    wb,
    sheet(
      [
        ['Группа', 'Школ', 'Описание', 'Устойчивость (Жаккар)'],
        ...i.analysis.clusters.map((c) => [
          String(c.id),
          String(c.schools.length),
          c.words,
          coef(c.stability),
        ]),
      ],
      [8, 8, 80, 20],
    ),
    'Группы',
  );
  wb.Props = { Title: `Программа поддержки ШНОР — ${i.municipality}`, Author: 'ОКО-Аналитика' };
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
