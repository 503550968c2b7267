// «Динамика результатов» of the справка (issue #14, point 5): the school's (or municipality's)
// figures for the same subject and grade over every year in the data, and the cohort's — the same
// school or class followed across grades (4 → 5 → 6) — with the comparability notes a reader needs
// before drawing a trend: fewer than three years, other works (task sets, maxima), other scales,
// other pupils. The series come from domain/dynamics; this module only lays them out.
import {
  classLetter,
  cohortSeries,
  yearSeries,
  type DynamicsSeries,
  type DynamicsUnit,
} from '../dynamics/index.ts';
import { ALL_UNIT_ID, findUnit, parallelId } from '../report/analyze.ts';
import { cohortPredecessor } from '../report/signs.ts';
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { formatScaleText } from '../spec/scale-text.ts';
import { delta, int, num, plural, pp } from '../text/format.ts';
import { list, p, type Block } from './model.ts';
import { section, type Section } from './sections.ts';
import type { SpravkaContext } from './spravka-types.ts';
import { schoolOf } from './units.ts';

/** Fewer points than this: the справка says a trend cannot be judged. */
export const MIN_YEARS = 3;

const HEADER = [
  'Работа',
  'Участ\u00adников',
  'Ср. балл',
  'Ср. балл, % от макс.',
  'У, %',
  'КЗ, %',
  'СОУ, %',
  '«2», %',
];
const WIDTHS = [2, 1.1, 1.2, 1.3, 0.9, 0.9, 0.9, 0.9];
const ALIGN = ['left', ...new Array(7).fill('right')] as const;

interface Built {
  series: DynamicsSeries;
  reports: Map<string, ProcedureReport>;
}

/** The unit the year series follows: a class or parallel is shown through its school. */
function yearUnit(P: ProcedureReport, u: UnitReport): UnitReport | undefined {
  return u.level === 'class' || u.level === 'parallel' ? schoolOf(P, u) : u;
}

const asDynamicsUnit = (u: UnitReport): DynamicsUnit => ({
  level: u.level,
  id: u.level === 'all' ? ALL_UNIT_ID : u.id,
});

/** A class of `to` with the letter of `u` (a class of `from`) in the same school. */
function sameLetter(from: ProcedureReport, u: UnitReport, to: ProcedureReport): UnitReport | undefined {
  const letter = classLetter(u.name, from.grade);
  const school = schoolOf(from, u);
  if (!letter || !school) return undefined;
  const parallel = parallelId(school.id, to.grade);
  return to.units.find(
    (x) =>
      x.level === 'class' &&
      x.parent === parallel &&
      classLetter(x.name, to.grade) === letter &&
      x.written > 0,
  );
}

/**
 * The cohort of the unit through the procedure `P`: back to its earliest work in the data (a class
 * by its letter), then forward along the chain (cohortSeries).
 */
function cohortOf(all: ProcedureReport[], P: ProcedureReport, u: UnitReport): DynamicsSeries | null {
  const mine = all.filter((r) => r.kind === P.kind && r.subject === P.subject);
  let first = P;
  const start = u.level === 'parallel' ? schoolOf(P, u) : u;
  if (!start) return null;
  let unit: UnitReport = start;
  for (let prev = cohortPredecessor(first, mine); prev; prev = cohortPredecessor(first, mine)) {
    const there: UnitReport | undefined =
      unit.level === 'class' ? sameLetter(first, unit, prev) : findUnit(prev, unit.level, unit.id);
    if (!there || there.written === 0) break;
    first = prev;
    unit = there;
  }
  return cohortSeries(
    mine,
    { kind: P.kind, subject: P.subject, start: { grade: first.grade, year: first.year } },
    asDynamicsUnit(unit),
  );
}

/** A point's unit level: its id tells (ids of the report's levels never clash). */
function unitLevelOf(rep: ProcedureReport, id: string): UnitReport['level'] | undefined {
  if (id === ALL_UNIT_ID) return 'all';
  for (const level of ['class', 'parallel', 'school', 'municipality'] as const)
    if (findUnit(rep, level, id)) return level;
  return undefined;
}

function row(r: Built, i: number, withGrade: boolean): string[] {
  const pt = r.series.points[i];
  const rep = r.reports.get(pt.procedureId);
  const level = rep ? unitLevelOf(rep, pt.unitId) : undefined;
  const u = rep && level ? findUnit(rep, level, pt.unitId) : undefined;
  const mean = u?.score ? `${num(u.score.mean)} из ${rep!.maxScore}` : '—';
  return [
    withGrade
      ? `${pt.year} г., ${pt.unitName.match(/^\d/) ? pt.unitName : `${pt.grade} кл.`}`
      : `${pt.year} г.`,
    int(pt.written),
    mean,
    num(pt.meanPct),
    num(pt.uspevaemost),
    num(pt.kachestvo),
    num(pt.sou),
    num(pt.share2),
  ];
}

const yearsWord = (n: number) => `${n} ${plural(n, ['год', 'года', 'лет'])}`;
const worksWord = (n: number) => `${n} ${plural(n, ['работе', 'работам', 'работам'])}`;

/** Notes every reader needs before comparing the rows. */
function comparability(b: Built, kind: 'years' | 'cohort'): string[] {
  const pts = b.series.points;
  const out: string[] = [];
  if (pts.length < MIN_YEARS)
    out.push(
      kind === 'years'
        ? `Результаты есть только за ${yearsWord(pts.length)} (${pts.map((x) => x.year).join(', ')}): для оценки динамики нужны данные не менее чем за ${MIN_YEARS} года, поэтому о тенденции судить нельзя.`
        : `Когорта прослежена только по ${worksWord(pts.length)} (${pts.map((x) => `${x.grade} кл. ${x.year} г.`).join(', ')}): для оценки динамики нужно не менее ${MIN_YEARS} работ, поэтому о тенденции судить нельзя.`,
    );
  if (kind === 'years' && pts.length >= 2)
    out.push(
      'Каждый год работу пишут другие обучающиеся: различия между годами отражают и различия между составами участников, а не только изменения в обучении.',
    );
  if (kind === 'cohort' && pts.length >= 2 && new Set(pts.map((x) => x.written)).size > 1)
    out.push(
      `Состав участников когорты менялся (прибывшие, выбывшие, отсутствовавшие): число писавших ${pts.map((x) => int(x.written)).join(' → ')}.`,
    );
  for (let i = 1; i < pts.length; i++) {
    const a = b.reports.get(pts[i - 1].procedureId);
    const c = b.reports.get(pts[i].procedureId);
    if (!a || !c) continue;
    const pair =
      kind === 'years'
        ? `${a.year} г. → ${c.year} г.`
        : `${a.grade} кл. ${a.year} г. → ${c.grade} кл. ${c.year} г.`;
    if (a.maxScore !== c.maxScore)
      out.push(
        `${pair}: максимальный балл различается (${a.maxScore} и ${c.maxScore}) — средний балл сравнивается только в процентах от максимума.`,
      );
    const sa = a.scale ? formatScaleText(a.scale) : null;
    const sc = c.scale ? formatScaleText(c.scale) : null;
    if (sa !== sc)
      out.push(
        sa && sc
          ? `${pair}: шкалы перевода баллов в отметки различаются (${sa} и ${sc}) — У, КЗ, СОУ и доля «2» сравнимы лишь условно.`
          : `${pair}: у одной из работ нет шкалы отметок — показатели по отметкам не сравниваются.`,
      );
  }
  return [...out, ...b.series.notes.map((n) => n.text)];
}

/** «С 2024 по 2026 г. КЗ выросло на 5,0 п. п. …» — only over three points or more. */
function trend(b: Built, withGrade: boolean): Block | null {
  const pts = b.series.points;
  if (pts.length < MIN_YEARS) return null;
  const f = pts[0];
  const l = pts[pts.length - 1];
  const name = (x: typeof f) => (withGrade ? `${x.grade} кл. ${x.year} г.` : `${x.year} г.`);
  const parts: string[] = [];
  const say = (what: string, a: number | null, c: number | null) => {
    if (a === null || c === null) return;
    const d = delta(a, c);
    parts.push(
      `${what}: ${d === 0 ? 'без изменений' : `${d > 0 ? 'рост' : 'снижение'} на ${pp(d)}`} (${num(a)} → ${num(c)} %)`,
    );
  };
  say('средний балл в % от максимума', f.meanPct, l.meanPct);
  say('КЗ', f.kachestvo, l.kachestvo);
  say('доля «2»', f.share2, l.share2);
  if (!parts.length) return null;
  return p(`От ${name(f)} к ${name(l)}: ${parts.join('; ')}.`);
}

function table(b: Built, withGrade: boolean, caption: string): Block {
  return {
    kind: 'table',
    caption,
    header: [HEADER],
    rows: b.series.points.map((_, i) => row(b, i, withGrade)),
    widths: WIDTHS,
    align: [...ALIGN],
  };
}

/** The section, or null when the справка was built without the other years' reports. */
export function dynamicsSection(c: SpravkaContext): Section | null {
  const history = c.input.history;
  if (!history) return null;
  const P = c.P;
  const all = history.some((r) => r.id === P.id)
    ? history.map((r) => (r.id === P.id ? P : r))
    : [...history, P];
  const reports = new Map(all.map((r) => [r.id, r]));
  const blocks: Block[] = [];

  const yu = yearUnit(P, c.unit);
  if (yu) {
    const b: Built = {
      series: yearSeries(all, { kind: P.kind, subject: P.subject, grade: P.grade }, asDynamicsUnit(yu)),
      reports,
    };
    const who = yu.level === 'all' ? 'все участники' : yu.name;
    blocks.push(
      p(
        `${P.grade} класс по годам (${who}): те же предмет, класс и вид работы в каждом году, который есть в данных.`,
      ),
      table(b, false, `Показатели ${P.grade} класса по годам — ${who}`),
    );
    const t = trend(b, false);
    if (t) blocks.push(t);
    blocks.push(list(comparability(b, 'years')));
  }

  const cohort = cohortOf(all, P, c.unit);
  if (cohort && cohort.points.length >= 1) {
    const b: Built = { series: cohort, reports };
    const who =
      c.unit.level === 'class'
        ? `класс ${c.unit.name}`
        : c.unit.level === 'all'
          ? 'все участники'
          : (yu?.name ?? c.unit.name);
    blocks.push(
      p(`Когорта (${who}): те же обучающиеся по мере перехода в следующий класс.`),
      table(b, true, `Показатели когорты по классам — ${who}`),
    );
    const t = trend(b, true);
    if (t) blocks.push(t);
    blocks.push(list(comparability(b, 'cohort')));
  }
  if (!blocks.length) return null;
  return section('Динамика результатов', ...blocks);
}
