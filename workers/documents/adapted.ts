// Pupils on adapted programmes (АООП) in the справка (src/domain/documents/spravka-adapted.ts): the
// page sends the codes marked in the school's local class list (they never leave the device) and
// whether the справка is to be built without them. Beside the binding figures only the school's
// pupils are analysed (small); the справка without them needs every other school too (its
// comparison with all participants), so that choice analyses the procedure again without them.
import type { DocContext } from '../../src/domain/documents';
import { schoolUnitOf } from '../../src/domain/documents';
import type { SpravkaAdapted } from '../../src/domain/documents/spravka-adapted';
import { adaptedKey, adaptedRows, adaptedSplit } from '../../src/domain/report/adapted';
import { analyzeProcedure } from '../../src/domain/report';
import { schoolsSubset, subsetDataset } from '../../src/domain/report/subset';
import { settingKeys } from '../../src/db/settings-keys';
import type { DocumentRequest, DocumentsDeps } from './types';

/** Only strings: an untyped caller cannot smuggle other values in. */
function cleanCodes(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** The school's count «обучающихся по адаптированным программам» from the stored context form. */
async function contextCount(deps: DocumentsDeps, login: string, year: number): Promise<number | null> {
  for (const y of [year, year - 1, null]) {
    const records = await deps.getSetting(settingKeys.contextYear(y));
    const r = records?.find((x) => x.login === login);
    if (r && r.pupilsAdapted !== null) return r.pupilsAdapted;
  }
  return null;
}

/**
 * The справка's context and its АООП part for a school, parallel or class request with marked
 * codes; the context unchanged and no part otherwise.
 */
export async function withAdapted(
  deps: DocumentsDeps,
  ctx: DocContext,
  r: DocumentRequest,
): Promise<{ ctx: DocContext; adapted?: SpravkaAdapted }> {
  const codes = cleanCodes(r.adapted);
  const school = r.level === 'all' || r.level === 'municipality' ? undefined : schoolUnitOf(ctx, r);
  if (!codes.length || !school) return { ctx };
  const marked = new Set(codes.map((c) => adaptedKey(school.id, c)));
  const split = adaptedSplit(schoolsSubset(ctx.ds, new Set([school.id])), marked);
  const adapted: SpravkaAdapted = {
    all: ctx.report,
    ...split,
    excluded: r.withoutAdapted === true,
    contextCount: await contextCount(deps, school.id, ctx.report.year),
  };
  if (!adapted.excluded) return { ctx, adapted };
  const is = adaptedRows(ctx.ds, marked);
  const ds = subsetDataset(ctx.ds, (i) => !is(i));
  const without = analyzeProcedure(ds);
  return { ctx: { ...ctx, ds, report: without }, adapted: { ...adapted, without } };
}
