// The objectivity signs as the report exports carry them (issue #4 «Outputs»): the `schools[]` of
// oko-report/v1 and the XLSX sheet «Признаки». The app (analysis and objectivity workers) and the
// headless command call these same functions, so both write the same figures for the same data.
//
// Scope: a school's entry is its whole objectivity run (every procedure of the kind and subject the
// run covered), so `level` and `riskScore` are the ones the «Объективность» screen shows; the
// restriction to an exported unit only chooses which schools are listed.
//
// Formula injection: as in xlsx-export.ts every cell is typed explicitly (t:'n' or t:'s'), never `f`.
import * as XLSX from 'xlsx';
// Signal and family names: the vocabulary's, the same words as on the screen.
import { FAMILY_NAMES, FAMILY_ORDER, SIGNAL_NAMES } from '../text/labels.ts';
import type { ObjectivityReport, SchoolObjectivity, Signal } from '../objectivity/types.ts';
import type { OkoReport, ProcedureReport, UnitLevel } from './types.ts';

/** A signal as the exports need it: everything but the chart data and the extra figures. */
export type ExportSignal = Omit<Signal, 'evidence' | 'details'>;

/** What the exports need of an objectivity run: small enough to pass between workers. */
export interface ObjectivitySigns {
  schools: SchoolObjectivity[];
  signals: ExportSignal[];
  /** Russian notes on what could not be computed (no re-check, no context, no scale …). */
  notes: string[];
  /** School login → name, for the sheet (a login stands in for a missing name). */
  names: Record<string, string>;
  /** School login → municipality name, for the sheet's «Муниципалитет» (absent: left empty). */
  municipalities?: Record<string, string>;
}

/**
 * The signs an export carries: `signs` null when the objectivity analysis could not run, and then
 * `notes` say why (the file says so instead of silently leaving the signs out).
 */
export interface SignsForExport {
  signs: ObjectivitySigns | null;
  notes: string[];
}

export const SIGNS_SHEET = 'Признаки';

export const HOW_TO_READ =
  'Как читать: это признаки возможной необъективности результатов — поводы проверить данные и порядок ' +
  'проведения работы, а не выводы о нарушениях; у каждого признака есть и безобидные объяснения. ' +
  'Эффект — насколько результат отличается от ожидаемого, в указанной единице (SD — стандартное отклонение ' +
  'ученика, обычный разброс результатов учеников; п.п. — процентные пункты, разница двух долей в процентах); ' +
  '95 % интервал — пределы, в которых почти наверняка лежит истинное отклонение; ' +
  'p — вероятность получить такое отклонение случайно, если проверять одну школу (односторонний уровень значимости); ' +
  'q — надёжность признака: вероятность ложной тревоги с учётом того, что проверено много школ и классов ' +
  '(поправка на множественность сравнений по Бенджамини–Хохбергу среди всех единиц того же уровня в процедуре); ' +
  'n — сколько работ или учеников учтено; «отмечен: да» — эффект не меньше порога и q меньше 0,05. ' +
  'Процедура записана кодом «вид-год-предмет-класс». Школы перечислены по названию, это не рейтинг.';

export const SIGNS_HEADER = [
  'Школа',
  'Логин ОО',
  'Муниципалитет',
  'Класс / уровень',
  'Процедура',
  'Признак',
  'Семейство',
  'Эффект',
  'Единица',
  '95% интервал: от',
  '95% интервал: до',
  'p',
  'q',
  'n',
  'Отмечен',
  'Пояснение',
  'Оговорки',
] as const;

/** The export part of an objectivity report; `names` maps school logins to names. */
export function objectivitySigns(
  report: Pick<ObjectivityReport, 'schools' | 'signals' | 'notes'>,
  names: ReadonlyMap<string, string> | Record<string, string> = {},
  municipalities?: ReadonlyMap<string, string>,
): ObjectivitySigns {
  const nameOf: Record<string, string> = names instanceof Map ? Object.fromEntries(names) : { ...names };
  return {
    schools: report.schools,
    // Chart data (histograms, residual matrices) is the bulk of a report and no export needs it.
    signals: report.signals.map(({ evidence: _e, details: _d, ...s }) => s),
    notes: report.notes,
    names: nameOf,
    ...(municipalities?.size ? { municipalities: Object.fromEntries(municipalities) } : {}),
  };
}

/**
 * The schools (logins) of a unit of the procedure: every school for «all», a municipality's schools,
 * the school itself. Below a school (parallel, class) there is no school list: null.
 */
export function schoolsOfUnit(p: ProcedureReport, level: UnitLevel, id: string): string[] | null {
  const schools = p.units.filter((u) => u.level === 'school');
  if (level === 'all') return schools.map((u) => u.id);
  if (level === 'municipality') return schools.filter((u) => u.parent === id).map((u) => u.id);
  if (level === 'school') return schools.some((u) => u.id === id) ? [id] : [];
  return null;
}

const byLogin = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });

/**
 * `schools[]` of oko-report/v1: the entries of the schools in `only` (all when omitted), ordered by
 * login so that the output does not depend on the order the engine met the schools in.
 */
export function reportSchools(signs: ObjectivitySigns, only?: readonly string[]): SchoolObjectivity[] {
  const keep = only ? new Set(only) : null;
  return signs.schools.filter((s) => !keep || keep.has(s.id)).sort((a, b) => byLogin(a.id, b.id));
}

/**
 * The report with `schools[]` of the schools in `only` (all when omitted) and `objectivityNotes`
 * (what could not be computed). Without signs only the notes are added.
 */
export function withSchools(report: OkoReport, input: SignsForExport, only?: readonly string[]): OkoReport {
  const notes = [...input.notes, ...(input.signs?.notes ?? [])];
  return {
    ...report,
    ...(input.signs ? { schools: reportSchools(input.signs, only) } : {}),
    objectivityNotes: notes,
  };
}

/** One row of the «Признаки» sheet. */
export interface SignRow {
  school: string;
  login: string;
  /** The school's municipality ('' when the data does not say). */
  municipality: string;
  unit: string;
  procedure: string;
  name: string;
  family: string;
  effect: number;
  effectUnit: string;
  ciLow: number | null;
  ciHigh: number | null;
  p: number;
  q: number;
  n: number;
  flagged: string;
  explanation: string;
  caveats: string;
}

/** A class signal names its class (`<login>/<label>`); a school signal the school as a whole. */
function unitLabel(s: ExportSignal): string {
  if (s.unitKind !== 'class') return 'школа';
  const prefix = `${s.school}/`;
  return `класс ${s.unit.startsWith(prefix) ? s.unit.slice(prefix.length) : s.unit}`;
}

/**
 * The sheet's rows: schools by name (not by score — this is not a rating), within a school the
 * flagged signals first, then by family and q, as on the school's page.
 */
export function signRows(signs: ObjectivitySigns, only?: readonly string[]): SignRow[] {
  const keep = only ? new Set(only) : null;
  const nameOf = (login: string) => signs.names[login] ?? login;
  return signs.signals
    .filter((s) => !keep || keep.has(s.school))
    .sort(
      (a, b) =>
        nameOf(a.school).localeCompare(nameOf(b.school), 'ru', { numeric: true }) ||
        byLogin(a.school, b.school) ||
        Number(b.flagged) - Number(a.flagged) ||
        FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family) ||
        a.q - b.q ||
        byLogin(a.procedure, b.procedure) ||
        byLogin(a.unit, b.unit),
    )
    .map((s) => ({
      school: nameOf(s.school),
      login: s.school,
      municipality: signs.municipalities?.[s.school] ?? '',
      unit: unitLabel(s),
      procedure: s.procedure,
      name: SIGNAL_NAMES[s.id] ?? s.id,
      family: FAMILY_NAMES[s.family] ?? s.family,
      effect: s.effect,
      effectUnit: s.effectUnit,
      ciLow: s.ci95?.[0] ?? null,
      ciHigh: s.ci95?.[1] ?? null,
      p: s.p,
      q: s.q,
      n: s.n,
      flagged: s.flagged ? 'да' : 'нет',
      explanation: s.explanation,
      caveats: s.caveats.join('; '),
    }));
}

type Value = string | number | null | undefined;

function cellOf(v: Value): XLSX.CellObject | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? { t: 'n', v } : undefined;
  return { t: 's', v };
}

function plainSheet(rows: Value[][]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  rows.forEach((row, r) =>
    row.forEach((v, c) => {
      const cell = cellOf(v);
      if (!cell) return;
      ws[XLSX.utils.encode_cell({ r, c })] = cell;
      maxC = Math.max(maxC, c);
    }),
  );
  ws['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(0, rows.length - 1), c: maxC },
  });
  return ws;
}

/**
 * The «Признаки» sheet: the «Как читать» row, the notes (one a row), an empty row, the header and
 * one row per signal. Without signs (the analysis could not run) it holds the note rows only.
 */
export function signsSheet(
  signs: ObjectivitySigns | null,
  only?: readonly string[],
  notes: readonly string[] = [],
): XLSX.WorkSheet {
  const rows: Value[][] = [[HOW_TO_READ]];
  for (const n of [...notes, ...(signs?.notes ?? [])]) rows.push([`Примечание: ${n}`]);
  if (signs) {
    rows.push([], [...SIGNS_HEADER]);
    for (const r of signRows(signs, only))
      rows.push([
        r.school,
        r.login,
        r.municipality,
        r.unit,
        r.procedure,
        r.name,
        r.family,
        r.effect,
        r.effectUnit,
        r.ciLow,
        r.ciHigh,
        r.p,
        r.q,
        r.n,
        r.flagged,
        r.explanation,
        r.caveats,
      ]);
  }
  return plainSheet(rows);
}

/** A workbook of the «Признаки» sheet alone (the «Объективность» screen's download). */
export function signsWorkbook(signs: ObjectivitySigns, only?: readonly string[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, signsSheet(signs, only), SIGNS_SHEET);
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
