// The demo's re-check (перепроверка) and school context table: generated from the seed, stored with
// the procedures in one transaction, and found by the objectivity engine — the planted lenient marking
// of «СОШ № 12» (demo0008) in ВПР 2026 Математика 4 is flagged by the re-check, and the context
// signals are computed. Counts and means are recomputed naively from the datasets.
import { describe, expect, it } from 'vitest';
import {
  deleteProcedure,
  listProcedures,
  listRechecks,
  loadDataset,
  loadRecheck,
  openDb,
  saveDemo,
  saveDataset,
  setSetting,
  getSetting,
  settingKeys,
  type OkoDb,
} from '../../src/db/index.ts';
import { DEMO_SEED, generateDemo, generateDemoBundle } from '../../src/domain/demo/generate.ts';
import { CellCode, procedureId, type Dataset } from '../../src/domain/model.ts';
import { objectivityReport, parseContext } from '../../src/domain/objectivity/index.ts';
import { createObjectivityApi } from '../../workers/objectivity.api.ts';

const bundle = generateDemoBundle();
const byKey = new Map(bundle.datasets.map((d) => [procedureId(d.meta.procedure), d]));
const LENIENT = 'demo0008'; // МБОУ «СОШ № 12», profile inflated4

let dbNo = 0;
const freshDb = () => openDb(`demo-recheck-${Date.now()}-${dbNo++}`);

const total = (d: Dataset, i: number) => d.pupils.scores.reduce((s, col) => s + col[i], 0);
const loginOf = (d: Dataset, i: number) => d.meta.schools[d.pupils.school[i]].login;

/** Protocol index of every (school, code) pair. */
function protocolIndex(d: Dataset): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < d.pupils.n; i++) m.set(`${loginOf(d, i)}|${d.pupils.code[i]}`, i);
  return m;
}

/** Per school: original total − commission total of each re-checked work. */
function diffsBySchool(protocol: Dataset, recheck: Dataset): Map<string, number[]> {
  const at = protocolIndex(protocol);
  const out = new Map<string, number[]>();
  for (let j = 0; j < recheck.pupils.n; j++) {
    const login = loginOf(recheck, j);
    const i = at.get(`${login}|${recheck.pupils.code[j]}`)!;
    out.set(login, [...(out.get(login) ?? []), total(protocol, i) - total(recheck, j)]);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the demo re-check', () => {
  it('re-checks ВПР 2026 Математика 4 and 5, deterministically', () => {
    expect(bundle.rechecks.map((r) => r.procedureKey)).toEqual([
      'ВПР-2026-Математика-4',
      'ВПР-2026-Математика-5',
    ]);
    const again = generateDemoBundle();
    for (const [k, r] of bundle.rechecks.entries()) {
      expect(again.rechecks[k].dataset.pupils.code).toEqual(r.dataset.pupils.code);
      expect(again.rechecks[k].dataset.pupils.scores).toEqual(r.dataset.pupils.scores);
    }
    expect(again.context.bytes).toEqual(bundle.context.bytes);
    // The bundle's procedures are exactly generateDemo's (the re-check draws from its own streams).
    const plain = generateDemo();
    for (const [k, d] of plain.entries()) {
      expect(bundle.datasets[k].meta).toEqual(d.meta);
      expect(bundle.datasets[k].pupils.scores).toEqual(d.pupils.scores);
      expect(bundle.datasets[k].pupils.codes).toEqual(d.pupils.codes);
    }
    const other = generateDemoBundle(DEMO_SEED + 1).rechecks[0].dataset.pupils.code;
    expect(other).not.toEqual(bundle.rechecks[0].dataset.pupils.code);
  });

  it('takes about 10 % of each school’s written works, at least 3, each a written work of the protocol', () => {
    for (const { procedureKey, dataset: rc } of bundle.rechecks) {
      const protocol = byKey.get(procedureKey)!;
      expect(rc.meta.procedure).toEqual(protocol.meta.procedure);
      expect(rc.meta.fileHash).not.toBe(protocol.meta.fileHash);
      const at = protocolIndex(protocol);
      const seen = new Set<string>();
      for (let j = 0; j < rc.pupils.n; j++) {
        const key = `${loginOf(rc, j)}|${rc.pupils.code[j]}`;
        const i = at.get(key);
        expect(i, `${procedureKey} ${key} in the protocol`).toBeDefined();
        expect(protocol.pupils.absent[i!], key).toBe(0);
        expect(seen.has(key), `${key} once`).toBe(false);
        seen.add(key);
      }
      const written = new Map<string, number>();
      for (let i = 0; i < protocol.pupils.n; i++)
        if (!protocol.pupils.absent[i])
          written.set(loginOf(protocol, i), (written.get(loginOf(protocol, i)) ?? 0) + 1);
      expect(written.size).toBe(20);
      const picked = diffsBySchool(protocol, rc);
      for (const [login, w] of written)
        expect(picked.get(login)?.length, `${procedureKey} ${login} of ${w}`).toBe(
          Math.max(3, Math.round(0.1 * w)),
        );
    }
  });

  it('agrees with honest marking up to ±1 on a multi-point task; СОШ № 12 marked grade 4 leniently', () => {
    for (const { procedureKey, dataset: rc } of bundle.rechecks) {
      const protocol = byKey.get(procedureKey)!;
      const tasks = protocol.meta.procedure.tasks;
      const at = protocolIndex(protocol);
      const lenient = procedureKey === 'ВПР-2026-Математика-4';
      let changed = 0;
      for (let j = 0; j < rc.pupils.n; j++) {
        const login = loginOf(rc, j);
        const i = at.get(`${login}|${rc.pupils.code[j]}`)!;
        tasks.forEach((t, k) => {
          const d = protocol.pupils.scores[k][i] - rc.pupils.scores[k][j];
          expect(rc.pupils.scores[k][j]).toBeLessThanOrEqual(t.max);
          if (lenient && login === LENIENT) {
            // The commission only takes points away, beyond its ±1 reading of a multi-point task.
            expect(d).toBeGreaterThanOrEqual(t.max >= 2 ? -1 : 0);
          } else {
            expect(Math.abs(d)).toBeLessThanOrEqual(t.max >= 2 ? 1 : 0);
            if (d !== 0) changed++;
          }
          if (rc.pupils.codes[k][j] === CellCode.X) expect(rc.pupils.scores[k][j]).toBe(0);
        });
      }
      expect(changed, `${procedureKey}: some honest disagreement`).toBeGreaterThan(0);
      const diffs = diffsBySchool(protocol, rc);
      const others = [...diffs].filter(([l]) => l !== LENIENT).flatMap(([, d]) => d);
      expect(Math.abs(mean(others)), `${procedureKey}: other schools unbiased`).toBeLessThan(0.3);
      if (lenient) expect(mean(diffs.get(LENIENT)!)).toBeGreaterThan(2);
      else expect(Math.abs(mean(diffs.get(LENIENT)!))).toBeLessThan(1);
    }
  });
});

describe('the demo context table', () => {
  const table = parseContext(bundle.context.bytes, bundle.context.fileName);
  const schools = bundle.datasets[0].meta.schools;

  it('is a CSV named as the screen shows it, covering the 20 schools with their settlement type', () => {
    expect(bundle.context.fileName).toBe('контекст-демо.csv');
    const text = new TextDecoder().decode(bundle.context.bytes);
    expect(text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe(
      'Логин ОО;Название ОО;Муниципалитет;Тип поселения;Индекс благополучия',
    );
    expect(table.size).toBe(20);
    expect([...table.keys()].sort()).toEqual(schools.map((s) => s.login).sort());
    for (const s of schools) {
      const c = table.get(s.login)!;
      expect(c.name).toBe(s.name);
      expect(c.municipality).toBe('Демонстрационный муниципальный район');
      // Rural schools of the demo are the ООШ/«…ская» ones: 9 urban schools, then 11 rural.
      expect(c.urban).toBe(Number(s.login.slice(4)) <= 9);
      expect(typeof c.ses).toBe('number');
    }
  });

  it('has an SES index that follows the schools’ results (Pearson with the 2025 mean of РУ-5 > 0.6)', () => {
    // A procedure without planted inflation: its school means reflect the school effects.
    const d = byKey.get('ВПР-2025-Русский язык-5')!;
    const sum = new Map<string, [number, number]>();
    for (let i = 0; i < d.pupils.n; i++) {
      if (d.pupils.absent[i]) continue;
      const [s, n] = sum.get(loginOf(d, i)) ?? [0, 0];
      sum.set(loginOf(d, i), [s + total(d, i), n + 1]);
    }
    const xs = schools.map((s) => table.get(s.login)!.ses!);
    const ys = schools.map((s) => sum.get(s.login)![0] / sum.get(s.login)![1]);
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i] - my);
      sxx += (x - mx) ** 2;
      syy += (ys[i] - my) ** 2;
    });
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.6);
    // Not a copy of the results: the index carries its own noise.
    expect(sxy / Math.sqrt(sxx * syy)).toBeLessThan(0.99);
  });
});

describe('the demo in the objectivity engine', () => {
  const maths = bundle.datasets.filter((d) => d.meta.procedure.subject === 'Математика');
  const report = objectivityReport(maths, {
    rechecks: bundle.rechecks.map((r) => r.dataset),
    context: parseContext(bundle.context.bytes, bundle.context.fileName),
    seed: 1,
  });

  it('flags the lenient school by the re-check, with the mean the data give', () => {
    const rc = bundle.rechecks.find((r) => r.procedureKey === 'ВПР-2026-Математика-4')!.dataset;
    const naive = diffsBySchool(byKey.get('ВПР-2026-Математика-4')!, rc);
    const s = report.signals.find(
      (x) => x.id === 'recheck-downgrade' && x.procedure === 'ВПР-2026-Математика-4' && x.school === LENIENT,
    )!;
    expect(s.flagged).toBe(true);
    expect(s.n).toBe(naive.get(LENIENT)!.length);
    expect(s.effect).toBeCloseTo(mean(naive.get(LENIENT)!), 12);
    const flagged = report.signals.filter((x) => x.id === 'recheck-downgrade' && x.flagged);
    expect(new Set(flagged.map((x) => x.school))).toEqual(new Set([LENIENT]));
    expect(report.schools.find((x) => x.id === LENIENT)!.families).toContain('external');
  });

  it('computes the context signals for every school, and no note says a re-check or the context is missing for 2026', () => {
    for (const d of maths) {
      const id = procedureId(d.meta.procedure);
      const ctx = report.signals.filter((x) => x.id === 'context-overperformance' && x.procedure === id);
      expect(new Set(ctx.map((x) => x.school)).size, id).toBe(20);
    }
    expect(report.notes.filter((n) => n.includes('нет таблицы контекста'))).toEqual([]);
    expect(report.notes.filter((n) => n.includes('нет данных перепроверки')).sort()).toEqual([
      'ВПР-2025-Математика-4: нет данных перепроверки.',
      'ВПР-2025-Математика-5: нет данных перепроверки.',
    ]);
  });
});

describe('the demo in the database', () => {
  async function counts(db: OkoDb) {
    return {
      procedures: await db.procedures.count(),
      imports: await db.imports.count(),
      chunks: await db.chunks.count(),
      rechecks: await db.rechecks.count(),
      settings: await db.settings.count(),
    };
  }

  it('is stored at once; every re-checked work matches the protocol; reloading stores nothing new', async () => {
    const db = await freshDb();
    const r = await saveDemo(db, bundle);
    expect(r).toEqual({
      stored: 8,
      duplicates: 0,
      rechecksStored: 2,
      rechecksDuplicate: 0,
      context: 'stored',
    });
    const stored = await listRechecks(db);
    expect(stored.map((x) => x.procedureKey).sort()).toEqual([
      'ВПР-2026-Математика-4',
      'ВПР-2026-Математика-5',
    ]);
    for (const x of stored) {
      const rc = bundle.rechecks.find((b) => b.procedureKey === x.procedureKey)!.dataset;
      expect(x).toMatchObject({ works: rc.pupils.n, matched: rc.pupils.n, notFound: 0 });
      const back = (await loadRecheck(db, x.procedureKey))!;
      expect(back.pupils.code).toEqual(rc.pupils.code);
      expect(back.pupils.scores).toEqual(rc.pupils.scores);
    }
    const ctx = await getSetting(db, settingKeys.schoolContext);
    expect(ctx?.fileName).toBe('контекст-демо.csv');
    expect(ctx?.bytes).toEqual(bundle.context.bytes);

    const before = await counts(db);
    expect(await saveDemo(db, generateDemoBundle())).toEqual({
      stored: 0,
      duplicates: 8,
      rechecksStored: 0,
      rechecksDuplicate: 2,
      context: 'present',
    });
    expect(await counts(db)).toEqual(before);

    // A deleted procedure takes its re-check along; the next demo load brings both back.
    await deleteProcedure(db, 'ВПР-2026-Математика-4');
    expect((await listRechecks(db)).map((x) => x.procedureKey)).toEqual(['ВПР-2026-Математика-5']);
    const again = await saveDemo(db, bundle);
    expect(again).toMatchObject({ stored: 1, duplicates: 7, rechecksStored: 1, rechecksDuplicate: 1 });
    expect(await counts(db)).toEqual(before);
    db.close();
  });

  it('writes nothing when a part fails', async () => {
    const db = await freshDb();
    const broken = {
      ...bundle,
      // A re-check of a procedure the demo does not hold: saveRecheck refuses it after the protocols.
      rechecks: [
        ...bundle.rechecks,
        {
          procedureKey: 'ВПР-2026-Химия-8',
          dataset: {
            ...bundle.rechecks[0].dataset,
            meta: { ...bundle.rechecks[0].dataset.meta, fileHash: 'ab'.repeat(32) },
          },
        },
      ],
    };
    await expect(saveDemo(db, broken)).rejects.toMatchObject({ code: 'not-found' });
    expect(await counts(db)).toEqual({ procedures: 0, imports: 0, chunks: 0, rechecks: 0, settings: 0 });
    db.close();
  });

  it('keeps a context table the user uploaded', async () => {
    const db = await freshDb();
    const mine = {
      fileName: 'мой-контекст.csv',
      bytes: new Uint8Array([1, 2, 3]),
      savedAt: '2026-01-01T00:00:00.000Z',
    };
    await setSetting(db, settingKeys.schoolContext, mine);
    expect((await saveDemo(db, bundle)).context).toBe('kept');
    expect(await getSetting(db, settingKeys.schoolContext)).toEqual(mine);
    db.close();
  });

  it('is what the objectivity worker reads: re-checks and the context file are used', async () => {
    const db = await freshDb();
    // A protocol stored before the demo stays; the demo adds to it in the same way.
    await saveDataset(db, bundle.datasets[0]);
    await saveDemo(db, bundle);
    const api = createObjectivityApi({
      listProcedures: async () => (await listProcedures(db)).map((p) => ({ ...p })),
      loadDataset: (key) => loadDataset(db, key, { warnings: false }),
      loadRecheck: (key) => loadRecheck(db, key),
      getContext: () => getSetting(db, settingKeys.schoolContext),
      setContext: (v) => setSetting(db, settingKeys.schoolContext, v),
    });
    const run = await api.run('ВПР', 'Математика');
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.context).toEqual({ fileName: 'контекст-демо.csv', schools: 20 });
    expect(run.value.rechecks).toEqual(
      bundle.rechecks.map((r) => ({ procedureKey: r.procedureKey, works: r.dataset.pupils.n })),
    );
    const detail = await api.school(LENIENT);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(
      detail.value.signals.some(
        (s) => s.id === 'recheck-downgrade' && s.procedure === 'ВПР-2026-Математика-4' && s.flagged,
      ),
    ).toBe(true);
    db.close();
  }, 60_000);
});
