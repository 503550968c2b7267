// What every document family of the documents worker shares: the analysed procedure (held while
// it is unchanged), the stored people and templates, the request's options, and the one-at-a-time
// queue for edits of stored values.
import type { Dataset, ProgressFn } from '../../src/domain/model';
import {
  parseTemplate,
  type DocContext,
  type DocOptions,
  type TemplateName,
  type TemplateTypes,
} from '../../src/domain/documents';
import { schoolUnitOf } from '../../src/domain/documents';
import { cohortSigns, schoolSigns } from '../../src/domain/report';
import { sheetsProgress } from '../../src/domain/followup/progress';
import { isIsoDate } from '../../src/domain/roadmap/dates';
import type { People } from '../../src/domain/roadmap/build-roadmap';
import type { Roadmap } from '../../src/domain/roadmap/types';
import { settingKeys } from '../../src/db/settings-keys';
import { InputError } from '../outcome';
import { fileSafe } from '../file-names';
import type { AnalysisCache } from '../analysis-cache';
import type { DocumentRequest, DocumentsDeps, StoredProcedureRef } from './types';
import { storedContext } from './context';

// The settings this worker keeps (src/db/settings-keys.ts lists every key).
export const PEOPLE_KEY = settingKeys.roadmapPeople;
export const observationKey = settingKeys.observation;
export const municipalPlanKey = settingKeys.objectivityPlan;
export const roadmapKey = settingKeys.roadmap;
export const templateKey = settingKeys.template;

export const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar',
};

/** A Russian-safe file name: keeps Cyrillic, drops characters Windows and macOS refuse. */
export function safeFileName(base: string, ext: string): string {
  return `${fileSafe(base, 150) || 'ОКО-документ'}.${ext}`;
}

/** The earlier procedure of the same cohort (grade − 1, the previous year preferred). */
function predecessor(all: StoredProcedureRef[], later: StoredProcedureRef): StoredProcedureRef | undefined {
  const c = all.filter(
    (e) =>
      e.key !== later.key &&
      e.kind === later.kind &&
      e.subject === later.subject &&
      e.grade === later.grade - 1 &&
      (e.year === later.year - 1 || e.year === later.year),
  );
  return c.find((e) => e.year === later.year - 1) ?? c[0];
}

/** Only string pairs: an untyped caller cannot smuggle other values into the documents. */
function cleanNames(names: unknown): Map<string, string> | undefined {
  if (!Array.isArray(names)) return undefined;
  const out = new Map<string, string>();
  for (const e of names)
    if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') out.set(e[0], e[1]);
  return out;
}

function checkRequest(r: DocumentRequest): void {
  if (!isIsoDate(r.resultsDate)) throw new InputError('Укажите дату получения результатов.');
  if (r.today !== undefined && !isIsoDate(r.today)) throw new InputError('Неверная текущая дата.');
}

export type DocumentsCore = ReturnType<typeof documentsCore>;

export function documentsCore(deps: DocumentsDeps, cache: AnalysisCache) {
  let held: { key: string; stamp: string; ctx: Promise<DocContext> } | undefined;

  /** The analysed procedure (and its cohort's earlier one, for the official signs), kept while unchanged. */
  async function context(procedureKey: string, onProgress?: ProgressFn): Promise<DocContext> {
    const all = await deps.listProcedures();
    const me = all.find((p) => p.key === procedureKey);
    if (!me) throw new InputError('Процедура не найдена: возможно, она удалена.');
    const before = predecessor(all, me);
    const stamp = `${me.updatedAt}|${before?.key ?? ''}|${before?.updatedAt ?? ''}`;
    if (held?.key === procedureKey && held.stamp === stamp) return held.ctx;
    const ctx = (async (): Promise<DocContext> => {
      onProgress?.(0.05, 'Чтение данных из хранилища');
      // The engine's shared analysis: the analysis screen's, when it opened this version already.
      const { ds, report } = await cache.get(procedureKey, (f, s) =>
        onProgress?.(0.1 + 0.4 * f, `Анализ: ${s}`),
      );
      const signs = schoolSigns(report);
      let earlierDs: Dataset | undefined;
      if (before) {
        onProgress?.(0.55, 'Анализ предыдущей процедуры когорты');
        const earlier = await cache.get(before.key);
        earlierDs = earlier.ds;
        signs.push(...cohortSigns(earlier.report, report));
      }
      return { ds, report, signs, earlier: earlierDs };
    })();
    held = { key: procedureKey, stamp, ctx };
    ctx.catch(() => {
      if (held?.ctx === ctx) held = undefined;
    });
    return ctx;
  }

  /**
   * The context with the «Объективность» result of its kind and subject (the screen's run when
   * current): only the справки of a school or municipality need it, so only they wait for it.
   */
  async function withEvidence(ctx: DocContext, onProgress?: ProgressFn): Promise<DocContext> {
    if (!deps.objectivityEvidence) return ctx;
    onProgress?.(0.6, 'Признаки объективности');
    return { ...ctx, evidence: await deps.objectivityEvidence(ctx.report.kind, ctx.report.subject) };
  }

  async function people(): Promise<People> {
    return (await deps.getSetting(PEOPLE_KEY)) ?? {};
  }

  // Edits are read-modify-write of one stored value: run them one at a time, in this worker by a
  // promise chain and across tabs by a Web Lock (where the platform has one), so that two edits
  // fired together cannot both read the old roadmap and the second overwrite the first.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(f: () => Promise<T>): Promise<T> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    const locked = (): Promise<T> => (locks ? (locks.request('oko-document-edit', f) as Promise<T>) : f());
    const run = queue.then(locked, locked);
    queue = run.catch(() => undefined);
    return run;
  }

  async function storedTemplate<N extends TemplateName>(name: N): Promise<TemplateTypes[N] | undefined> {
    const v = await deps.getSetting(templateKey(name));
    if (v === undefined) return undefined;
    const parsed = parseTemplate(name, v);
    return parsed.ok ? parsed.template : undefined;
  }

  async function storedRoadmap(
    ctx: DocContext,
    procedureKey: string,
    r: DocumentRequest,
  ): Promise<Roadmap | undefined> {
    const school = schoolUnitOf(ctx, r);
    if (!school) return undefined;
    return deps.getSetting(roadmapKey(procedureKey, school.id));
  }

  async function options(ctx: DocContext, procedureKey: string, r: DocumentRequest): Promise<DocOptions> {
    checkRequest(r);
    return {
      level: r.level,
      unitId: r.unitId,
      resultsDate: r.resultsDate,
      today: r.today ?? r.resultsDate,
      calendar: r.calendar,
      basis: r.basis,
      people: await people(),
      roadmap: await storedRoadmap(ctx, procedureKey, r),
      names: cleanNames(r.names),
      pupil: typeof r.pupil === 'string' ? r.pupil : undefined,
      roadmapTemplate: await storedTemplate('roadmap'),
      activities: await storedTemplate('activities'),
      context: r.level === 'municipality' || r.level === 'all' ? await storedContext(deps) : undefined,
      progress: await followupProgress(ctx, procedureKey, r),
    };
  }

  /** The progress lines of the school's stored follow-up sheets ({} without a school or sheets). */
  async function followupProgress(
    ctx: DocContext,
    procedureKey: string,
    r: DocumentRequest,
  ): Promise<Record<string, string>> {
    const school = schoolUnitOf(ctx, r);
    if (!school || !deps.listFollowups) return {};
    return sheetsProgress(await deps.listFollowups(procedureKey, school.id));
  }

  return {
    deps,
    /** The engine's shared analyses (the справка's other years: spravka history.ts). */
    cache,
    context,
    withEvidence,
    people,
    serial,
    storedTemplate,
    options,
    /** Drop the held procedure (a template changed, or the page asked). */
    forget(): void {
      held = undefined;
    },
  };
}
