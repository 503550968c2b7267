// Headless command: `npm run oko -- context <file>… [--out context.json]` reads ФИС ОКО context
// forms (2021 and 2022 layouts), simple context tables or earlier `oko-context/v1` files, merges
// them by login (the latest non-null answer wins) and writes `oko-context/v1` JSON. Personal data of
// the form (director, phone, e-mail, INN) is never read.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from '../domain/model.ts';
import { okoContextJson, readContextFile } from '../domain/context/read-context.ts';
import { UsageError } from './args.ts';

export const CONTEXT_USAGE = `Использование:
  npm run oko -- context <файл формы контекста>... [--out <context.json>]
  npm run oko -- context effect … (оценка эффективности мер; подробнее: context effect без параметров)`;

export async function runContext(argv: string[]): Promise<number> {
  // `context effect …`: the effectiveness report (its own module).
  if (argv[0] === 'effect') return (await import('./context-effect.ts')).runContextEffect(argv.slice(1));
  const files: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      out = argv[++i];
      if (!out || out.startsWith('--'))
        throw new UsageError(`После --out нужно имя файла.\n${CONTEXT_USAGE}`);
    } else if (argv[i].startsWith('--'))
      throw new UsageError(`Неизвестный параметр ${argv[i]}.\n${CONTEXT_USAGE}`);
    else files.push(argv[i]);
  }
  if (files.length === 0) throw new UsageError(`Не указан ни один файл контекста.\n${CONTEXT_USAGE}`);
  const parsed = [];
  for (const path of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      throw new ImportError(
        `«${path}»: файл не прочитан (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
        basename(path),
      );
    }
    const p = readContextFile(bytes, basename(path));
    for (const w of p.warnings)
      process.stderr.write(
        `Предупреждение: ${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}\n`,
      );
    parsed.push(p);
  }
  const json = JSON.stringify(okoContextJson(parsed), null, 1);
  if (out) await writeFile(out, json, 'utf8');
  // Wait for the write: the process exits right after, and a large JSON to a pipe would be cut.
  else await new Promise<void>((done) => process.stdout.write(json + '\n', () => done()));
  return 0;
}
