// Several files of one procedure (e.g. one file per school, or per municipality) → one Dataset,
// so that the report has one procedure with all their schools. Pure: no I/O.
import {
  ImportError,
  procedureId,
  type ClassInfo,
  type Dataset,
  type MarkScale,
  type PupilColumns,
} from '../model';

function sameScale(a: MarkScale, b: MarkScale): boolean {
  return a.length === b.length && a.every(([lo, hi], i) => lo === b[i][0] && hi === b[i][1]);
}

function scaleText(s: MarkScale): string {
  return s.map(([lo, hi]) => `${lo}–${hi}`).join(', ');
}

/** Checks that `other` is the same work as `first` (same tasks and maxima, no clashing scales). */
function checkCompatible(first: Dataset, other: Dataset): void {
  const a = first.meta.procedure;
  const b = other.meta.procedure;
  const fa = first.meta.file;
  const fb = other.meta.file;
  const list = (ds: Dataset) => ds.meta.procedure.tasks.map((t) => `${t.id} (${t.max}б)`).join(', ');
  if (a.tasks.length !== b.tasks.length)
    throw new ImportError(
      `Файлы «${fa}» и «${fb}» относятся к одной процедуре ${procedureId(a)}, но в них разное число заданий ` +
        `(${a.tasks.length} и ${b.tasks.length}): ${list(first)} — и — ${list(other)}. ` +
        `Объединить их нельзя: проверьте, что это одна и та же работа.`,
      fb,
    );
  a.tasks.forEach((t, k) => {
    const u = b.tasks[k];
    if (t.id !== u.id || t.max !== u.max)
      throw new ImportError(
        `Файлы «${fa}» и «${fb}» относятся к одной процедуре ${procedureId(a)}, но задание №${k + 1} в них ` +
          `разное: ${t.id} (макс. ${t.max}) и ${u.id} (макс. ${u.max}). Объединить их нельзя: проверьте, ` +
          `что это одна и та же работа.`,
        fb,
      );
  });
  if (a.scale && b.scale && !sameScale(a.scale, b.scale))
    throw new ImportError(
      `Файлы «${fa}» и «${fb}» относятся к одной процедуре ${procedureId(a)}, но шкалы перевода в отметки ` +
        `у них разные: ${scaleText(a.scale)} и ${scaleText(b.scale)}.`,
      fb,
    );
}

function concatTyped<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
  make: new (n: number) => T,
  parts: T[],
): T {
  const out = new make(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One Dataset from several of the same procedure (checked by the caller). */
function mergeGroup(group: Dataset[]): Dataset {
  const first = group[0];
  for (const ds of group.slice(1)) checkCompatible(first, ds);

  const schools: Dataset['meta']['schools'] = [];
  const schoolFile = new Map<string, string>();
  const municipalities: Dataset['meta']['municipalities'] = [];
  const knownMunicipality = new Set<string>();
  const classes: ClassInfo[] = [];
  const schoolParts: Uint32Array[] = [];
  const classParts: Int32Array[] = [];

  for (const ds of group) {
    const { meta, pupils } = ds;
    const schoolMap = new Uint32Array(meta.schools.length);
    meta.schools.forEach((s, k) => {
      const other = schoolFile.get(s.login);
      if (other !== undefined)
        throw new ImportError(
          `Школа ${s.login}${s.name ? ` («${s.name}»)` : ''} есть и в файле «${other}», и в файле «${meta.file}» ` +
            `(процедура ${procedureId(meta.procedure)}). Один и тот же файл или одну школу дважды объединять нельзя: ` +
            `оставьте один из файлов.`,
          meta.file,
        );
      schoolFile.set(s.login, meta.file);
      schoolMap[k] = schools.length;
      schools.push({ ...s });
    });
    for (const m of meta.municipalities)
      if (!knownMunicipality.has(m.id)) {
        knownMunicipality.add(m.id);
        municipalities.push({ ...m });
      }
    const classMap = new Int32Array(meta.classes.length);
    meta.classes.forEach((c, k) => {
      classMap[k] = classes.length;
      classes.push({ ...c, school: schoolMap[c.school] });
    });
    const school = new Uint32Array(pupils.n);
    const classIdx = new Int32Array(pupils.n);
    for (let i = 0; i < pupils.n; i++) {
      school[i] = schoolMap[pupils.school[i]];
      const c = pupils.classIdx[i];
      classIdx[i] = c >= 0 ? classMap[c] : -1;
    }
    schoolParts.push(school);
    classParts.push(classIdx);
  }

  const T = first.meta.procedure.tasks.length;
  const all = group.map((ds) => ds.pupils);
  /** One column of every dataset, in the group's order. */
  const each = <C>(column: (p: PupilColumns) => C): C[] => all.map(column);
  const scale = group.find((ds) => ds.meta.procedure.scale)?.meta.procedure.scale ?? null;
  const files = [...new Set(group.map((ds) => ds.meta.file))];
  const sheets = [...new Set(group.map((ds) => ds.meta.sheet))];
  return {
    meta: {
      file: files.join(', '),
      sheet: sheets.join(', '),
      layout: first.meta.layout,
      procedure: { ...first.meta.procedure, tasks: first.meta.procedure.tasks.map((t) => ({ ...t })), scale },
      maximaSource: first.meta.maximaSource,
      taskHeaders: [...first.meta.taskHeaders],
      rows: group.reduce((s, ds) => s + ds.meta.rows, 0),
      municipalities,
      schools,
      classes,
      warnings: group.flatMap((ds) => ds.meta.warnings),
    },
    pupils: {
      n: all.reduce((s, p) => s + p.n, 0),
      sourceRow: concatTyped(
        Uint32Array,
        each((p) => p.sourceRow),
      ),
      code: all.flatMap((p) => p.code),
      school: concatTyped(Uint32Array, schoolParts),
      classIdx: concatTyped(Int32Array, classParts),
      absent: concatTyped(
        Uint8Array,
        each((p) => p.absent),
      ),
      variant: concatTyped(
        Uint16Array,
        each((p) => p.variant),
      ),
      journal: concatTyped(
        Uint8Array,
        each((p) => p.journal),
      ),
      sex: concatTyped(
        Uint8Array,
        each((p) => p.sex),
      ),
      scores: Array.from({ length: T }, (_, t) =>
        concatTyped(
          Uint8Array,
          each((p) => p.scores[t]),
        ),
      ),
      codes: Array.from({ length: T }, (_, t) =>
        concatTyped(
          Uint8Array,
          each((p) => p.codes[t]),
        ),
      ),
    },
  };
}

/**
 * Groups datasets by procedure (`ВПР-2021-Математика-5`), in the order each procedure first
 * appears, and merges each group into one dataset: schools, classes and municipalities are
 * re-indexed, pupil columns concatenated, warnings kept in file order. A procedure given once is
 * returned as is. Throws an ImportError (Russian, naming both files) when two files of one
 * procedure have different tasks or maxima, clashing scales, or share a school.
 */
export function mergeDatasets(datasets: Dataset[]): Dataset[] {
  const groups = new Map<string, Dataset[]>();
  for (const ds of datasets) {
    const id = procedureId(ds.meta.procedure);
    const g = groups.get(id);
    if (g) g.push(ds);
    else groups.set(id, [ds]);
  }
  return [...groups.values()].map((g) => (g.length === 1 ? g[0] : mergeGroup(g)));
}
