// Individual educational routes (seed 004 §3.8.5): one page per pupil of a class who needs a route
// (report/individual-route.ts, the criterion the roadmap counts with) — the unformed skills and
// tasks, the tasks that showed them, suggested activities of the subject, checkpoints. Pupils are
// named by their participant code; by name only when a roster is given (`names`).
import type { TaskSpec } from '../model.ts';
import { procedureSentence } from '../text/procedure.ts';
import type { PupilResult } from '../report/pupils.ts';
import type { ProcedureReport } from '../report/types.ts';
import type { SchoolCalendar } from '../roadmap/school-calendar.ts';
import { activitiesFor, ACTIVITIES_RU, type ActivityTemplate } from './activities.ts';
import { checkpoints } from './calendar.ts';
import { needsIndividualRoute, routeCriterionText } from '../report/individual-route.ts';
import { dateRu, int, plural } from '../text/format.ts';
import { b, h, list, p, pageBreak, type Block, type DocModel } from './model.ts';

export interface RoutesInput {
  procedure: Pick<ProcedureReport, 'kind' | 'subject' | 'grade' | 'year' | 'maxScore'>;
  /** Tasks of the spec (skills, levels, maxima). */
  tasks: TaskSpec[];
  classLabel: string;
  schoolName: string;
  pupils: PupilResult[];
  resultsDate: string;
  calendar: SchoolCalendar;
  /** Participant code → name, when the user provided a roster and chose to print names. */
  names?: Map<string, string>;
  activities?: ActivityTemplate;
  teacher?: string;
}

interface RouteRow {
  what: string;
  tasks: string;
  activities: string[];
}

function pupilLabel(code: string, names?: Map<string, string>): string {
  const n = names?.get(code)?.trim();
  return n ? `${n} (код ${code})` : `код участника ${code}`;
}

/** Unformed skills of a pupil with the tasks behind them; without skills in the spec, the tasks. */
function rows(pupil: PupilResult, tasks: TaskSpec[], t: ActivityTemplate, subject: string): RouteRow[] {
  const index = new Map(tasks.map((x, i) => [x.id, i]));
  const score = (id: string) => {
    const k = index.get(id)!;
    return `№ ${id} (${pupil.tasks[k] ?? 0} из ${tasks[k].max})`;
  };
  const out: RouteRow[] = [];
  const covered = new Set<string>();
  for (const skill of pupil.unformedSkills) {
    const ts = tasks.filter((x) => x.skill?.trim() === skill);
    ts.forEach((x) => covered.add(x.id));
    out.push({
      what: skill,
      tasks: ts.map((x) => score(x.id)).join(', '),
      activities: activitiesFor(skill, ts[0]?.level, t, subject),
    });
  }
  for (const id of pupil.unformedTasks) {
    if (covered.has(id)) continue;
    const spec = tasks[index.get(id)!];
    // A task below half its points stays a deficit even when its skill as a whole is formed.
    const skill = spec.skill?.trim();
    out.push({
      what: skill
        ? `${skill} — задание № ${id}${spec.level ? ` (уровень ${spec.level})` : ''}`
        : `Задание № ${id}${spec.level ? ` (уровень ${spec.level})` : ''}`,
      tasks: score(id),
      activities: activitiesFor(skill ?? null, spec.level, t, subject),
    });
  }
  return out;
}

export function buildRoutes(input: RoutesInput): DocModel {
  const P = input.procedure;
  const t = input.activities ?? ACTIVITIES_RU;
  const cps = checkpoints(input.resultsDate, input.calendar);
  const wrote = input.pupils.filter((x) => !x.absent);
  const absent = input.pupils.length - wrote.length;
  const need = wrote.filter((x) => needsIndividualRoute(x, input.tasks));
  const subject = procedureSentence(P);
  const blocks: Block[] = [
    h(1, 'Индивидуальные образовательные маршруты'),
    {
      kind: 'paragraph',
      align: 'center',
      runs: [`${input.classLabel} класс — ${input.schoolName}; ${subject}`],
    },
    p(
      `Работу писали ${int(wrote.length)} ${plural(wrote.length, ['обучающийся', 'обучающихся', 'обучающихся'])}` +
        (absent ? ` (отсутствовали: ${int(absent)})` : '') +
        `. Маршрут нужен ${int(need.length)} из них: ${routeCriterionText(input.tasks)}. ` +
        'Умение (задание) считается несформированным, если за его задания получено меньше половины баллов.',
    ),
    {
      kind: 'table',
      caption: 'Сводка по классу',
      header: [['Обучающийся', 'Балл', 'Отметка', 'Несформированных умений (заданий)', 'Маршрут']],
      widths: [3, 1, 1, 2, 1],
      align: ['left', 'right', 'right', 'right', 'center'],
      rows: wrote.map((x) => [
        pupilLabel(x.code, input.names),
        `${int(x.score)} из ${P.maxScore}`,
        x.mark === null ? '—' : String(x.mark),
        `${x.unformedSkills.length} (${x.unformedTasks.length})`,
        needsIndividualRoute(x, input.tasks) ? 'нужен' : '—',
      ]),
    },
  ];
  for (const pupil of need) {
    const r = rows(pupil, input.tasks, t, P.subject);
    blocks.push(
      pageBreak,
      h(2, `Индивидуальный образовательный маршрут: ${pupilLabel(pupil.code, input.names)}`),
      p(b('Класс: '), `${input.classLabel}, ${input.schoolName}. `, b('Процедура: '), subject, '.'),
      p(
        b('Результат: '),
        `${int(pupil.score)} из ${P.maxScore} первичных баллов` +
          (pupil.mark !== null ? `, отметка «${pupil.mark}»` : '') +
          (pupil.journal !== null ? `, отметка по журналу «${pupil.journal}»` : '') +
          '.',
      ),
    );
    if (r.length === 0)
      blocks.push(
        p(
          'Несформированных умений не выявлено. Рекомендуется поддерживающая работа и задания повышенного уровня.',
        ),
      );
    else
      blocks.push({
        kind: 'table',
        caption: 'Несформированные умения и виды работы',
        header: [['№', 'Умение (планируемый результат)', 'Задания (балл)', 'Виды работы', 'Проверка']],
        widths: [0.4, 3.2, 1.6, 3.6, 1.1],
        align: ['left', 'left', 'left', 'left', 'center'],
        rows: r.map((x, i) => [
          String(i + 1),
          x.what,
          x.tasks,
          x.activities.map((a) => `– ${a}`).join('\n'),
          dateRu(cps[0].date),
        ]),
      });
    blocks.push(
      p(b('Контрольные точки:')),
      list(
        cps.map(
          (c) =>
            `${dateRu(c.date)} — ${c.label}: задания, аналогичные заданиям работы с недостаточным результатом.`,
        ),
      ),
      p(
        `Учитель: ${input.teacher?.trim() || '____________________'}          Ознакомлены (родители): ____________________`,
      ),
    );
  }
  return {
    title: `Индивидуальные образовательные маршруты — ${input.classLabel}`,
    orientation: 'portrait',
    blocks,
  };
}
