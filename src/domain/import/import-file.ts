// One result file (XLSX, XLS or CSV) → a Dataset. Pure: no DOM, no DB; runs in a worker and in Node.
import {
  CellCode,
  ImportError,
  type ClassInfo,
  type Dataset,
  type DatasetMeta,
  type ImportWarning,
  type MarkScale,
  type ProcedureSpec,
  type ProgressFn,
  type TaskSpec,
} from '../model';
import { CATALOGUE, findCatalogueEntries, type CatalogueEntry } from '../spec/catalogue';
import { matchCatalogue } from '../spec/catalogue-match';
import { maxScore } from '../spec/parse-spec';
import { validateScale } from '../spec/scale';
import { RAW_NEGATIVE, clipText } from './cells';
import { classId, classLabel } from './class-label';
import {
  HEADER_SCAN_ROWS,
  LAYOUT_DESCRIPTIONS,
  detectLayout,
  visibleColumns,
  type ColumnMap,
} from './layouts';
import {
  gradeFromCodes,
  guessFromFileName,
  procedureFromClassesSheet,
  type ProcedureGuess,
} from './procedure-info';
import { columnLetter, readPupils, type RawPupils } from './read-pupils';
import { csvSheet, sourceKind, workbookSheets, type SheetSource } from './sources';
import { resolveTasks } from './tasks';

export interface ImportOptions {
  fileName: string;
  /** Confirmed procedure spec: task maxima for numbered layouts, scale, task metadata. */
  spec?: ProcedureSpec;
  /** An explicit scale (CLI --scale): used when the spec has none, before the catalogue. */
  scale?: MarkScale;
  /** Specs to match by kind/subject/grade/year; the built-in CATALOGUE is searched after them. */
  catalogue?: readonly CatalogueEntry[];
  /** What the user (or CLI flags) said about the procedure; wins over everything else. */
  procedure?: Partial<Pick<ProcedureSpec, 'kind' | 'subject' | 'grade' | 'year'>>;
  /** The file already read into sheets (sheetsOf), so that a caller that looked at it first reads it once. */
  sheets?: SheetSource[];
  /** Login of the single school of a collection form, which has no login column. Default `школа`. */
  schoolLogin?: string;
  onProgress?: ProgressFn;
  isCancelled?: () => boolean;
}

export const DEFAULT_SCHOOL_LOGIN = 'школа';

/** Thrown when `isCancelled()` returns true; it is an ImportError, so callers may treat both alike. */
export class ImportCancelledError extends ImportError {
  constructor(file: string) {
    super('Импорт отменён', file);
    this.name = 'ImportCancelledError';
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The header of one sheet, or null. */
function sheetLayout(head: unknown[][]): ColumnMap | null {
  for (let r = 0; r < head.length; r++) {
    const map = detectLayout(head[r], r);
    if (map) return map;
  }
  return null;
}

/**
 * The first sheet (in workbook order, hidden sheets included) with a known header. Later sheets that
 * also have one are named in `others`: they are not imported, and the user is told so.
 */
function findLayout(
  sheets: SheetSource[],
  file: string,
): { sheet: SheetSource; map: ColumnMap; others: string[] } {
  const heads = sheets.map((s) => s.head(HEADER_SCAN_ROWS));
  for (let s = 0; s < sheets.length; s++) {
    const map = sheetLayout(heads[s]);
    if (map) {
      const others = sheets.slice(s + 1).flatMap((o, k) => (sheetLayout(heads[s + 1 + k]) ? [o.name] : []));
      return { sheet: sheets[s], map, others };
    }
  }
  const columns = sheets.length ? visibleColumns(heads[0]) : [];
  if (columns.length === 0)
    throw new ImportError(`Файл «${file}» не содержит данных: первые строки пусты.`, file, sheets[0]?.name);
  const shown = columns.slice(0, 40).map((c) => `«${clipText(c)}»`);
  if (columns.length > 40) shown.push('…');
  // What to do first, in plain words (the smallest header vpr-form accepts); the diagnostic after.
  throw new ImportError(
    `Не удалось узнать формат файла «${file}». Сохраните протокол из ФИС ОКО в формате XLSX без изменений ` +
      'или добавьте строку заголовков с названиями столбцов: «Код участника», «Вариант», «Класс» и номера ' +
      'заданий с максимальным баллом — «1 (1б)», «2 (2б)» и так далее. ' +
      `Подробности: на листе «${clipText(sheets[0].name)}»${sheets.length > 1 ? ' (и других листах)' : ''} в первых ` +
      `${HEADER_SCAN_ROWS} строках нет заголовка известного вида. Найдены столбцы: ${shown.join(', ')}. ` +
      `Ожидался один из форматов: ${Object.values(LAYOUT_DESCRIPTIONS).join('; ')}.`,
    file,
    sheets[0].name,
  );
}

export async function importFile(bytes: Uint8Array, opts: ImportOptions): Promise<Dataset> {
  const file = opts.fileName;
  if (bytes.length === 0) throw new ImportError(`Файл «${file}» пуст (0 байт).`, file);
  const hash = sha256Hex(bytes);
  const checkpoint = async (fraction: number, stage: string) => {
    if (opts.isCancelled?.()) throw new ImportCancelledError(file);
    opts.onProgress?.(fraction, stage);
    // Yield to the event loop so that a worker can receive a cancel message.
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  await checkpoint(0, 'Чтение файла');
  const sheets =
    opts.sheets ??
    (sourceKind(bytes, file) === 'workbook' ? workbookSheets(bytes, file) : [csvSheet(bytes, file)]);
  await checkpoint(0.45, 'Поиск заголовка');
  const { sheet, map, others } = findLayout(sheets, file);
  const raw = await readPupils({
    file,
    sheet,
    map,
    schoolLogin: opts.schoolLogin?.trim() || DEFAULT_SCHOOL_LOGIN,
    onChunk: (p) => checkpoint(0.45 + 0.45 * p, 'Разбор строк'),
  });
  if (raw.n === 0)
    throw new ImportError(
      `${file}, лист «${sheet.name}»: под заголовком (строка ${map.headerRow + 1}) нет ни одной строки с учеником` +
        (map.login !== undefined ? ` (строки с логином школы в столбце «${map.headers[map.login]}»).` : '.'),
      file,
      sheet.name,
      map.headerRow + 1,
    );
  await checkpoint(0.92, 'Проверка баллов');
  if (others.length)
    raw.warnings.push({
      w: {
        kind: 'other',
        file,
        sheet: sheet.name,
        row: 0,
        column: '',
        message:
          `Таблица результатов есть и на других листах (${others.map((o) => `«${clipText(o)}»`).join(', ')}), ` +
          `но импортирован только лист «${sheet.name}» — первый по порядку. Импортируйте другие листы отдельными файлами.`,
      },
      col: -1,
    });

  const place = { file, sheet: sheet.name };
  const procedure = resolveProcedure(opts, raw, procedureFromClassesSheet(sheets));
  const catalogueMatches = findCatalogueEntries(procedure, [...(opts.catalogue ?? []), ...CATALOGUE]);
  const { kept, tasks, source } = resolveTasks(map, raw, opts.spec, catalogueMatches, place, raw.warnings);
  procedure.tasks = tasks;
  // Two columns of one task (a header repeated by copy-paste): which one holds the scores is a guess.
  const seenTask = new Map<string, number>();
  tasks.forEach((t, j) => {
    const first = seenTask.get(t.id);
    if (first === undefined) return seenTask.set(t.id, j);
    const [a, b] = [map.tasks[kept[first]], map.tasks[kept[j]]];
    throw new ImportError(
      `${file}, лист «${sheet.name}», строка заголовка ${map.headerRow + 1}: задание ${t.id} встречается дважды — ` +
        `столбцы ${columnLetter(a.col)} «${clipText(a.header)}» и ${columnLetter(b.col)} «${clipText(b.header)}». ` +
        'Оставьте в заголовке один столбец для каждого задания.',
      file,
      sheet.name,
      map.headerRow + 1,
      b.header,
    );
  });
  // Precedence everywhere: the spec's scale, then an explicit scale, then the catalogue.
  // A catalogue scale fits only a work with the same task count and maximum (catalogue-match.ts).
  const total = maxScore(procedure);
  procedure.scale = opts.spec?.scale ?? opts.scale ?? null;
  let scaleSource: DatasetMeta['scaleSource'] = procedure.scale ? { kind: 'spec' } : undefined;
  if (!procedure.scale) {
    const shape = { taskCount: tasks.length, maxScore: total, name: opts.fileName };
    const match = matchCatalogue(procedure, shape, [...(opts.catalogue ?? []), ...CATALOGUE]);
    if (match) {
      procedure.scale = match.scale;
      scaleSource = { kind: 'catalogue', year: match.entry.year, source: match.entry.source ?? '' };
      for (const message of match.warnings)
        raw.warnings.push({ w: { kind: 'scale', ...place, row: 0, column: 'шкала', message }, col: -1 });
    }
  }
  if (procedure.scale)
    for (const issue of validateScale(procedure.scale, total))
      raw.warnings.push({
        w: { kind: 'scale', ...place, row: 0, column: 'шкала', message: issue.message },
        col: -1,
      });

  const { scores, codes } = scoreTasks(raw, map, kept, tasks, place);
  const classes = resolveClasses(raw, procedure.grade);

  const warnings = raw.warnings
    .sort((a, b) => a.w.row - b.w.row || a.col - b.col)
    .map((p): ImportWarning => p.w);
  const n = raw.n;
  const dataset: Dataset = {
    meta: {
      file,
      sheet: sheet.name,
      layout: map.layout,
      procedure,
      maximaSource: source,
      ...(scaleSource ? { scaleSource } : {}),
      taskHeaders: kept.map((t) => map.tasks[t].header),
      rows: n,
      municipalities: raw.municipalities,
      schools: raw.schools,
      classes: classes.list,
      warnings,
      fileHash: await hash,
    },
    pupils: {
      n,
      sourceRow: raw.sourceRow.slice(0, n),
      code: raw.code,
      school: raw.school.slice(0, n),
      classIdx: classes.idx,
      absent: raw.absent.slice(0, n),
      variant: raw.variant.slice(0, n),
      journal: raw.journal.slice(0, n),
      sex: raw.sex.slice(0, n),
      scores,
      codes,
    },
  };
  opts.onProgress?.(1, 'Готово');
  return dataset;
}

function resolveProcedure(opts: ImportOptions, raw: RawPupils, fromSheets: ProcedureGuess): ProcedureSpec {
  const given = opts.procedure ?? {};
  const spec = opts.spec;
  const named = guessFromFileName(opts.fileName);
  return {
    kind: given.kind || spec?.kind || named.kind || 'ВПР',
    subject: given.subject || spec?.subject || named.subject || fromSheets.subject || '',
    grade: given.grade || spec?.grade || named.grade || gradeFromCodes(raw.code) || fromSheets.grade || 0,
    year: given.year || spec?.year || named.year || raw.uploadYear || 0,
    tasks: [],
  };
}

/** Scores after the cell rules; above-max and stated-total warnings. */
function scoreTasks(
  raw: RawPupils,
  map: ColumnMap,
  kept: number[],
  tasks: TaskSpec[],
  place: { file: string; sheet: string },
): { scores: Uint8Array[]; codes: Uint8Array[] } {
  const n = raw.n;
  const invalidRow = new Uint8Array(n);
  const sum = new Uint32Array(n);
  const scores: Uint8Array[] = [];
  const codes: Uint8Array[] = [];
  kept.forEach((t, j) => {
    const cls = raw.cls[t];
    const val = raw.val[t];
    const max = tasks[j].max;
    const col = map.tasks[t];
    const score = new Uint8Array(n);
    const code = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = cls[i];
      if (c === CellCode.NUMBER) {
        const v = val[i];
        if (v <= max) {
          score[i] = v;
          sum[i] += v;
          continue;
        }
        code[i] = CellCode.INVALID;
        invalidRow[i] = 1;
        raw.warnings.push({
          w: {
            kind: 'above-max',
            ...place,
            row: raw.sourceRow[i],
            column: col.header,
            message: `Задание ${tasks[j].id}: балл ${v} больше максимального (${max}); засчитано 0.`,
          },
          col: col.col,
        });
      } else if (c >= RAW_NEGATIVE) {
        code[i] = CellCode.INVALID;
        invalidRow[i] = 1;
      } else code[i] = c;
    }
    scores.push(score);
    codes.push(code);
  });
  if (map.total !== undefined) {
    const totalCol = map.total;
    for (let i = 0; i < n; i++) {
      const stated = raw.stated[i];
      if (raw.absent[i] || invalidRow[i] || Number.isNaN(stated) || stated === sum[i]) continue;
      raw.warnings.push({
        w: {
          kind: 'total-mismatch',
          ...place,
          row: raw.sourceRow[i],
          column: map.headers[totalCol],
          message: `Итог в файле — ${stated}, а сумма баллов за задания — ${sum[i]}; используется сумма.`,
        },
        col: totalCol,
      });
    }
  }
  return { scores, codes };
}

/** Class labels need the grade (`а` → `5А`), so they are resolved after the rows are read. */
function resolveClasses(raw: RawPupils, grade: number): { list: ClassInfo[]; idx: Int32Array } {
  const list: ClassInfo[] = [];
  const byId = new Map<string, number>();
  const final = raw.rawClasses.map(({ school, raw: text }) => {
    const label = classLabel(text, grade);
    if (label === null) return -1;
    const id = classId(raw.schools[school].login, label);
    let k = byId.get(id);
    if (k === undefined) {
      k = list.length;
      byId.set(id, k);
      list.push({ id, school, label });
    }
    return k;
  });
  const idx = new Int32Array(raw.n);
  for (let i = 0; i < raw.n; i++) idx[i] = raw.rawClass[i] >= 0 ? final[raw.rawClass[i]] : -1;
  return { list, idx };
}
