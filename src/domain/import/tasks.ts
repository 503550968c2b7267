// Which columns are tasks, and their ids and maxima: from the header, a spec, the catalogue,
// or (numbered layouts only) the data.
import { ImportError, type DatasetMeta, type ProcedureSpec, type TaskSpec } from '../model';
import type { CatalogueEntry } from '../spec/catalogue';
import type { ColumnMap } from './layouts';
import { OBSERVED_MIN_PUPIL_SHARE, OBSERVED_MIN_SCHOOL_SHARE, observedMax } from './maxima';
import { CellCode } from '../model';
import type { PlacedWarning, RawPupils } from './read-pupils';

export interface ResolvedTasks {
  /** Indices into ColumnMap.tasks / RawPupils.cls of the columns kept, in task order. */
  kept: number[];
  tasks: TaskSpec[];
  source: DatasetMeta['maximaSource'];
}

interface Place {
  file: string;
  sheet: string;
}

/** Level, skill and codes of `from`, maxima and ids of `base`. */
function withMetadata(base: TaskSpec, from: TaskSpec | undefined): TaskSpec {
  if (!from) return base;
  const t: TaskSpec = { ...base };
  if (from.level) t.level = from.level;
  if (from.skill) t.skill = from.skill;
  if (from.kes) t.kes = from.kes;
  if (from.kt) t.kt = from.kt;
  return t;
}

export function resolveTasks(
  map: ColumnMap,
  raw: RawPupils,
  spec: ProcedureSpec | undefined,
  catalogueMatches: CatalogueEntry[],
  place: Place,
  warnings: PlacedWarning[],
): ResolvedTasks {
  const fromHeader = map.tasks.every((t) => t.max !== undefined);
  const headerRow = map.headerRow + 1;
  const kept = fromHeader ? map.tasks.map((_, t) => t) : filledColumns(map, raw, place, warnings);
  if (kept.length === 0)
    throw new ImportError(
      `${place.file}, лист «${place.sheet}»: все столбцы с баллами за задания пусты — нечего анализировать.`,
      place.file,
      place.sheet,
      headerRow,
    );

  if (spec && spec.tasks.length !== kept.length) {
    const what = fromHeader ? 'столбцов заданий' : 'непустых столбцов с баллами за задания';
    throw new ImportError(
      `${place.file}, лист «${place.sheet}», строка заголовка ${headerRow}: в файле ${kept.length} ${what} ` +
        `(${map.tasks[kept[0]].header} … ${map.tasks[kept[kept.length - 1]].header}), а в спецификации ` +
        `${spec.subject} ${spec.grade} класс ${spec.year} — ${spec.tasks.length} заданий. Выберите спецификацию этой работы.`,
      place.file,
      place.sheet,
      headerRow,
    );
  }
  const catalogueTasks = catalogueMatches.find((e) => e.tasks?.length === kept.length)?.tasks;

  if (fromHeader) {
    const reference = spec?.tasks ?? catalogueTasks;
    const tasks = kept.map((t, j) => {
      const col = map.tasks[t];
      const base: TaskSpec = { id: col.id, max: col.max! };
      const ref = reference?.[j];
      if (spec && ref && (ref.id !== base.id || ref.max !== base.max))
        warnings.push({
          w: {
            kind: 'other',
            ...place,
            row: headerRow,
            column: col.header,
            message: `В спецификации задание №${j + 1} — ${ref.id} (макс. ${ref.max}), в заголовке — ${base.id} (макс. ${base.max}); использован заголовок.`,
          },
          col: col.col,
        });
      // Catalogue metadata only when it clearly is the same task list.
      return withMetadata(base, spec || ref?.id === base.id ? ref : undefined);
    });
    return { kept, tasks, source: 'header' };
  }
  const listed = spec?.tasks ?? catalogueTasks;
  if (listed) return { kept, tasks: listed.map((t) => ({ ...t })), source: 'spec' };
  const tasks = kept.map((t) => ({
    id: map.tasks[t].id,
    max: observedMax(raw.cls[t], raw.val[t], raw.n, raw.absent, raw.school, raw.schools.length),
  }));
  return { kept, tasks, source: 'observed' };
}

/**
 * Numbered layouts carry spare columns (`a-17-grade` … `a-40-grade`). A column is a task column
 * when it is filled in enough rows and schools, by the rule of the observed maxima: in the real
 * 2020 export one school's 24 rows are shifted into `a-17-grade` … `a-20-grade` (class, sex,
 * mark); such a column is dropped with a warning instead of becoming a task.
 */
function filledColumns(map: ColumnMap, raw: RawPupils, place: Place, warnings: PlacedWarning[]): number[] {
  const kept: number[] = [];
  map.tasks.forEach((col, t) => {
    if (!raw.nonEmpty[t]) return;
    const cls = raw.cls[t];
    const inSchool = new Uint8Array(raw.schools.length);
    let rows = 0;
    let firstRow = 0;
    for (let i = 0; i < raw.n; i++)
      if (cls[i] !== CellCode.EMPTY) {
        if (!rows) firstRow = raw.sourceRow[i];
        rows++;
        inSchool[raw.school[i]] = 1;
      }
    let schools = 0;
    for (const x of inSchool) schools += x;
    if (
      rows >= OBSERVED_MIN_PUPIL_SHARE * raw.n &&
      schools >= OBSERVED_MIN_SCHOOL_SHARE * raw.schools.length
    ) {
      kept.push(t);
      return;
    }
    warnings.push({
      w: {
        kind: 'other',
        ...place,
        row: firstRow,
        column: col.header,
        message:
          `Столбец «${col.header}» заполнен лишь в ${rows} строках (школ: ${schools}) из ${raw.n} — ` +
          `это не столбец задания (похоже на сдвиг данных); его значения не учтены.`,
      },
      col: col.col,
    });
  });
  // The cell warnings of a dropped column would name a task that does not exist.
  const dropped = new Set(map.tasks.filter((_, t) => !kept.includes(t)).map((c) => c.col));
  const cellKinds = new Set(['negative', 'fractional', 'not-a-number']);
  const keep = warnings.filter((p) => !(dropped.has(p.col) && cellKinds.has(p.w.kind)));
  // Not splice(…, ...keep): a million warnings as call arguments overflow the stack.
  warnings.length = 0;
  for (const w of keep) warnings.push(w);
  return kept;
}
