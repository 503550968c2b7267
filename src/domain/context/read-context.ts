// Any school-context input → records: the ФИС ОКО form (2021/2022), the simple table the objectivity
// engine has always read («Логин ОО; Тип поселения; Индекс благополучия»), or an `oko-context/v1`
// JSON written by `npm run oko -- context`. Several inputs merge by login; the latest non-null answer
// wins (ordered by year, then by the order given). Pure.
import { ImportError } from '../model.ts';
import { parseContext, type ContextTable } from '../objectivity/context.ts';
import { parseContextForm } from './parse-form.ts';
import { cleanRecord, FIELDS } from './record.ts';
import { EMPTY_RECORD, type ContextRecord, type ParsedContext } from './types.ts';

export const OKO_CONTEXT_FORMAT = 'oko-context/v1';

export interface OkoContextFile {
  format: typeof OKO_CONTEXT_FORMAT;
  schools: (ContextRecord & { years: number[] })[];
}

function readOkoContext(bytes: Uint8Array, file: string): ParsedContext {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ImportError(`«${file}»: не JSON (${(e as Error).message}).`, file);
  }
  const o = json as Partial<OkoContextFile>;
  if (o?.format !== OKO_CONTEXT_FORMAT || !Array.isArray(o.schools))
    throw new ImportError(
      `«${file}»: ожидался JSON формата «${OKO_CONTEXT_FORMAT}» со списком «schools».`,
      file,
    );
  const records = o.schools.map((s, i): ContextRecord => {
    const rec = cleanRecord(s);
    if (!rec) throw new ImportError(`«${file}»: у школы № ${i + 1} нет логина («login»).`, file);
    return rec;
  });
  return { file, layout: 'oko-context', records, warnings: [] };
}

/** One context file of any supported kind. */
export function readContextFile(bytes: Uint8Array, file: string): ParsedContext {
  const first = new TextDecoder()
    .decode(bytes.subarray(0, 64))
    .replace(/^\ufeff/, '')
    .trimStart();
  if (/\.json$/i.test(file) || first.startsWith('{')) return readOkoContext(bytes, file);
  const form = parseContextForm(bytes, file);
  if (form) return form;
  let table: ContextTable;
  try {
    table = parseContext(bytes, file);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    throw new ImportError(
      `«${file}»: это не форма ФИС ОКО «Сбор контекстных данных об ОО» (нужен столбец «логин» или «Пользователь» ` +
        'и вопросы вроде «Где расположена образовательная организация?») и не таблица контекста ' +
        '(нужны столбцы «Логин ОО» и «Тип поселения» или «Индекс благополучия»).',
      file,
    );
  }
  const records = [...table.values()].map((c): ContextRecord => ({
    login: c.login,
    year: null,
    ...EMPTY_RECORD,
    name: c.name ?? null,
    municipality: c.municipality ?? null,
    urban: c.urban,
    ses: c.ses,
  }));
  return { file, layout: 'simple', records, warnings: [] };
}

/** Merge by login: ordered by year (unknown first), then input order; a later non-null answer wins. */
export function mergeContextRecords(parsed: ParsedContext[]): (ContextRecord & { years: number[] })[] {
  const all = parsed.flatMap((p, i) => p.records.map((r) => ({ r, i })));
  all.sort((a, b) => (a.r.year ?? -Infinity) - (b.r.year ?? -Infinity) || a.i - b.i);
  const out = new Map<string, ContextRecord & { years: number[] }>();
  for (const { r } of all) {
    const cur = out.get(r.login) ?? { ...r, ...EMPTY_RECORD, years: [] };
    for (const f of FIELDS) if (r[f] !== null) (cur as unknown as Record<string, unknown>)[f] = r[f];
    if (r.year !== null) {
      cur.year = r.year;
      if (!cur.years.includes(r.year)) cur.years.push(r.year);
    }
    out.set(r.login, cur);
  }
  return [...out.values()].sort((a, b) => a.login.localeCompare(b.login, 'ru', { numeric: true }));
}

/** Urban: types 1–3 (столица, город, ПГТ) are urban, 4 rural; the simple table's own word otherwise. */
export function urbanOf(r: ContextRecord): boolean | null {
  if (r.settlementType !== null) return r.settlementType <= 3;
  return r.urban;
}

/** The table the objectivity engine's context signals read. */
export function toContextTable(records: ContextRecord[]): ContextTable {
  return new Map(
    records.map((r) => [
      r.login,
      {
        login: r.login,
        name: r.name ?? undefined,
        municipality: r.municipality ?? undefined,
        urban: urbanOf(r),
        ses: r.ses,
      },
    ]),
  );
}

export function okoContextJson(parsed: ParsedContext[]): OkoContextFile {
  return { format: OKO_CONTEXT_FORMAT, schools: mergeContextRecords(parsed) };
}

/** Reads files and merges them into the objectivity engine's table (the `analyze --context` path). */
export function contextTableOf(files: { bytes: Uint8Array; file: string }[]): ContextTable {
  return toContextTable(mergeContextRecords(files.map((f) => readContextFile(f.bytes, f.file))));
}
