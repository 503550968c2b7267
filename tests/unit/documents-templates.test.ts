// Templates the user adapts (issue «Documents», point 6): an uploaded roadmap template with a changed
// measure wording produces a roadmap whose text contains the new wording (through the documents
// worker API, which stores it in settings `template:roadmap`); a broken one is refused with its
// problems listed; «Вернуть стандартный» brings the built-in wording back. The municipal plan API
// reads the observation table and its own template the same way.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { parseTemplate } from '../../src/domain/documents/index.ts';
import { procedureId, type Dataset } from '../../src/domain/model.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { ROADMAP_TEMPLATE_RU } from '../../src/domain/roadmap/templates.ts';
import type { PlanTemplate } from '../../src/domain/roadmap/types.ts';
import { readSetting } from '../../src/db/settings-keys.ts';
import { createDocumentsApi, type DocumentsDeps } from '../../workers/documents.api.ts';

const text = (bytes: Uint8Array) =>
  strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const demo = generateDemo();
const picked = demo.filter((d) => d.meta.procedure.grade === 5 || d.meta.procedure.grade === 4).slice(0, 3);

function memoryDeps(datasets: Dataset[]): DocumentsDeps & { settings: Map<string, unknown> } {
  const settings = new Map<string, unknown>();
  const byKey = new Map(datasets.map((d) => [procedureId(d.meta.procedure), d]));
  return {
    settings,
    loadDataset: async (key) => byKey.get(key)!,
    listProcedures: async () =>
      datasets.map((d) => ({
        key: procedureId(d.meta.procedure),
        kind: d.meta.procedure.kind,
        subject: d.meta.procedure.subject,
        grade: d.meta.procedure.grade,
        year: d.meta.procedure.year,
        updatedAt: '2026-05-01T00:00:00Z',
      })),
    // Checked by the key's reader, as src/db's getSetting does.
    getSetting: async (k) => readSetting(k, settings.get(k)),
    setSetting: async (k, v) => void settings.set(k, v),
    deleteSetting: async (k) => void settings.delete(k),
  };
}

describe('user templates', () => {
  const changed: PlanTemplate = structuredClone(ROADMAP_TEMPLATE_RU);
  const measure = changed.stages[0].measures[0];
  const NEW = 'Своя формулировка мероприятия по {subject} для {school}.';
  measure.text = [NEW];

  it('an adapted roadmap template changes the roadmap text', async () => {
    const deps = memoryDeps(picked);
    const api = createDocumentsApi(deps);
    const key = procedureId(picked[0].meta.procedure);
    const outline = await api.outline(key);
    if (!outline.ok) throw new Error(outline.error.message);
    const school = outline.value.schools.find((s) => s.written > 0)!;
    const req = {
      level: 'school' as const,
      unitId: school.id,
      resultsDate: '2026-05-12',
      calendar: 'quarters' as const,
    };

    const before = await api.roadmap(key, req);
    if (!before.ok) throw new Error(before.error.message);
    expect(before.value.roadmap.stages[0].measures[0].text).not.toContain('Своя формулировка');

    const saved = await api.saveTemplate('roadmap', JSON.stringify(changed));
    expect(saved).toEqual({ ok: true, value: { problems: [] } });
    expect(typeof deps.settings.get('template:roadmap')).toBe('string');
    const current = await api.template('roadmap');
    expect(current.ok && current.value.custom).toBe(true);

    const wording = `Своя формулировка мероприятия по ${picked[0].meta.procedure.subject} для ${school.name}.`;
    const after = await api.roadmap(key, req);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.roadmap.stages[0].measures[0].text).toBe(wording);
    const docx = await api.generate(key, 'roadmap-docx', req);
    if (!docx.ok) throw new Error(docx.error.message);
    expect(text(docx.value.bytes)).toContain(wording);

    await api.resetTemplate('roadmap');
    const reset = await api.roadmap(key, req);
    expect(reset.ok && reset.value.roadmap.stages[0].measures[0].text).toBe(
      before.value.roadmap.stages[0].measures[0].text,
    );
  });

  it('a broken template is refused with the problem list', async () => {
    const deps = memoryDeps(picked);
    const api = createDocumentsApi(deps);
    const broken: PlanTemplate = structuredClone(ROADMAP_TEMPLATE_RU);
    broken.stages[0].measures[0].text = ['Дефициты: {skils}.'];
    broken.stages[0].measures[1].responsible = ['director'];
    broken.stages[1].measures[0].id = broken.stages[0].measures[0].id;
    const r = await api.saveTemplate('roadmap', JSON.stringify(broken));
    if (!r.ok) throw new Error(r.error.message);
    const m0 = broken.stages[0].measures[0].id;
    expect(r.value.problems).toEqual(
      expect.arrayContaining([
        `Мероприятие ${m0} (${broken.stages[0].id}): неизвестная подстановка {skils}`,
        `Мероприятие ${broken.stages[0].measures[1].id} (${broken.stages[0].id}): неизвестная роль director`,
        `Мероприятие ${m0} (${broken.stages[1].id}): номер повторяется`,
      ]),
    );
    expect(deps.settings.has('template:roadmap')).toBe(false);
    expect(parseTemplate('roadmap', '{ не json')).toMatchObject({ ok: false });
    expect(parseTemplate('objectivity', JSON.stringify(ROADMAP_TEMPLATE_RU))).toEqual({
      ok: false,
      problems: ['Шаблон «roadmap-ru» не подходит: ожидается «objectivity-plan-ru»'],
    });
    const act = parseTemplate(
      'activities',
      JSON.stringify({ format: 'oko-activities/v1', skillKinds: [{}] }),
    );
    expect(act.ok).toBe(false);
    expect(!act.ok && act.problems.length).toBeGreaterThan(1);
  });

  it('the municipal plan API: observation entries and the official signs of all procedures', async () => {
    const deps = memoryDeps(picked);
    const api = createDocumentsApi(deps);
    const outline = await api.municipalOutline();
    if (!outline.ok) throw new Error(outline.error.message);
    const m = outline.value.municipalities[0];
    const [p1] = outline.value.procedures;
    const [a, b] = m.schools;
    await api.saveObservation(m.id, {
      [a.login]: { [p1.id]: { observers: true, video: true } },
      [b.login]: { [p1.id]: { observers: true, video: false } },
    });
    expect(deps.settings.get(`observation:${m.id}`)).toBeTruthy();
    const req = { municipalityId: m.id, planDate: '2026-09-01', calendar: 'quarters' as const };
    const plan = await api.municipalPlan(req);
    if (!plan.ok) throw new Error(plan.error.message);
    const report = buildReport(picked);
    const own = new Set(m.schools.map((s) => s.login));
    const flagged = new Set(report.signs.filter((s) => s.flagged && own.has(s.school)).map((s) => s.school));
    expect(plan.value.figures.schoolsWithSignsCount).toBe(flagged.size);
    expect(plan.value.figures.schoolsCount).toBe(m.schools.length);
    expect(plan.value.figures.observedSchools).toBe(2);
    expect(plan.value.figures.videoSchools).toBe(1);

    const id = plan.value.roadmap.stages[1].measures[0].id;
    const upd = await api.updateMunicipalMeasure(req, id, {
      text: 'Новый текст',
      responsible: 'Иванова И. И.',
    });
    if (!upd.ok) throw new Error(upd.error.message);
    const again = await api.municipalPlan(req);
    expect(again.ok && again.value.stored).toBe(true);
    const docx = await api.generateMunicipal('objectivity-docx', req);
    if (!docx.ok) throw new Error(docx.error.message);
    const t = text(docx.value.bytes);
    expect(t).toContain('Новый текст');
    expect(t).toContain('Иванова И. И.');
    const xlsx = await api.generateMunicipal('objectivity-xlsx', req);
    expect(xlsx.ok && xlsx.value.fileName.endsWith('.xlsx')).toBe(true);
  });
});
