// The engine's shared analysis (workers/analysis-cache.ts): the analysis, documents and objectivity
// APIs over one cache analyse a procedure once per data version, and the official signs taken from
// the cached, reduced reports equal buildReport's on the real cohort (ВПР 2020 Математика 4 →
// ВПР 2021 Математика 5, 26 000 pupils each).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { importFile } from '../../src/domain/import/import-file';
import { procedureId, type Dataset, type ProcedureSpec } from '../../src/domain/model';
import {
  analyzeProcedure,
  buildReport,
  exportUnitXlsx,
  officialBasis,
  officialSigns,
  pupilResults,
} from '../../src/domain/report';
import { AnalysisCache } from '../../workers/analysis-cache';
import { createAnalysisApi } from '../../workers/analysis.api';
import { createDocumentsApi } from '../../workers/documents.api';
import { createObjectivityApi } from '../../workers/objectivity.api';

const REAL = 'tests/fixtures/real';

async function real(name: string, spec: string): Promise<Dataset> {
  const bytes = new Uint8Array(readFileSync(`${REAL}/${name}`));
  const s = JSON.parse(readFileSync(`${REAL}/specs/${spec}`, 'utf8')) as ProcedureSpec;
  return importFile(bytes, { fileName: name, spec: s });
}

describe('official signs from the reduced reports', () => {
  it('equal buildReport’s on the real cohort, cohort signs included', async () => {
    const datasets = [
      await real('vpr2020-ma4-region-export.xlsx', 'vpr2020-ma4.json'),
      await real('vpr2021-ma5-region-export.xlsx', 'vpr2021-ma5.json'),
    ];
    const expected = buildReport(datasets).signs;
    const reduced = datasets.map((ds) => officialBasis(analyzeProcedure(ds)));
    expect(officialSigns(reduced)).toEqual(expected);
    expect(expected.some((s) => s.sign === 'cohort-rise' || s.sign === 'cohort-fall')).toBe(true);
    expect(expected.some((s) => s.sign === 'inflated-mean')).toBe(true);
    // Reduced: only the level-all, municipality and school units, without their task tables.
    expect(reduced[1].units.every((u) => u.tasks === undefined && u.level !== 'class')).toBe(true);
  }, 180_000);
});

describe('one analysis per procedure and data version', () => {
  const demo = generateDemo();
  const key = (d: Dataset) => procedureId(d.meta.procedure);

  function engine() {
    const versions = new Map(demo.map((d) => [key(d), 'v1']));
    let loads = 0;
    const loadDataset = async (k: string) => {
      loads++;
      return demo.find((d) => key(d) === k)!;
    };
    const cache = new AnalysisCache({
      loadDataset,
      versionOf: async (k) => versions.get(k),
      analyzeProcedure: (ds, opts) => analyzeProcedure(ds, opts),
    });
    const list = async () =>
      demo.map((d) => ({
        key: key(d),
        kind: d.meta.procedure.kind,
        subject: d.meta.procedure.subject,
        grade: d.meta.procedure.grade,
        year: d.meta.procedure.year,
        updatedAt: versions.get(key(d))!,
      }));
    const settings = new Map<string, unknown>();
    const at = (k: unknown) => String(k);
    const analysis = createAnalysisApi(
      { loadDataset, analyzeProcedure, pupilResults, exportUnitXlsx },
      cache,
    );
    const documents = createDocumentsApi(
      {
        loadDataset,
        listProcedures: list,
        getSetting: async (k) => settings.get(at(k)) as never,
        setSetting: async (k, v) => void settings.set(at(k), v),
        deleteSetting: async (k) => void settings.delete(at(k)),
      },
      cache,
    );
    const objectivity = createObjectivityApi(
      {
        listProcedures: list,
        loadDataset,
        getContext: async () => undefined,
        setContext: async () => undefined,
      },
      cache,
    );
    return { cache, analysis, documents, objectivity, versions, loads: () => loads };
  }

  it('switching screens does not analyse again; a new data version does', async () => {
    const e = engine();
    const maths = demo.filter((d) => d.meta.procedure.subject === 'Математика');
    const later = maths.reduce((a, b) => (b.meta.procedure.grade > a.meta.procedure.grade ? b : a));
    const k = key(later);

    expect((await e.analysis.open(k)).ok).toBe(true);
    expect(e.cache.analyses).toBe(1);
    const outline = await e.documents.outline(k);
    if (!outline.ok) throw new Error(outline.error.message);
    // The documents use the analysis screen's report (and analyse only the cohort's earlier work).
    const afterDocs = e.cache.analyses;
    expect(afterDocs).toBeLessThanOrEqual(2);
    expect((await e.analysis.open(k)).ok).toBe(true);
    expect(e.cache.analyses).toBe(afterDocs);

    // Objectivity: the official signs of the works analysed already come from the cache.
    const run = await e.objectivity.run('ВПР', 'Математика');
    if (!run.ok) throw new Error(run.error.message);
    const works = maths.filter((d) => d.meta.procedure.kind === 'ВПР').length;
    // Each work analysed exactly once in all, whichever screen asked first.
    expect(e.cache.analyses).toBe(works);
    // …and equal buildReport's over the same works (what the worker computed before the cache).
    const school = run.value.all[0].id;
    const detail = await e.objectivity.school(school);
    if (!detail.ok) throw new Error(detail.error.message);
    const ordered = maths
      .filter((d) => d.meta.procedure.kind === 'ВПР')
      .sort(
        (a, b) =>
          a.meta.procedure.year - b.meta.procedure.year || a.meta.procedure.grade - b.meta.procedure.grade,
      );
    expect(detail.value.official).toEqual(buildReport(ordered).signs.filter((s) => s.school === school));
    const again = e.cache.analyses;
    expect((await e.objectivity.run('ВПР', 'Математика')).ok).toBe(true);
    expect(e.cache.analyses).toBe(again);

    // An import into the procedure changes its version: analysed afresh, once.
    e.versions.set(k, 'v2');
    expect((await e.analysis.open(k)).ok).toBe(true);
    expect((await e.documents.outline(k)).ok).toBe(true);
    expect(e.cache.analyses).toBe(again + 1);
  }, 120_000);
});
