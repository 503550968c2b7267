// The school roadmap filled from a small hand-built report; statuses, edits, progress; templates.
import { describe, expect, it } from 'vitest';
import { municipalPlan } from '../../src/domain/documents/objectivity-plan.ts';
import type { ProcedureReport, SignEntry, UnitReport } from '../../src/domain/report/types.ts';
import {
  addMeasure,
  buildRoadmap,
  DEFAULT_QUARTERS,
  DEFAULT_TRIMESTERS,
  fillText,
  OBJECTIVITY_TEMPLATE_RU,
  objectivityFigures,
  progressOf,
  refreshStatuses,
  removeMeasure,
  ROADMAP_TEMPLATE_RU,
  statusOf,
  updateMeasure,
  validateTemplate,
  type Roadmap,
  type RoadmapMeasure,
} from '../../src/domain/roadmap/index.ts';

const SKILL = 'Умение решать текстовые задачи, в том числе на движение';

function unit(u: Partial<UnitReport> & Pick<UnitReport, 'level' | 'id' | 'name' | 'parent'>): UnitReport {
  return { written: 0, absent: 0, ...u };
}

/** School sch1: classes 5А (skill + task 3), 5Б (КЭС 1.2), 5В (none); school sch2 elsewhere. */
function report(): ProcedureReport {
  return {
    id: 'ВПР-2026-Математика-5',
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2026,
    maxScore: 20,
    tasks: [],
    scale: null,
    units: [
      unit({ level: 'all', id: '*', name: 'Все участники', parent: null, written: 40 }),
      unit({
        level: 'school',
        id: 'sch1',
        name: 'МБОУ СОШ № 1',
        parent: '*',
        written: 25,
        marks: { '2': 4, '3': 10, '4': 8, '5': 3 },
        deficits: [
          { kind: 'task', id: '3', completion: 40, tasks: ['3'] },
          { kind: 'task', id: '7', completion: 25.5, tasks: ['7'] },
          { kind: 'kes', id: '1.2 Натуральные числа', completion: 50, tasks: ['1', '2'] },
          { kind: 'skill', id: SKILL, completion: 38.46, tasks: ['3', '7'] },
        ],
      }),
      unit({ level: 'parallel', id: 'sch1#5', name: '5 классы', parent: 'sch1', written: 25 }),
      unit({
        level: 'class',
        id: 'sch1/5Б',
        name: '5Б',
        parent: 'sch1#5',
        written: 8,
        marks: { '2': 1, '3': 3, '4': 3, '5': 1 },
        deficits: [{ kind: 'kes', id: '1.2 Натуральные числа', completion: 45, tasks: ['1', '2'] }],
      }),
      unit({
        level: 'class',
        id: 'sch1/5А',
        name: '5А',
        parent: 'sch1#5',
        written: 9,
        marks: { '2': 3, '3': 4, '4': 1, '5': 1 },
        deficits: [
          { kind: 'task', id: '3', completion: 30, tasks: ['3'] },
          { kind: 'skill', id: SKILL, completion: 31, tasks: ['3', '7'] },
        ],
      }),
      unit({
        level: 'class',
        id: 'sch1/5В',
        name: '5В',
        parent: 'sch1#5',
        written: 8,
        marks: { '2': 0, '3': 3, '4': 4, '5': 1 },
        deficits: [],
      }),
      unit({ level: 'school', id: 'sch2', name: 'Лицей', parent: '*', written: 15 }),
      unit({ level: 'parallel', id: 'sch2#5', name: '5 классы', parent: 'sch2', written: 15 }),
      unit({
        level: 'class',
        id: 'sch2/5А',
        name: '5Г',
        parent: 'sch2#5',
        written: 15,
        deficits: [{ kind: 'skill', id: SKILL, completion: 10, tasks: ['3', '7'] }],
      }),
    ],
  };
}

const SCHOOL = { login: 'sch1', name: 'МБОУ СОШ № 1' };

function build(extra: Partial<Parameters<typeof buildRoadmap>[0]> = {}): Roadmap {
  return buildRoadmap({
    school: SCHOOL,
    procedure: report(),
    resultsDate: '2026-04-20',
    calendar: DEFAULT_QUARTERS,
    people: { 'deputy-head': 'Иванова А. П.' },
    ...extra,
  });
}

const measure = (r: Roadmap, id: string): RoadmapMeasure => {
  const m = r.stages.flatMap((s) => s.measures).find((x) => x.id === id);
  if (!m) throw new Error(id);
  return m;
};

describe('built-in templates', () => {
  it('are valid', () => {
    expect(validateTemplate(ROADMAP_TEMPLATE_RU)).toEqual([]);
    expect(validateTemplate(OBJECTIVITY_TEMPLATE_RU)).toEqual([]);
  });

  it('follow the five stages of the regional roadmap', () => {
    expect(ROADMAP_TEMPLATE_RU.stages.map((s) => [s.id, s.measures.length])).toEqual([
      ['analytic', 4],
      ['organizational', 9],
      ['teaching', 4],
      ['assessment', 5],
      ['reflective', 2],
    ]);
    expect(OBJECTIVITY_TEMPLATE_RU.stages.map((s) => s.id)).toEqual([
      'procedures',
      'signs',
      'positive-attitude',
      'competence',
    ]);
  });

  it('reports problems of an adapted template', () => {
    const bad = structuredClone(ROADMAP_TEMPLATE_RU);
    bad.stages[0].measures[0].text = ['Анализ {subjcet}.'];
    bad.stages[0].measures[1].responsible = ['nobody'];
    bad.stages[0].measures[2].deadline = { kind: 'after-stage', stage: 'reflective' };
    bad.stages[1].measures[4].id = '1.1'; // 2.5, which no measure follows
    bad.stages[4].measures[0].after = ['4.5', '9.9'];
    bad.stages[4].measures[0].deadline = { kind: 'after', workdays: 2.5 };
    expect(validateTemplate(bad)).toEqual([
      'Мероприятие 1.1 (analytic): неизвестная подстановка {subjcet}',
      'Мероприятие 1.2 (analytic): неизвестная роль nobody',
      'Мероприятие 1.3 (analytic): срок после этапа reflective, который не предшествует этому',
      'Мероприятие 1.1 (organizational): номер повторяется',
      'Мероприятие 5.1 (reflective): workdays — не целое число',
      'Мероприятие 5.1 (reflective): after — нет мероприятия 9.9',
    ]);
  });
});

describe('fillText', () => {
  it('drops a sentence without a value, keeps 0 and unknown placeholders', () => {
    expect(fillText(['A {x}.', 'B {y}.', 'C {z}.', 'D {n}.'], { x: 'икс', y: '', n: 0 })).toBe(
      'A икс. C {z}. D 0.',
    );
    expect(fillText(['Выполнение {p} %.'], { p: 38.46 })).toBe('Выполнение 38,5 %.');
  });
});

describe('buildRoadmap', () => {
  it('names the school’s deficits, the classes that have them and the counts', () => {
    const r = build();
    expect(r.id).toBe('sch1:ВПР-2026-Математика-5');
    expect(r.stages.map((s) => s.title)).toEqual([
      '1. Аналитический этап',
      '2. Организационно-методический этап',
      '3. Обучающий этап',
      '4. Оценочный этап',
      '5. Рефлексивный этап',
    ]);
    // 1.1: participants and mark-2 counts come from the school unit, by class from class units.
    expect(measure(r, '1.1').text).toBe(
      'Проведение анализа результатов ВПР по учебному предмету «Математика» (5 класс) в разрезе каждого обучающегося. ' +
        'Число участников: 25. Получили отметку «2»: 4. ' +
        'Нуждаются в индивидуальном образовательном маршруте (отметка «2»): 4. По классам: 5А — 3, 5Б — 1.',
    );
    // 1.2: classes sorted by label; sch2's class 5Г is not listed.
    expect(measure(r, '1.2').text).toBe(
      'Проведение анализа результатов ВПР по учебному предмету «Математика» в разрезе каждого класса: 5А, 5Б, 5В. ' +
        'Дефициты выявлены в классах: 5А, 5Б. ' +
        `Несформированные умения по классам: «${SKILL}» — 5А; КЭС 1.2 Натуральные числа — 5Б.`,
    );
    // 1.3: skills before КЭС; percentages with a decimal comma, rounded to 0.1.
    expect(measure(r, '1.3').text).toContain(
      `Дефициты параллели (выполнение ниже порога ФИОКО): «${SKILL}» — 38,5 %; КЭС 1.2 Натуральные числа — 50 %.`,
    );
    expect(measure(r, '1.4').text).toContain(
      'Число участников: 25; элементов с недостаточным выполнением: 2; классов с дефицитами: 2.',
    );
    expect(measure(r, '2.2').text).toContain(
      `на формирование несформированных умений: «${SKILL}»; КЭС 1.2 Натуральные числа. Классы: 5А, 5Б.`,
    );
    expect(measure(r, '4.2').text).toContain('Задания ВПР, на которые ориентироваться: № 3, 7.');
    expect(r.stages.flatMap((s) => s.measures).every((m) => !/\{[A-Za-z]+\}/.test(m.text))).toBe(true);
  });

  it('puts the people the school named, else role titles', () => {
    const m = measure(build(), '1.3');
    expect(m.responsible).toBe('Иванова А. П., Руководители ШМО (кафедр) (при наличии)');
    expect(m.responsibleRoles).toEqual(['deputy-head', 'smo-head']);
    expect(m.deadline).toBe('2026-05-13'); // 15 working days: 9–11 May are days off
    expect(m.deadlineText).toBe('После получения результатов в течение 3 недель');
    expect(m.documentFormat).toBe('Аналитическая справка');
    expect(m.sourceMeasureId).toBe('1.3');
  });

  it('uses the caller’s counts of pupils needing individual routes', () => {
    const r = build({
      individualRoutes: { count: 6, byClass: { 'sch1/5А': 4, '5В': 2 }, minUnformedTasks: 5 },
    });
    expect(measure(r, '2.8').text).toContain(
      'Число обучающихся, которым нужен маршрут (отметка «2» или не менее 5 несформированных заданий): 6. ' +
        'По классам: 5А — 4, 5В — 2.',
    );
  });

  it('falls back to task numbers when the spec names no skills, and leaves out empty facts', () => {
    const p = report();
    const school = p.units.find((u) => u.id === 'sch1')!;
    school.deficits = school.deficits!.filter((d) => d.kind === 'task');
    delete school.marks;
    const r = buildRoadmap({
      school: SCHOOL,
      procedure: p,
      resultsDate: '2026-04-20',
      calendar: DEFAULT_QUARTERS,
    });
    expect(measure(r, '2.2').text).toContain(
      'на формирование несформированных умений: задания № 3, 7. Классы: 5А.',
    );
    expect(measure(r, '1.1').text).toBe(
      'Проведение анализа результатов ВПР по учебному предмету «Математика» (5 класс) в разрезе каждого обучающегося. ' +
        'Число участников: 25.',
    );
    // No deficits at all: a measure whose only sentence names them keeps its title.
    school.deficits = [];
    const r2 = buildRoadmap({
      school: SCHOOL,
      procedure: p,
      resultsDate: '2026-04-20',
      calendar: DEFAULT_QUARTERS,
    });
    expect(measure(r2, '2.7').text).toBe('Организация преемственности обучения и межпредметных связей');
    expect(measure(r2, '1.4').text).toContain(
      'элементов с недостаточным выполнением: 0; классов с дефицитами: 0.',
    );
  });

  it('throws for a school absent from the report', () => {
    expect(() => build({ school: { login: 'nope', name: 'x' } })).toThrow(/нет школы nope/);
  });

  it('derives statuses for today, overdue included', () => {
    const r = build({ calendar: DEFAULT_TRIMESTERS, today: '2026-05-14' });
    expect(measure(r, '1.1').status).toBe('overdue'); // due 5 May (10 working days)
    expect(measure(r, '1.3').status).toBe('overdue'); // due 13 May (15 working days)
    expect(measure(r, '2.1').status).toBe('planned'); // due 20 May
    expect(statusOf({ status: 'done', deadline: '2026-05-04' }, '2026-06-01')).toBe('done');
    expect(statusOf({ status: 'in-progress', deadline: '2026-05-04' }, '2026-05-04')).toBe('in-progress'); // the day itself
    expect(statusOf({ status: 'in-progress', deadline: '2026-05-04' }, '2026-05-05')).toBe('overdue');
    expect(statusOf({ status: 'overdue', deadline: '2026-09-01' }, '2026-05-05')).toBe('planned'); // re-dated
  });
});

describe('edits and progress', () => {
  it('adds, rewords, re-dates and removes without touching the original', () => {
    const r = build();
    const before = JSON.stringify(r);
    const a = addMeasure(
      r,
      'analytic',
      { text: 'Собеседование с учителями 5-х классов', deadline: '2026-05-06' },
      1,
    );
    expect(a.stages[0].measures.map((m) => m.id)).toEqual(['1.1', 'custom-1', '1.2', '1.3', '1.4']);
    expect(measure(a, 'custom-1')).toMatchObject({ sourceMeasureId: null, status: 'planned' });
    const b = addMeasure(a, 'reflective', { text: 'Ещё одно', deadline: '2027-01-15' });
    expect(measure(b, 'custom-2').title).toBe('Ещё одно');

    const c = updateMeasure(b, '2.1', {
      text: 'Педсовет 20 мая',
      deadline: '2026-05-20',
      status: 'in-progress',
    });
    expect(measure(c, '2.1')).toMatchObject({
      text: 'Педсовет 20 мая',
      deadline: '2026-05-20',
      status: 'in-progress',
    });
    expect(measure(c, '2.1').sourceMeasureId).toBe('2.1');

    const d = removeMeasure(c, '2.3');
    expect(d.stages[1].measures.map((m) => m.id)).not.toContain('2.3');
    expect(JSON.stringify(r)).toBe(before);

    expect(() => addMeasure(r, 'nope', { text: 'x', deadline: '2026-05-06' })).toThrow();
    expect(() => addMeasure(r, 'analytic', { id: '1.1', text: 'x', deadline: '2026-05-06' })).toThrow();
    expect(() => updateMeasure(r, '2.1', { deadline: '2026-02-30' })).toThrow();
    expect(() => updateMeasure(r, '2.1', { status: 'overdue' })).toThrow();
    expect(() => removeMeasure(r, 'zzz')).toThrow();
  });

  it('counts statuses per stage and the share done', () => {
    let r = build();
    r = updateMeasure(r, '1.1', { status: 'done' });
    r = updateMeasure(r, '1.2', { status: 'done' });
    r = updateMeasure(r, '1.3', { status: 'in-progress' });
    r = updateMeasure(r, '2.1', { status: 'done' });
    const p = progressOf(r, '2026-05-14'); // 1.3 (13 May) and 1.4 (13 May) are past their deadline
    expect(p.stages[0]).toMatchObject({
      total: 4,
      done: 2,
      inProgress: 0,
      overdue: 2,
      planned: 0,
      donePct: 50,
    });
    expect(p.stages[1]).toMatchObject({ total: 9, done: 1, overdue: 0, planned: 8, donePct: 11.1 }); // 1/9
    expect(p).toMatchObject({ total: 24, done: 3, overdue: 2, inProgress: 0, planned: 19, donePct: 12.5 }); // 3/24
    const refreshed = refreshStatuses(r, '2026-05-14');
    expect(measure(refreshed, '1.3').status).toBe('overdue');
    expect(measure(refreshed, '1.1').status).toBe('done');
  });
});

describe('objectivity plan', () => {
  const signs: SignEntry[] = [
    { procedure: 'ВПР-2025-Математика-5', school: 'sch2', sign: 'inflated-mean', value: 1, flagged: true },
    {
      procedure: 'ВПР-2025-Математика-5',
      school: 'sch1',
      sign: 'journal-mismatch',
      value: 0.1,
      flagged: false,
    },
    { procedure: 'ВПР-2025-Русский язык-5', school: 'sch3', sign: 'cohort-rise', value: 2, flagged: true },
    { procedure: 'ВПР-2025-Русский язык-5', school: 'other', sign: 'cohort-rise', value: 2, flagged: true },
  ];
  const schools = [
    { login: 'sch1', name: 'Школа № 1' },
    { login: 'sch2', name: 'Лицей' },
    { login: 'sch3', name: 'Гимназия' },
  ];

  it('takes the schools with signs from the signs list', () => {
    expect(objectivityFigures(signs, schools)).toEqual({
      schoolsCount: 3,
      schoolsWithSignsCount: 2,
      schoolsWithSigns: 'Гимназия, Лицей',
      signsProcedures: 'ВПР-2025-Математика-5, ВПР-2025-Русский язык-5',
    });
  });

  // Through the real path (documents/objectivity-plan.ts): all three schools had observers.
  it('fills the municipal plan and dates it from the approval date', () => {
    const { roadmap: plan } = municipalPlan({
      municipality: { id: 'm1', name: 'Мясниковский район' },
      schools,
      signs,
      procedures: [
        {
          id: 'ВПР-2025-Математика-5',
          title: 'ВПР · Математика · 5 класс · 2025',
          schools: schools.map((s) => ({ login: s.login, uspevaemost: 100 })),
        },
      ],
      observation: Object.fromEntries(
        schools.map((s) => [s.login, { 'ВПР-2025-Математика-5': { observers: true, video: false } }]),
      ),
      schoolYear: 2025,
      planDate: '2025-08-30',
      calendar: DEFAULT_QUARTERS,
      schedule: [{ label: 'ВПР', date: '2026-04-07', resultsDate: '2026-05-20' }],
    });
    expect(measure(plan, '1.1').text).toBe(
      'Обеспечение общественного наблюдения на процедурах оценки качества образования в ОО (Мясниковский район) в 2025/2026 учебном году. ' +
        'Доля ОО, охваченных общественным (независимым) наблюдением в прошлом учебном году: 100 %.',
    );
    expect(measure(plan, '2.1').text).toContain(
      'Признаки необъективности выявлены в ОО: 2 из 3. ОО с признаками: Гимназия, Лицей.',
    );
    expect(measure(plan, '1.3').deadline).toBe('2026-04-06'); // the working day before the procedure
    expect(measure(plan, '2.1').deadline).toBe('2026-06-04'); // results 20 May + 15 d, not the plan date
    expect(measure(plan, '2.1').occurrences).toEqual([{ label: 'ВПР', date: '2026-06-04' }]);
    expect(measure(plan, '2.4').deadline).toBe('2025-10-24'); // end of the coming Q1, Sun 26 Oct → Fri
    expect(measure(plan, '3.2').deadline).toBe('2026-05-26'); // end of 2025/26
    expect(measure(plan, '4.1').deadline).toBe('2025-11-28'); // Sun 30 Nov → Fri 28 Nov
    expect(measure(plan, '4.4').deadline).toBe('2025-09-30');
  });
});
