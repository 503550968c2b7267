// The procedure's documents (справки of a unit and of a pupil, the roadmap files, routes, the
// appendix) as file bytes, the справка as a model for the print view, and the unit and pupil
// selects' outline.
import type { ProgressFn } from '../../src/domain/model';
import {
  appendixModel,
  pupilSpravkaModel,
  roadmapIcs,
  roadmapModel,
  roadmapXlsx,
  routesModel,
  spravkaModel,
  spravkaZip,
  writeDocx,
  type DocContext,
  type DocModel,
} from '../../src/domain/documents';
import { unitTitle } from '../../src/domain/documents/units';
import { pupilResults, type UnitLevel } from '../../src/domain/report';
import { throttleProgress } from '../progress';
import { InputError, transferred } from '../outcome';
import { MIME, safeFileName, type DocumentsCore } from './shared';
import { spravkaHistory } from './history';
import { withAdapted } from './adapted';
import type {
  DocumentFile,
  DocumentKind,
  DocumentRequest,
  Outline,
  OutlinePupil,
  OutlineUnit,
} from './types';

function unitName(ctx: DocContext, r: DocumentRequest): string {
  const u = ctx.report.units.find((x) => x.level === r.level && x.id === r.unitId);
  if (!u) throw new InputError('Выбранной единицы нет в данных процедуры.');
  return unitTitle(ctx.report, u);
}

export function spravkaHandlers(core: DocumentsCore) {
  const { deps, context, options } = core;

  async function file(
    procedureKey: string,
    kind: DocumentKind,
    r: DocumentRequest,
    onProgress?: ProgressFn,
  ): Promise<DocumentFile> {
    const started = Date.now();
    const ctx = await context(procedureKey, onProgress);
    const o = await options(ctx, procedureKey, r);
    const P = ctx.report;
    const what = `${P.subject} ${P.grade} кл ${P.year} — ${unitName(ctx, r)}`;
    onProgress?.(0.7, 'Составление документа');
    const docx = async (model: DocModel, base: string) => {
      onProgress?.(0.85, 'Запись DOCX');
      return { bytes: await writeDocx(model), fileName: safeFileName(base, 'docx'), mime: MIME.docx };
    };
    let out: Omit<DocumentFile, 'elapsedMs'>;
    switch (kind) {
      case 'spravka': {
        // Without the АООП pupils when the user chose so: the charts then show the same figures.
        const a = await withAdapted(deps, ctx, r);
        const figures = deps.charts
          ? await deps.charts(a.ctx.report, r.level, r.unitId).catch(() => undefined)
          : undefined;
        onProgress?.(0.6, 'Динамика по годам');
        const history = await spravkaHistory(core, ctx, procedureKey, r);
        out = await docx(
          spravkaModel(a.ctx, { ...o, figures, history, adapted: a.adapted }),
          `Аналитическая справка ${P.kind} ${what}`,
        );
        break;
      }
      case 'pupil-spravka': {
        const who = `код ${o.pupil ?? ''}`;
        out = await docx(pupilSpravkaModel(ctx, o), `Аналитическая справка ${P.kind} ${what} — ${who}`);
        break;
      }
      case 'roadmap-docx':
        out = await docx(roadmapModel(ctx, o).model, `Дорожная карта ${P.kind} ${what}`);
        break;
      case 'roadmap-xlsx': {
        const { roadmap } = roadmapModel(ctx, o);
        out = {
          bytes: roadmapXlsx(roadmap, o.today!),
          fileName: safeFileName(`Дорожная карта ${P.kind} ${what}`, 'xlsx'),
          mime: MIME.xlsx,
        };
        break;
      }
      case 'roadmap-ics': {
        const { roadmap } = roadmapModel(ctx, o);
        out = {
          bytes: new TextEncoder().encode(roadmapIcs(roadmap)),
          fileName: safeFileName(`Дорожная карта ${P.kind} ${what}`, 'ics'),
          mime: MIME.ics,
        };
        break;
      }
      case 'routes':
        out = await docx(routesModel(ctx, o), `Индивидуальные маршруты ${P.kind} ${what}`);
        break;
      case 'appendix':
        out = await docx(appendixModel(ctx, o), `Приложение к рабочей программе ${what}`);
        break;
      default:
        throw new InputError(`Неизвестный документ: ${String(kind)}`);
    }
    onProgress?.(1, 'Готово');
    return { ...out, elapsedMs: Date.now() - started };
  }

  return {
    /** Municipalities, schools and their classes of a procedure, for the unit selects. */
    async outline(procedureKey: string): Promise<Outline> {
      const ctx = await context(procedureKey);
      const P = ctx.report;
      const meta = ctx.ds.meta;
      const u = (level: UnitLevel, id: string) => P.units.find((x) => x.level === level && x.id === id);
      const unit = (level: UnitLevel, id: string, name: string): OutlineUnit => ({
        id,
        name,
        written: u(level, id)?.written ?? 0,
      });
      return {
        procedureKey,
        title: `${P.kind} · ${P.subject} · ${P.grade} класс · ${P.year}`,
        grade: P.grade,
        municipalities: meta.municipalities.map((m) => unit('municipality', m.id, m.name)),
        schools: meta.schools.map((s, k) => ({
          ...unit('school', s.login, s.name ?? s.login),
          municipality: s.municipalityId ?? null,
          classes: meta.classes
            .filter((c) => c.school === k)
            .map((c) => unit('class', c.id, c.label))
            .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true })),
        })),
      };
    },

    /** A document as file bytes (transferred, not copied). */
    async generate(
      procedureKey: string,
      kind: DocumentKind,
      request: DocumentRequest,
      onProgress?: ProgressFn,
    ): Promise<DocumentFile> {
      const progress = throttleProgress(onProgress);
      try {
        const value = await file(procedureKey, kind, request, progress.report);
        return transferred(value, [value.bytes.buffer as ArrayBuffer]);
      } finally {
        progress.done();
      }
    },

    /**
     * «Справки всем школам»: the справка of every school of a municipality or of all participants
     * with a pupil who wrote, in one ZIP (transferred). Cancel: the page stops the engine.
     */
    async schoolsZip(
      procedureKey: string,
      request: DocumentRequest,
      onProgress?: ProgressFn,
    ): Promise<DocumentFile> {
      if (request.level !== 'municipality' && request.level !== 'all')
        throw new InputError('Справки всем школам составляются для муниципалитета или для всех участников.');
      const started = Date.now();
      const progress = throttleProgress(onProgress);
      try {
        const ctx = await context(procedureKey, (f, s) => progress.report(0.3 * f, s));
        const o = await options(ctx, procedureKey, request);
        // Every school's dynamics from the reduced reports (all school units) of the other works.
        const history = await spravkaHistory(core, ctx, procedureKey, request);
        const { bytes } = await spravkaZip(
          ctx,
          { ...o, level: request.level, unitId: request.unitId, history },
          (f, s) => progress.report(0.3 + 0.7 * f, s),
        );
        const P = ctx.report;
        const value: DocumentFile = {
          bytes,
          fileName: safeFileName(
            `Справки школ ${P.kind} ${P.subject} ${P.grade} кл ${P.year} — ${unitName(ctx, request)}`,
            'zip',
          ),
          mime: 'application/zip',
          elapsedMs: Date.now() - started,
        };
        return transferred(value, [value.bytes.buffer as ArrayBuffer]);
      } finally {
        progress.done();
      }
    },

    /** The pupils of a class (codes, scores, marks) for the pupil справка's select. */
    async pupils(procedureKey: string, classId: string): Promise<OutlinePupil[]> {
      const ctx = await context(procedureKey);
      return pupilResults(ctx.ds, classId).map((x) => ({
        code: x.code,
        absent: x.absent,
        score: x.score,
        mark: x.mark,
      }));
    },

    /** The справка (a pupil's when request.pupil is set) as a document model, for the print view. */
    async spravkaModel(procedureKey: string, request: DocumentRequest): Promise<DocModel> {
      const ctx = await context(procedureKey);
      const o = await options(ctx, procedureKey, request);
      if (o.pupil) return pupilSpravkaModel(ctx, o);
      const history = await spravkaHistory(core, ctx, procedureKey, request);
      const a = await withAdapted(core.deps, ctx, request);
      return spravkaModel(a.ctx, { ...o, history, adapted: a.adapted });
    },
  };
}
