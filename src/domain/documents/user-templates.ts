// Templates the user adapts (issue «Documents», point 6): the measure catalogues and wording are data
// files; the «Документы» screen downloads the current one as JSON, takes an edited one back (checked
// here, problems in Russian) and stores it in settings `template:<name>`; the documents worker then
// uses it instead of the built-in one.
import { validateTemplate } from '../roadmap/fill.ts';
import { OBJECTIVITY_TEMPLATE_RU, ROADMAP_TEMPLATE_RU } from '../roadmap/templates.ts';
import type { PlanTemplate } from '../roadmap/types.ts';
import { ACTIVITIES_RU, type ActivityTemplate } from './activities.ts';

export type TemplateName = 'roadmap' | 'objectivity' | 'activities';

export const TEMPLATE_NAMES: readonly TemplateName[] = ['roadmap', 'objectivity', 'activities'];

export const TEMPLATE_TITLES: Record<TemplateName, string> = {
  roadmap: 'Дорожная карта школы',
  objectivity: 'Муниципальный план по объективности',
  activities: 'Виды работы по умениям (маршруты, приложение)',
};

export interface TemplateTypes {
  roadmap: PlanTemplate;
  objectivity: PlanTemplate;
  activities: ActivityTemplate;
}

export const templateKey = (name: TemplateName) => `template:${name}`;

export const BUILTIN_TEMPLATES: TemplateTypes = {
  roadmap: ROADMAP_TEMPLATE_RU,
  objectivity: OBJECTIVITY_TEMPLATE_RU,
  activities: ACTIVITIES_RU,
};

const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

/** Problems of an activities template (Russian); [] when it can be used. */
export function validateActivities(t: ActivityTemplate): string[] {
  const out: string[] = [];
  if (t.format !== 'oko-activities/v1') out.push(`Неизвестный формат шаблона: ${String(t.format)}`);
  if (!Array.isArray(t.skillKinds)) out.push('Нет списка видов умений (skillKinds)');
  else
    t.skillKinds.forEach((k, i) => {
      const where = `Вид умения ${k?.id ?? i + 1}`;
      if (!k || typeof k.id !== 'string' || !k.id.trim()) out.push(`${where}: нет идентификатора`);
      if (!strings(k?.match) || k.match.length === 0) out.push(`${where}: нет подстрок match`);
      if (!strings(k?.activities) || k.activities.length === 0) out.push(`${where}: нет видов работы`);
    });
  if (!t.byLevel || typeof t.byLevel !== 'object') out.push('Нет видов работы по уровням (byLevel)');
  else
    for (const [lvl, acts] of Object.entries(t.byLevel))
      if (!strings(acts)) out.push(`Уровень ${lvl}: виды работы — не список строк`);
  if (!strings(t.default) || t.default.length === 0) out.push('Нет видов работы по умолчанию (default)');
  return out;
}

export type ParsedTemplate<N extends TemplateName> =
  { ok: true; template: TemplateTypes[N] } | { ok: false; problems: string[] };

/** Parses and checks an uploaded template (JSON text); never throws. */
export function parseTemplate<N extends TemplateName>(name: N, text: string): ParsedTemplate<N> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, problems: [`Файл не является JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, problems: ['Шаблон должен быть объектом JSON'] };
  let problems: string[];
  try {
    if (name === 'activities') problems = validateActivities(data as ActivityTemplate);
    else {
      const t = data as PlanTemplate;
      problems = validateTemplate(t);
      if (!Array.isArray(t.stages) || t.stages.length === 0) problems.unshift('Нет этапов (stages)');
      if (typeof t.title !== 'string' || !t.title.trim()) problems.unshift('Нет названия шаблона (title)');
      for (const st of Array.isArray(t.stages) ? t.stages : [])
        if (!Array.isArray(st?.measures)) problems.push(`Этап ${String(st?.id)}: нет списка мероприятий`);
      const expected = BUILTIN_TEMPLATES[name] as PlanTemplate;
      if (problems.length === 0 && t.id !== expected.id)
        problems.push(`Шаблон «${String(t.id)}» не подходит: ожидается «${expected.id}»`);
    }
  } catch (e) {
    problems = [`Шаблон не удалось проверить: ${e instanceof Error ? e.message : String(e)}`];
  }
  return problems.length ? { ok: false, problems } : { ok: true, template: data as TemplateTypes[N] };
}
