// The engine worker: the analysis, documents and objectivity APIs in one worker, so that they share
// one AnalysisCache (one analysis per procedure and data version): switching between «Анализ»,
// «Документы» and «Объективность» does not analyse the same procedure again. Loading from
// IndexedDB, the statistics engine, the document builders and the XLSX/DOCX writers run here.
// This is where the APIs meet the DB layer; if its signatures move, only this file changes.
import { expose } from 'comlink';
import { deleteSetting, getSetting, loadRecheck, setSetting, settingKeys } from '../src/db';
import { analyzeProcedure, exportUnitXlsx, pupilResults } from '../src/domain/report';
import { saveContextRecords } from '../src/db/context-repo';
import { listFollowups } from '../src/db/followups-repo';
import { AnalysisCache } from './analysis-cache';
import { createAnalysisApi } from './analysis.api';
import { createDocumentsApi } from './documents.api';
import { spravkaCharts } from './documents.charts';
import { createObjectivityApi } from './objectivity.api';
import { database, storedDataset, storedProcedures } from './storage';

const load = (key: string) => storedDataset(key);

const cache = new AnalysisCache({
  loadDataset: load,
  versionOf: async (key) => (await storedProcedures()).find((p) => p.key === key)?.updatedAt,
  analyzeProcedure: (ds, opts) => analyzeProcedure(ds, opts),
});

const analysis = createAnalysisApi(
  {
    loadDataset: load,
    analyzeProcedure: (ds, opts) => analyzeProcedure(ds, opts),
    pupilResults: (ds, classId) => pupilResults(ds, classId),
    exportUnitXlsx: (p, level, id, opts) => exportUnitXlsx(p, level, id, opts),
  },
  cache,
);

const documents = createDocumentsApi(
  {
    loadDataset: load,
    listProcedures: storedProcedures,
    getSetting: async (key) => getSetting(await database(), key),
    setSetting: async (key, value) => setSetting(await database(), key, value),
    deleteSetting: async (key) => deleteSetting(await database(), key),
    charts: spravkaCharts,
    // The справки and the municipal plan read the screen's objectivity result (issue #11).
    objectivityEvidence: (kind, subject) => objectivity.evidence(kind, subject),
    // The roadmap prints the progress of the school's follow-up checks (issue #14 point 3).
    listFollowups: async (key, school) => listFollowups(await database(), key, school),
  },
  cache,
);

const objectivity = createObjectivityApi(
  {
    listProcedures: storedProcedures,
    loadDataset: (key) => storedDataset(key, false),
    loadRecheck: async (key) => loadRecheck(await database(), key),
    getContext: async () => getSetting(await database(), settingKeys.schoolContext),
    setContext: async (value) => setSetting(await database(), settingKeys.schoolContext, value),
    saveContextRecords: async (parsed) => saveContextRecords(await database(), parsed),
  },
  cache,
);

/** The engine's API: one part per screen (Comlink reaches nested objects: `remote.documents.outline()`). */
export const engineApi = {
  analysis,
  documents,
  objectivity,
  /** How many analyses the engine ran since it started (the bench checks that switching screens runs none). */
  async analyses(): Promise<number> {
    return cache.analyses;
  },
};
export type EngineApi = typeof engineApi;

expose(engineApi);
