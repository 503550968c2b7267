// Headless command: `npm run oko -- analyze <files> [--spec …] --out report.json`.
// The same domain engine as the app's «Экспорт → JSON», without a browser.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs, parseScaleArg, UsageError } from './args.ts';
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
import { objectivityReport, parseContext } from '../domain/objectivity/index.ts';
import type { ContextTable } from '../domain/objectivity/index.ts';

/** The bytes of an input file; a missing or unreadable file is an ImportError naming it. */
async function readInput(path: string): Promise<Buffer> {
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

/** Several context files (e.g. one per municipality) are one table; later files win. */
function mergeContexts(tables: ContextTable[]): ContextTable {
  return new Map(tables.flatMap((t) => [...t]));
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const specs = await Promise.all(args.specs.map(readSpec));
  const scale = args.scale ? parseScaleArg(args.scale) : undefined;
  const flags = {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.subject ? { subject: args.subject } : {}),
    ...(args.grade ? { grade: args.grade } : {}),
    ...(args.year ? { year: args.year } : {}),
  };
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
    for (const w of ds.meta.warnings)
      process.stderr.write(
        `Предупреждение: ${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}\n`,
      );
    datasets.push(ds);
  }
  // Several files of one procedure (one per school, per municipality…) are one procedure.
  const merged = mergeDatasets(datasets);
  const gia = giaDatasets(giaBlocks, { specs, procedure: flags });
  for (const ds of gia) writeGiaNotes(ds);
  let report: OkoReport & { references?: unknown[] } = buildReport([...merged, ...gia]);
  // ФИС ОКО reports (region / Russia rows) travel with the report for comparison.
  if (args.references.length > 0)
    report.references = await Promise.all(
      args.references.map(async (path) => {
        const ref = parseReferenceReport(new Uint8Array(await readInput(path)), basename(path));
        return { file: ref.file, procedure: ref.procedure, units: referenceUnitsFor(ref) };
      }),
    );
  // Objectivity signs (`schools[]`): re-checks are the same procedure re-scored by a commission.
  const rechecks = await Promise.all(
    args.rechecks.map(async (path) =>
      importFile(new Uint8Array(await readInput(path)), { fileName: basename(path), procedure: flags }),
    ),
  );
  const contexts = await Promise.all(
    args.contexts.map(async (path) => parseContext(new Uint8Array(await readInput(path)), basename(path))),
  );
  const objectivity = objectivityReport(merged, {
    rechecks,
    context: contexts.length > 0 ? mergeContexts(contexts) : undefined,
    // The seed of the app's objectivity worker (workers/objectivity.api.ts): simulated cut-offs
    // and bootstraps draw the same numbers, so the app and the command write the same schools[].
    seed: 1,
  });
  // The same export function as the app's «Анализ» downloads: every school of the run.
  const names = new Map(merged.flatMap((ds) => ds.meta.schools.map((s) => [s.login, s.name ?? s.login])));
  report = { ...report, ...withSchools(report, { signs: objectivitySigns(objectivity, names), notes: [] }) };
  for (const note of objectivity.notes) process.stderr.write(`Примечание: ${note}\n`);
  const json = JSON.stringify(report, null, 1);
  if (args.out) await writeFile(args.out, json, 'utf8');
  else process.stdout.write(json + '\n');
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

// Run only when executed directly (tests import `run`).
if (process.argv[1] && /oko\.ts$/.test(process.argv[1])) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof ImportError) process.stderr.write(`Ошибка: ${withPlace(e)}\n`);
      else if (e instanceof UsageError) process.stderr.write(`${e.message}\n`);
      else process.stderr.write(`Ошибка: ${(e as Error).message ?? String(e)}\n`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
