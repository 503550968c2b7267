// Sections 2–5 of the справка: участники, отметки и показатели against the reference, сравнение
// с журналом, распределение первичных баллов. Every sentence takes its number from the report.
import { isGiaProcedure } from '../report/gia-figures.ts';
import { giaSpravkaBlocks } from './gia-spravka.ts';
import type { ReferenceUnit } from '../reference/types.ts';
import type { MarkKey, ProcedureReport, UnitLevel, UnitReport } from '../report/types.ts';
import { wilson } from '../stats/proportion.ts';
import { coef, compareWords, int, num, pct, plural, share } from '../text/format.ts';
import { list, p, type Block } from './model.ts';
import { section, type Section } from './sections.ts';
import { REF_NAME, type SpravkaContext } from './spravka-types.ts';
import { municipalityOf, shortTitle } from './units.ts';

export const MARKS: MarkKey[] = ['2', '3', '4', '5'];
const SOU_W: Record<MarkKey, number> = { '2': 16, '3': 36, '4': 64, '5': 100 };

export const marksTotal = (u: UnitReport) => (u.marks ? MARKS.reduce((s, k) => s + u.marks![k], 0) : 0);

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

export const CHILD_TITLE: Record<UnitLevel, string> = {
  all: 'Единица',
  municipality: 'Школа',
  school: 'Класс',
  parallel: 'Класс',
  class: '',
};

export const CHILD_DATIVE: Record<UnitLevel, string> = {
  all: 'муниципалитетам (школам)',
  municipality: 'школам',
  school: 'классам',
  parallel: 'классам',
  class: '',
};

/** Below this many writers a group's percentages move by ≥ 10 п. п. per pupil: said, with the interval. */
export const SMALL_GROUP = 10;

/** «этот класс (5А)», «эта школа» — what the whole sample is when it is the unit. */
function onlyWhat(P: ProcedureReport, u: UnitReport): string {
  const schools = P.units.filter((x) => x.level === 'school' && x.written > 0).length;
  if (u.level === 'class') return `этот класс (${u.name})`;
  if (u.level === 'parallel') return 'эта параллель';
  if (u.level === 'school') return 'эта школа';
  if (u.level === 'municipality') return 'этот муниципалитет';
  return schools === 1 ? 'одна школа' : 'эти участники';
}

/** The caution of a group under SMALL_GROUP writers: one pupil's weight and the 95 % intervals. */
export function smallGroupCaution(u: UnitReport): string | null {
  const n = u.written;
  if (n === 0 || n >= SMALL_GROUP) return null;
  const iv = (x: number | null | undefined) => {
    if (x === null || x === undefined) return null;
    const w = wilson(Math.round((x * n) / 100), n);
    return w ? `${num(w[0] * 100)}–${num(w[1] * 100)} %` : null;
  };
  const y = iv(u.uspevaemost);
  const k = iv(u.kachestvo);
  return (
    `Осторожно: работу писали ${n} ${plural(n, ['обучающийся', 'обучающихся', 'обучающихся'])} (меньше ${SMALL_GROUP}); один обучающийся — ${num(100 / n)} п. п.; ` +
    (y || k
      ? `95-процентный интервал (Уилсона): успеваемость — ${y ?? '—'}, качество знаний — ${k ?? '—'}. `
      : '') +
    'Статусы ФИОКО и сравнения для такой группы ненадёжны.'
  );
}

/**
 * Without a wider unit in the data, the published region (else Russia) of the imported ФИС ОКО
 * reference rows is the comparison: «Успеваемость … выше, чем по региону (справочно) (…)».
 */
function referenceSentences(unit: UnitReport, refs: readonly ReferenceUnit[]): string[] {
  const r = refs.find((x) => x.level === 'region') ?? refs.find((x) => x.level === 'russia');
  if (!r) return [];
  const m = r.marksPct;
  const y = r.uspevaemost ?? (m ? 100 - m[2] : null);
  const k = r.kachestvo ?? (m ? m[4] + m[5] : null);
  const name = `${r.level === 'region' ? 'по региону' : 'по России'} (${r.name}, справочно)`;
  return [
    comparePctSentence('Успеваемость', unit.uspevaemost, y, name),
    comparePctSentence('Качество знаний', unit.kachestvo, k, name),
  ].filter((x): x is string => x !== null);
}

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

export function meanSentence(
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

function spearmanWords(r: number): string {
  const a = Math.abs(r);
  const strength = a < 0.3 ? 'слабая' : a < 0.5 ? 'умеренная' : a < 0.7 ? 'заметная' : 'высокая';
  return r < 0 ? `обратная (${strength})` : `${strength}`;
}

export function participantsSection({ unit, children }: SpravkaContext): Section {
  const total = unit.written + unit.absent;
  const s = section(
    'Участники',
    p(
      `Работу писали ${unit.written} ${plural(unit.written, ['обучающийся', 'обучающихся', 'обучающихся'])}, отсутствовали ${unit.absent}` +
        (total > 0 ? `; участие — ${pct(share(unit.written, total))} от ${total} по списку.` : '.'),
    ),
  );
  if (children.length > 0)
    s.blocks.push({
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
  return s;
}

export function marksSection({ input, P, unit, ref, title, children }: SpravkaContext): Section {
  const s = section('Результаты: отметки и показатели');
  const blocks: Block[] = s.blocks;
  // ГИА: the marks are the protocol's «Оценка», with or without a scale.
  if (!(unit.marks !== undefined && (P.scale !== null || isGiaProcedure(P)))) {
    if (!isGiaProcedure(P))
      blocks.push(
        p(
          'Шкала перевода первичных баллов в отметки не задана: отметки, У, КЗ и СОУ не вычисляются (задайте шкалу на экране «Спецификации»).',
        ),
      );
    const m = meanSentence(`Средний первичный балл (из ${P.maxScore})`, unit.score?.mean, ref?.score?.mean);
    if (m) blocks.push(p(m));
    blocks.push(...giaSpravkaBlocks(P, unit));
    return s;
  }
  const rows: string[][] = [marksRow(title, unit)];
  // Only wider units, each once: a municipality or sample of the same pupils is the unit itself.
  const muni = municipalityOf(P, unit);
  const muniRow = muni && muni !== unit && muni.written > unit.written ? muni : undefined;
  if (muniRow) rows.push(marksRow(muniRow.name, muniRow));
  if (ref && ref.written !== muniRow?.written) rows.push(marksRow('Все участники (вся выборка)', ref));
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
        ...(ref ? [] : referenceSentences(unit, input.references ?? [])),
        ...(ref || !referenceSentences(unit, input.references ?? []).length
          ? [
              comparePctSentence('Успеваемость', unit.uspevaemost, ref?.uspevaemost, REF_NAME),
              comparePctSentence('Качество знаний', unit.kachestvo, ref?.kachestvo, REF_NAME),
            ]
          : []),
        comparePctSentence('Степень обученности (СОУ)', unit.sou, ref?.sou, REF_NAME),
        meanSentence('Средняя отметка', unit.meanMark, ref?.meanMark),
        meanSentence(`Средний первичный балл (из ${P.maxScore})`, unit.score?.mean, ref?.score?.mean),
      ].filter((x): x is string => x !== null),
    ),
  );
  if (!ref && !(input.references ?? []).length && unit.written > 0)
    blocks.push(
      p(`Сравнение невозможно: в данных только ${onlyWhat(P, unit)}; показатели приведены без сравнения.`),
    );
  const caution = smallGroupCaution(unit);
  if (caution) blocks.push(p(caution));
  const small = children.filter((c) => c.written > 0 && c.written < SMALL_GROUP);
  if (children.length > 0)
    blocks.push({
      kind: 'table',
      caption: `Таблица 3. Показатели по ${CHILD_DATIVE[unit.level]}${small.length ? ` (* — меньше ${SMALL_GROUP} участников: показатели ненадёжны)` : ''}`,
      header: [MARKS_HEADER],
      widths: MARKS_WIDTHS,
      align: [...MARKS_ALIGN],
      rows: children.map((c) =>
        marksRow(c.written > 0 && c.written < SMALL_GROUP ? `${shortTitle(c)}*` : shortTitle(c), c),
      ),
    });
  blocks.push(...giaSpravkaBlocks(P, unit));
  return s;
}

export function journalSection({ unit }: SpravkaContext): Section {
  const j = unit.journal;
  const s = section('Сравнение с отметками по журналу');
  if (j && j.n > 0 && j.lower !== null) {
    s.blocks.push(
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
    s.blocks.push(
      p(
        `Отметки по журналу есть у ${j.n} участников. Коэффициент ранговой корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(j.spearman)}.`,
      ),
    );
  } else s.blocks.push(p('Отметок по журналу в загруженных данных нет.'));
  return s;
}

function maxText(n: number, max: number): string {
  return n === 0
    ? `максимальный балл (${max}) не набрал никто.`
    : `максимальный балл (${max}) ${plural(n, ['набрал', 'набрали', 'набрали'])} ${int(n)} ${plural(n, ['обучающийся', 'обучающихся', 'обучающихся'])}.`;
}

export function histogramSection({ P, unit }: SpravkaContext): Section {
  const hist = unit.histogram ?? [];
  const s = section('Распределение первичных баллов');
  if (!(hist.length > 0 && unit.written > 0)) {
    s.blocks.push(p('Нет писавших работу — распределение не строится.'));
    return s;
  }
  const per = 13;
  for (let from = 0; from < hist.length; from += per) {
    const cols = hist.slice(from, from + per).map((_, i) => from + i);
    s.blocks.push({
      kind: 'table',
      caption: from === 0 ? 'Таблица 5. Число и доля участников по первичному баллу' : undefined,
      header: [['Балл', ...cols.map(String)]],
      widths: [1.6, ...cols.map(() => 1)],
      align: ['left', ...cols.map(() => 'right' as const)],
      rows: [
        ['Человек', ...cols.map((x) => String(hist[x]))],
        ['%', ...cols.map((x) => num(share(hist[x], unit.written)))],
      ],
    });
  }
  const mode = hist.indexOf(Math.max(...hist));
  s.blocks.push(
    p(
      `Чаще всего участники набирали ${mode} ${plural(mode, ['балл', 'балла', 'баллов'])} (${hist[mode]} чел., ${pct(share(hist[mode], unit.written))}); ${maxText(hist[P.maxScore] ?? 0, P.maxScore)}`,
    ),
  );
  return s;
}
