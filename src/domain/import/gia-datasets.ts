// ГИА exam blocks → one Dataset per procedure (kind, subject, year): reserve days of a subject and
// blocks of several files are one procedure. Tasks come from the masks (or a matching spec); the
// protocol's «Первичный балл», «Оценка» and «Тестовый балл» are the official results.
import {
  CellCode,
  ImportError,
  type ClassInfo,
  type Dataset,
  type ImportWarning,
  type MunicipalityInfo,
  type ProcedureSpec,
  type SchoolInfo,
  type TaskSpec,
} from '../model';
import { GIA_CATALOGUE, findGiaEntry } from '../spec/gia-catalogue';
import { classId, classLabel } from './class-label';
import { inferShortMaxima, parseLongMask, parseShortMask, type MaskCell } from './gia-masks';
import type { ExamBlock, GiaRow } from './gia-read';
import { guessFromFileName } from './procedure-info';

export interface GiaDatasetOptions {
  /** Specs matched by kind, subject and year (a spec's fields win over the protocol's guesses). */
  specs?: readonly ProcedureSpec[];
  /** CLI flags / the user's answers; used for blocks whose exam line is missing. */
  procedure?: Partial<Pick<ProcedureSpec, 'kind' | 'subject' | 'grade' | 'year'>>;
}

/** Subjects compare without case, punctuation and ё: «Математика (профильный уровень)». */
export const subjectKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const sameKind = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

export function matchGiaSpec(
  p: { kind: string; subject: string; year: number },
  specs: readonly ProcedureSpec[],
): ProcedureSpec | undefined {
  return specs.find(
    (s) => sameKind(s.kind, p.kind) && subjectKey(s.subject) === subjectKey(p.subject) && s.year === p.year,
  );
}

interface ParsedRow {
  src: GiaRow;
  block: ExamBlock;
  short: MaskCell[];
  long: MaskCell[];
  badLong: boolean;
}

function mode(values: number[]): number {
  const count = new Map<number, number>();
  for (const v of values) count.set(v, (count.get(v) ?? 0) + 1);
  let best = 0;
  let n = -1;
  for (const [v, c] of count) if (c > n || (c === n && v > best)) [best, n] = [v, c];
  return best;
}

/** Grade of a ГВЭ (9 or 11) from the class cells; ОГЭ 9, ЕГЭ 11. */
function gradeOf(kind: string, rows: ParsedRow[]): number {
  if (kind === 'ОГЭ') return 9;
  if (kind === 'ЕГЭ') return 11;
  const grades = rows
    .map((r) => Number(/^(\d{1,2})/.exec(r.src.cls)?.[1] ?? 0))
    .filter((g) => g === 9 || g === 11);
  return grades.length ? mode(grades) : 9;
}

export function giaDatasets(blocks: ExamBlock[], opts: GiaDatasetOptions = {}): Dataset[] {
  const given = opts.procedure ?? {};
  const groups = new Map<string, ExamBlock[]>();
  for (const b of blocks) {
    const named = guessFromFileName(b.file);
    b.kind = given.kind || b.kind;
    b.subject = b.subject || given.subject || named.subject || '';
    b.year = b.year || given.year || named.year || 0;
    // The kind from the columns is a guess (ЕГЭ базового уровня has marks, like ОГЭ): a spec of the
    // same subject and year names it.
    if (!given.kind && !matchGiaSpec(b, opts.specs ?? [])) {
      const other = (opts.specs ?? []).find(
        (s) =>
          subjectKey(s.subject) === subjectKey(b.subject) &&
          s.year === b.year &&
          /^(ОГЭ|ЕГЭ|ГВЭ)$/i.test(s.kind),
      );
      if (other) b.kind = other.kind.toUpperCase();
    }
    const key = `${b.kind}\u0000${subjectKey(b.subject)}\u0000${b.year}`;
    const g = groups.get(key);
    if (g) g.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()].map((g) => buildDataset(g, opts));
}

function buildDataset(group: ExamBlock[], opts: GiaDatasetOptions): Dataset {
  const first = group[0];
  const files = [...new Set(group.map((b) => b.file))].join(', ');
  const sheets = [...new Set(group.map((b) => b.sheet))].join(', ');
  const warnings: (ImportWarning & { col: number })[] = [];
  const warn = (b: ExamBlock, row: number, field: 'short' | 'long' | 'primary', message: string) =>
    warnings.push({
      kind: field === 'primary' ? 'total-mismatch' : 'not-a-number',
      file: b.file,
      sheet: b.sheet,
      row,
      column: b.headers[field] ?? field,
      message,
      col: field === 'short' ? 0 : field === 'long' ? 1 : 2,
    });

  const rows: ParsedRow[] = group.flatMap((block) =>
    block.rows.map((src) => {
      const long = src.long ? parseLongMask(src.long) : [];
      return { src, block, short: parseShortMask(src.short), long: long ?? [], badLong: long === null };
    }),
  );
  const spec = matchGiaSpec(first, opts.specs ?? []);
  const kind = first.kind;
  const subject = spec?.subject ?? first.subject;
  const year = first.year;
  const grade = opts.procedure?.grade || spec?.grade || gradeOf(kind, rows);
  const catalogue = findGiaEntry({ kind, subject, year }, GIA_CATALOGUE);

  // The width of each part: the longest mask (a shorter one is a damaged row, warned below).
  // Loops, not Math.max(...rows): a region has 30 000+ rows (too many call arguments).
  let n1 = 0;
  let n2 = 0;
  let maxPrimary = 0;
  for (const r of rows) {
    n1 = Math.max(n1, r.short.length);
    n2 = Math.max(n2, r.long.length);
    if (Number.isFinite(r.src.primary)) maxPrimary = Math.max(maxPrimary, r.src.primary);
  }
  let tasks: TaskSpec[];
  let maximaSource: Dataset['meta']['maximaSource'];
  const noMasks = n1 + n2 === 0;
  if (noMasks) {
    // Appeal results carry no masks: no task figures, only the official scores.
    tasks = [];
    maximaSource = spec?.tasks.length ? 'spec' : 'observed';
  } else if (spec && spec.tasks.length > 0) {
    const specN1 = spec.tasks.some((t) => t.part) ? spec.tasks.filter((t) => t.part !== 2).length : n1;
    if (spec.tasks.length !== n1 + n2 || specN1 !== n1)
      throw new ImportError(
        `${files}, лист «${first.sheet}»: в спецификации ${spec.kind} «${spec.subject}» ${spec.year} ` +
          `${spec.tasks.length} заданий (часть 1 — ${specN1}), а в протоколе маски дают ${n1 + n2} ` +
          `(«${first.headers.short ?? 'Задания с кратким ответом'}» — ${n1}, ` +
          `«${first.headers.long ?? 'Задания с развёрнутым ответом'}» — ${n2}). Проверьте, что спецификация от этого экзамена.`,
        first.file,
        first.sheet,
      );
    tasks = spec.tasks.map((t, k) => ({ ...t, part: t.part ?? (k < n1 ? 1 : 2) }));
    maximaSource = 'spec';
  } else {
    const rest = (r: ParsedRow) => r.long.reduce((s, c) => s + (c.kind === 'score' ? c.score : 0), 0);
    const shortMax = inferShortMaxima(
      rows.map((r) => ({ short: r.short, rest: rest(r), primary: r.src.primary })),
      n1,
    );
    const longMax = Array.from({ length: n2 }, (_, k) =>
      mode(rows.flatMap((r) => (r.long[k]?.kind === 'score' && r.long[k].max ? [r.long[k].max!] : []))),
    );
    tasks = [
      ...shortMax.map((max, k): TaskSpec => ({ id: String(k + 1), max, part: 1 })),
      ...longMax.map((max, k): TaskSpec => ({ id: String(n1 + k + 1), max: Math.max(1, max), part: 2 })),
    ];
    maximaSource = 'observed';
  }
  const maxScore = noMasks
    ? spec?.tasks.length
      ? spec.tasks.reduce((s, t) => s + t.max, 0)
      : (catalogue?.maxScore ?? maxPrimary)
    : tasks.reduce((s, t) => s + t.max, 0);

  const n = rows.length;
  const T = tasks.length;
  const scores = tasks.map(() => new Uint8Array(n));
  const codes = tasks.map(() => new Uint8Array(n));
  const sourceRow = new Uint32Array(n);
  const school = new Uint32Array(n);
  const rawClass: string[] = new Array(n);
  const absent = new Uint8Array(n);
  const variant = new Uint16Array(n);
  const primary = new Uint16Array(n);
  const mark = new Uint8Array(n);
  const test = new Int16Array(n).fill(-1);
  const schools: SchoolInfo[] = [];
  const schoolIdx = new Map<string, number>();
  const municipalities: MunicipalityInfo[] = [];
  const msuSeen = new Set<string>();
  const testScale = spec?.testScale ?? catalogue?.testScale ?? null;

  rows.forEach((r, i) => {
    const { src, block } = r;
    sourceRow[i] = src.row;
    let s = schoolIdx.get(src.school);
    if (s === undefined) {
      s = schools.length;
      schoolIdx.set(src.school, s);
      const info: SchoolInfo = { login: src.school };
      if (src.msu) {
        info.municipalityId = src.msu;
        if (!msuSeen.has(src.msu)) {
          msuSeen.add(src.msu);
          municipalities.push({ id: src.msu, name: `МСУ ${src.msu}` });
        }
      }
      schools.push(info);
    }
    school[i] = s;
    rawClass[i] = src.cls;
    variant[i] = Number.isInteger(src.variant) && src.variant > 0 && src.variant < 65536 ? src.variant : 0;
    if (!src.short && !src.long && Number.isNaN(src.primary)) {
      absent[i] = 1;
      for (let t = 0; t < T; t++) codes[t][i] = CellCode.EMPTY;
      return;
    }
    if (r.badLong)
      warn(
        block,
        src.row,
        'long',
        `Маска «${src.long.slice(0, 60)}» не читается как баллы вида 2(3); задания части 2 — 0.`,
      );
    if ((src.short && r.short.length !== n1) || (src.long && !r.badLong && r.long.length !== n2))
      warn(
        block,
        src.row,
        r.short.length !== n1 ? 'short' : 'long',
        `Маска короче или длиннее остальных (${r.short.length} и ${r.long.length} заданий вместо ${n1} и ${n2}); недостающие задания — 0.`,
      );
    let sum = 0;
    for (let t = 0; t < T; t++) {
      const c = t < n1 ? r.short[t] : r.long[t - n1];
      const max = tasks[t].max;
      if (!c) {
        codes[t][i] = CellCode.EMPTY;
        continue;
      }
      if (c.kind === 'bad') {
        codes[t][i] = CellCode.INVALID;
        warn(
          block,
          src.row,
          'short',
          `Задание ${tasks[t].id}: знак «${c.text}» в маске не понятен (ожидались +, - или цифра); засчитано 0.`,
        );
        continue;
      }
      const v = c.kind === 'plus' ? max : c.score;
      if (v > max) {
        codes[t][i] = CellCode.INVALID;
        warn(
          block,
          src.row,
          t < n1 ? 'short' : 'long',
          `Задание ${tasks[t].id}: балл ${v} больше максимального (${max}); засчитано 0.`,
        );
        continue;
      }
      scores[t][i] = v;
      codes[t][i] = c.kind === 'score' && v === 0 ? CellCode.DASH : CellCode.NUMBER;
      sum += v;
    }
    let p = Number.isFinite(src.primary) && src.primary >= 0 ? Math.round(src.primary) : sum;
    if (Number.isFinite(src.primary) && src.primary !== sum)
      warn(
        block,
        src.row,
        'primary',
        `Первичный балл в протоколе — ${src.primary}, а сумма по маскам — ${sum}; в расчёт взят первичный балл протокола.`,
      );
    if (p > maxScore) {
      warn(
        block,
        src.row,
        'primary',
        `Первичный балл ${p} больше максимального (${maxScore}); взят максимальный.`,
      );
      p = maxScore;
    }
    primary[i] = p;
    mark[i] = Number.isInteger(src.mark) && src.mark >= 2 && src.mark <= 5 ? src.mark : 0;
    if (Number.isFinite(src.test) && src.test >= 0 && src.test <= 100) test[i] = Math.round(src.test);
    else if (!block.headers.test && testScale && p < testScale.length) test[i] = testScale[p];
  });

  const classes: ClassInfo[] = [];
  const classById = new Map<string, number>();
  const classIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = classLabel(rawClass[i], grade);
    if (label === null) {
      classIdx[i] = -1;
      continue;
    }
    const id = classId(schools[school[i]].login, label);
    let k = classById.get(id);
    if (k === undefined) {
      k = classes.length;
      classById.set(id, k);
      classes.push({ id, school: school[i], label });
    }
    classIdx[i] = k;
  }

  const procedure: ProcedureSpec = {
    kind,
    subject,
    grade,
    year,
    tasks,
    scale: spec?.scale ?? (catalogue?.scale && catalogue.maxScore === maxScore ? catalogue.scale : null),
    testScale,
    minimum: spec?.minimum ?? catalogue?.minimum ?? null,
    ...(noMasks ? { maxScore } : {}),
  };
  // A minimum the catalogue holds without a checked source is used, but the user is told so.
  if (!spec?.minimum && catalogue?.minimum && catalogue.unsourced)
    warnings.push({
      kind: 'scale',
      file: first.file,
      sheet: first.sheet,
      row: 0,
      column: 'минимальный балл',
      message:
        `Минимальный балл ${kind} «${subject}» ${year} (${catalogue.minimum}) взят из каталога приложения и не сверен ` +
        'с текстом документа Рособрнадзора: проверьте его или задайте «minimum» в спецификации.',
      col: -1,
    });
  warnings.sort((a, b) => a.row - b.row || a.col - b.col);
  return {
    meta: {
      file: files,
      sheet: sheets,
      layout: first.layout,
      procedure,
      maximaSource,
      taskHeaders: tasks.map((t) => `${t.id} (часть ${t.part})`),
      rows: n,
      municipalities,
      schools,
      classes,
      warnings: warnings.map(({ col: _col, ...w }) => w),
    },
    pupils: {
      n,
      sourceRow,
      code: rows.map((r) => r.src.code),
      school,
      classIdx,
      absent,
      variant,
      journal: new Uint8Array(n),
      sex: new Uint8Array(n),
      scores,
      codes,
      official: { primary, mark, test },
    },
  };
}
