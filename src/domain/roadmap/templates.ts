// The built-in templates. The measures are data (./templates/*.json) so that a school or a
// municipality can adapt them without touching code; validateTemplate checks an adapted copy.
import type { PlanTemplate } from './types.ts';
import roadmap from './templates/roadmap-ru.json';
import objectivity from './templates/objectivity-plan-ru.json';

/** Seed 004: Примерный план мероприятий («дорожная карта»), Минобрнауки РС(Я), 2021. */
export const ROADMAP_TEMPLATE_RU: PlanTemplate = roadmap as PlanTemplate;

/** Municipal plan of measures on objectivity (seeds 000, 001, 003). */
export const OBJECTIVITY_TEMPLATE_RU: PlanTemplate = objectivity as PlanTemplate;
