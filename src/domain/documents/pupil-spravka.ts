// Аналитическая справка for one pupil (issue «Documents», the pupil level): паспорт → результат against
// the class, school, municipality and all participants → отметка за работу и по журналу → выполнение
// заданий next to the class → несформированные умения with the tasks that showed them → динамика
// (the same code in the cohort's earlier procedure) → выводы и рекомендации. No objectivity signs:
// they are defined for schools, not pupils. The pupil is named by code; by name only when the page
// passes one from the local roster (the user chose «с именами»).
import { signatureBlocks } from './signing.ts';
import type { TaskSpec } from '../model.ts';
import { procedureSentence } from '../text/procedure.ts';
import { unformed, type PupilResult } from '../report/pupils.ts';
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { compareWords, int, num, pct, plural, share } from '../text/format.ts';
import { list, p, type DocModel } from './model.ts';
import { assemble, passportSection, section, titleBlocks, type Section } from './sections.ts';
import { STATUS_NAMES } from '../text/labels.ts';
import { findUnitOf, municipalityOf, rootUnit, schoolOf } from './units.ts';

/** The same pupil in the cohort's earlier procedure (matched by school and participant code). */
export interface PupilDynamics {
  /** «ВПР «Математика», 4 класс, 2025». */
  title: string;
  maxScore: number;
  /** null: the earlier procedure is loaded but has no participant with this code in the school. */
  pupil: PupilResult | null;
}

export interface PupilSpravkaInput {
  procedure: ProcedureReport;
  classId: string;
  pupil: PupilResult;
  /** Every pupil of the class (the pupil's place among those who wrote). */
  classmates: PupilResult[];
  /** Tasks of the spec (skills, levels, maxima), in the order of `pupil.tasks`. */
  tasks: TaskSpec[];
  resultsDate: string;
  basis?: string;
  /** The pupil's name from the local roster, only when the user chose to print names. */
  name?: string;
  /** Absent: no earlier procedure of the cohort is loaded. */
  dynamics?: PupilDynamics;
  /** The earlier procedure's title when it is expected but not loaded (the text says so). */
  expectedEarlier?: string;
}

/** «Ученик (код 50012)» or «Иванова Мария (код 50012)». */
export function pupilTitle(code: string, name?: string): string {
  const n = name?.trim();
  return n ? `${n} (код участника ${code})` : `код участника ${code}`;
}

interface Skill {
  id: string;
  idx: number[];
  max: number;
}

/** Skills of the spec in first-seen order with their task indexes (the rule of pupilResults). */
function skillsOf(tasks: TaskSpec[]): Skill[] {
  const out: Skill[] = [];
  tasks.forEach((t, k) => {
    const id = t.skill?.trim();
    if (!id) return;
    let s = out.find((x) => x.id === id);
    if (!s) out.push((s = { id, idx: [], max: 0 }));
    s.idx.push(k);
    s.max += t.max;
  });
  return out;
}

/** Completion of a group of tasks by a unit: points-weighted, as the report's skill completion. */
function groupCompletion(u: UnitReport | undefined, tasks: TaskSpec[], idx: number[]): number | null {
  if (!u?.tasks || u.written === 0) return null;
  let got = 0;
  let max = 0;
  for (const k of idx) {
    const t = u.tasks.find((x) => x.id === tasks[k].id);
    if (!t) return null;
    got += (t.completion * tasks[k].max) / 100;
    max += tasks[k].max;
  }
  return max > 0 ? (100 * got) / max : null;
}

function markWord(m: number | null): string {
  return m === null ? '—' : `«${m}»`;
}

export function buildPupilSpravka(input: PupilSpravkaInput): DocModel {
  const P = input.procedure;
  const pupil = input.pupil;
  const cls = findUnitOf(P, 'class', input.classId);
  if (!cls) throw new Error(`В отчёте ${P.id} нет класса ${input.classId}`);
  const school = schoolOf(P, cls);
  const muni = municipalityOf(P, cls);
  const root = rootUnit(P);
  const who = pupilTitle(pupil.code, input.name);
  const classTitle = `${cls.name} класс${school ? `, ${school.name}` : ''}`;
  const skills = skillsOf(input.tasks);
  const head = titleBlocks(
    `по результатам ${P.kind} по учебному предмету «${P.subject}», ${P.grade} класс, ${P.year} год`,
    `Обучающийся: ${who}; ${classTitle}`,
  );
  const passport = passportSection(P, {
    unitRows: [
      ['Уровень анализа', `Обучающийся: ${who}`],
      ['Класс', classTitle],
    ],
    resultsDate: input.resultsDate,
    basis: input.basis,
    aim: 'Выявление несформированных планируемых результатов обучающегося и построение индивидуальной работы по их устранению',
  });
  const docTitle = `Аналитическая справка — ${who}`;

  if (pupil.absent || pupil.score === null) {
    const absent = section(
      'Результат',
      p(
        'Обучающийся отсутствовал на работе: результатов нет. Рекомендуется выполнить работу по материалам процедуры в другой день и проанализировать её по тем же критериям.',
      ),
    );
    return { title: docTitle, orientation: 'portrait', blocks: assemble(head, [passport, absent]) };
  }

  // --- Результат против класса, школы, муниципалитета, всех участников
  const score = pupil.score;
  const refs: [string, UnitReport][] = [[`${cls.name} класс`, cls]];
  if (school) refs.push([school.name, school]);
  if (muni) refs.push([muni.name, muni]);
  if (root) refs.push(['Все участники (вся выборка)', root]);
  const wroteInClass = input.classmates.filter((x) => !x.absent && x.score !== null);
  const below = wroteInClass.filter((x) => x.score! < score).length;
  const result = section('Результат', {
    kind: 'table',
    caption: 'Таблица 1. Первичный балл и отметка обучающегося и средние значения',
    header: [['', 'Первичный балл', '% от максимума', 'Отметка (средняя)']],
    widths: [3, 1.2, 1.2, 1.2],
    align: ['left', 'right', 'right', 'right'],
    rows: [
      [
        'Обучающийся',
        int(score),
        num(share(score, P.maxScore)),
        pupil.mark === null ? '—' : String(pupil.mark),
      ],
      ...refs.map(([t, u]) => [
        `${t}, среднее`,
        num(u.score?.mean),
        num(u.score ? share(u.score.mean, P.maxScore) : null),
        num(u.meanMark),
      ]),
    ],
    boldRows: [0],
  });
  const facts: string[] = [
    `Первичный балл — ${int(score)} из ${P.maxScore} (${pct(share(score, P.maxScore))})` +
      (pupil.mark !== null ? `, отметка «${pupil.mark}».` : '.'),
  ];
  for (const [, u] of refs) {
    if (!u.score) continue;
    const c = compareWords(score, u.score.mean, 'points');
    const whose =
      u === cls
        ? 'по классу'
        : u === root
          ? 'по всей выборке'
          : u === school
            ? 'по школе'
            : 'по муниципалитету';
    facts.push(
      c.diff === 0
        ? `Балл на уровне среднего ${whose} (${num(u.score.mean)}).`
        : `Балл ${c.words} среднего ${whose} (${num(u.score.mean)}).`,
    );
  }
  if (wroteInClass.length > 1)
    facts.push(
      `Балл выше, чем у ${below} из ${wroteInClass.length - 1} других ${plural(wroteInClass.length - 1, ['писавшего', 'писавших', 'писавших'])} работу в классе.`,
    );
  result.blocks.push(list(facts));

  // --- Журнал
  const journal = section('Отметка за работу и отметка по журналу');
  let journalGap = 0;
  if (pupil.journal !== null && pupil.mark !== null) {
    journalGap = pupil.mark - pupil.journal;
    const d = Math.abs(journalGap);
    journal.blocks.push(
      p(
        `Отметка за работу ${markWord(pupil.mark)}, отметка по журналу ${markWord(pupil.journal)}: ` +
          (journalGap === 0
            ? 'отметка по журналу подтверждена.'
            : `отметка за работу ${journalGap < 0 ? 'ниже' : 'выше'} на ${d} ${plural(d, ['балл', 'балла', 'баллов'])}` +
              (d >= 2 ? ' (расхождение на 2 балла и более).' : '.')),
      ),
    );
  } else if (pupil.journal !== null)
    journal.blocks.push(
      p(
        `Отметка по журналу ${markWord(pupil.journal)}; отметка за работу не определена (нет шкалы перевода баллов).`,
      ),
    );
  else journal.blocks.push(p('Отметки по журналу в загруженных данных нет.'));

  // --- Задания
  const classTask = new Map((cls.tasks ?? []).map((t) => [t.id, t]));
  const taskSection = section('Выполнение заданий', {
    kind: 'table',
    caption:
      'Таблица 2. Баллы обучающегося по заданиям и выполнение заданий классом (задание не выполнено, если получено меньше половины баллов)',
    header: [['№', 'Ур.', 'Проверяемое умение', 'Балл', '% вып.', '% вып. (класс)', 'Статус в классе']],
    widths: [0.6, 0.5, 4.2, 0.9, 0.8, 1, 1.4],
    align: ['left', 'center', 'left', 'right', 'right', 'right', 'left'],
    rows: input.tasks.map((t, k) => {
      const got = pupil.tasks[k] ?? 0;
      const c = classTask.get(t.id);
      return [
        t.id,
        t.level ?? '—',
        t.skill ?? '—',
        `${int(got)} из ${t.max}`,
        num(share(got, t.max)),
        num(c?.completion),
        c ? STATUS_NAMES[c.status] : '—',
      ];
    }),
  });
  const full = input.tasks.filter((t, k) => (pupil.tasks[k] ?? 0) >= t.max).length;
  const zero = input.tasks.filter((t, k) => (pupil.tasks[k] ?? 0) === 0).length;
  taskSection.blocks.push(
    p(
      `Полностью выполнено ${full} из ${input.tasks.length} ${plural(input.tasks.length, ['задания', 'заданий', 'заданий'])}, не приступил или получил 0 баллов — ${zero}.`,
    ),
  );

  // --- Дефициты
  const classDeficits = new Set((cls.deficits ?? []).filter((d) => d.kind === 'skill').map((d) => d.id));
  const unformedSkills = skills.filter((s) => pupil.unformedSkills.includes(s.id));
  const looseTasks = input.tasks.filter((t, k) => !t.skill?.trim() && unformed(pupil.tasks[k] ?? 0, t.max));
  const deficits = section('Дефициты: несформированные умения (планируемые результаты)');
  if (unformedSkills.length > 0) {
    deficits.blocks.push(
      p(
        `Умение считается несформированным, если за его задания получено меньше половины баллов. Не сформировано ${unformedSkills.length} ${plural(unformedSkills.length, ['умение', 'умения', 'умений'])} из ${skills.length}:`,
      ),
      {
        kind: 'table',
        caption: 'Таблица 3. Несформированные умения, задания, которые их показали, и выполнение классом',
        header: [
          [
            'Умение (планируемый результат)',
            'Задания (балл из максимума)',
            'Ученик, %',
            'Класс, %',
            'Дефицит класса',
          ],
        ],
        widths: [3.6, 2.2, 0.9, 0.9, 1.1],
        align: ['left', 'left', 'right', 'right', 'center'],
        rows: unformedSkills.map((s) => {
          const got = s.idx.reduce((a, k) => a + (pupil.tasks[k] ?? 0), 0);
          return [
            s.id,
            s.idx
              .map((k) => `№ ${input.tasks[k].id} (${int(pupil.tasks[k] ?? 0)} из ${input.tasks[k].max})`)
              .join(', '),
            num(share(got, s.max)),
            num(groupCompletion(cls, input.tasks, s.idx)),
            classDeficits.has(s.id) ? 'да' : 'нет',
          ];
        }),
      },
    );
  } else if (skills.length > 0)
    deficits.blocks.push(
      p(
        `Все ${skills.length} ${plural(skills.length, ['умение', 'умения', 'умений'])} спецификации сформированы (получено не меньше половины баллов).`,
      ),
    );
  if (looseTasks.length > 0)
    deficits.blocks.push(
      p(
        `Задания без указанного в спецификации умения, выполненные меньше чем наполовину: № ${looseTasks.map((t) => t.id).join(', ')}.`,
      ),
    );
  else if (skills.length === 0)
    deficits.blocks.push(p('Спецификация не называет умений; невыполненных заданий нет.'));

  const { section: dynamics, diff: dynDiff } = dynamicsSection(input, score);

  // --- Выводы и рекомендации
  const rec: string[] = [];
  const shared = unformedSkills.filter((s) => classDeficits.has(s.id));
  const own = unformedSkills.filter((s) => !classDeficits.has(s.id));
  if (own.length > 0)
    rec.push(
      `Включить в индивидуальный образовательный маршрут ${own.length} ${plural(own.length, ['умение', 'умения', 'умений'])}, ${plural(own.length, ['не сформированное', 'не сформированных', 'не сформированных'])} у обучающегося, хотя у класса в целом ${own.length === 1 ? 'оно не относится' : 'они не относятся'} к дефицитам: ${own
        .map(
          (s) =>
            `«${s.id}» (${pct(
              share(
                s.idx.reduce((a, k) => a + (pupil.tasks[k] ?? 0), 0),
                s.max,
              ),
            )}; класс — ${pct(groupCompletion(cls, input.tasks, s.idx))})`,
        )
        .join('; ')}.`,
    );
  if (shared.length > 0)
    rec.push(
      `${shared.length} ${plural(shared.length, ['умение', 'умения', 'умений'])} ${shared.length === 1 ? 'не сформировано' : 'не сформированы'} и у класса в целом (${shared.map((s) => `«${s.id}»`).join(', ')}): работа ведётся на уроках по скорректированной рабочей программе, с контролем результата обучающегося.`,
    );
  if (looseTasks.length > 0)
    rec.push(`Отработать задания, аналогичные № ${looseTasks.map((t) => t.id).join(', ')}.`);
  if (pupil.mark === 2)
    rec.push(
      `Отметка «2» (${int(score)} из ${P.maxScore}): составить индивидуальный образовательный маршрут и провести повторную диагностику по итогам четверти (триместра).`,
    );
  if (journalGap <= -2)
    rec.push(
      `Отметка за работу ниже отметки по журналу на ${-journalGap} балла: сопоставить текущие отметки с выполнением заданий работы и уточнить критерии текущего оценивания.`,
    );
  if (dynDiff !== null && dynDiff < 0)
    rec.push(
      `Доля набранных баллов снизилась на ${num(Math.abs(dynDiff))} п. п. по сравнению с предыдущей процедурой: выяснить причины с обучающимся и родителями.`,
    );
  if (unformedSkills.length === 0 && looseTasks.length === 0)
    rec.push(
      `Несформированных умений не выявлено (${int(score)} из ${P.maxScore}): рекомендуется поддерживающая работа и задания повышенного уровня.`,
    );
  rec.push('Ознакомить обучающегося и родителей (законных представителей) с результатами и планом работы.');
  const findings = section('Выводы и рекомендации', list(rec));

  return {
    title: docTitle,
    orientation: 'portrait',
    blocks: [
      ...assemble(head, [passport, result, journal, taskSection, deficits, dynamics, findings]),
      ...signatureBlocks(),
    ],
  };
}

/** «Динамика»: the same code in the cohort's earlier procedure, as a share of the maximum. */
function dynamicsSection(input: PupilSpravkaInput, score: number): { section: Section; diff: number | null } {
  const P = input.procedure;
  const pupil = input.pupil;
  const dynamics = section('Динамика');
  const dyn = input.dynamics;
  let dynDiff: number | null = null;
  if (!dyn)
    dynamics.blocks.push(
      p(
        input.expectedEarlier
          ? `Результатов предыдущей процедуры этой когорты (${input.expectedEarlier}) в загруженных данных нет — динамику оценить нельзя.`
          : 'Результатов предыдущей процедуры этой когорты в загруженных данных нет — динамику оценить нельзя.',
      ),
    );
  else if (!dyn.pupil || dyn.pupil.absent || dyn.pupil.score === null)
    dynamics.blocks.push(
      p(
        dyn.pupil
          ? `В предыдущей процедуре (${dyn.title}) обучающийся с кодом ${pupil.code} отсутствовал — динамику оценить нельзя.`
          : `В результатах предыдущей процедуры (${dyn.title}) участника с кодом ${pupil.code} в этой школе нет (коды участников могли смениться) — динамику оценить нельзя.`,
      ),
    );
  else {
    const before = share(dyn.pupil.score, dyn.maxScore)!;
    const now = share(score, P.maxScore)!;
    const c = compareWords(now, before, 'pp');
    dynDiff = c.diff;
    dynamics.blocks.push(
      {
        kind: 'table',
        caption: 'Таблица 4. Результаты обучающегося с тем же кодом в предыдущей и текущей процедурах',
        header: [['Процедура', 'Первичный балл', '% от максимума', 'Отметка']],
        widths: [3, 1.2, 1.2, 1],
        align: ['left', 'right', 'right', 'right'],
        rows: [
          [dyn.title, `${int(dyn.pupil.score)} из ${dyn.maxScore}`, num(before), markWord(dyn.pupil.mark)],
          [procedureSentence(P), `${int(score)} из ${P.maxScore}`, num(now), markWord(pupil.mark)],
        ],
      },
      p(
        c.diff === 0
          ? `Доля набранных баллов не изменилась: ${pct(now)} (работы разные, сравнение ориентировочное).`
          : `Доля набранных баллов ${c.diff > 0 ? 'выросла' : 'снизилась'} с ${pct(before)} до ${pct(now)} (${c.words.replace(/ (выше|ниже)$/, '')}; работы разные, сравнение ориентировочное).`,
      ),
    );
  }

  return { section: dynamics, diff: dynDiff };
}
