// «Рекомендации» of the справка, generated from the tables they follow, each citing its number:
// deficits and tasks below the ФИОКО bar (task-level ones too), tasks on the border, the table of
// completion by mark group, the journal shares, the objectivity signs of the unit. For a school,
// parallel or class: what teachers and the school do (seed 004 §3.8); for a municipality or the
// whole sample: municipal measures (seed 004 §2.5, 000/002: named schools with low results,
// partner pairs, targeted courses, checks of objectivity) — never school advice, never a ranking.
import type { UnitReport } from '../report/types.ts';
import { fiokoBand, int, pct, plural, subjectGenitive } from '../text/format.ts';
import { LOW_RESULTS_RULE } from './objectivity-plan.ts';
import { list } from './model.ts';
import { section, type Section } from './sections.ts';
import { journalLowerSentence, OWN_SIGN_RULES, thresholdPileSentence } from './spravka-objectivity.ts';
import { namedDeficits } from './spravka-tasks.ts';
import type { SpravkaContext } from './spravka-types.ts';
import { rootUnit, schoolsBelow } from './units.ts';
import { flaggedSchoolIds, officialSchoolIds } from '../objectivity/evidence-summary.ts';

/** Thresholds of the recommendations (documented, not normative). */
export const RECOMMENDATION_RULES = {
  /** Share of pupils whose ВПР mark is lower than the journal's: above it, review marking. */
  journalLowerPct: OWN_SIGN_RULES.journalLowerPct,
  /** A group with a higher mark completing a task this many п. п. below a lower-mark group. */
  groupInversionPp: 10,
  /** Pupils with «4» or «5» completing a task below this %: the task is hard for everyone. */
  strongGroupLowPct: 30,
  /** Pupils a mark group needs before Table 7 speaks for it. */
  minGroup: 5,
  /** A partner school: У at least this % and no sign to check. */
  partnerMinUspevaemost: 95,
} as const;

const MARK_KEYS = ['2', '3', '4', '5'] as const;

/** A mark group of fewer pupils is one or two pupils' answers, not a pattern: no advice from it. */
function bigEnough(u: UnitReport, mark: (typeof MARK_KEYS)[number]): boolean {
  return (u.marks?.[mark] ?? 0) >= RECOMMENDATION_RULES.minGroup;
}

/** Tasks where a higher mark group did worse than a lower one, or «4»/«5» did badly: from Table 7. */
function markGroupLines(u: UnitReport): string[] {
  const out: string[] = [];
  for (const t of u.tasks ?? []) {
    const g = t.byMark;
    if (!g) continue;
    let said = false;
    for (let i = 1; i < MARK_KEYS.length && !said; i++)
      for (let k = 0; k < i && !said; k++) {
        const hi = g[MARK_KEYS[i]];
        const lo = g[MARK_KEYS[k]];
        if (hi === null || lo === null || hi === undefined || lo === undefined) continue;
        if (!bigEnough(u, MARK_KEYS[i]) || !bigEnough(u, MARK_KEYS[k])) continue;
        if (lo - hi >= RECOMMENDATION_RULES.groupInversionPp) {
          out.push(
            `Задание № ${t.id}: группа «${MARK_KEYS[i]}» выполнила его на ${pct(hi)}, группа «${MARK_KEYS[k]}» — на ${pct(lo)} (таблица выполнения по группам): разобрать задание с обучающимися, получившими «${MARK_KEYS[i]}», и проверить, чему учит тема.`,
          );
          said = true;
        }
      }
    if (said) continue;
    for (const m of ['4', '5'] as const) {
      const v = g[m];
      if (v !== null && v !== undefined && v < RECOMMENDATION_RULES.strongGroupLowPct && bigEnough(u, m)) {
        out.push(
          `Задание № ${t.id}: даже обучающиеся с отметкой «${m}» выполнили его на ${pct(v)} (ниже ${RECOMMENDATION_RULES.strongGroupLowPct} %): включить тему задания в работу со всеми группами.`,
        );
        break;
      }
    }
  }
  return out;
}

function schoolRecommendations(c: SpravkaContext): string[] {
  const { P, unit: u } = c;
  const out: string[] = [];
  const d = namedDeficits(u);
  const teachers = `Учителям ${subjectGenitive(P.subject)}`;
  if (d.skillsOnly.length > 0)
    out.push(
      `${teachers} внести в рабочие программы (тематическое планирование) изменения, направленные на формирование умений: ${d.skillsOnly.map((x) => `«${x.id}» (${pct(x.completion)})`).join('; ')}; утвердить их приложением к рабочей программе (п. 3.8.1).`,
    );
  // Tasks below the bar whose skill as a whole passes stay a deficit of their own.
  const inSkills = new Set(d.skillsOnly.flatMap((x) => x.tasks));
  const loose = d.tasks.filter((t) => !inSkills.has(t.id));
  if (loose.length > 0)
    out.push(
      `${teachers} включить в тематическое планирование работу над заданиями № ${loose.map((t) => `${t.id} (${pct(t.completion)})`).join(', ')}: выполнение ниже порога ФИОКО${d.skillsOnly.length ? ', хотя умение в целом сформировано' : ''} (п. 3.8.1).`,
    );
  const uncertain = (u.tasks ?? []).filter((t) => t.status === 'uncertain');
  if (uncertain.length > 0)
    out.push(
      `Включить в текущий и тематический контроль задания, аналогичные № ${uncertain.map((t) => `${t.id} (${pct(t.completion)})`).join(', ')} (выполнение на границе порога: ${fiokoBand()}), чтобы подтвердить сформированность умений (п. 3.10).`,
    );
  out.push(...markGroupLines(u));
  const r = c.input.routes;
  if (r && r.count > 0)
    out.push(
      `Разработать индивидуальные образовательные маршруты для ${int(r.count)} ${plural(r.count, ['обучающегося', 'обучающихся', 'обучающихся'])} (${r.criterion}) (п. 3.8.5).`,
    );
  else if (!r && u.marks && u.marks['2'] > 0)
    out.push(
      `Разработать индивидуальные образовательные маршруты: отметку «2» получили ${int(u.marks['2'])} ${plural(u.marks['2'], ['обучающийся', 'обучающихся', 'обучающихся'])} (п. 3.8.5).`,
    );
  const j = u.journal;
  if (j && j.lowerPct !== null && j.lowerPct > RECOMMENDATION_RULES.journalLowerPct)
    out.push(
      `Проанализировать систему текущего оценивания: ${pct(j.lowerPct)} участников получили за работу отметку ниже, чем по журналу (больше ${RECOMMENDATION_RULES.journalLowerPct} %) (п. 3.8.6).`,
    );
  const pile = thresholdPileSentence(P, u, rootUnit(P));
  const e = c.input.evidence;
  const listed = u.level === 'school' && e?.flagged.some((x) => x.id === u.id);
  const official =
    u.level === 'school' &&
    (e?.official ?? c.input.signs ?? []).some((x) => x.school === u.id && x.procedure === P.id && x.flagged);
  if (pile || listed || official)
    out.push(
      'Проверить проведение работы и проверку ответов (признаки, которые нужно проверить, — в разделе о признаках необъективности' +
        (pile ? `; ${pile.charAt(0).toLowerCase()}${pile.slice(1, pile.indexOf(':'))}` : '') +
        ').',
    );
  out.push(
    'Провести повторную диагностику несформированных умений по итогам четверти (триместра) и отразить динамику в аналитическом отчёте (п. 3.11).',
  );
  return out;
}

function municipalRecommendations(c: SpravkaContext): string[] {
  const { P, unit: u } = c;
  const out: string[] = [];
  const schools = schoolsBelow(P, u).filter((s) => s.written > 0);
  const ru = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });
  const low = schools
    .filter(
      (s) =>
        s.uspevaemost !== null && s.uspevaemost !== undefined && s.uspevaemost < LOW_RESULTS_RULE.threshold,
    )
    .sort((a, b) => ru(a.name, b.name));
  if (low.length > 0)
    out.push(
      `Включить в адресную поддержку ${int(low.length)} ${plural(low.length, ['школу', 'школы', 'школ'])} с успеваемостью ниже ${LOW_RESULTS_RULE.threshold} %: ${low.map((s) => `${s.name} (${pct(s.uspevaemost)})`).join('; ')} — методическое сопровождение, консультации муниципальных методистов (п. 2.5).`,
    );
  const e = c.input.evidence;
  const here = new Set(schools.map((s) => s.id));
  const toCheck = new Set([
    ...(e ? flaggedSchoolIds(e, here) : []),
    ...officialSchoolIds(
      { official: (e?.official ?? c.input.signs ?? []).filter((x) => x.procedure === P.id) },
      here,
    ),
  ]);
  const partners = schools
    .filter(
      (s) =>
        !toCheck.has(s.id) &&
        s.uspevaemost !== null &&
        s.uspevaemost !== undefined &&
        s.uspevaemost >= RECOMMENDATION_RULES.partnerMinUspevaemost,
    )
    .sort((a, b) => ru(a.name, b.name));
  // Each partner takes at most two schools; the rest are said to need one.
  const paired = low.slice(0, 2 * partners.length);
  const unpaired = low.slice(paired.length);
  if (paired.length > 0)
    out.push(
      `Организовать пары «школа — школа-партнёр» для обмена практикой (взаимопосещение уроков, совместные методические объединения): ${paired.map((s, i) => `${s.name} — ${partners[i % partners.length].name} (${pct(partners[i % partners.length].uspevaemost)})`).join('; ')}` +
        (unpaired.length ? `; партнёра подобрать: ${unpaired.map((s) => s.name).join(', ')}` : '') +
        `. Партнёр — школа с успеваемостью не ниже ${RECOMMENDATION_RULES.partnerMinUspevaemost} % без признаков, которые нужно проверить.`,
    );
  const d = namedDeficits(u);
  if (d.skillsOnly.length > 0)
    out.push(
      `Организовать адресные курсы повышения квалификации и методические семинары для учителей ${subjectGenitive(P.subject)} по умениям: ${d.skillsOnly.map((x) => `«${x.id}» (${pct(x.completion)})`).join('; ')}.`,
    );
  else if (d.tasks.length > 0)
    out.push(
      `Провести методические семинары для учителей ${subjectGenitive(P.subject)} по заданиям № ${d.tasks.map((t) => `${t.id} (${pct(t.completion)})`).join(', ')} (выполнение ниже порога ФИОКО).`,
    );
  if (toCheck.size > 0)
    out.push(
      `Включить в план мероприятий по объективности ${int(toCheck.size)} ${plural(toCheck.size, ['школу', 'школы', 'школ'])} с признаками, которые нужно проверить (перечни — в разделе о признаках): общественное наблюдение, перепроверка работ.`,
    );
  const j = journalLowerSentence(u);
  if (j)
    out.push(
      `Провести семинар по текущему оцениванию для заместителей руководителей: ${u.journal && pct(u.journal.lowerPct)} участников получили за работу отметку ниже, чем по журналу.`,
    );
  out.push(
    'Повторно проанализировать результаты этих школ после следующей оценочной процедуры и отразить динамику в отчёте.',
  );
  return out;
}

export function recommendationsSection(c: SpravkaContext): Section {
  const municipal = c.unit.level === 'municipality' || c.unit.level === 'all';
  const lines = municipal ? municipalRecommendations(c) : schoolRecommendations(c);
  return section('Рекомендации', list(lines.map((s) => [s])));
}
