// The synthetic region: counts and the planted above-max values from truth.json.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importFile } from '../../src/domain/import/import-file';
import { procedureId, summarize } from '../../src/domain/model';
import { parseSpec } from '../../src/domain/spec';

const DIR = 'tests/fixtures/synthetic';
interface Truth {
  procedures: { id: string; file: string; spec: string; written: number; absent: number }[];
  plantedDataErrors: {
    procedure: string;
    school: string;
    code: number;
    task: string;
    value: number;
    max: number;
  }[];
  schools: Record<string, { classes: number; written4: number; written5: number }>;
}
const truth = JSON.parse(readFileSync(`${DIR}/truth.json`, 'utf8')) as Truth;

describe.each(truth.procedures)('$id', (proc) => {
  const bytes = new Uint8Array(readFileSync(`${DIR}/${proc.file}`));

  it('counts written and absent pupils as the truth says', async () => {
    const ds = await importFile(bytes, { fileName: proc.file });
    const s = summarize(ds);
    expect([s.written, s.absent]).toEqual([proc.written, proc.absent]);
    expect(procedureId(ds.meta.procedure)).toBe(proc.id);
    expect(s.schools).toBe(Object.keys(truth.schools).length);
  });

  it('warns about exactly the planted above-max values', async () => {
    const spec = parseSpec(JSON.parse(readFileSync(`${DIR}/${proc.spec}`, 'utf8')), proc.spec);
    for (const opts of [{}, { spec }]) {
      const ds = await importFile(bytes, { fileName: proc.file, ...opts });
      const rowToPupil = new Map<number, number>();
      for (let i = 0; i < ds.pupils.n; i++) rowToPupil.set(ds.pupils.sourceRow[i], i);
      const found = ds.meta.warnings
        .filter((w) => w.kind === 'above-max')
        .map((w) => {
          const i = rowToPupil.get(w.row)!;
          const t = ds.meta.taskHeaders.indexOf(w.column);
          expect(ds.pupils.codes[t][i]).toBe(6); // CellCode.INVALID
          expect(ds.pupils.scores[t][i]).toBe(0);
          return {
            school: ds.meta.schools[ds.pupils.school[i]].login,
            code: Number(ds.pupils.code[i]),
            task: ds.meta.procedure.tasks[t].id,
          };
        });
      const planted = truth.plantedDataErrors
        .filter((e) => e.procedure === proc.id)
        .map(({ school, code, task }) => ({ school, code, task }));
      expect(found).toEqual(planted);
      // Without a spec the only other note is where the scale came from: the synthetic works
      // (2023, 2024) are not in the catalogue, so the nearest year with the same tasks stands in.
      const others = ds.meta.warnings.filter((w) => w.kind !== 'above-max');
      if ('spec' in opts) expect(others).toEqual([]);
      else
        expect(others.map((w) => [w.kind, w.message.slice(0, 35)])).toEqual([
          ['scale', 'Шкала взята из каталога за 2022 год'],
        ]);
    }
  });

  it('class ids are <login>/<name upper-cased>', async () => {
    const ds = await importFile(bytes, { fileName: proc.file });
    const perSchool = new Map<string, number>();
    for (const c of ds.meta.classes) {
      expect(c.id).toMatch(/^edu99\d{4}\/\d[А-Я]?$/);
      const login = ds.meta.schools[c.school].login;
      perSchool.set(login, (perSchool.get(login) ?? 0) + 1);
    }
    for (const [login, s] of Object.entries(truth.schools))
      expect(perSchool.get(login), login).toBe(s.classes);
  });
});
