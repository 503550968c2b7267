// The last context analysis for the municipal справка and plan (settings `contextSummary`, written by
// the context worker), marked stale when it was computed on other stored procedures than now.
import { settingKeys } from '../../src/db/settings-keys';
import type { ContextForDocuments } from '../../src/domain/documents/spravka-context';
import type { DocumentsDeps } from './types';

export async function storedContext(deps: DocumentsDeps): Promise<ContextForDocuments | undefined> {
  const summary = await deps.getSetting(settingKeys.contextSummary);
  if (!summary) return undefined;
  const stamp = (await deps.listProcedures()).map((p) => `${p.key}|${p.updatedAt}`).join(';');
  return { summary, stale: summary.stamp !== stamp };
}
