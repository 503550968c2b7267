// First pass over the pupil rows: one row at a time into typed columns. Task cells are classified
// here, but scored only once the maxima are known (they may come from the data itself).
import {
  CellCode,
  type ImportWarning,
  type MunicipalityInfo,
  type SchoolInfo,
  type WarningKind,
} from '../model';
import {
  RAW_FRACTIONAL,
  RAW_NEGATIVE,
  RAW_TEXT,
  cellText,
  clipText,
  classifyTaskCell,
  isAbsentMark,
  journalMark,
  sexCode,
  variantNumber,
} from './cells';
import type { ColumnMap } from './layouts';
import { municipalityOf, splitCodeName } from './places';
import type { SheetSource } from './sources';

/** A warning with its column index, so that all warnings can be sorted by place at the end. */
export interface PlacedWarning {
  w: ImportWarning;
  col: number;
}

export interface RawPupils {
  n: number;
  sourceRow: Uint32Array;
  code: string[];
  school: Uint32Array;
  /** Index into rawClasses, -1 when the class cell is empty. */
  rawClass: Int32Array;
  absent: Uint8Array;
  variant: Uint16Array;
  journal: Uint8Array;
  sex: Uint8Array;
  /** Per candidate task column (ColumnMap.tasks order): first-pass class (CellCode or RAW_*). */
  cls: Uint8Array[];
  /** Per candidate task column: the integer value when cls is CellCode.NUMBER. */
  val: Uint16Array[];
  /** Per candidate task column: does any pupil row hold something in it? */
  nonEmpty: boolean[];
  /** Stated total (`Итого баллов` …), NaN when there is none. */
  stated: Float64Array;
  schools: SchoolInfo[];
  municipalities: MunicipalityInfo[];
  rawClasses: { school: number; raw: string }[];
  warnings: PlacedWarning[];
  /** Year of `Дата загрузки` (ФИС ОКО), 0 when unknown. */
  uploadYear: number;
}

export interface ReadContext {
  file: string;
  sheet: SheetSource;
  map: ColumnMap;
  /** The login of the one school of a collection form (which has no login column). */
  schoolLogin: string;
  /** Called every `chunk` rows; may wait (lets a worker see a cancel) and may throw. */
  onChunk(progress: number): Promise<void>;
}

const INVALID_KIND: Record<number, [WarningKind, string]> = {
  [RAW_NEGATIVE]: ['negative', 'отрицательный балл'],
  [RAW_FRACTIONAL]: ['fractional', 'дробный балл'],
  [RAW_TEXT]: ['not-a-number', 'не число и не код отсутствия ответа (X, Н, не пройд., -)'],
};

function yearOf(v: unknown): number {
  if (typeof v === 'number' && v > 20000 && v < 80000)
    return new Date((v - 25569) * 86400000).getUTCFullYear();
  const m = /\b(20\d\d)\b/.exec(cellText(v));
  return m ? Number(m[1]) : 0;
}

export async function readPupils(ctx: ReadContext): Promise<RawPupils> {
  const { file, sheet, map } = ctx;
  // Not `capacity - headerRow`: a workbook's capacity counts present rows only, and missing rows may be above the header.
  const cap = Math.max(1, sheet.capacity);
  const T = map.tasks.length;
  const p: RawPupils = {
    n: 0,
    sourceRow: new Uint32Array(cap),
    code: [],
    school: new Uint32Array(cap),
    rawClass: new Int32Array(cap),
    absent: new Uint8Array(cap),
    variant: new Uint16Array(cap),
    journal: new Uint8Array(cap),
    sex: new Uint8Array(cap),
    cls: map.tasks.map(() => new Uint8Array(cap)),
    val: map.tasks.map(() => new Uint16Array(cap)),
    nonEmpty: map.tasks.map(() => false),
    stated: new Float64Array(cap),
    schools: [],
    municipalities: [],
    rawClasses: [],
    warnings: [],
    uploadYear: 0,
  };
  const schoolIdx = new Map<string, number>();
  const municipalityIdx = new Map<string, number>();
  const classIdx = new Map<string, number>();
  const firstRowOfCode = new Map<string, number>();
  const taskCols = map.tasks.map((t) => t.col);
  const warn = (kind: WarningKind, row: number, col: number, message: string) =>
    p.warnings.push({
      w: { kind, file, sheet: sheet.name, row, column: map.headers[col] || columnLetter(col), message },
      col,
    });

  const schoolOf = (login: string, values: ArrayLike<unknown>): number => {
    let s = schoolIdx.get(login);
    if (s !== undefined) return s;
    s = p.schools.length;
    schoolIdx.set(login, s);
    const info: SchoolInfo = { login };
    if (map.school !== undefined) {
      const name = splitCodeName(values[map.school]).name;
      if (name) info.name = name;
    }
    // Municipality is read once per school: the 2020 `groups` cell is a 2 KB list of tokens.
    const m = map.municipality !== undefined ? municipalityOf(values[map.municipality], map.layout) : null;
    if (m) {
      if (!municipalityIdx.has(m.id)) {
        municipalityIdx.set(m.id, p.municipalities.length);
        p.municipalities.push(m);
      }
      info.municipalityId = m.id;
    }
    p.schools.push(info);
    return s;
  };

  let sinceChunk = 0;
  const chunk = Math.max(2000, Math.ceil(cap / 15));
  for (const { values, row, progress } of sheet.rowsAfter(map.headerRow)) {
    if (++sinceChunk >= chunk) {
      sinceChunk = 0;
      await ctx.onChunk(progress);
    }
    const i = p.n;
    let login: string;
    if (map.login !== undefined) {
      login = cellText(values[map.login]);
      if (!login && map.school !== undefined) login = splitCodeName(values[map.school]).code;
    } else login = ctx.schoolLogin;
    const code = map.code !== undefined ? cellText(values[map.code]) : '';

    let anyTask = false;
    for (let t = 0; t < T; t++) {
      const packed = classifyTaskCell(values[taskCols[t]]);
      const c = packed & 15;
      p.cls[t][i] = c;
      p.val[t][i] = packed >>> 4;
      if (c !== CellCode.EMPTY) anyTask = true;
    }
    let variantsFilled = 0;
    let absentMarks = 0;
    let variant = 0;
    for (const vc of map.variants) {
      const v = values[vc];
      if (cellText(v) === '') continue;
      variantsFilled++;
      if (isAbsentMark(v)) absentMarks++;
      else if (!variant) variant = variantNumber(v);
    }

    if (map.login !== undefined) {
      if (!login) {
        if (code || anyTask)
          warn('other', row, map.login, 'В строке нет логина школы — строка пропущена (это не ученик).');
        continue;
      }
    } else if (!code && !anyTask && variantsFilled === 0) continue; // unused rows of a pre-sized form

    p.n++;
    for (let t = 0; t < T; t++) {
      const c = p.cls[t][i];
      if (c !== CellCode.EMPTY) p.nonEmpty[t] = true;
      if (c >= RAW_NEGATIVE) {
        const [kind, what] = INVALID_KIND[c];
        warn(
          kind,
          row,
          taskCols[t],
          `Задание ${map.tasks[t].id}: «${clipText(cellText(values[taskCols[t]]))}» — ${what}; засчитано 0.`,
        );
      }
    }
    const s = schoolOf(login, values);
    p.sourceRow[i] = row;
    p.code.push(code);
    p.school[i] = s;
    p.absent[i] = (absentMarks > 0 && absentMarks === variantsFilled) || !anyTask ? 1 : 0;
    p.variant[i] = variant;
    p.journal[i] = map.journal !== undefined ? journalMark(values[map.journal]) : 0;
    p.sex[i] = map.sex !== undefined ? sexCode(values[map.sex]) : 0;
    const total = map.total !== undefined ? values[map.total] : undefined;
    p.stated[i] =
      typeof total === 'number' ? total : /^\d+$/.test(cellText(total)) ? Number(cellText(total)) : NaN;

    const rawLabel = map.classCol !== undefined ? cellText(values[map.classCol]) : '';
    if (rawLabel) {
      const key = `${s}\u0000${rawLabel}`;
      let k = classIdx.get(key);
      if (k === undefined) {
        k = p.rawClasses.length;
        classIdx.set(key, k);
        p.rawClasses.push({ school: s, raw: rawLabel });
      }
      p.rawClass[i] = k;
    } else p.rawClass[i] = -1;

    if (code) {
      const key = `${s}\u0000${code}`;
      const first = firstRowOfCode.get(key);
      if (first === undefined) firstRowOfCode.set(key, row);
      else
        warn(
          'duplicate-code',
          row,
          map.code!,
          `Код участника ${code} уже встречался в этой школе (${login}) в строке ${first}; обе строки учтены.`,
        );
    }
    if (!p.uploadYear && map.uploadDate !== undefined) p.uploadYear = yearOf(values[map.uploadDate]);
  }
  return p;
}

/** `0` → `A`, `27` → `AB` (for columns without a header). */
export function columnLetter(col: number): string {
  let s = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
