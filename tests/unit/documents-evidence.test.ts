// One source of objectivity evidence (issue #11, point 1): the «Объективность» screen (the
// objectivity API's run), the municipal справка and the municipal plan (the documents API) name
// the same schools for the same procedure and municipality — the schools at level red or amber,
// and the schools with a flagged official sign, each set under its own caption. Before, the
// documents read the official signs only (the plan listed 17 schools, the screen 42).
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { FLAGGED_CAPTION, OFFICIAL_CAPTION } from '../../src/domain/documents/objectivity-plan.ts';
import { procedureId, type Dataset } from '../../src/domain/model.ts';
import type { SettingKey } from '../../src/db/index.ts';
import { createDocumentsApi } from '../../workers/documents.api.ts';
import { createObjectivityApi } from '../../workers/objectivity.api.ts';
import { docxPlainText } from './helpers/docs-text.ts';

/** First cells of the rows of the table captioned `caption` (plain text: rows as «a | b |»). */
function tableNames(text: string, caption: string): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim() === caption);
  if (i < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(i + 2)) {
    if (!l.includes(' | ')) break;
    out.push(l.split(' | ')[0].trim());
  }
  return out.sort();
}

function world(datasets: Dataset[]) {
  const settings = new Map<string, unknown>();
  const rows = datasets.map((d) => ({
    key: procedureId(d.meta.procedure),
    kind: d.meta.procedure.kind,
    subject: d.meta.procedure.subject,
    grade: d.meta.procedure.grade,
    year: d.meta.procedure.year,
    updatedAt: '2026-05-01T00:00:00Z',
  }));
  const load = async (key: string) => datasets.find((d) => procedureId(d.meta.procedure) === key)!;
  const objectivity = createObjectivityApi({
    listProcedures: async () => rows,
    loadDataset: load,
    getContext: async () => undefined,
    setContext: async () => undefined,
  });
  const documents = createDocumentsApi({
    listProcedures: async () => rows,
    loadDataset: load,
    getSetting: async <T>(k: SettingKey<T>) => settings.get(String(k)) as T | undefined,
    setSetting: async <T>(k: SettingKey<T>, v: T) => void settings.set(String(k), v),
    deleteSetting: async <T>(k: SettingKey<T>) => void settings.delete(String(k)),
    objectivityEvidence: (kind, subject) => objectivity.evidence(kind, subject),
  });
  return { objectivity, documents, rows };
}

const demo = generateDemo();
// Every maths work of the demo (the screen's run is per kind and subject: cohort signals need them).
const maths = demo.filter((d) => d.meta.procedure.subject === 'Математика');
const ds = maths.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;

describe('screen, municipal справка and municipal plan name the same schools', () => {
  it('the demo municipality, ВПР «Математика»', { timeout: 120_000 }, async () => {
    const { objectivity, documents } = world(maths);
    const key = procedureId(ds.meta.procedure);
    const m = ds.meta.municipalities[0].id;
    const names = new Map(ds.meta.schools.map((s) => [s.login, s.name ?? s.login]));
    const own = new Set(ds.meta.schools.filter((s) => s.municipalityId === m).map((s) => s.login));

    // The screen: its list (red/amber) and, on each school's page, the official signs.
    const run = await objectivity.run(ds.meta.procedure.kind, ds.meta.procedure.subject);
    if (!run.ok) throw new Error(run.error.message);
    const screenFlagged = run.value.schools
      .filter((s) => own.has(s.id))
      .map((s) => s.name)
      .sort();
    // The справка is of one procedure (its official signs), the plan of every loaded one.
    const screenOfficial: string[] = [];
    const screenOfficialAny: string[] = [];
    for (const login of own) {
      const d = await objectivity.school(login);
      if (!d.ok) throw new Error(d.error.message);
      if (d.value.official.some((x) => x.flagged && x.procedure === key))
        screenOfficial.push(names.get(login)!);
      if (d.value.official.some((x) => x.flagged)) screenOfficialAny.push(names.get(login)!);
    }
    screenOfficial.sort();
    screenOfficialAny.sort();
    // The demo plants signs: both sets are not empty and not the same (each named as what it is).
    expect(screenFlagged.length).toBeGreaterThan(0);
    expect(screenOfficial.length).toBeGreaterThan(0);
    expect(screenFlagged).not.toEqual(screenOfficial);

    // The municipal справка.
    const sp = await documents.generate(key, 'spravka', {
      level: 'municipality',
      unitId: m,
      resultsDate: '2026-05-12',
      calendar: 'quarters',
    });
    if (!sp.ok) throw new Error(sp.error.message);
    const text = docxPlainText(sp.value.bytes);
    expect(tableNames(text, FLAGGED_CAPTION)).toEqual(screenFlagged);
    expect(tableNames(text, OFFICIAL_CAPTION)).toEqual(screenOfficial);
    expect(text).toContain('признаки, которые нужно проверить');
    expect(text).not.toMatch(/Обратить особое внимание/);

    // The municipal plan: the figures and the document.
    const req = { municipalityId: m, planDate: '2026-09-01', calendar: 'quarters' as const };
    const plan = await documents.municipalPlan(req);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.figures.flaggedSchools?.map((s) => s.name).sort()).toEqual(screenFlagged);
    expect(plan.value.figures.officialSchools.map((s) => s.name).sort()).toEqual(screenOfficialAny);
    const docx = await documents.generateMunicipal('objectivity-docx', req);
    if (!docx.ok) throw new Error(docx.error.message);
    const planText = strFromU8(unzipSync(docx.value.bytes)['word/document.xml']).replace(/<[^>]+>/g, '');
    for (const n of [...screenFlagged, ...screenOfficialAny]) expect(planText).toContain(n);
    expect(planText).toContain(FLAGGED_CAPTION);
    expect(planText).toContain(OFFICIAL_CAPTION);
    // The school справка of a listed school says it is on the screen's list.
    const login = [...own].find((l) => screenFlagged.includes(names.get(l)!))!;
    const ss = await documents.generate(key, 'spravka', {
      level: 'school',
      unitId: login,
      resultsDate: '2026-05-12',
      calendar: 'quarters',
    });
    if (!ss.ok) throw new Error(ss.error.message);
    expect(docxPlainText(ss.value.bytes)).toContain('школа — в перечне признаков, которые нужно проверить');
  });
});
