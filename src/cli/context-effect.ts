// Headless «Оценка эффективности муниципальных мер»: `npm run oko -- context effect <result files>…
// --context <form>… --treated <logins|file> [--before ГГГГ] [--after ГГГГ] [--municipality <name>]
// --out <report.docx|report.xlsx>`. The result files, --spec, --context and --recheck are those of
// `analyze` (the same parser). The analysis is the app's (src/domain/context/analysis.ts), with the
// partners' red signs computed as on «Объективность»; the report is the context screen's.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs, UsageError } from './args.ts';
import { loadDatasets, readInput } from './oko.ts';
import { analyseContext } from '../domain/context/analysis.ts';
import { effectivenessDocument, effectivenessXlsx } from '../domain/context/effectiveness.ts';
import { mergeContextRecords, readContextFile, toContextTable } from '../domain/context/read-context.ts';
import { redSignSchools } from '../domain/context/red-signs.ts';
import { schoolResults } from '../domain/context/school-results.ts';
import { writeDocx } from '../domain/documents/docx-writer.ts';
import { mergeDatasets } from '../domain/import/merge-datasets.ts';
import { ImportError } from '../domain/model.ts';

export const EFFECT_USAGE = `Использование:
  npm run oko -- context effect <файл результатов>... [--spec <spec.json>]... --context <форма>...
                 --treated <логин,логин… | файл со списком логинов> [--before ГГГГ] [--after ГГГГ]
                 [--municipality <название>] --out <отчёт.docx | отчёт.xlsx>
  (остальные параметры — как у analyze)`;

const OWN = ['--treated', '--before', '--after', '--out', '--municipality'];

export interface EffectArgs {
  treated: string;
  before?: number;
  after?: number;
  out: string;
  municipality?: string;
  analyze: ReturnType<typeof parseArgs>;
}

export function parseEffectArgs(argv: string[]): EffectArgs {
  const own: Record<string, string> = {};
  const others: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (OWN.includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--'))
        throw new UsageError(`После ${a} нужно значение.\n${EFFECT_USAGE}`);
      own[a] = v;
      i++;
    } else others.push(a);
  }
  if (!own['--treated']) throw new UsageError(`Не указаны школы с мерами (--treated).\n${EFFECT_USAGE}`);
  const out = own['--out'];
  if (!out || !['.docx', '.xlsx'].includes(extname(out).toLowerCase()))
    throw new UsageError(`Укажите файл отчёта .docx или .xlsx (--out).\n${EFFECT_USAGE}`);
  const year = (flag: string) => {
    const v = own[flag];
    if (v === undefined) return undefined;
    if (!/^20\d\d$/.test(v)) throw new UsageError(`${flag}: ожидался год ГГГГ, получено «${v}».`);
    return Number(v);
  };
  let analyze: ReturnType<typeof parseArgs>;
  try {
    analyze = parseArgs(['analyze', ...others]);
  } catch (e) {
    if (e instanceof UsageError)
      throw new UsageError(e.message.replace(/Использование:[\s\S]*$/, EFFECT_USAGE));
    throw e;
  }
  if (analyze.contexts.length === 0)
    throw new UsageError(`Не указана контекстная анкета (--context).\n${EFFECT_USAGE}`);
  return {
    treated: own['--treated'],
    before: year('--before'),
    after: year('--after'),
    out,
    municipality: own['--municipality'],
    analyze,
  };
}

/** Logins from «a,b,c» or from a file (one a line, or separated by commas/semicolons). */
async function treatedLogins(spec: string): Promise<string[]> {
  let text = spec;
  if (!spec.includes(',') && /\.(txt|csv)$/i.test(spec)) {
    try {
      text = await readFile(spec, 'utf8');
    } catch (e) {
      throw new ImportError(
        `«${spec}»: список школ с мерами не прочитан (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
        basename(spec),
      );
    }
  }
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

export async function runContextEffect(argv: string[]): Promise<number> {
  const args = parseEffectArgs(argv);
  const datasets = mergeDatasets(await loadDatasets(args.analyze));
  const parsed = await Promise.all(
    args.analyze.contexts.map(async (path) =>
      readContextFile(new Uint8Array(await readInput(path)), basename(path)),
    ),
  );
  const records = mergeContextRecords(parsed);
  if (records.length < 4)
    throw new ImportError(
      'Нужны ответы контекстной анкеты хотя бы четырёх школ.',
      basename(args.analyze.contexts[0]),
    );
  const results = datasets.flatMap(schoolResults);
  const years = [...new Set(results.map((r) => r.year))].sort((a, b) => a - b);
  const before = args.before ?? years.at(-2);
  const after = args.after ?? years.at(-1);
  if (before === undefined || after === undefined || before >= after)
    throw new UsageError(
      `Нужны результаты двух лет (в файлах: ${years.join(', ') || 'нет'}); укажите --before и --after.`,
    );
  const known = new Set(records.map((r) => r.login));
  const treated = new Set(await treatedLogins(args.treated));
  const unknown = [...treated].filter((l) => !known.has(l));
  if (unknown.length)
    process.stderr.write(
      `Предупреждение: нет в контекстной анкете (в сравнение не входят): ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ' …' : ''}\n`,
    );
  const red = redSignSchools({ datasets, context: toContextTable(records) });
  const analysis = analyseContext({ records, results, red: new Set(red.keys()), treated, before, after });
  const names = new Map(records.map((r) => [r.login, r.name ?? r.login]));
  for (const ds of datasets) for (const s of ds.meta.schools) if (s.name) names.set(s.login, s.name);
  const input = {
    municipality: args.municipality ?? records.find((r) => r.municipality)?.municipality ?? 'муниципалитет',
    analysis,
    results,
    treated: new Set([...treated].filter((l) => known.has(l))),
    treatedSource: 'Школы с мерами — по списку, переданному в --treated.',
    names,
  };
  const bytes =
    extname(args.out).toLowerCase() === '.docx'
      ? await writeDocx(effectivenessDocument(input))
      : effectivenessXlsx(input);
  await writeFile(args.out, bytes);
  return 0;
}
