// Partners in the app never have red signs: the context worker's API with the worker's own wiring
// (workers/context.deps.ts) on a real (fake-indexeddb) database holding the demo, checked against the
// red schools of the objectivity screen's own API (workers/objectivity.api.ts) run for every kind and
// subject — an independent path to the same signs.
import { describe, expect, it } from 'vitest';
import { createContextApi } from '../../workers/context.api';
import { contextDeps } from '../../workers/context.deps';
import { createObjectivityApi } from '../../workers/objectivity.api';
import {
  getSetting,
  listProcedures,
  loadDataset,
  loadRecheck,
  openDb,
  saveDemo,
  setSetting,
  settingKeys,
} from '../../src/db';
import { saveContextRecords } from '../../src/db/context-repo';
import { generateDemoBundle } from '../../src/domain/demo/generate';
import { analyseContext } from '../../src/domain/context/analysis';
import { mergeContextRecords } from '../../src/domain/context/read-context';
import { loadContextRecords } from '../../src/db/context-repo';
import { schoolResults } from '../../src/domain/context/school-results';
import { lowRuleWith } from '../../src/domain/context/low-results';

describe('partners in the app', () => {
  it('are of the same group and never a school with a red sign on «Объективность»', async () => {
    const db = await openDb(`context-partners-${Date.now()}`);
    await saveDemo(db, generateDemoBundle());
    const objectivity = createObjectivityApi({
      listProcedures: async () => listProcedures(db),
      loadDataset: (key) => loadDataset(db, key, { warnings: false }),
      loadRecheck: (key) => loadRecheck(db, key),
      getContext: () => getSetting(db, settingKeys.schoolContext),
      setContext: (v) => setSetting(db, settingKeys.schoolContext, v),
      saveContextRecords: (p) => saveContextRecords(db, p),
    });
    const red = new Set<string>();
    const pairs = new Set((await listProcedures(db)).map((p) => `${p.kind}|${p.subject}`));
    for (const pair of pairs) {
      const [kind, subject] = pair.split('|');
      const run = await objectivity.run(kind, subject);
      expect(run.ok).toBe(true);
      if (run.ok) for (const s of run.value.schools) if (s.level === 'red') red.add(s.id);
    }
    // The demo plants schools with red signs: the check below is not empty.
    expect(red.size).toBeGreaterThan(0);

    // Plant the case the rule is for: every red school gets the context answers of a low school
    // (same answers, own login), so it lands in that school's group as its closest match.
    const loose = { lowestShare: 0.25, minProcedures: 1, minYears: 1 };
    const results = [];
    for (const p of await listProcedures(db)) results.push(...schoolResults(await loadDataset(db, p.key)));
    const stored = await loadContextRecords(db);
    const merged = mergeContextRecords([{ file: '', layout: 'oko-context', records: stored, warnings: [] }]);
    const first = analyseContext({ records: merged, results, lowRule: lowRuleWith(loose) });
    // The donor: a low school of the group with the weakest results, so that a red school placed
    // there is at or above the group's median (a resource school but for its signs).
    const donorLogin = first.low
      .map((e) => e.login)
      .filter((l) => !red.has(l))
      .sort((a, b) => first.compare.get(a)!.cluster - first.compare.get(b)!.cluster)[0];
    expect(donorLogin).toBeDefined();
    const donor = stored.find((r) => r.login === donorLogin)!;
    await saveContextRecords(db, {
      file: 'planted',
      layout: 'oko-context',
      warnings: [],
      records: [...red].map((login) => ({ ...donor, login })),
    });

    const api = createContextApi(contextDeps(async () => db));
    // The demo has no school low by the default rule; a looser rule (as a user may set) gives some.
    const out = await api.analyse(undefined, { lowRule: loose });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const v = out.value;
    expect(new Set(v.red.map((r) => r.login))).toEqual(red);
    const clusterOf = new Map(v.schools.map((s) => [s.login, s.cluster]));
    const partners = v.low.flatMap((l) => l.partnerLogins.map((p) => [l.login, p] as const));
    expect(partners.length).toBeGreaterThan(0);
    for (const [low, p] of partners) {
      expect(clusterOf.get(p)).toBe(clusterOf.get(low));
      expect(red.has(p)).toBe(false);
    }

    // Without the signs, the same analysis picks a red school: the wiring is what keeps it out.
    const records = mergeContextRecords([
      { file: '', layout: 'oko-context', records: await loadContextRecords(db), warnings: [] },
    ]);
    const blind = analyseContext({ records, results, lowRule: lowRuleWith(loose) });
    const blindPartners = [...blind.partners.values()].flat().map((p) => p.login);
    expect(blindPartners.some((l) => red.has(l))).toBe(true);
    db.close();
  }, 400_000);
});
