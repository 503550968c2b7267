// Headless command: `npm run oko -- analyze <files> [--spec …] --out report.json`.
// The same domain engine as the app's «Экспорт → JSON», without a browser.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs, parseScaleArg, UsageError } from './args.ts';
import { ImportError, type Dataset, type ProcedureSpec } from '../domain/model.ts';
import { importFile } from '../domain/import/import-file.ts';
import { parseSpec } from '../domain/spec/index.ts';
import { buildReport } from '../domain/report/index.ts';

async function readSpec(path: string): Promise<ProcedureSpec> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`Файл спецификации не является JSON: ${(e as Error).message}`, basename(path));
  }
  return parseSpec(json, basename(path));
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
  for (const [i, path] of args.inputs.entries()) {
    const bytes = new Uint8Array(await readFile(path));
    let spec = paired ? specs[i] : undefined;
    if (spec && scale) spec = { ...spec, scale };
    const ds = await importFile(bytes, {
      fileName: basename(path),
      spec,
      catalogue: paired ? undefined : specs.map((s) => ({ ...s, maxScore: s.tasks.reduce((a, t) => a + t.max, 0) })),
      procedure: flags,
    });
    if (!spec && scale) ds.meta.procedure.scale = scale;
    if (!ds.meta.procedure.scale)
      process.stderr.write(
        `Предупреждение: ${basename(path)}: нет шкалы перевода в отметки — отметки не вычислены (укажите --spec или --scale).\n`,
      );
    for (const w of ds.meta.warnings)
      process.stderr.write(`Предупреждение: ${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}\n`);
    datasets.push(ds);
  }
  const report = buildReport(datasets);
  const json = JSON.stringify(report, null, 1);
  if (args.out) await writeFile(args.out, json, 'utf8');
  else process.stdout.write(json + '\n');
  return 0;
}

// Run only when executed directly (tests import `run`).
if (process.argv[1] && /oko\.ts$/.test(process.argv[1])) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (e instanceof ImportError) {
        const place = [e.file, e.sheet && `лист «${e.sheet}»`, e.row && `строка ${e.row}`, e.column && `столбец «${e.column}»`]
          .filter(Boolean)
          .join(', ');
        process.stderr.write(`Ошибка: ${place}: ${e.message}\n`);
      } else if (e instanceof UsageError) process.stderr.write(`${e.message}\n`);
      else process.stderr.write(`Ошибка: ${(e as Error).message ?? String(e)}\n`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
