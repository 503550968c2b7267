// The municipality's plan on objectivity: every stored procedure analysed together (the official
// signs, cohort ones too), the observation table, the plan (stored or new) and its files.
import type { Dataset, ProgressFn } from '../../src/domain/model';
import {
  municipalPlan,
  municipalPlanDocument,
  municipalPlanXlsx,
  writeDocx,
  type MunicipalFigures,
  type ObservationTable,
  type PlanProcedure,
} from '../../src/domain/documents';
import { calendarOf } from '../../src/domain/documents/compose';
import { buildReport, type OkoReport } from '../../src/domain/report';
import { isIsoDate } from '../../src/domain/roadmap/dates';
import { updateMeasure } from '../../src/domain/roadmap/edits';
import type { Roadmap } from '../../src/domain/roadmap/types';
import { planSchoolYear } from '../../src/domain/roadmap/procedure-schedule';
import { throttleProgress } from '../progress';
import { contextSupport, withSupportBlocks, withSupportSheet } from './plan-context';
import { InputError, transferred } from '../outcome';
import { MIME, municipalPlanKey, observationKey, safeFileName, type DocumentsCore } from './shared';
import type { DocumentFile, MeasureEdit, MunicipalKind, MunicipalOutline, MunicipalRequest } from './types';

interface MunicipalCtx {
  report: OkoReport;
  schools: { login: string; name: string; municipalityId: string | null }[];
  municipalities: Map<string, string>;
}

function municipalOutline(ctx: MunicipalCtx): MunicipalOutline {
  return {
    municipalities: [...ctx.municipalities].map(([id, name]) => ({
      id,
      name,
      schools: ctx.schools
        .filter((s) => s.municipalityId === id)
        .map((s) => ({ login: s.login, name: s.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true })),
    })),
    procedures: ctx.report.procedures.map((p) => ({
      id: p.id,
      title: `${p.kind} · ${p.subject} · ${p.grade} класс · ${p.year}`,
    })),
  };
}

export function municipalHandlers(core: DocumentsCore) {
  const { deps, people, serial, storedTemplate } = core;
  let municipal: { stamp: string; ctx: Promise<MunicipalCtx> } | undefined;

  /** Every stored procedure analysed together (report.signs: the official signs, cohort ones too). */
  async function municipalContext(onProgress?: ProgressFn): Promise<MunicipalCtx> {
    const all = await deps.listProcedures();
    if (all.length === 0) throw new InputError('Нет загруженных процедур.');
    const stamp = all.map((p) => `${p.key}|${p.updatedAt}`).join(';');
    if (municipal?.stamp === stamp) return municipal.ctx;
    const ctx = (async (): Promise<MunicipalCtx> => {
      const datasets: Dataset[] = [];
      for (const [i, p] of all.entries()) {
        onProgress?.((0.3 * i) / all.length, 'Чтение данных из хранилища');
        datasets.push(await deps.loadDataset(p.key));
      }
      const report = buildReport(datasets, {
        onProgress: (f, st) => onProgress?.(0.3 + 0.4 * f, `Анализ: ${st}`),
      });
      // The municipality's schools come from the datasets' meta (names, municipality ids).
      const schools = new Map<string, { login: string; name: string; municipalityId: string | null }>();
      const municipalities = new Map<string, string>();
      for (const ds of datasets) {
        for (const m of ds.meta.municipalities) municipalities.set(m.id, m.name);
        for (const sc of ds.meta.schools)
          if (!schools.has(sc.login))
            schools.set(sc.login, {
              login: sc.login,
              name: sc.name ?? sc.login,
              municipalityId: sc.municipalityId ?? null,
            });
      }
      return { report, schools: [...schools.values()], municipalities };
    })();
    municipal = { stamp, ctx };
    ctx.catch(() => {
      if (municipal?.ctx === ctx) municipal = undefined;
    });
    return ctx;
  }

  async function observation(municipalityId: string): Promise<ObservationTable> {
    return (await deps.getSetting(observationKey(municipalityId))) ?? {};
  }

  async function municipalBuild(
    r: MunicipalRequest,
    onProgress?: ProgressFn,
  ): Promise<{
    roadmap: Roadmap;
    figures: MunicipalFigures;
    stored: boolean;
    name: string;
    own: Set<string>;
  }> {
    if (!isIsoDate(r.planDate)) throw new InputError('Укажите дату утверждения плана.');
    if (r.today !== undefined && !isIsoDate(r.today)) throw new InputError('Неверная текущая дата.');
    const schedule = r.schedule?.map((e, i) => {
      if (!isIsoDate(e?.date) || !isIsoDate(e?.resultsDate))
        throw new InputError(
          `График процедур, строка ${i + 1}: укажите даты проведения и получения результатов.`,
        );
      return {
        label: String(e.label ?? '').trim() || `Процедура ${i + 1}`,
        date: e.date,
        resultsDate: e.resultsDate,
      };
    });
    const ctx = await municipalContext(onProgress);
    const outline = municipalOutline(ctx);
    const m = outline.municipalities.find((x) => x.id === r.municipalityId);
    if (!m) throw new InputError('Муниципалитет не найден в загруженных данных.');
    const own = new Set(m.schools.map((s) => s.login));
    const procedures: PlanProcedure[] = ctx.report.procedures.map((p, i) => ({
      id: p.id,
      title: outline.procedures[i].title,
      schools: p.units
        .filter((u) => u.level === 'school' && own.has(u.id) && u.written > 0)
        .map((u) => ({ login: u.id, uspevaemost: u.uspevaemost ?? null })),
    }));
    // The screen's objectivity result for every kind and subject of the stored works.
    const groups = new Map(ctx.report.procedures.map((p) => [`${p.kind}\u0000${p.subject}`, p]));
    const evidence = deps.objectivityEvidence
      ? await Promise.all([...groups.values()].map((p) => deps.objectivityEvidence!(p.kind, p.subject)))
      : undefined;
    const schoolYear = planSchoolYear(r.planDate);
    const stored = await deps.getSetting(municipalPlanKey(m.id, schoolYear));
    const built = municipalPlan({
      municipality: { id: m.id, name: m.name },
      schools: m.schools,
      signs: ctx.report.signs,
      evidence,
      procedures,
      observation: await observation(m.id),
      schoolYear,
      planDate: r.planDate,
      calendar: calendarOf(r.calendar),
      people: await people(),
      today: r.today ?? r.planDate,
      template: await storedTemplate('objectivity'),
      stored,
      schedule,
    });
    return { ...built, stored: stored !== undefined, name: m.name, own };
  }

  return {
    handlers: {
      /** Municipalities with their schools and the stored procedures (the observation table). */
      async municipalOutline(): Promise<MunicipalOutline> {
        return municipalOutline(await municipalContext());
      },

      observation(municipalityId: string): Promise<ObservationTable> {
        return observation(municipalityId);
      },

      async saveObservation(municipalityId: string, table: ObservationTable): Promise<true> {
        const clean: ObservationTable = {};
        for (const [login, byProc] of Object.entries(table))
          for (const [id, e] of Object.entries(byProc ?? {}))
            if (e && (e.observers || e.video))
              (clean[login] ??= {})[id] = { observers: !!e.observers, video: !!e.video };
        await deps.setSetting(observationKey(municipalityId), clean);
        return true;
      },

      /** The municipal plan on objectivity: the stored (edited) one, else a new one from the template. */
      async municipalPlan(
        request: MunicipalRequest,
      ): Promise<{ roadmap: Roadmap; figures: MunicipalFigures; stored: boolean }> {
        const { roadmap, figures, stored } = await municipalBuild(request);
        return { roadmap, figures, stored };
      },

      /** Changes one measure of the municipal plan (text, deadline, responsible, status) and stores it. */
      updateMunicipalMeasure(
        request: MunicipalRequest,
        measureId: string,
        patch: MeasureEdit,
      ): Promise<Roadmap> {
        return serial(async () => {
          const { roadmap } = await municipalBuild(request);
          const clean: MeasureEdit = {};
          if (patch.status !== undefined) clean.status = patch.status;
          if (patch.deadline !== undefined) clean.deadline = patch.deadline;
          if (typeof patch.text === 'string') clean.text = patch.text;
          if (typeof patch.responsible === 'string') clean.responsible = patch.responsible;
          const next = updateMeasure(roadmap, measureId, clean);
          await deps.setSetting(
            municipalPlanKey(request.municipalityId, planSchoolYear(request.planDate)),
            next,
          );
          return next;
        });
      },

      async resetMunicipalPlan(request: MunicipalRequest): Promise<true> {
        if (!isIsoDate(request.planDate)) throw new InputError('Укажите дату утверждения плана.');
        await deps.deleteSetting(municipalPlanKey(request.municipalityId, planSchoolYear(request.planDate)));
        return true;
      },

      /** The municipal plan as DOCX or XLSX bytes (transferred). */
      async generateMunicipal(
        kind: MunicipalKind,
        request: MunicipalRequest,
        onProgress?: ProgressFn,
      ): Promise<DocumentFile> {
        const progress = throttleProgress(onProgress);
        try {
          const started = Date.now();
          const { roadmap, figures, name, own } = await municipalBuild(request, progress.report);
          const today = request.today ?? request.planDate;
          const base = `План мероприятий по объективности ${name}`;
          progress.report(0.85, 'Запись документа');
          let value: DocumentFile;
          const support = await contextSupport(deps, own);
          if (kind === 'objectivity-docx')
            value = {
              bytes: await writeDocx(
                withSupportBlocks(municipalPlanDocument(roadmap, figures, today), support),
              ),
              fileName: safeFileName(base, 'docx'),
              mime: MIME.docx,
              elapsedMs: 0,
            };
          else if (kind === 'objectivity-xlsx')
            value = {
              bytes: withSupportSheet(municipalPlanXlsx(roadmap, figures, today), support),
              fileName: safeFileName(base, 'xlsx'),
              mime: MIME.xlsx,
              elapsedMs: 0,
            };
          else throw new InputError(`Неизвестный документ: ${String(kind)}`);
          value.elapsedMs = Date.now() - started;
          progress.report(1, 'Готово');
          return transferred(value, [value.bytes.buffer as ArrayBuffer]);
        } finally {
          progress.done();
        }
      },
    },
    forget(): void {
      municipal = undefined;
    },
  };
}
