// The context results in the municipal справка, the municipal plan, the effectiveness report and the
// editable support programme — through the apps' own APIs on a real (fake-indexeddb) database with
// the demo: the context worker's analysis (its wiring, context.deps.ts) stores its summary; the
// documents worker's справка and plan read it; a summary of other data is called out of date.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { createContextApi } from '../../workers/context.api';
import { contextDeps } from '../../workers/context.deps';
import { createDocumentsApi } from '../../workers/documents.api';
import { dataVersion } from '../../workers/storage';
import {
  deleteSetting,
  exportBackup,
  getSetting,
  listProcedures,
  loadDataset,
  openDb,
  restoreBackup,
  saveDemo,
  setSetting,
  settingKeys,
  type SettingKey,
} from '../../src/db';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { exportSchoolPackage } from '../../src/domain/exchange/export';

const text = (bytes: Uint8Array) =>
  strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"');

describe('context results in the documents', () => {
  it('справка, plan, effectiveness report and support measures; stale summary said; backups yes, packages no', async () => {
    const db = await openDb(`context-docs-${Date.now()}`);
    const demo = generateDemoBundle();
    await saveDemo(db, demo);
    const procs = await listProcedures(db);
    // Schools «with measures»: a roadmap stored for five of them.
    const treated = ['demo0011', 'demo0013', 'demo0015', 'demo0017', 'demo0019'];
    for (const login of treated)
      await setSetting(db, settingKeys.roadmap(procs[0].key, login), { stages: [] } as never);

    const ctx = createContextApi(contextDeps(async () => db));
    const loose = { lowestShare: 0.2, minProcedures: 1, minYears: 1 };
    const view = await ctx.analyse(undefined, { lowRule: loose });
    if (!view.ok) throw new Error(view.error.message);
    const low = view.value.low;
    expect(low.length).toBeGreaterThan(0);
    const summary = await getSetting(db, settingKeys.contextSummary);
    expect(
      summary?.schools
        .filter((s) => s.low)
        .map((s) => s.login)
        .sort(),
    ).toEqual(low.map((l) => l.login).sort());
    expect(summary?.lowRule).toMatch(/порогами пользователя/);
    expect(view.value.effect.some((e) => e.effect !== null)).toBe(true);

    // The effectiveness report of its own.
    const eff = await ctx.effectiveness('docx');
    if (!eff.ok) throw new Error(eff.error.message);
    const effText = text(eff.value);
    expect(effText).toContain('Оценка эффективности муниципальных мер');
    expect(effText).toContain('До и после по школам с мерами');
    const effX = await ctx.effectiveness('xlsx');
    if (!effX.ok) throw new Error(effX.error.message);
    const perSchool = XLSX.utils.sheet_to_json<Record<string, string>>(
      XLSX.read(effX.value).Sheets['По школам'],
    );
    expect(new Set(perSchool.map((r) => r['Логин']))).toEqual(new Set(treated));

    // The support programme's measures: defaults, then the user's (kept, used by the programme).
    const m0 = await ctx.measures();
    expect(m0.ok && m0.value.edited).toBe(false);
    expect(m0.ok && m0.value.measures.length).toBe(5);
    const own = [
      {
        text: 'Семинар «Разбор заданий» для учителей школ с низкими результатами',
        term: 'ноябрь',
        who: 'ММС',
      },
      { text: '  ', term: 'x', who: 'y' },
    ];
    const saved = await ctx.saveMeasures(own);
    expect(saved.ok && saved.value.measures.map((m) => m.text)).toEqual([own[0].text]);
    expect(await getSetting(db, settingKeys.supportMeasures)).toEqual([own[0]]);
    const prog = await ctx.programme('docx', '2026/2027');
    if (!prog.ok) throw new Error(prog.error.message);
    expect(text(prog.value)).toContain('Семинар «Разбор заданий»');

    // The documents worker reads the summary (stamp as the engine computes it).
    const deps = {
      loadDataset: (key: string) => loadDataset(db, key),
      listProcedures: async () =>
        (await listProcedures(db)).map((p) => ({ ...p, updatedAt: dataVersion(p) })),
      getSetting: <T>(key: SettingKey<T>) => getSetting(db, key),
      setSetting: <T>(key: SettingKey<T>, value: T) => setSetting(db, key, value),
      deleteSetting: <T>(key: SettingKey<T>) => deleteSetting(db, key),
    };
    const docs = createDocumentsApi(deps);
    const key = procs.at(-1)!.key;
    const outline = await docs.outline(key);
    if (!outline.ok) throw new Error(outline.error.message);
    const m = outline.value.municipalities[0];
    const req = {
      level: 'municipality' as const,
      unitId: m.id,
      resultsDate: '2026-05-12',
      calendar: 'quarters' as const,
    };
    const sp = await docs.generate(key, 'spravka', req);
    if (!sp.ok) throw new Error(sp.error.message);
    const t = text(sp.value.bytes);
    expect(t).toContain('Результаты в контексте условий школ');
    expect(t).not.toContain('Расчёт устарел');
    // The low-result schools of the municipality, named in alphabetical order (never a ranking).
    const here = new Set(outline.value.schools.filter((s) => s.municipality === m.id).map((s) => s.id));
    const names = low.filter((l) => here.has(l.login)).map((l) => l.name);
    expect(names.length).toBeGreaterThan(0);
    const at = names.map((n) => t.indexOf(`${n}\n`, t.indexOf('Школа с низкими результатами')));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...names].sort((a, b) => a.localeCompare(b, 'ru', { numeric: true }))).toEqual(
      names
        .map((n, i) => [n, at[i]] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([n]) => n),
    );
    expect(t).toContain('Результаты и условия (ресурсы) школ');
    expect(t).toContain('Эффективность мер');
    // A school справка has no such section.
    const school = outline.value.schools[0];
    const ss = await docs.generate(key, 'spravka', { ...req, level: 'school', unitId: school.id });
    if (!ss.ok) throw new Error(ss.error.message);
    expect(text(ss.value.bytes)).not.toContain('Результаты в контексте условий школ');

    // The municipal plan: the support part with the pairs and the user's measures.
    const planReq = { municipalityId: m.id, planDate: '2026-09-01', calendar: 'quarters' as const };
    const plan = await docs.generateMunicipal('objectivity-docx', planReq);
    if (!plan.ok) throw new Error(plan.error.message);
    const pt = text(plan.value.bytes);
    expect(pt).toContain('Поддержка школ с низкими результатами');
    expect(pt).toContain('Семинар «Разбор заданий»');
    const px = await docs.generateMunicipal('objectivity-xlsx', planReq);
    if (!px.ok) throw new Error(px.error.message);
    expect(XLSX.read(px.value.bytes).SheetNames).toContain('Поддержка ШНОР');

    // Other data than the analysis saw: the справка says the figures are out of date.
    const other = createDocumentsApi({
      ...deps,
      listProcedures: async () => (await deps.listProcedures()).slice(1),
    });
    const stale = await other.generate(key, 'spravka', req);
    if (!stale.ok) throw new Error(stale.error.message);
    expect(text(stale.value.bytes)).toContain('Расчёт устарел');

    // Backups carry the summary and the measures; an exchange package carries neither.
    const file = await exportBackup(db, { compress: false });
    const target = await openDb(`context-docs-restore-${Date.now()}`);
    await restoreBackup(target, file, { mode: 'replace' });
    expect(await getSetting(target, settingKeys.supportMeasures)).toEqual([own[0]]);
    expect(await getSetting(target, settingKeys.contextSummary)).toEqual(summary);
    const ds = await loadDataset(db, key);
    const pkg = JSON.stringify(exportSchoolPackage(ds, low[0].login));
    expect(pkg).not.toContain('Семинар');
    expect(pkg).not.toContain('partners');
    db.close();
    target.close();
  }, 600_000);
});
