// The demo button's path: every generated dataset passes the storage layer's checks and round-trips.
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { procedureId, summarize } from '../../src/domain/model.ts';
import { listProcedures, loadDataset, openDb, saveDataset } from '../../src/db/index.ts';

describe('demo datasets in the database', () => {
  it('are stored once, listed and loaded back unchanged', async () => {
    const db = await openDb(`demo-db-test-${Date.now()}`);
    const demo = generateDemo();
    for (const ds of demo) expect((await saveDataset(db, ds)).duplicate).toBe(false);
    // Loading the demo again stores nothing: each procedure has a stable pseudo file hash.
    for (const ds of generateDemo()) expect((await saveDataset(db, ds)).duplicate).toBe(true);

    const procs = await listProcedures(db);
    expect(procs.map((p) => p.key).sort()).toEqual(demo.map((d) => procedureId(d.meta.procedure)).sort());
    const ds = demo[0];
    const back = await loadDataset(db, procedureId(ds.meta.procedure));
    expect(summarize(back)).toEqual(summarize(ds));
    expect(back.pupils.scores).toEqual(ds.pupils.scores);
    expect(back.meta.classes.map((c) => c.id).sort()).toEqual(ds.meta.classes.map((c) => c.id).sort());
    db.close();
  });
});
