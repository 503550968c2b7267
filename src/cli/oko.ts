// Headless command: `npm run oko -- analyze <files> [--spec …] --out report.json`.
// The same domain engine as the app's «Экспорт → JSON», without a browser.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs, parseScaleArg, UsageError, type AnalyzeArgs } from './args.ts';
import { ImportError, type Dataset, type ProcedureSpec } from '../domain/model.ts';
import { importFile } from '../domain/import/import-file.ts';
import { mergeDatasets } from '../domain/import/merge-datasets.ts';
import { readGiaSheets, sheetsOf } from '../domain/import/gia-import.ts';
import { giaDatasets } from '../domain/import/gia-datasets.ts';
import type { ExamBlock } from '../domain/import/gia-read.ts';
import { writeGiaNotes } from './gia-notes.ts';
import { parseSpec } from '../domain/spec/index.ts';
import { buildReport, objectivitySigns, withSchools } from '../domain/report/index.ts';
import type { OkoReport } from '../domain/report/types.ts';
import { parseReferenceReport, referenceUnitsFor } from '../domain/reference/index.ts';
import { objectivityReport } from '../domain/objectivity/index.ts';
import type { ContextTable } from '../domain/objectivity/index.ts';
import { readContextFile, mergeContextRecords, toContextTable } from '../domain/context/read-context.ts';
import type { ParsedContext } from '../domain/context/types.ts';
import { runContext } from './context.ts';
import { jsonChunks } from '../domain/report/json-chunks.ts';
import { capWarnings } from '../domain/report/warning-cap.ts';
import { int } from '../domain/text/format.ts';
import { applyDetail } from './detail.ts';
import { writeChunks } from './write-out.ts';

/** The bytes of an input file; a missing or unreadable file is an ImportError naming it. */
export async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'файл не найден'
        : code === 'EISDIR'
          ? 'это папка, а не файл'
          : code === 'EACCES' || code === 'EPERM'
            ? 'нет прав на чтение'
            : `не удалось прочитать (${(e as Error).message})`;
    throw new ImportError(`«${path}»: ${why}.`, basename(path));
  }
}

async function readSpec(path: string): Promise<ProcedureSpec> {
  const text = (await readInput(path)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`Файл спецификации не является JSON: ${(e as Error).message}`, basename(path));
  }
  return parseSpec(json, basename(path));
}

/** Several context files (forms of several years, one per municipality…) merge by login. */
function mergeContexts(parsed: ParsedContext[]): ContextTable {
  return toContextTable(mergeContextRecords(parsed));
}

/**
 * Above this many works in one procedure the model-based class signals (similar pairs, person fit,
 * homogeneity: ~18 s of CPU at 1 000 000 works, more than the rest of the analysis together) are
 * left out unless `--signals all`; a region's file of 26 000 works is far below it.
 */
export const MODEL_SIGNALS_MAX_WORKS = 300_000;

/**
 * The objectivity run reduced to what the report carries (no chart data): its working data is
 * garbage once this returns, before the report's units are built.
 */
function objectivityFor(
  merged: Dataset[],
  rechecks: Dataset[],
  contexts: ParsedContext[],
  signals: 'auto' | 'all',
): { signs: ReturnType<typeof objectivitySigns>; notes: string[] } {
  const largest = Math.max(0, ...merged.map((ds) => ds.pupils.n));
  const skipModel = signals === 'auto' && largest > MODEL_SIGNALS_MAX_WORKS;
  const objectivity = objectivityReport(merged, {
    noModelPattern: skipModel,
    rechecks,
    context: contexts.length > 0 ? mergeContexts(contexts) : undefined,
    // The seed of the app's objectivity worker (workers/objectivity.api.ts): simulated cut-offs
    // and bootstraps draw the same numbers, so the app and the command write the same schools[].
    seed: 1,
  });
  // The same export function as the app's «Анализ» downloads: every school of the run.
  const names = new Map<string, string>();
  for (const ds of merged) for (const s of ds.meta.schools) names.set(s.login, s.name ?? s.login);
  const notes = objectivity.notes;
  if (skipModel)
    notes.push(
      `В процедуре ${int(largest)} работ: признаки по модели Раша для классов («несогласованные ученики», ` +
        '«похожие пары», «однородность класса») при таком объёме не считались — они заняли бы больше ' +
        'половины времени анализа. Чтобы посчитать их, запустите команду с --signals all.',
    );
  return { signs: objectivitySigns(objectivity, names), notes };
}

export const OFFICIAL_ONLY_NOTE =
  'Запуск с --signals official: посчитаны только официальные признаки (signs); признаки по семействам ' +
  'свидетельств и список школ («schools») не считались.';

/** --kind/--subject/--grade/--year as the importer takes them. */
function procedureFlags(args: AnalyzeArgs) {
  return {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.subject ? { subject: args.subject } : {}),
    ...(args.grade ? { grade: args.grade } : {}),
    ...(args.year ? { year: args.year } : {}),
  };
}

/**
 * The result files of the arguments, imported with their specs and scale (warnings to stderr):
 * ВПР-like files one dataset each (not yet merged), ГИА protocols joined into one dataset per exam.
 */
async function loadInputs(args: AnalyzeArgs): Promise<{ datasets: Dataset[]; gia: Dataset[] }> {
  const specs = await Promise.all(args.specs.map(readSpec));
  const scale = args.scale ? parseScaleArg(args.scale) : undefined;
  const flags = procedureFlags(args);
  // One spec per input pairs them in order; otherwise specs are a catalogue matched by content/name.
  const paired = specs.length === args.inputs.length;
  const datasets: Dataset[] = [];
  const giaBlocks: ExamBlock[] = [];
  for (const [i, path] of args.inputs.entries()) {
    const bytes = new Uint8Array(await readInput(path));
    // ГИА protocols (ОГЭ, ЕГЭ, ГВЭ): all files together, so that reserve days join their subject.
    // The file is read into sheets once, for both importers.
    const sheets = bytes.length > 0 ? sheetsOf(bytes, basename(path)) : undefined;
    const blocks = sheets ? readGiaSheets(sheets, basename(path)) : null;
    if (blocks) {
      giaBlocks.push(...blocks);
      continue;
    }
    let spec = paired ? specs[i] : undefined;
    if (spec && scale) spec = { ...spec, scale };
    const ds = await importFile(bytes, {
      fileName: basename(path),
      spec,
      catalogue: paired
        ? undefined
        : specs.map((s) => ({ ...s, maxScore: s.tasks.reduce((a, t) => a + t.max, 0) })),
      procedure: flags,
      // Without a spec, --scale goes before the catalogue (the importer checks it like a spec's).
      ...(scale && !spec ? { scale } : {}),
      sheets,
    });
    if (!ds.meta.procedure.scale)
      process.stderr.write(
        `Предупреждение: ${basename(path)}: нет шкалы перевода в отметки — отметки не вычислены (укажите --spec или --scale).\n`,
      );
    // As in the report: the first 1 000 of each kind, then one line per kind with its total.
    for (const w of capWarnings(ds.meta.warnings))
      process.stderr.write(
        w.row === 0 && w.column === ''
          ? `Предупреждение: ${w.file}, лист «${w.sheet}»: ${w.message}\n`
          : `Предупреждение: ${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}\n`,
      );
    datasets.push(ds);
  }
  const gia = giaDatasets(giaBlocks, { specs, procedure: flags });
  for (const ds of gia) writeGiaNotes(ds);
  return { datasets, gia };
}

/** Every dataset of the arguments (the `documents` command merges them like `analyze`). */
export async function loadDatasets(args: AnalyzeArgs): Promise<Dataset[]> {
  const { datasets, gia } = await loadInputs(args);
  return [...datasets, ...gia];
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'context') return runContext(argv.slice(1));
  const args = parseArgs(argv);
  const flags = procedureFlags(args);
  const { datasets, gia } = await loadInputs(args);
  // Several files of one procedure (one per school, per municipality…) are one procedure.
  const merged = mergeDatasets(datasets);
  datasets.length = 0; // the merged procedures hold what the report needs
  // ФИС ОКО reports (region / Russia rows) travel with the report for comparison.
  const references =
    args.references.length === 0
      ? undefined
      : await Promise.all(
          args.references.map(async (path) => {
            const ref = parseReferenceReport(new Uint8Array(await readInput(path)), basename(path));
            return { file: ref.file, procedure: ref.procedure, units: referenceUnitsFor(ref) };
          }),
        );
  // Objectivity signs (`schools[]`): re-checks are the same procedure re-scored by a commission.
  // They run before the report is built and are reduced to what the report carries, so that the
  // objectivity engine's working data and the report's units are never in memory together.
  const rechecks = await Promise.all(
    args.rechecks.map(async (path) =>
      importFile(new Uint8Array(await readInput(path)), { fileName: basename(path), procedure: flags }),
    ),
  );
  // The ФИС ОКО form (2021/2022), a simple table or oko-context/v1; several files merge by login.
  const contexts = await Promise.all(
    args.contexts.map(async (path) => readContextFile(new Uint8Array(await readInput(path)), basename(path))),
  );
  const signals = args.signals ?? 'auto';
  // `--signals official`: the official signs only (they are part of the report's units), as an
  // analyst's script computes them; the evidence families and the «schools» list are left out.
  const { signs, notes } =
    signals === 'official'
      ? { signs: null, notes: [OFFICIAL_ONLY_NOTE] }
      : objectivityFor(merged, rechecks, contexts, signals);
  let report: OkoReport & { references?: unknown[] } = buildReport([...merged, ...gia]);
  applyDetail(report, args.detail ?? 'full');
  if (references) report.references = references;
  report = { ...report, ...withSchools(report, { signs, notes: signs ? [] : notes }) };
  for (const note of notes) process.stderr.write(`Примечание: ${note}\n`);
  // Written piece by piece: a region's report is larger than the longest string V8 can hold.
  await writeChunks(jsonChunks(report, 1), args.out);
  return 0;
}

/**
 * The importer's messages already name their place (file, sheet, row, column); the parts a
 * message does not mention are put in front of it, so that nothing is said twice.
 */
export function withPlace(e: ImportError): string {
  const m = e.message;
  const parts = [
    e.file && !m.includes(e.file) ? e.file : '',
    e.sheet && !m.includes(`«${e.sheet}»`) ? `лист «${e.sheet}»` : '',
    e.row && !new RegExp(`\\b${e.row}\\b`).test(m) ? `строка ${e.row}` : '',
    e.column && !m.includes(`«${e.column}»`) ? `столбец «${e.column}»` : '',
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')}: ${m}` : m;
}

/** The command as a process: exit status 0, 1 (unusable input) or 2 (usage); messages on stderr. */
export function main(argv: string[]): Promise<void> {
  // `documents …` has its own module (src/cli/documents.ts); everything else is `analyze`.
  const command =
    argv[0] === 'documents' ? import('./documents.ts').then((m) => m.runDocuments(argv)) : run(argv);
  return command.then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof ImportError) process.stderr.write(`Ошибка: ${withPlace(e)}\n`);
      else if (e instanceof UsageError) process.stderr.write(`${e.message}\n`);
      else process.stderr.write(`Ошибка: ${(e as Error).message ?? String(e)}\n`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}

// Run only when executed directly (tests import `run`; `npm run oko` calls `main` of the bundle).
if (process.argv[1] && /oko\.ts$/.test(process.argv[1])) void main(process.argv.slice(2));
