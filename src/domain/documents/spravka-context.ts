// «Результаты в контексте условий школ» for the municipal справка and the municipal plan: the groups
// of schools by context, the schools with low results (named by the rule, in alphabetical order —
// never a ranking) with their partner schools, the schools in hard conditions, results vs resources
// (associations, not causes) and the effect of measures where the data allow. The figures come from
// the last analysis on «Контекст школ» (settings `contextSummary`); a summary computed on other data
// is said to be out of date. Pure.
import type { ContextSummary } from '../context/summary.ts';
import { effectRow, resourceRow } from '../context/figure-rows.ts';
import type { SupportMeasure } from '../context/support-measures.ts';
import { coef, dateRu, int, plural } from '../text/format.ts';
import { b, h, p, type Block } from './model.ts';
import { section, type Section } from './sections.ts';
import type { SpravkaContext } from './spravka-types.ts';

/** What a document needs: the stored summary and whether it was computed on the data now stored. */
export interface ContextForDocuments {
  summary: ContextSummary;
  stale: boolean;
}

const ru = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });
const schoolsWord = (n: number) => plural(n, ['школа', 'школы', 'школ']);

/** The schools of the summary among `logins` (all when null). */
function ownSchools(s: ContextSummary, logins: Set<string> | null) {
  return s.schools.filter((x) => !logins || logins.has(x.login)).sort((a, b) => ru(a.name, b.name));
}

function staleNote(c: ContextForDocuments): Block[] {
  return c.stale
    ? [
        p(
          b('Расчёт устарел. '),
          `Группы и школы с низкими результатами рассчитаны ${dateRu(c.summary.computedAt.slice(0, 10))} по другому ` +
            'набору загруженных процедур; пересчитайте их на экране «Контекст школ».',
        ),
      ]
    : [];
}

/** The partner pairs (low-result school → partners), alphabetical by school. */
export function partnerPairsTable(schools: ContextSummary['schools']): Block {
  return {
    kind: 'table',
    header: [['Школа с низкими результатами', 'Годы', 'Неблагоприятные условия', 'Школы-партнёры']],
    rows: schools
      .filter((x) => x.low)
      .map((x) => [
        x.name,
        x.lowYears.join(', '),
        x.hardReasons.length ? x.hardReasons.join('; ') : '—',
        x.partners.length
          ? x.partners
              .map((q) => `${q.name}${q.sameMunicipality ? '' : ' (другой муниципалитет)'}`)
              .join('; ')
          : 'нет подходящей школы в той же группе — подобрать вручную',
      ]),
    widths: [3, 1, 3, 4],
  };
}

/** The blocks of the section for the schools `logins` (null: every school of the summary). */
export function contextBlocks(c: ContextForDocuments, logins: Set<string> | null): Block[] {
  const s = c.summary;
  const own = ownSchools(s, logins);
  if (own.length === 0) return [];
  const groups = s.clusters
    .map((g) => ({ ...g, here: own.filter((x) => x.cluster === g.id).length }))
    .filter((g) => g.here > 0);
  const low = own.filter((x) => x.low);
  const hardOnly = own.filter((x) => !x.low && x.hardReasons.length > 0);
  const out: Block[] = [
    ...staleNote(c),
    p(
      `Школы сгруппированы по контекстной анкете ФИС ОКО (тип и размер населённого пункта, транспортная доступность, ` +
        `специальная школа, интернат, число учеников, доля учеников по АОП): групп ${s.k}, средний силуэт ${coef(s.silhouette)}. ` +
        `Результаты школы сравниваются прежде всего со школами своей группы.`,
    ),
    {
      kind: 'table',
      header: [['Группа', 'Описание', 'Школ здесь', 'Школ всего', 'Устойчивость (Жаккар)']],
      rows: groups.map((g) => [String(g.id), g.words, int(g.here), int(g.n), coef(g.stability)]),
      widths: [1, 6, 1, 1, 2],
      align: ['right', 'left', 'right', 'right', 'right'],
    },
    h(3, 'Школы с низкими результатами и школы-партнёры'),
    p(s.lowRule),
    p(
      low.length
        ? `По правилу — ${int(low.length)} ${schoolsWord(low.length)} (в алфавитном порядке; это не рейтинг). ` +
            'Партнёр — школа той же группы со стабильными результатами и без «красных» признаков необъективности.'
        : 'По правилу ни одна школа не отнесена к школам с низкими результатами.',
    ),
  ];
  if (low.length) out.push(partnerPairsTable(own));
  out.push(
    p(
      hardOnly.length
        ? `Школы в неблагоприятных социальных условиях без низких результатов (ШНСУ): ${hardOnly.map((x) => x.name).join('; ')}.`
        : 'Школ в неблагоприятных условиях без низких результатов нет.',
    ),
    h(3, 'Результаты и условия (ресурсы) школ'),
    p(
      'Ранговая корреляция Спирмена среднего результата школы с ресурсом внутри групп сходных школ, 95 % интервал. ' +
        'Это связь, а не причина: из неё не следует, что изменение ресурса изменит результат.',
    ),
    {
      kind: 'table',
      header: [['Ресурс', 'ρ', '95 % интервал', 'Школ']],
      rows: s.resources.map(resourceRow),
      widths: [5, 1, 3, 1],
    },
    h(3, 'Эффективность мер'),
  );
  const measured = s.effect.filter((e) => e.effect !== null);
  if (measured.length === 0)
    out.push(
      p(
        s.effect.length
          ? 'Эффект мер не оценён: мало школ с мерами, у которых есть сходные школы без мер и результаты обоих лет.'
          : 'Эффект мер не оценивался: нет школ с дорожными картами или результатов двух лет.',
      ),
    );
  else
    out.push(
      p(
        'Разность разностей: изменение результата школ с мерами (дорожными картами) минус изменение у наиболее сходных ' +
          'школ той же группы без мер, в процентных пунктах от максимального балла, 95 % интервал. Интервал, включающий 0, ' +
          'означает, что эффект не доказан.',
      ),
      {
        kind: 'table',
        header: [['Процедура', 'Годы', 'Эффект, п. п.', '95 % интервал', 'Школ с мерами']],
        rows: s.effect.map(effectRow),
        widths: [3, 2, 1, 2, 1],
      },
    );
  return out;
}

/** The справка's section: municipality and whole-sample levels only, when a summary is stored. */
export function contextSection(c: SpravkaContext): Section | null {
  const ctx = c.input.context;
  if (!ctx || (c.unit.level !== 'municipality' && c.unit.level !== 'all')) return null;
  const logins =
    c.unit.level === 'municipality'
      ? new Set(c.P.units.filter((u) => u.level === 'school' && u.parent === c.unit.id).map((u) => u.id))
      : null;
  const blocks = contextBlocks(ctx, logins);
  return blocks.length ? section('Результаты в контексте условий школ', ...blocks) : null;
}

/** The municipal plan's part: the support of low-result schools (pairs and the programme's measures). */
export function contextPlanBlocks(
  c: ContextForDocuments,
  logins: Set<string>,
  measures: SupportMeasure[],
): Block[] {
  const own = ownSchools(c.summary, logins);
  const low = own.filter((x) => x.low);
  if (own.length === 0) return [];
  return [
    h(2, 'Поддержка школ с низкими результатами'),
    ...staleNote(c),
    p(c.summary.lowRule),
    low.length
      ? partnerPairsTable(own)
      : p('По правилу ни одна школа муниципалитета не отнесена к школам с низкими результатами.'),
    ...(low.length
      ? [
          {
            kind: 'table',
            header: [['№', 'Мероприятие программы поддержки', 'Срок', 'Ответственные']],
            rows: measures.map((m, k) => [String(k + 1), m.text, m.term, m.who]),
            widths: [1, 8, 3, 4],
          } satisfies Block,
        ]
      : []),
  ];
}
