// The school's roadmap as the editor sees it: the stored (edited) one or a new one, its measures
// changed one at a time and stored; and the people (director, deputy…) the documents name.
import { schoolRoadmap, schoolUnitOf } from '../../src/domain/documents';
import { isIsoDate } from '../../src/domain/roadmap/dates';
import { addMeasure, removeMeasure, updateMeasure } from '../../src/domain/roadmap/edits';
import type { People } from '../../src/domain/roadmap/build-roadmap';
import type { Roadmap } from '../../src/domain/roadmap/types';
import { InputError } from '../outcome';
import { PEOPLE_KEY, roadmapKey, type DocumentsCore } from './shared';
import type { DocumentRequest, NewSchoolMeasure, SchoolMeasureEdit } from './types';

/** Only the known fields of the right types: an untyped caller cannot smuggle others in. */
function cleanEdit(patch: SchoolMeasureEdit): SchoolMeasureEdit {
  const clean: SchoolMeasureEdit = {};
  if (patch.status !== undefined) clean.status = patch.status;
  if (patch.deadline !== undefined) clean.deadline = patch.deadline;
  for (const k of ['text', 'responsible', 'participants', 'result'] as const)
    if (typeof patch[k] === 'string') clean[k] = patch[k];
  return clean;
}

export function roadmapHandlers(core: DocumentsCore) {
  const { deps, context, options, serial, people } = core;

  /** Applies a pure edit to the school's roadmap (stored or new) and stores the result. */
  function editSchoolRoadmap(
    procedureKey: string,
    request: DocumentRequest,
    edit: (r: Roadmap) => Roadmap,
  ): Promise<Roadmap> {
    return serial(async () => {
      const ctx = await context(procedureKey);
      const o = await options(ctx, procedureKey, request);
      const school = schoolUnitOf(ctx, request);
      const current = schoolRoadmap(ctx, o);
      if (!school || !current) throw new InputError('Дорожная карта составляется для школы.');
      const next = edit(current);
      await deps.setSetting(roadmapKey(procedureKey, school.id), next);
      return next;
    });
  }

  return {
    /** The roadmap of the unit's school: the stored (edited) one, else a new one (not stored yet). */
    async roadmap(
      procedureKey: string,
      request: DocumentRequest,
    ): Promise<{ roadmap: Roadmap; stored: boolean }> {
      const ctx = await context(procedureKey);
      const o = await options(ctx, procedureKey, request);
      const roadmap = schoolRoadmap(ctx, o);
      if (!roadmap)
        throw new InputError('Дорожная карта составляется для школы: выберите школу или её класс.');
      return { roadmap, stored: o.roadmap !== undefined };
    },

    /** Changes one measure (status, deadline, wording, responsible) and stores the school's roadmap. */
    updateMeasure(
      procedureKey: string,
      request: DocumentRequest,
      measureId: string,
      patch: SchoolMeasureEdit,
    ): Promise<Roadmap> {
      return editSchoolRoadmap(procedureKey, request, (r) => updateMeasure(r, measureId, cleanEdit(patch)));
    },

    /** Adds a measure (a user's own) to a stage of the school's roadmap and stores it. */
    addMeasure(
      procedureKey: string,
      request: DocumentRequest,
      stageId: string,
      fields: NewSchoolMeasure,
    ): Promise<Roadmap> {
      return editSchoolRoadmap(procedureKey, request, (r) => {
        const text = typeof fields.text === 'string' ? fields.text.trim() : '';
        if (!text) throw new InputError('Впишите текст мероприятия.');
        if (!isIsoDate(fields.deadline)) throw new InputError('Укажите срок мероприятия.');
        const responsible = typeof fields.responsible === 'string' ? fields.responsible.trim() : '';
        return addMeasure(r, stageId, { text, deadline: fields.deadline, responsible });
      });
    },

    /** Removes a measure from the school's roadmap and stores it. */
    removeMeasure(procedureKey: string, request: DocumentRequest, measureId: string): Promise<Roadmap> {
      return editSchoolRoadmap(procedureKey, request, (r) => removeMeasure(r, measureId));
    },

    /** Forgets the stored roadmap of the school: the next one is built afresh from the template. */
    async resetRoadmap(procedureKey: string, request: DocumentRequest): Promise<true> {
      const ctx = await context(procedureKey);
      const school = schoolUnitOf(ctx, request);
      if (school) await deps.deleteSetting(roadmapKey(procedureKey, school.id));
      return true;
    },

    people(): Promise<People> {
      return people();
    },

    async savePeople(value: People): Promise<true> {
      const clean: People = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v.trim()) clean[k] = v.trim();
      await deps.setSetting(PEOPLE_KEY, clean);
      return true;
    },
  };
}
