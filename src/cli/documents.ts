// Headless batch of documents: `npm run oko -- documents spravka --level school <files>… [--spec …]…
// [--context …] [--reference …] --out <dir>` writes one справка DOCX per school that has at least
// one pupil who wrote the work, named `<login> — <procedure>.docx`. The arguments after the
// document kind are those of `analyze` (the same parser), plus --level, --out (a folder here) and
// --results-date (default: each procedure's usual results date, as the app's, never after today).
// The справки are the app's (src/domain/documents), built one school at a time
// and written at once, so memory holds one document at a time.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { analyzeArgsOf, splitOwnArgs } from './analyze-args.ts';
import { parseArgs, UsageError } from './args.ts';
import { loadDatasets, readInput } from './oko.ts';
import {
  schoolSpravkaFileName,
  spravkaModel,
  writeDocx,
  type DocContext,
} from '../domain/documents/index.ts';
import { mergeDatasets } from '../domain/import/merge-datasets.ts';
import { parseReferenceReport, referenceUnitsFor } from '../domain/reference/index.ts';
import type { ReferenceUnit } from '../domain/reference/types.ts';
import { buildReport } from '../domain/report/index.ts';
import { objectivityReport } from '../domain/objectivity/index.ts';
import { evidenceOf, type ObjectivityEvidence } from '../domain/objectivity/evidence-summary.ts';
import type { UnitLevel } from '../domain/report/types.ts';
import { procedureId } from '../domain/text/procedure.ts';
import { defaultResultsDate } from '../domain/roadmap/results-date.ts';

export const DOCUMENTS_USAGE = `Использование:
  npm run oko -- documents spravka --level school <файл>... [--spec <spec.json>]...
                 [--context <файл>]... [--reference <файл>]... [--results-date ГГГГ-ММ-ДД]
                 --out <папка>
  (остальные параметры — как у analyze)`;

export interface DocumentsArgs {
  kind: 'spravka';
  level: Extract<UnitLevel, 'school'>;
  out: string;
  /** `--results-date`; absent: each procedure's usual results date (batchResultsDate). */
  resultsDate?: string;
  /** The rest, as `analyze` reads it. */
  analyze: ReturnType<typeof parseArgs>;
}

const LEVELS = ['school'] as const;

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function parseDocumentsArgs(argv: string[]): DocumentsArgs {
  const [command, kind, ...rest] = argv;
  if (command !== 'documents')
    throw new UsageError(`Неизвестная команда «${command ?? ''}».\n${DOCUMENTS_USAGE}`);
  if (kind !== 'spravka')
    throw new UsageError(`Неизвестный вид документа «${kind ?? ''}»: доступен spravka.\n${DOCUMENTS_USAGE}`);
  const { own, others } = splitOwnArgs(rest, ['--level', '--out', '--results-date'], DOCUMENTS_USAGE);
  const level = own['--level'];
  if (!level) throw new UsageError(`Не указан уровень (--level school).\n${DOCUMENTS_USAGE}`);
  if (!(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--level: доступен уровень school, получено «${level}».`);
  if (!own['--out'])
    throw new UsageError(`Не указана папка для справок (--out <папка>).\n${DOCUMENTS_USAGE}`);
  const date = own['--results-date'];
  if (date !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))))
    throw new UsageError(`--results-date: ожидалась дата ГГГГ-ММ-ДД, получено «${date}».`);
  const analyze = analyzeArgsOf(others, DOCUMENTS_USAGE);
  return { kind: 'spravka', level: 'school', out: own['--out'], resultsDate: date, analyze };
}

/**
 * «Дата получения результатов» of a procedure's справки: `--results-date`, else the date its kind's
 * results usually arrive in its year (31 May for the ВПР…), never after today — as the app does.
 */
export function batchResultsDate(
  args: Pick<DocumentsArgs, 'resultsDate'>,
  P: { kind: string; year: number },
  now = today(),
): string {
  return args.resultsDate ?? defaultResultsDate(P.kind, P.year, now);
}

export interface BatchResult {
  files: string[];
  ms: number;
}

export async function runDocuments(
  argv: string[],
  log: (s: string) => void = (s) => void process.stderr.write(s),
): Promise<number> {
  const args = parseDocumentsArgs(argv);
  await runSpravkaBatch(args, log);
  return 0;
}

export async function runSpravkaBatch(args: DocumentsArgs, log: (s: string) => void): Promise<BatchResult> {
  const t0 = performance.now();
  const merged = mergeDatasets(await loadDatasets(args.analyze));
  const report = buildReport(merged);
  const refs = await Promise.all(
    args.analyze.references.map(async (path) =>
      parseReferenceReport(new Uint8Array(await readInput(path)), basename(path)),
    ),
  );
  await mkdir(args.out, { recursive: true });
  // The app's «Объективность» result for every kind and subject (the same run, seed 1): the справки
  // name the same schools as the screen would for these files.
  const evidence = new Map<string, ObjectivityEvidence>();
  for (const P of report.procedures) {
    const key = `${P.kind}\u0000${P.subject}`;
    if (evidence.has(key)) continue;
    const group = report.procedures.filter((x) => x.kind === P.kind && x.subject === P.subject);
    const ids = new Set(group.map((x) => x.id));
    log(`${P.kind} «${P.subject}»: признаки объективности\n`);
    const run = objectivityReport(
      merged.filter((_, i) => ids.has(report.procedures[i].id)),
      { seed: 1 },
    );
    evidence.set(
      key,
      evidenceOf(
        run,
        report.signs.filter((s) => ids.has(s.procedure)),
        { kind: P.kind, subject: P.subject, procedures: [...ids] },
      ),
    );
  }
  const files: string[] = [];
  for (const [k, P] of report.procedures.entries()) {
    const ds = merged[k];
    const ctx: DocContext = {
      ds,
      report: P,
      signs: report.signs.filter((s) => s.procedure === P.id),
      evidence: evidence.get(`${P.kind}\u0000${P.subject}`),
    };
    // Published results of wider groups for this procedure: region and Russia (a school's own row
    // or its municipality's would compare it with itself or is already in the table).
    const references: ReferenceUnit[] = refs
      .filter((r) => procedureId(r.procedure) === P.id)
      .flatMap((r) => referenceUnitsFor(r))
      .filter((u) => u.level === 'russia' || u.level === 'region');
    const schools = P.units.filter((u) => u.level === 'school' && u.written > 0);
    for (const [i, school] of schools.entries()) {
      const model = spravkaModel(ctx, {
        level: 'school',
        unitId: school.id,
        resultsDate: batchResultsDate(args, P),
        references,
        // «Динамика результатов»: the other works given to the command (other years and grades).
        history: report.procedures,
      });
      const path = join(args.out, schoolSpravkaFileName(school.id, procedureId(P)));
      await writeFile(path, await writeDocx(model));
      files.push(path);
      if ((i + 1) % 50 === 0 || i + 1 === schools.length)
        log(`${procedureId(P)}: справки ${i + 1} из ${schools.length}\n`);
    }
  }
  return { files, ms: performance.now() - t0 };
}
