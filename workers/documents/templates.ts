// The user's own templates (roadmap, activities, objectivity plan): shown, checked and stored, or
// dropped for the built-in one.
import {
  BUILTIN_TEMPLATES,
  parseTemplate,
  TEMPLATE_NAMES,
  type TemplateName,
} from '../../src/domain/documents';
import { InputError } from '../outcome';
import { templateKey, type DocumentsCore } from './shared';

function known(name: TemplateName): void {
  if (!TEMPLATE_NAMES.includes(name)) throw new InputError(`Неизвестный шаблон: ${String(name)}`);
}

export function templateHandlers(core: DocumentsCore) {
  const { deps, storedTemplate } = core;
  return {
    /** The template in use (the user's when stored) as JSON text, and whether it is the user's. */
    async template(name: TemplateName): Promise<{ json: string; custom: boolean }> {
      known(name);
      const own = await storedTemplate(name);
      return { json: JSON.stringify(own ?? BUILTIN_TEMPLATES[name], null, 2), custom: own !== undefined };
    },

    /** Checks an uploaded template; stores it only when it has no problems. */
    async saveTemplate(name: TemplateName, text: string): Promise<{ problems: string[] }> {
      known(name);
      const parsed = parseTemplate(name, text);
      if (!parsed.ok) return { problems: parsed.problems };
      await deps.setSetting(templateKey(name), text);
      core.forget();
      return { problems: [] };
    },

    async resetTemplate(name: TemplateName): Promise<true> {
      await deps.deleteSetting(templateKey(name));
      return true;
    },
  };
}
