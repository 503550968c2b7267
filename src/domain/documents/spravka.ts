// Аналитическая справка for a unit at any level (class, parallel, school, municipality, all).
// Structure after the conventional school справка (domain notes §5) and seed 004 §3.7: паспорт →
// участники → отметки (У, КЗ, СОУ, средние) against the reference → сравнение с журналом →
// распределение баллов → выполнение заданий (ФИОКО) → группы по отметкам → дефициты → признаки
// необъективности (school and municipality only) → выводы → рекомендации → дорожная карта.
// Each section is a function of spravka-*.ts returning its blocks (or null when it does not
// apply); the headings are numbered when the sections are assembled, so the numbers never jump.
import type { DocModel } from './model.ts';
import { signatureBlocks } from './signing.ts';
import { assemble, passportSection, titleBlocks } from './sections.ts';
import { conclusionsSection, roadmapSection } from './spravka-findings.ts';
import { recommendationsSection } from './spravka-recommendations.ts';
import { signsSection } from './spravka-objectivity.ts';
import { histogramSection, journalSection, marksSection, participantsSection } from './spravka-results.ts';
import { deficitsSection, markGroupsSection, tasksSection } from './spravka-tasks.ts';
import { dynamicsSection } from './spravka-dynamics.ts';
import { adaptedNotice, adaptedSection } from './spravka-adapted.ts';
import type { SpravkaContext, SpravkaInput } from './spravka-types.ts';
import { contextSection } from './spravka-context.ts';
import { LEVEL_FORMAL } from '../text/labels.ts';
import { childUnits, findUnitOf, rootUnit, unitTitle } from './units.ts';

export type { FigurePng, SpravkaInput } from './spravka-types.ts';
export { comparePctSentence } from './spravka-results.ts';
export { RECOMMENDATION_RULES } from './spravka-recommendations.ts';

const AIM =
  'Выявление проблемных полей и дефицитов в виде несформированных планируемых результатов для обучающихся, классов, параллели и образовательной организации; принятие мер по их устранению';

export function buildSpravka(input: SpravkaInput): DocModel {
  const P = input.procedure;
  const unit = findUnitOf(P, input.level, input.unitId);
  if (!unit) throw new Error(`В отчёте ${P.id} нет единицы ${input.level}:${input.unitId}`);
  const root = rootUnit(P);
  const title = unitTitle(P, unit);
  const c: SpravkaContext = {
    input,
    P,
    unit,
    // Only a larger unit is a reference: with one school (class) loaded, «вся выборка» is the unit.
    ref: root && root !== unit && root.written > unit.written ? root : undefined,
    skills: input.skills ?? {},
    title,
    children: childUnits(P, unit),
  };
  const head = titleBlocks(
    `по результатам ${P.kind} по учебному предмету «${P.subject}» в ${P.grade} ${P.grade === 1 ? 'классе' : 'классах'}, ${P.year} год`,
    title,
  );
  // «Показатели приведены без учёта N обучающихся по АООП» when the user chose so (spravka-adapted.ts).
  head.push(...adaptedNotice(c));
  const blocks = assemble(head, [
    passportSection(P, {
      unitRows: [
        ['Класс (параллель)', String(P.grade)],
        // «Все участники: Все участники» never: the level's name once when it is the title.
        [
          'Уровень анализа',
          title === LEVEL_FORMAL[unit.level] ? title : `${LEVEL_FORMAL[unit.level]}: ${title}`,
        ],
      ],
      resultsDate: input.resultsDate,
      basis: input.basis,
      aim: AIM,
    }),
    participantsSection(c),
    marksSection(c),
    journalSection(c),
    histogramSection(c),
    tasksSection(c),
    markGroupsSection(c),
    deficitsSection(c),
    adaptedSection(c),
    dynamicsSection(c),
    signsSection(c),
    contextSection(c),
    conclusionsSection(c),
    recommendationsSection(c),
    roadmapSection(c),
  ]);
  return {
    title: `Аналитическая справка — ${title}`,
    orientation: 'portrait',
    blocks: [...blocks, ...signatureBlocks()],
  };
}
