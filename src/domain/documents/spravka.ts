// Аналитическая справка for a unit at any level (class, parallel, school, municipality, all).
// Structure after the conventional school справка (domain notes §5) and seed 004 §3.7: паспорт →
// участники → отметки (У, КЗ, СОУ, средние) against the reference → сравнение с журналом →
// распределение баллов → выполнение заданий (ФИОКО) → группы по отметкам → дефициты → признаки
// необъективности (school and municipality only) → выводы → рекомендации → дорожная карта.
// Every sentence that states a fact takes its number from the report.
import type { ReferenceUnit } from '../reference/types.ts';
import type { MarkKey, ProcedureReport, SignEntry, UnitLevel, UnitReport } from '../report/types.ts';
import { compareIso } from '../roadmap/dates.ts';
import { progressOf, statusOf } from '../roadmap/edits.ts';
import type { Roadmap } from '../roadmap/types.ts';
import type { FiokoStatus } from '../stats/fioko.ts';
import { coef, compareWords, dateRu, fiokoBand, int, num, pct, plural, share } from '../text/format.ts';
import { isGiaProcedure } from '../report/gia-figures.ts';
import { giaSpravkaBlocks } from './gia-spravka.ts';
import { b, h, list, p, type Block, type DocModel, type Inline } from './model.ts';
import {
  childUnits,
  findUnitOf,
  municipalityOf,
  rootUnit,
  schoolsBelow,
  shortTitle,
  unitTitle,
} from './units.ts';

export interface FigurePng {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface SpravkaInput {
  procedure: ProcedureReport;
  level: UnitLevel;
  unitId: string;
  /** ISO date the results were received. */
  resultsDate: string;
  /** Основание (order, plan); a neutral default when absent. */
  basis?: string;
  /** Planned result (skill) by task id, from the procedure spec. */
  skills?: Record<string, string>;
  /** Official signs of the procedure (report.signs); shown at school and municipality levels. */
  signs?: SignEntry[];
  /** Published results of wider groups (ФИС ОКО reports), shown next to the unit. */
  references?: ReferenceUnit[];
  /** The school's roadmap: its summary closes the справка. */
  roadmap?: Roadmap;
  /** ISO; the day statuses and the nearest deadlines are judged on. Default: resultsDate. */
  today?: string;
  /** Optional charts (rendered in the browser); Node builds have none. */
  figures?: { marks?: FigurePng; tasks?: FigurePng };
}

export const STATUS_RU: Record<FiokoStatus, string> = {
  sufficient: 'достигнут',
  uncertain: 'на границе',
  insufficient: 'не достигнут',
};

const MARKS: MarkKey[] = ['2', '3', '4', '5'];
const SOU_W: Record<MarkKey, number> = { '2': 16, '3': 36, '4': 64, '5': 100 };

const marksTotal = (u: UnitReport) => (u.marks ? MARKS.reduce((s, k) => s + u.marks![k], 0) : 0);

function markShares(u: UnitReport): string[] {
  const n = marksTotal(u);
  return MARKS.map((k) => num(u.marks ? share(u.marks[k], n) : null));
}

/** One row of the marks table for a unit of the report. */
function marksRow(title: string, u: UnitReport): string[] {
  return [
    title,
    String(u.written),
    ...markShares(u),
    num(u.uspevaemost),
    num(u.kachestvo),
    num(u.sou),
    num(u.meanMark),
    num(u.score?.mean),
  ];
}

/** A reference row (published shares of marks): У, КЗ, СОУ and mean mark follow from the shares. */
function referenceRow(r: ReferenceUnit): string[] {
  const m = r.marksPct;
  const sou = m ? MARKS.reduce((s, k) => s + (m[Number(k) as 2 | 3 | 4 | 5] * SOU_W[k]) / 100, 0) : null;
  const mean = m ? MARKS.reduce((s, k) => s + (Number(k) * m[Number(k) as 2 | 3 | 4 | 5]) / 100, 0) : null;
  return [
    `${r.name} (справочно)`,
    r.participants === undefined ? '—' : String(r.participants),
    ...MARKS.map((k) => num(m ? m[Number(k) as 2 | 3 | 4 | 5] : null)),
    num(r.uspevaemost ?? (m ? 100 - m[2] : null)),
    num(r.kachestvo ?? (m ? m[4] + m[5] : null)),
    num(sou),
    num(mean),
    '—',
  ];
}

const MARKS_HEADER = [
  'Единица',
  // A soft hyphen: Word breaks the word only when the column is narrow and prints no hyphen otherwise.
  'Участ\u00adников',
  '«2», %',
  '«3», %',
  '«4», %',
  '«5», %',
  'У, %',
  'КЗ, %',
  'СОУ, %',
  'Ср. отм.',
  'Ср. балл',
];
const MARKS_WIDTHS = [3.2, 1.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1, 0.9];
const MARKS_ALIGN = ['left', ...new Array(10).fill('right')] as const;

/** «Успеваемость — 95,2 %, что на 1,3 п. п. выше, чем по всей выборке (93,9 %).» */
export function comparePctSentence(
  label: string,
  value: number | null | undefined,
  ref: number | null | undefined,
  refName: string,
): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (ref === null || ref === undefined || !Number.isFinite(ref)) return `${label} — ${pct(value)}.`;
  const c = compareWords(value, ref, 'pp');
  return c.diff === 0
    ? `${label} — ${pct(value)}, на уровне показателя ${refName} (${pct(ref)}).`
    : `${label} — ${pct(value)}, что ${c.words}, чем ${refName} (${pct(ref)}).`;
}

function spearmanWords(r: number): string {
  const a = Math.abs(r);
  const strength = a < 0.3 ? 'слабая' : a < 0.5 ? 'умеренная' : a < 0.7 ? 'заметная' : 'высокая';
  return r < 0 ? `обратная (${strength})` : `${strength}`;
}

function taskLabel(id: string, skills: Record<string, string>): string {
  const s = skills[id];
  return s ? `№ ${id} («${s}»)` : `№ ${id}`;
}

/** Deficits to name: skills first (worst first), then КЭС/КТ; only tasks when the spec names none. */
function namedDeficits(u: UnitReport) {
  const d = u.deficits ?? [];
  const groups = d.filter((x) => x.kind !== 'task').sort((a, c) => a.completion - c.completion);
  const tasks = d.filter((x) => x.kind === 'task');
  return { groups, tasks, skillsOnly: groups.filter((x) => x.kind === 'skill') };
}

function deficitText(d: { kind: string; id: string; completion: number; tasks: string[] }): Inline[] {
  const what = d.kind === 'skill' ? `«${d.id}»` : d.kind === 'kes' ? `КЭС ${d.id}` : `КТ ${d.id}`;
  return [
    what,
    ` — выполнение ${pct(d.completion)} (${plural(d.tasks.length, ['задание', 'задания', 'заданий'])} № ${d.tasks.join(', ')})`,
  ];
}

const SIGN_NAMES: Record<SignEntry['sign'], string> = {
  'inflated-mean': 'завышенный средний балл',
  'journal-mismatch': 'несоответствие отметкам по журналу',
  'cohort-rise': 'резкий рост результатов по сравнению с предыдущим годом',
  'cohort-fall': 'резкое снижение результатов по сравнению с предыдущим годом',
};

function signSentence(s: SignEntry): string {
  const mark = s.flagged ? 'признак выявлен' : 'признак не выявлен';
  switch (s.sign) {
    case 'inflated-mean':
      return `«${SIGN_NAMES[s.sign]}»: средний первичный балл ${s.value >= 0 ? 'выше' : 'ниже'} среднего по выборке на ${num(Math.abs(s.value))}; признак отмечается, когда 95-процентный доверительный интервал школы целиком выше интервала выборки — ${mark}.`;
    case 'journal-mismatch':
      return `«${SIGN_NAMES[s.sign]}»: коэффициент корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(s.value)}; признак отмечается при отрицательном значении — ${mark}.`;
    default:
      return `«${SIGN_NAMES[s.sign]}»: отношение результатов (${s.earlierProcedure ?? 'предыдущая процедура'} к текущей) K = ${coef(s.value)}, граница — ${coef(s.fence ?? null)} — ${mark}.`;
  }
}

export function buildSpravka(input: SpravkaInput): DocModel {
  const P = input.procedure;
  const unit = findUnitOf(P, input.level, input.unitId);
  if (!unit) throw new Error(`В отчёте ${P.id} нет единицы ${input.level}:${input.unitId}`);
  const root = rootUnit(P);
  const ref = root && root !== unit ? root : undefined;
  const refName = 'по всей выборке';
  const skills = input.skills ?? {};
  const title = unitTitle(P, unit);
  const blocks: Block[] = [];
  const children = childUnits(P, unit);
  // ГИА: the marks are the protocol's «Оценка», with or without a scale.
  const hasMarks = unit.marks !== undefined && (P.scale !== null || isGiaProcedure(P));

  // --- Title and паспорт
  blocks.push(
    h(1, 'Аналитическая справка'),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [
        b(
          `по результатам ${P.kind} по учебному предмету «${P.subject}» в ${P.grade} ${P.grade === 1 ? 'классе' : 'классах'}, ${P.year} год`,
        ),
      ],
    },
    { kind: 'paragraph', align: 'center', runs: [title] },
    h(2, '1. Паспорт'),
    {
      kind: 'table',
      header: [['Параметр', 'Значение']],
      widths: [1, 2.2],
      rows: [
        ['Оценочная процедура', `${P.kind}, ${P.year} год`],
        ['Учебный предмет', P.subject],
        ['Класс (параллель)', String(P.grade)],
        ['Уровень анализа', `${LEVEL_TITLES[unit.level]}: ${title}`],
        ['Дата получения результатов', dateRu(input.resultsDate)],
        [
          'Основание',
          input.basis?.trim() ||
            'Результаты процедуры, полученные из ФИС ОКО; рекомендации по использованию и интерпретации результатов процедур оценки качества образования',
        ],
        [
          'Цель',
          'Выявление проблемных полей и дефицитов в виде несформированных планируемых результатов для обучающихся, классов, параллели и образовательной организации; принятие мер по их устранению',
        ],
        ['Максимальный первичный балл', String(P.maxScore)],
      ],
    },
  );

  // --- Участники
  const total = unit.written + unit.absent;
  blocks.push(
    h(2, '2. Участники'),
    p(
      `Работу писали ${unit.written} ${plural(unit.written, ['обучающийся', 'обучающихся', 'обучающихся'])}, отсутствовали ${unit.absent}` +
        (total > 0 ? `; участие — ${pct(share(unit.written, total))} от ${total} по списку.` : '.'),
    ),
  );
  if (children.length > 0)
    blocks.push({
      kind: 'table',
      caption: `Таблица 1. Участники по ${CHILD_DATIVE[unit.level]}`,
      header: [[CHILD_TITLE[unit.level], 'По списку', 'Писали', 'Отсутствовали', 'Участие, %']],
      widths: [3, 1, 1, 1.2, 1],
      align: ['left', 'right', 'right', 'right', 'right'],
      rows: [
        ...children.map((c) => [
          shortTitle(c),
          String(c.written + c.absent),
          String(c.written),
          String(c.absent),
          num(share(c.written, c.written + c.absent)),
        ]),
        ['Итого', String(total), String(unit.written), String(unit.absent), num(share(unit.written, total))],
      ],
      boldRows: [children.length],
    });

  // --- Отметки
  blocks.push(h(2, '3. Результаты: отметки и показатели'));
  if (hasMarks) {
    const rows: string[][] = [marksRow(title, unit)];
    const muni = municipalityOf(P, unit);
    if (muni && muni !== unit) rows.push(marksRow(muni.name, muni));
    if (ref) rows.push(marksRow('Все участники (вся выборка)', ref));
    for (const r of input.references ?? []) rows.push(referenceRow(r));
    blocks.push({
      kind: 'table',
      caption: 'Таблица 2. Отметки, успеваемость (У), качество знаний (КЗ), степень обученности (СОУ)',
      header: [MARKS_HEADER],
      widths: MARKS_WIDTHS,
      align: [...MARKS_ALIGN],
      rows,
      boldRows: [0],
    });
    if (input.figures?.marks)
      blocks.push({
        kind: 'figure',
        ...input.figures.marks,
        alt: `Распределение отметок: ${MARKS.map((k, i) => `«${k}» — ${markShares(unit)[i]} %`).join(', ')}`,
        caption: 'Рисунок 1. Распределение отметок, % участников',
      });
    blocks.push(
      {
        kind: 'paragraph',
        runs: [
          'Формулы: У = доля отметок «3», «4», «5»; КЗ = доля отметок «4» и «5»; СОУ = (100·n5 + 64·n4 + 36·n3 + 16·n2) / N (по В. П. Симонову); N — число писавших работу.',
        ],
        small: true,
      },
      list(
        [
          comparePctSentence('Успеваемость', unit.uspevaemost, ref?.uspevaemost, refName),
          comparePctSentence('Качество знаний', unit.kachestvo, ref?.kachestvo, refName),
          comparePctSentence('Степень обученности (СОУ)', unit.sou, ref?.sou, refName),
          meanSentence('Средняя отметка', unit.meanMark, ref?.meanMark),
          meanSentence(`Средний первичный балл (из ${P.maxScore})`, unit.score?.mean, ref?.score?.mean),
        ].filter((x): x is string => x !== null),
      ),
    );
    if (children.length > 0)
      blocks.push({
        kind: 'table',
        caption: `Таблица 3. Показатели по ${CHILD_DATIVE[unit.level]}`,
        header: [MARKS_HEADER],
        widths: MARKS_WIDTHS,
        align: [...MARKS_ALIGN],
        rows: children.map((c) => marksRow(shortTitle(c), c)),
      });
  } else {
    if (!isGiaProcedure(P))
      blocks.push(
        p(
          'Шкала перевода первичных баллов в отметки не задана: отметки, У, КЗ и СОУ не вычисляются (задайте шкалу на экране «Спецификации»).',
        ),
      );
    const m = meanSentence(`Средний первичный балл (из ${P.maxScore})`, unit.score?.mean, ref?.score?.mean);
    if (m) blocks.push(p(m));
  }

  blocks.push(...giaSpravkaBlocks(P, unit));

  // --- Журнал
  const j = unit.journal;
  blocks.push(h(2, '4. Сравнение с отметками по журналу'));
  if (j && j.n > 0 && j.lower !== null) {
    blocks.push(
      {
        kind: 'table',
        caption: 'Таблица 4. Соответствие отметок за работу отметкам по журналу',
        header: [['', 'Понизили (отметка ниже, чем по журналу)', 'Подтвердили', 'Повысили', 'Всего']],
        widths: [1.4, 2, 1.4, 1.4, 1],
        align: ['left', 'right', 'right', 'right', 'right'],
        rows: [
          ['Человек', int(j.lower), int(j.same), int(j.higher), String(j.n)],
          ['%', num(j.lowerPct), num(j.samePct), num(j.higherPct), '100'],
        ],
      },
      p(
        `Подтвердили отметку по журналу ${pct(j.samePct)} участников (${j.same} из ${j.n}), понизили — ${pct(j.lowerPct)} (${j.lower}), повысили — ${pct(j.higherPct)} (${j.higher}).` +
          (j.gap2 !== null && j.gap2 > 0 ? ` Отметки расходятся на 2 балла и более у ${j.gap2} чел.` : '') +
          (j.spearman !== null
            ? ` Коэффициент ранговой корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(j.spearman)}: связь ${spearmanWords(j.spearman)}.`
            : ''),
      ),
    );
  } else if (j && j.n > 0 && j.spearman !== null) {
    blocks.push(
      p(
        `Отметки по журналу есть у ${j.n} участников. Коэффициент ранговой корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(j.spearman)}.`,
      ),
    );
  } else blocks.push(p('Отметок по журналу в загруженных данных нет.'));

  // --- Распределение баллов
  const hist = unit.histogram ?? [];
  blocks.push(h(2, '5. Распределение первичных баллов'));
  if (hist.length > 0 && unit.written > 0) {
    const per = 13;
    for (let from = 0; from < hist.length; from += per) {
      const cols = hist.slice(from, from + per).map((_, i) => from + i);
      blocks.push({
        kind: 'table',
        caption: from === 0 ? 'Таблица 5. Число и доля участников по первичному баллу' : undefined,
        header: [['Балл', ...cols.map(String)]],
        widths: [1.6, ...cols.map(() => 1)],
        align: ['left', ...cols.map(() => 'right' as const)],
        rows: [
          ['Человек', ...cols.map((s) => String(hist[s]))],
          ['%', ...cols.map((s) => num(share(hist[s], unit.written)))],
        ],
      });
    }
    const mode = hist.indexOf(Math.max(...hist));
    blocks.push(
      p(
        `Чаще всего участники набирали ${mode} ${plural(mode, ['балл', 'балла', 'баллов'])} (${hist[mode]} чел., ${pct(share(hist[mode], unit.written))}); максимальный балл (${P.maxScore}) набрали ${hist[P.maxScore] ?? 0} чел.`,
      ),
    );
  } else blocks.push(p('Нет писавших работу — распределение не строится.'));

  // --- Задания
  const tasks = unit.tasks ?? [];
  const refTasks = new Map((ref?.tasks ?? []).map((t) => [t.id, t]));
  const levelOf = new Map(P.tasks.map((t) => [t.id, t]));
  blocks.push(h(2, '6. Выполнение заданий'));
  if (tasks.length > 0 && unit.written > 0) {
    blocks.push({
      kind: 'table',
      caption:
        'Таблица 6. Выполнение заданий и статус по порогам ФИОКО (задания базового уровня: достигнут при ≥ 60 %, не достигнут при < 57 %; повышенного и высокого: ≥ 30 % и < 28,5 %; между ними — «на границе»)',
      header: [
        [
          '№',
          'Ур.',
          'Проверяемое умение (планируемый результат)',
          'Макс. балл',
          '% вып.',
          '% вып. (выборка)',
          'Статус',
        ],
      ],
      widths: [0.6, 0.5, 4.6, 0.8, 0.8, 1, 1.5],
      align: ['left', 'center', 'left', 'right', 'right', 'right', 'left'],
      rows: tasks.map((t) => [
        t.id,
        levelOf.get(t.id)?.level ?? '—',
        skills[t.id] ?? '—',
        String(levelOf.get(t.id)?.max ?? ''),
        num(t.completion),
        ref ? num(refTasks.get(t.id)?.completion) : '—',
        STATUS_RU[t.status],
      ]),
    });
    if (input.figures?.tasks)
      blocks.push({
        kind: 'figure',
        ...input.figures.tasks,
        alt: `Выполнение заданий, %: ${tasks.map((t) => `№ ${t.id} — ${num(t.completion)}`).join('; ')}`,
        caption: 'Рисунок 2. Выполнение заданий, %',
      });
    if (tasks.some((t) => t.byMark))
      blocks.push(h(2, '7. Выполнение заданий группами участников с разными отметками'), {
        kind: 'table',
        caption: 'Таблица 7. Выполнение заданий (%) участниками, получившими отметки «2», «3», «4», «5»',
        header: [['№', 'Гр. «2»', 'Гр. «3»', 'Гр. «4»', 'Гр. «5»', 'Все']],
        widths: [1, 1, 1, 1, 1, 1],
        align: ['left', 'right', 'right', 'right', 'right', 'right'],
        rows: tasks.map((t) => [t.id, ...MARKS.map((k) => num(t.byMark?.[k] ?? null)), num(t.completion)]),
      });
  } else blocks.push(p('Нет данных о выполнении заданий.'));

  // --- Дефициты
  const d = namedDeficits(unit);
  blocks.push(h(2, '8. Дефициты: несформированные умения (планируемые результаты)'));
  if (d.groups.length > 0) {
    blocks.push(
      p(
        `Выполнение ниже порога ФИОКО (не достигнуто) по ${d.groups.length} ${plural(d.groups.length, ['элементу', 'элементам', 'элементам'])}:`,
      ),
      list(d.groups.map(deficitText)),
    );
  } else if (d.tasks.length > 0) {
    blocks.push(
      p(
        `Спецификация не называет умений; не достигнут порог по ${plural(d.tasks.length, ['заданию', 'заданиям', 'заданиям'])} № ${d.tasks.map((t) => t.id).join(', ')}:`,
      ),
      list(d.tasks.map((t) => [`задание ${taskLabel(t.id, skills)} — ${pct(t.completion)}`])),
    );
  } else if (unit.written > 0)
    blocks.push(p('Умений с недостаточным выполнением (ниже порога ФИОКО) не выявлено.'));
  if (children.length > 0) {
    blocks.push({
      kind: 'table',
      caption: `Таблица 8. Дефициты по ${CHILD_DATIVE[unit.level]}`,
      header: [
        [CHILD_TITLE[unit.level], 'Писали', 'Несформированные умения (выполнение, %)', 'Задания ниже порога'],
      ],
      widths: [1.6, 0.8, 5, 1.6],
      align: ['left', 'right', 'left', 'left'],
      rows: children.map((c) => {
        const cd = namedDeficits(c);
        return [
          shortTitle(c),
          String(c.written),
          cd.skillsOnly.map((x) => `«${x.id}» — ${num(x.completion)}`).join('\n') ||
            (c.written ? 'не выявлены' : '—'),
          cd.tasks.map((x) => x.id).join(', ') || '—',
        ];
      }),
    });
  }

  // --- Признаки необъективности (school, municipality)
  const schoolsHere = schoolsBelow(P, unit).map((s) => s.id);
  const signs = (input.signs ?? []).filter((s) => s.procedure === P.id && schoolsHere.includes(s.school));
  let section = 9;
  if (unit.level === 'school' || unit.level === 'municipality') {
    blocks.push(h(2, `${section++}. Признаки необъективности результатов`));
    blocks.push(
      p(
        'Признаки вычислены по методике Рособрнадзора. Признак не доказывает необъективность: он показывает, где нужна проверка процедуры проведения и проверки работ.',
      ),
    );
    if (unit.level === 'school') {
      blocks.push(
        signs.length
          ? list(signs.map((s) => [signSentence(s)]))
          : p('Данных для вычисления признаков недостаточно.'),
      );
    } else {
      const names = new Map(P.units.filter((u) => u.level === 'school').map((u) => [u.id, u.name]));
      const flagged = signs.filter((s) => s.flagged);
      const bySchool = new Map<string, SignEntry[]>();
      for (const s of flagged) bySchool.set(s.school, [...(bySchool.get(s.school) ?? []), s]);
      blocks.push(
        p(
          `Признаки выявлены у ${bySchool.size} из ${schoolsHere.length} ${plural(schoolsHere.length, ['школы', 'школ', 'школ'])}.`,
        ),
      );
      if (bySchool.size > 0)
        blocks.push({
          kind: 'table',
          header: [['Школа', 'Выявленные признаки']],
          widths: [2, 3],
          rows: [...bySchool].map(([id, list]) => [
            names.get(id) ?? id,
            list
              .map(
                (s) => `${SIGN_NAMES[s.sign]} (${s.sign === 'inflated-mean' ? num(s.value) : coef(s.value)})`,
              )
              .join('\n'),
          ]),
        });
    }
  }

  // --- Выводы
  blocks.push(h(2, `${section++}. Выводы`));
  blocks.push(list(conclusions(P, unit, ref, skills, children).map((s) => [s])));

  // --- Рекомендации
  blocks.push(h(2, `${section++}. Рекомендации`));
  blocks.push(list(recommendations(P, unit, children).map((s) => [s])));

  // --- Дорожная карта
  if (input.roadmap) {
    const today = input.today ?? input.resultsDate;
    const prog = progressOf(input.roadmap, today);
    blocks.push(h(2, `${section++}. План мероприятий («дорожная карта»)`));
    blocks.push(
      p(
        `План включает ${prog.total} ${plural(prog.total, ['мероприятие', 'мероприятия', 'мероприятий'])}; выполнено ${prog.done}, выполняется ${prog.inProgress}, просрочено ${prog.overdue} (на ${dateRu(today)}).`,
      ),
      {
        kind: 'table',
        header: [['Этап', 'Мероприятий', 'Выполнено', 'Ближайший срок']],
        widths: [3, 1, 1, 1.4],
        align: ['left', 'right', 'right', 'center'],
        rows: input.roadmap.stages.map((st, i) => {
          const open = st.measures
            .filter((m) => statusOf(m, today) !== 'done')
            .map((m) => m.deadline)
            .sort(compareIso);
          const upcoming = open.find((x) => compareIso(x, today) >= 0) ?? open[0];
          return [
            st.title,
            String(prog.stages[i].total),
            String(prog.stages[i].done),
            upcoming ? dateRu(upcoming) : '—',
          ];
        }),
      },
    );
  }

  return { title: `Аналитическая справка — ${title}`, orientation: 'portrait', blocks };
}

const LEVEL_TITLES: Record<UnitLevel, string> = {
  all: 'Все участники',
  municipality: 'Муниципалитет',
  school: 'Образовательная организация',
  parallel: 'Параллель',
  class: 'Класс',
};

const CHILD_TITLE: Record<UnitLevel, string> = {
  all: 'Единица',
  municipality: 'Школа',
  school: 'Класс',
  parallel: 'Класс',
  class: '',
};

const CHILD_DATIVE: Record<UnitLevel, string> = {
  all: 'муниципалитетам (школам)',
  municipality: 'школам',
  school: 'классам',
  parallel: 'классам',
  class: '',
};

function meanSentence(
  label: string,
  v: number | null | undefined,
  ref: number | null | undefined,
): string | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  if (ref === null || ref === undefined || !Number.isFinite(ref)) return `${label} — ${num(v)}.`;
  const c = compareWords(v, ref, 'points');
  return c.diff === 0
    ? `${label} — ${num(v)}, на уровне всей выборки (${num(ref)}).`
    : `${label} — ${num(v)}, что ${c.words}, чем по всей выборке (${num(ref)}).`;
}

function conclusions(
  P: ProcedureReport,
  u: UnitReport,
  ref: UnitReport | undefined,
  skills: Record<string, string>,
  children: UnitReport[],
): string[] {
  const out: string[] = [];
  const total = u.written + u.absent;
  out.push(`Работу выполняли ${u.written} из ${total} обучающихся (${pct(share(u.written, total))}).`);
  if (u.written === 0) return out;
  const k = comparePctSentence('Качество знаний', u.kachestvo, ref?.kachestvo, 'по всей выборке');
  if (k) out.push(k);
  const y = comparePctSentence('Успеваемость', u.uspevaemost, ref?.uspevaemost, 'по всей выборке');
  if (y) out.push(y);
  if (u.marks && u.marks['2'] > 0)
    out.push(
      `Отметку «2» получили ${u.marks['2']} ${plural(u.marks['2'], ['обучающийся', 'обучающихся', 'обучающихся'])} (${pct(share(u.marks['2'], marksTotal(u)))}).`,
    );
  const tasks = u.tasks ?? [];
  if (tasks.length > 0) {
    const count = (s: FiokoStatus) => tasks.filter((t) => t.status === s);
    const ins = count('insufficient');
    out.push(
      `Из ${tasks.length} заданий порог ФИОКО достигнут по ${count('sufficient').length}, на границе (${fiokoBand()}) — ${count('uncertain').length}, не достигнут — ${ins.length}` +
        (ins.length ? ` (№ ${ins.map((t) => t.id).join(', ')}).` : '.'),
    );
    const worst = [...tasks].sort((a, b) => a.completion - b.completion)[0];
    const best = [...tasks].sort((a, b) => b.completion - a.completion)[0];
    out.push(
      `Наименее успешно выполнено задание ${taskLabel(worst.id, skills)} — ${pct(worst.completion)}; наиболее успешно — № ${best.id} (${pct(best.completion)}).`,
    );
  }
  const d = namedDeficits(u);
  if (d.skillsOnly.length > 0)
    out.push(
      `Не сформированы на достаточном уровне ${d.skillsOnly.length} ${plural(d.skillsOnly.length, ['умение', 'умения', 'умений'])}; наиболее низкое выполнение — «${d.skillsOnly[0].id}» (${pct(d.skillsOnly[0].completion)}).`,
    );
  const j = u.journal;
  if (j && j.n > 0 && j.lowerPct !== null && j.samePct !== null)
    out.push(
      `Отметку по журналу подтвердили ${pct(j.samePct)} участников, понизили — ${pct(j.lowerPct)}, повысили — ${pct(j.higherPct)}.`,
    );
  const withDef = children.filter(
    (c) => namedDeficits(c).skillsOnly.length + namedDeficits(c).tasks.length > 0,
  );
  if (children.length > 0 && P.scale)
    out.push(
      `Дефициты выявлены в ${withDef.length} из ${children.length} ${u.level === 'school' || u.level === 'parallel' ? plural(children.length, ['класса', 'классов', 'классов']) : 'единиц'}` +
        (withDef.length ? `: ${withDef.map(shortTitle).join(', ')}.` : '.'),
    );
  return out;
}

/** Thresholds of the recommendations (documented, not normative). */
export const RECOMMENDATION_RULES = {
  /** Share of pupils whose ВПР mark is lower than the journal's: above it, review marking. */
  journalLowerPct: 25,
} as const;

function recommendations(P: ProcedureReport, u: UnitReport, children: UnitReport[]): string[] {
  const out: string[] = [];
  const d = namedDeficits(u);
  if (d.skillsOnly.length > 0)
    out.push(
      `Учителям «${P.subject}» внести в рабочие программы (тематическое планирование) изменения, направленные на формирование умений: ${d.skillsOnly.map((x) => `«${x.id}» (${pct(x.completion)})`).join('; ')}; утвердить их приложением к рабочей программе (п. 3.8.1).`,
    );
  else if (d.tasks.length > 0)
    out.push(
      `Включить в тематическое планирование работу над умениями, проверяемыми заданиями № ${d.tasks.map((t) => t.id).join(', ')} (выполнение ниже порога ФИОКО) (п. 3.8.1).`,
    );
  const uncertain = (u.tasks ?? []).filter((t) => t.status === 'uncertain');
  if (uncertain.length > 0)
    out.push(
      `Включить в текущий и тематический контроль задания, аналогичные № ${uncertain.map((t) => t.id).join(', ')} (выполнение на границе порога: ${fiokoBand()}), чтобы подтвердить сформированность умений (п. 3.10).`,
    );
  if (u.marks && u.marks['2'] > 0)
    out.push(
      `Разработать индивидуальные образовательные маршруты для ${u.marks['2']} ${plural(u.marks['2'], ['обучающегося', 'обучающихся', 'обучающихся'])} с отметкой «2» и для обучающихся с несформированными умениями (п. 3.8.5).`,
    );
  const j = u.journal;
  if (j && j.lowerPct !== null && j.lowerPct > RECOMMENDATION_RULES.journalLowerPct)
    out.push(
      `Проанализировать систему текущего оценивания: ${pct(j.lowerPct)} участников получили за работу отметку ниже, чем по журналу (больше ${RECOMMENDATION_RULES.journalLowerPct} %) (п. 3.8.6).`,
    );
  const worst = children
    .filter((c) => c.written > 0 && c.kachestvo !== null && c.kachestvo !== undefined)
    .sort((a, b) => (a.kachestvo ?? 0) - (b.kachestvo ?? 0))[0];
  if (worst && children.length > 1)
    out.push(
      `Обратить особое внимание на ${worst.level === 'class' ? `${worst.name} класс` : worst.name}: наименьшее качество знаний — ${pct(worst.kachestvo)}.`,
    );
  out.push(
    'Провести повторную диагностику несформированных умений по итогам четверти (триместра) и отразить динамику в аналитическом отчёте (п. 3.11).',
  );
  return out;
}
