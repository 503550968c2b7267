// Appendix to the working program (seed 004 §3.8.1–3.8.2) for one class and subject: the unformed
// skills (planned results), the tasks that showed them, the suggested hours and terms.
//
// Hours rule (HOURS_RULE, documented in the document itself): 1 hour per insufficient skill (ФИОКО
// status «не достигнут»), 2 hours when its completion is below 30 %. Without skills in the spec the
// insufficient tasks are listed with the same rule.
import type { TaskSpec } from '../model.ts';
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { schoolYearLabel, schoolYearOf, type SchoolCalendar } from '../roadmap/school-calendar.ts';
import { activitiesFor, type ActivityTemplate } from './activities.ts';
import { workTerms } from './calendar.ts';
import { dateRu, num, pct } from '../text/format.ts';
import { h, list, p, type Block, type DocModel } from './model.ts';

export const HOURS_RULE = { base: 1, low: 2, lowBelow: 30 } as const;

export function hoursFor(completion: number): number {
  return completion < HOURS_RULE.lowBelow ? HOURS_RULE.low : HOURS_RULE.base;
}

export interface AppendixInput {
  procedure: Pick<ProcedureReport, 'kind' | 'subject' | 'grade' | 'year'>;
  tasks: TaskSpec[];
  unit: UnitReport;
  schoolName: string;
  resultsDate: string;
  calendar: SchoolCalendar;
  teacher?: string;
  /** An adapted activities template (settings `template:activities`); default ACTIVITIES_RU. */
  activities?: ActivityTemplate;
}

export function buildAppendix(input: AppendixInput): DocModel {
  const { procedure: P, unit } = input;
  const year = schoolYearLabel(schoolYearOf(input.resultsDate));

  const sy = schoolYearOf(input.resultsDate);
  // A term of the next school year is named with its year: «1 четверть 2026/2027».
  const [t1, t2] = workTerms(input.resultsDate, input.calendar).map((t) => ({
    ...t,
    name: t.schoolYear === sy ? t.name : `${t.name} ${schoolYearLabel(t.schoolYear)}`,
  }));
  const level = new Map(input.tasks.map((t) => [t.id, t.level]));
  const all = unit.deficits ?? [];
  const skills = all.filter((d) => d.kind === 'skill').sort((a, b) => a.completion - b.completion);
  // Tasks below the bar stay rows even when their skill as a whole passes (a deficit of its own).
  const inSkills = new Set(skills.flatMap((d) => d.tasks));
  const items = [
    ...skills,
    ...all
      .filter((d) => d.kind === 'task' && !inSkills.has(d.id))
      .sort((a, b) => a.completion - b.completion),
  ];
  const lowest = Math.min(...items.map((d) => d.completion));
  const spec = new Map(input.tasks.map((t) => [t.id, t]));
  const rows = items.map((d, i) => {
    const hours = hoursFor(d.completion);
    const what =
      d.kind === 'skill' ? d.id : (spec.get(d.id)?.skill ?? `Умения, проверяемые заданием № ${d.id}`);
    return {
      hours,
      cells: [
        String(i + 1),
        what,
        d.tasks.join(', '),
        num(d.completion),
        String(hours),
        hours > 1 ? `${t1.name}, ${t2.name}` : t1.name,
        activitiesFor(what, level.get(d.tasks[0]) ?? null, input.activities, P.subject)[0] ?? '',
      ],
    };
  });
  const totalHours = rows.reduce((s, r) => s + r.hours, 0);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      align: 'right',
      runs: ['УТВЕРЖДАЮ\nРуководитель ОО ____________\n«___» __________ 20__ г.'],
    },
    h(1, `Приложение к рабочей программе по учебному предмету «${P.subject}»`),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [`${unit.name} класс, ${input.schoolName}, ${year} учебный год`],
    },
    p(
      `Основание: результаты ${P.kind} ${P.year} года (${P.grade} класс), полученные ${dateRu(input.resultsDate)}; по результатам работы выявлены несформированные умения (планируемые результаты), на формирование которых в тематическое планирование вносятся изменения.`,
    ),
  ];
  if (rows.length === 0)
    blocks.push(
      p(
        'Умений с недостаточным выполнением (ниже порога ФИОКО) в классе не выявлено; изменения в тематическое планирование не требуются.',
      ),
    );
  else
    blocks.push(
      {
        kind: 'table',
        caption: 'Изменения в тематическом планировании',
        header: [
          [
            '№',
            'Несформированное умение (планируемый результат)',
            'Задания',
            'Вып., %',
            'Часов',
            'Сроки',
            'Формы работы',
          ],
        ],
        widths: [0.4, 3.3, 1.1, 0.9, 0.9, 1.6, 2.8],
        align: ['left', 'left', 'left', 'right', 'right', 'left', 'left'],
        rows: [...rows.map((r) => r.cells), ['', 'Итого', '', '', String(totalHours), '', '']],
        boldRows: [rows.length],
      },
      p(
        `Часы: ${HOURS_RULE.base} ч на каждое умение (задание) с выполнением ниже порога ФИОКО, ${HOURS_RULE.low} ч — при выполнении ниже ${HOURS_RULE.lowBelow} %. Всего ${totalHours} ч; самое низкое выполнение — ${pct(lowest)}.`,
      ),
      p('Часы изыскиваются за счёт (п. 3.8.2):'),
      list([
        'резервного времени (при наличии);',
        'уменьшения количества часов, отводимых на повторение освоенного содержания;',
        'включения формирования этих умений в освоение нового учебного материала.',
      ]),
    );
  blocks.push(
    p(`Учитель: ${input.teacher?.trim() || '____________________'}`),
    p('Рассмотрено на заседании ШМО, протокол № ____ от «___» __________ 20__ г.'),
    p('Согласовано: заместитель руководителя ОО по УВР ____________'),
  );
  return {
    title: `Приложение к рабочей программе — ${P.subject}, ${unit.name}`,
    orientation: 'portrait',
    blocks,
  };
}
