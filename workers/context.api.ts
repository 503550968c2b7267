// The context worker's API, free of transport (Node tests call it directly; context.worker.ts exposes
// it): imports the ФИС ОКО context form (answers only, per school and year), and runs the municipal
// context analysis over every stored procedure — clusters, ШНОР/ШНСУ, partners, resources, the effect
// of measures for schools with a roadmap — and writes the support programme (DOCX, XLSX).
import { procedureId, type Dataset, type ProgressFn } from '../src/domain/model';
import type { ContextTable } from '../src/domain/objectivity';
import { redSignSchools } from '../src/domain/context/red-signs';
import { lowRuleWith, type LowRuleThresholds, type SchoolResult } from '../src/domain/context/low-results';
import { effectivenessDocument, effectivenessXlsx } from '../src/domain/context/effectiveness';
import { contextSummary, type ContextSummary } from '../src/domain/context/summary';
import { readSupportMeasures, type SupportMeasure } from '../src/domain/context/support-measures';
import { throttleProgress } from './progress';
import { readContextFile, mergeContextRecords } from '../src/domain/context/read-context';
import { analyseContext, type MunicipalContextAnalysis } from '../src/domain/context/analysis';
import { schoolResults } from '../src/domain/context/school-results';
import {
  effectFigures,
  resourceFigures,
  type EffectFigures,
  type ResourceFigures,
} from '../src/domain/context/figure-rows';
import {
  measuresOf,
  supportProgrammeDocument,
  supportProgrammeXlsx,
} from '../src/domain/context/support-programme';
import type { ContextRecord, ParsedContext } from '../src/domain/context/types';
import { writeDocx } from '../src/domain/documents/docx-writer';
import { failureOf, guard, InputError, transferred, type Failure, type Outcome } from './outcome';

export type { Outcome };

export interface ContextDeps {
  listProcedureKeys(): Promise<string[]>;
  loadDataset(procedureKey: string): Promise<Dataset>;
  loadContextRecords(): Promise<ContextRecord[]>;
  saveContextRecords(parsed: ParsedContext): Promise<void>;
  /** Logins of the schools with a stored roadmap (the schools «with measures»). */
  roadmapSchools(): Promise<string[]>;
  /** What the objectivity screen computes its signs with: the stored context table and re-checks. */
  objectivityContext?(): Promise<ContextTable | undefined>;
  loadRecheck?(procedureKey: string): Promise<Dataset | null>;
  /** Which stored procedures (and data versions) an analysis ran on. */
  procedureStamp?(): Promise<string>;
  /** Keep the last analysis for the municipal справка and plan (settings `contextSummary`). */
  saveSummary?(summary: ContextSummary): Promise<void>;
  /** The user's measures of the support programme (settings `supportMeasures`). */
  getMeasures?(): Promise<SupportMeasure[] | undefined>;
  setMeasures?(measures: SupportMeasure[] | undefined): Promise<void>;
  now?: () => Date;
}

export interface ImportedForm {
  /** Schools read from the file. */
  read: number;
  warnings: string[];
  status: ContextStatus;
}

export interface ContextStatus {
  schools: number;
  years: number[];
}

/** What the screen shows: plain data, names resolved, no Maps (structured clone). */
export interface ContextView {
  k: number;
  silhouette: number;
  byK: { k: number; silhouette: number }[];
  clusters: { id: number; words: string; n: number; stability: number }[];
  lowRule: string;
  hardRule: string;
  low: {
    login: string;
    name: string;
    cluster: number;
    years: number[];
    hard: boolean;
    partners: string[];
    partnerLogins: string[];
  }[];
  /** Schools with a red objectivity sign (in any kind and subject): never partners. */
  red: { login: string; name: string; works: string[] }[];
  history: { year: number; n: number; in: number; out: number; persistent: number }[];
  hard: number;
  resources: ResourceFigures[];
  effect: EffectFigures[];
  /** Each school's mean result (% of max) next to its group's and the region's. */
  schools: {
    login: string;
    name: string;
    cluster: number;
    own: number;
    clusterMean: number;
    region: number;
  }[];
  /** Schools of the results without context answers (left out). */
  withoutContext: number;
}

export interface AnalyseOptions {
  /** The user's thresholds of the ШНОР rule (the rest stays the default). */
  lowRule?: Partial<LowRuleThresholds>;
}

export function toFailure(e: unknown): Failure {
  return failureOf(e, 'Не удалось выполнить расчёт по контексту школ');
}

export function createContextApi(deps: ContextDeps) {
  let held: {
    analysis: MunicipalContextAnalysis;
    names: Map<string, string>;
    municipality: string;
    results: SchoolResult[];
    treated: Set<string>;
  } | null = null;

  async function status(): Promise<ContextStatus> {
    const records = await deps.loadContextRecords();
    return {
      schools: new Set(records.map((r) => r.login)).size,
      years: [...new Set(records.map((r) => r.year).filter((y): y is number => y !== null))].sort(),
    };
  }

  const handlers = {
    status(): Promise<ContextStatus> {
      return status();
    },

    /** Reads a form (or table) and keeps its answers; the file itself is not kept. */
    async importForm(bytes: Uint8Array, fileName: string): Promise<ImportedForm> {
      {
        const parsed = readContextFile(bytes, fileName);
        await deps.saveContextRecords(parsed);
        held = null;
        const warnings = parsed.warnings
          .slice(0, 20)
          .map((w) => `${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}`);
        return { read: parsed.records.length, warnings, status: await status() };
      }
    },

    /** The analysis; the objectivity signs of every stored work are computed first (partners). */
    async analyse(onProgress?: ProgressFn, options?: AnalyseOptions): Promise<ContextView> {
      const progress = throttleProgress(onProgress);
      try {
        const records = mergeContextRecords([
          { file: '', layout: 'oko-context', records: await deps.loadContextRecords(), warnings: [] },
        ]);
        if (records.length < 4)
          throw new InputError(
            'Нужны ответы контекстной анкеты хотя бы четырёх школ: загрузите форму «Сбор контекстных данных об ОО».',
          );
        const datasets: Dataset[] = [];
        const rechecks = new Map<string, Dataset>();
        const keys = await deps.listProcedureKeys();
        for (const [i, key] of keys.entries()) {
          progress.report((0.2 * i) / Math.max(1, keys.length), 'Загрузка результатов');
          const ds = await deps.loadDataset(key);
          datasets.push(ds);
          const rc = (await deps.loadRecheck?.(key)) ?? null;
          if (rc) rechecks.set(procedureId(ds.meta.procedure), rc);
        }
        // A partner must have objective results: the same signs as on «Объективность».
        progress.report(0.2, 'Признаки необъективности (для выбора партнёров)');
        const red = redSignSchools({ datasets, context: await deps.objectivityContext?.(), rechecks });
        progress.report(0.9, 'Группы и ШНОР');
        const results = datasets.flatMap(schoolResults);
        const names = new Map<string, string>(records.map((r) => [r.login, r.name ?? r.login]));
        for (const ds of datasets) for (const s of ds.meta.schools) if (s.name) names.set(s.login, s.name);
        const years = [...new Set(results.map((r) => r.year))].sort();
        const treated = new Set(await deps.roadmapSchools());
        const analysis = analyseContext({
          records,
          results,
          red: new Set(red.keys()),
          lowRule: lowRuleWith(options?.lowRule),
          treated: treated.size ? treated : undefined,
          before: years.at(-2),
          after: years.at(-1),
        });
        const municipality = records.find((r) => r.municipality)?.municipality ?? 'муниципалитет';
        held = { analysis, names, municipality, results, treated };
        await deps.saveSummary?.(
          contextSummary(analysis, names, {
            computedAt: (deps.now?.() ?? new Date()).toISOString(),
            stamp: (await deps.procedureStamp?.()) ?? '',
            red: red.size,
          }),
        );
        const name = (l: string) => names.get(l) ?? l;
        const known = new Set(records.map((r) => r.login));
        return {
          ...{
            k: analysis.k,
            silhouette: analysis.silhouette,
            byK: analysis.byK,
            clusters: analysis.clusters.map((c) => ({
              id: c.id,
              words: c.words,
              n: c.schools.length,
              stability: c.stability,
            })),
            lowRule: analysis.lowRule.source,
            hardRule: analysis.hardRule.source,
            low: analysis.low.map((e) => ({
              login: e.login,
              name: name(e.login),
              cluster: analysis.clusterOf.get(e.login)! + 1,
              years: e.lowYears,
              hard: analysis.hard.some((h) => h.login === e.login),
              partners: (analysis.partners.get(e.login) ?? []).map((p) => name(p.login)),
              partnerLogins: (analysis.partners.get(e.login) ?? []).map((p) => p.login),
            })),
            red: [...red]
              .map(([login, works]) => ({ login, name: name(login), works }))
              .sort((a, b) => a.name.localeCompare(b.name, 'ru')),
            history: analysis.history.map((h) => ({
              year: h.year,
              n: h.list.length,
              in: h.in.length,
              out: h.out.length,
              persistent: h.persistent.length,
            })),
            hard: analysis.hard.length,
            resources: analysis.resources.map(resourceFigures),
            effect: analysis.effect.map(effectFigures),
            schools: [...analysis.compare]
              .map(([login, c]) => ({
                login,
                name: name(login),
                cluster: analysis.clusterOf.get(login)! + 1,
                own: c.own,
                clusterMean: c.cluster,
                region: c.region,
              }))
              .sort((a, b) => a.cluster - b.cluster || a.own - b.own),
            withoutContext: new Set(results.map((r) => r.login).filter((l) => !known.has(l))).size,
          },
        };
      } finally {
        progress.done();
      }
    },

    /** «Оценка эффективности муниципальных мер» of the last analysis as DOCX or XLSX (bytes transferred). */
    async effectiveness(format: 'docx' | 'xlsx'): Promise<Uint8Array> {
      if (!held) throw new InputError('Сначала выполните расчёт.');
      if (held.treated.size === 0)
        throw new InputError(
          'Нет школ с мерами: эффективность оценивается для школ с дорожными картами (составьте их в «Документах»).',
        );
      const input = {
        municipality: held.municipality,
        analysis: held.analysis,
        results: held.results,
        treated: held.treated,
        treatedSource: 'Школы с мерами — школы, для которых в приложении составлена дорожная карта.',
        names: held.names,
      };
      const bytes =
        format === 'docx' ? await writeDocx(effectivenessDocument(input)) : effectivenessXlsx(input);
      return transferred(bytes, [bytes.buffer]);
    },

    /** The measures of the support programme: the user's, else the defaults. */
    async measures(): Promise<{ measures: SupportMeasure[]; edited: boolean }> {
      const own = await deps.getMeasures?.();
      return { measures: measuresOf({ measures: own }), edited: !!own?.length };
    },

    /** Keeps the edited measures (cleaned); an empty list goes back to the defaults. */
    async saveMeasures(measures: SupportMeasure[]): Promise<{ measures: SupportMeasure[]; edited: boolean }> {
      const clean = readSupportMeasures(measures) ?? [];
      await deps.setMeasures?.(clean.length ? clean : undefined);
      return { measures: measuresOf({ measures: clean }), edited: clean.length > 0 };
    },

    /** The support programme of the last analysis as DOCX or XLSX (bytes transferred). */
    async programme(format: 'docx' | 'xlsx', schoolYear: string): Promise<Uint8Array> {
      if (!held) throw new InputError('Сначала выполните расчёт.');
      const input = {
        municipality: held.municipality,
        schoolYear,
        analysis: held.analysis,
        names: held.names,
        measures: await deps.getMeasures?.(),
      };
      const bytes =
        format === 'docx' ? await writeDocx(supportProgrammeDocument(input)) : supportProgrammeXlsx(input);
      return transferred(bytes, [bytes.buffer]);
    },
  };

  return guard(handlers, toFailure);
}

export type ContextApi = ReturnType<typeof createContextApi>;
