// The closing sections of the справка: признаки необъективности (school and municipality), выводы,
// рекомендации, the roadmap summary.
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { compareIso } from '../roadmap/dates.ts';
import { progressOf, statusOf } from '../roadmap/edits.ts';
import type { FiokoStatus } from '../stats/fioko.ts';
import { dateRu, fiokoBand, pct, plural, share } from '../text/format.ts';
import { list, p } from './model.ts';
import { section, type Section } from './sections.ts';
import { comparePctSentence, marksTotal } from './spravka-results.ts';
import { namedDeficits, taskLabel } from './spravka-tasks.ts';
import { thresholdPileSentence } from './spravka-objectivity.ts';
import { REF_NAME, type SpravkaContext } from './spravka-types.ts';
import { shortTitle } from './units.ts';

/** Children in «из N …» (genitive) and «во всех N …» (prepositional plural). */
const CHILD_WORDS: Record<string, { of: [string, string, string]; in: string }> = {
  class: { of: ['класса', 'классов', 'классов'], in: 'классах' },
  parallel: { of: ['параллели', 'параллелей', 'параллелей'], in: 'параллелях' },
  school: { of: ['школы', 'школ', 'школ'], in: 'школах' },
  municipality: { of: ['муниципалитета', 'муниципалитетов', 'муниципалитетов'], in: 'муниципалитетах' },
  all: { of: ['группы', 'групп', 'групп'], in: 'группах' },
};

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
  // Never a plain result beside a pile of works at the «3» minimum: the sign is said with it.
  const pile = thresholdPileSentence(P, u, ref);
  if (pile) out.push(pile);
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
  // One child is the unit itself: its deficits are said above.
  if (children.length > 1 && P.scale) {
    const kind = CHILD_WORDS[children[0].level];
    const n = children.length;
    out.push(
      withDef.length === 0
        ? `Дефицитов не выявлено ни в одном из ${n} ${plural(n, kind.of)}.`
        : withDef.length === n && n > 1
          ? `Дефициты выявлены во всех ${n} ${kind.in}: ${withDef.map(shortTitle).join(', ')}.`
          : `Дефициты выявлены в ${withDef.length} из ${n} ${plural(n, kind.of)}: ${withDef.map(shortTitle).join(', ')}.`,
    );
  }
  return out;
}

export function conclusionsSection({ P, unit, ref, skills, children }: SpravkaContext): Section {
  return section('Выводы', list(conclusions(P, unit, ref, skills, children).map((s) => [s])));
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
