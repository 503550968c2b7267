// The one place where the import worker meets the domain and DB modules owned by other teams.
// If their signatures move, only this file changes.
import { utils, write } from 'xlsx';
import { importFile } from '../src/domain/import/import-file';
import { giaBlocksForApp, readGiaSheets, sheetsOf } from '../src/domain/import/gia-import';
import type { ExamBlock } from '../src/domain/import/gia-read';
import { openDb, saveDataset, saveDatasets, saveDemo, saveRecheck } from '../src/db';
import { lockedWrite } from '../src/db/db-sync';
import type { ImportDeps } from './import.api';

// One connection per worker, opened lazily and reused across imports.
let db: ReturnType<typeof openDb> | undefined;
const database = () => (db ??= openDb());

// The exam blocks of each ГИА file the worker still holds (keyed by its bytes, which the held
// preview keeps): confirming the maxima re-scores them instead of reading the file again.
const giaBlocks = new WeakMap<Uint8Array, ExamBlock[]>();

export const realImportDeps: ImportDeps = {
  importFile: (bytes, opts) => importFile(bytes, opts),
  async importAny(bytes, opts) {
    if (bytes.length === 0) return [await importFile(bytes, opts)];
    const read = giaBlocks.get(bytes);
    if (read) return giaBlocksForApp(bytes, read, opts.spec);
    const sheets = sheetsOf(bytes, opts.fileName);
    const blocks = readGiaSheets(sheets, opts.fileName);
    if (!blocks) return [await importFile(bytes, { ...opts, sheets })];
    giaBlocks.set(bytes, blocks);
    return giaBlocksForApp(bytes, blocks, opts.spec);
  },
  // One writer at a time across tabs; the other tabs re-read their lists afterwards.
  saveDataset: async (ds, opts) => {
    const d = await database();
    return lockedWrite(() => saveDataset(d, ds, opts));
  },
  saveDatasets: async (datasets, opts) => {
    const d = await database();
    return lockedWrite(() => saveDatasets(d, datasets, opts));
  },
  saveRecheck: async (ds, procedureKey, opts) => {
    const d = await database();
    return lockedWrite(() => saveRecheck(d, ds, procedureKey, opts));
  },
  async generateDemo() {
    // Loaded on demand: only the demo button needs the generator (the chunk is still precached).
    const { generateDemoBundle } = await import('../src/domain/demo/generate');
    return generateDemoBundle();
  },
  saveDemo: async (demo, opts) => {
    const d = await database();
    return lockedWrite(() => saveDemo(d, demo, opts));
  },
  writeXlsx(rows, sheetName) {
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet(rows), sheetName);
    return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
  },
};
