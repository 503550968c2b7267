// The analysis worker: loading from IndexedDB, the statistics engine and XLSX writing run here.
// This is the one place where the analysis screens meet the engine and DB modules of other teams;
// if their signatures move, only this file (and analysis.api.ts's AnalysisDeps) changes.
import { expose } from 'comlink';
import { loadDataset, openDb } from '../src/db';
import { analyzeProcedure, buildReport, exportUnitXlsx, pupilResults } from '../src/domain/report';
import { createAnalysisApi } from './analysis.api';

// One connection per worker, opened lazily and reused.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

expose(
  createAnalysisApi({
    loadDataset: async (key) => loadDataset(await database(), key),
    analyzeProcedure: (ds, opts) => analyzeProcedure(ds, opts),
    buildReport: (datasets) => buildReport(datasets),
    pupilResults: (ds, classId) => pupilResults(ds, classId),
    exportUnitXlsx: (p, level, id, opts) => exportUnitXlsx(p, level, id, opts),
  }),
);
