// The closing sections of the справка: признаки необъективности (school and municipality), выводы,
// рекомендации, the roadmap summary.
import type { ProcedureReport, SignEntry, UnitReport } from '../report/types.ts';
import { compareIso } from '../roadmap/dates.ts';
import { progressOf, statusOf } from '../roadmap/edits.ts';
import type { FiokoStatus } from '../stats/fioko.ts';
import { coef, dateRu, fiokoBand, num, pct, plural, share } from '../text/format.ts';
import { OFFICIAL_SIGN_NAMES } from '../text/labels.ts';
import { list, p } from './model.ts';
import { section, type Section } from './sections.ts';
import { comparePctSentence, marksTotal } from './spravka-results.ts';
import { namedDeficits, taskLabel } from './spravka-tasks.ts';
import { REF_NAME, type SpravkaContext } from './spravka-types.ts';
import { schoolsBelow, shortTitle } from './units.ts';

function signSentence(s: SignEntry): string {
  const mark = s.flagged ? 'признак выявлен' : 'признак не выявлен';
  const name = OFFICIAL_SIGN_NAMES[s.sign];
  switch (s.sign) {
    case 'inflated-mean':
      return `«${name}»: средний первичный балл ${s.value >= 0 ? 'выше' : 'ниже'} среднего по выборке на ${num(Math.abs(s.value))}; признак отмечается, когда 95-процентный доверительный интервал школы целиком выше интервала выборки — ${mark}.`;
    case 'journal-mismatch':
      return `«${name}»: коэффициент корреляции Спирмена между отметкой по журналу и первичным баллом — ${coef(s.value)}; признак отмечается при отрицательном значении — ${mark}.`;
    default:
      return `«${name}»: отношение результатов (${s.earlierProcedure ?? 'предыдущая процедура'} к текущей) K = ${coef(s.value)}, граница — ${coef(s.fence ?? null)} — ${mark}.`;
  }
}

export function signsSection({ input, P, unit }: SpravkaContext): Section | null {
  if (unit.level !== 'school' && unit.level !== 'municipality') return null;
  const schoolsHere = schoolsBelow(P, unit).map((s) => s.id);
  const signs = (input.signs ?? []).filter((s) => s.procedure === P.id && schoolsHere.includes(s.school));
  const s = section(
    'Признаки необъективности результатов',
    p(
      'Признаки вычислены по методике Рособрнадзора. Признак не доказывает необъективность: он показывает, где нужна проверка процедуры проведения и проверки работ.',
    ),
  );
  if (unit.level === 'school') {
    s.blocks.push(
      signs.length
        ? list(signs.map((x) => [signSentence(x)]))
        : p('Данных для вычисления признаков недостаточно.'),
    );
    return s;
  }
  const names = new Map(P.units.filter((u) => u.level === 'school').map((u) => [u.id, u.name]));
  const bySchool = new Map<string, SignEntry[]>();
  for (const x of signs.filter((y) => y.flagged))
    bySchool.set(x.school, [...(bySchool.get(x.school) ?? []), x]);
  s.blocks.push(
    p(
      `Признаки выявлены у ${bySchool.size} из ${schoolsHere.length} ${plural(schoolsHere.length, ['школы', 'школ', 'школ'])}.`,
    ),
  );
  if (bySchool.size > 0)
    s.blocks.push({
      kind: 'table',
      header: [['Школа', 'Выявленные признаки']],
      widths: [2, 3],
      rows: [...bySchool].map(([id, found]) => [
        names.get(id) ?? id,
        found
          .map(
            (x) =>
              `${OFFICIAL_SIGN_NAMES[x.sign]} (${x.sign === 'inflated-mean' ? num(x.value) : coef(x.value)})`,
          )
          .join('\n'),
      ]),
    });
  return s;
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
  const k = comparePctSentence('Качество знаний', u.kachestvo, ref?.kachestvo, REF_NAME);
  if (k) out.push(k);
  const y = comparePctSentence('Успеваемость', u.uspevaemost, ref?.uspevaemost, REF_NAME);
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

export function conclusionsSection({ P, unit, ref, skills, children }: SpravkaContext): Section {
  return section('Выводы', list(conclusions(P, unit, ref, skills, children).map((s) => [s])));
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

export function recommendationsSection({ P, unit, children }: SpravkaContext): Section {
  return section('Рекомендации', list(recommendations(P, unit, children).map((s) => [s])));
}

export function roadmapSection({ input }: SpravkaContext): Section | null {
  if (!input.roadmap) return null;
  const today = input.today ?? input.resultsDate;
  const prog = progressOf(input.roadmap, today);
  return section(
    'План мероприятий («дорожная карта»)',
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
