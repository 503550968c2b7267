// Which catalogue scale fits a file: same kind, subject and grade; the entry of the file's year
// when it agrees with the file's task count and maximum; otherwise the nearest year whose entry
// has the same task count and maximum (with a warning). Another task list is another work, so an
// entry that disagrees is never used.
import type { MarkScale, ProcedureSpec } from '../model';
import { findWorkEntries, type CatalogueEntry } from './catalogue';

export interface FileShape {
  taskCount: number;
  maxScore: number;
  /** Text naming the file (its name): «по образцу 8 класса» there picks that variant of the work. */
  name?: string;
}

const ADVANCED = /углубл/i;

const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();

/** The file names this variant (`…, 7 класс (по образцу 8 класса). ВПР 2022.xlsx`). */
const named = (e: CatalogueEntry, f: FileShape) =>
  !!e.profile && !!f.name && ` ${squash(f.name)} `.includes(` ${squash(e.profile)} `);

export interface CatalogueMatch {
  entry: CatalogueEntry;
  scale: MarkScale;
  /** false: the entry is of another year (the nearest one that agrees). */
  sameYear: boolean;
  /** What the user should know about this choice (another year, a maximum taken from the file…). */
  warnings: string[];
}

type ProcedureKey = Pick<ProcedureSpec, 'kind' | 'subject' | 'grade' | 'year'>;

/** The entry's scale for a file of this maximum; null when it cannot be one (cut-offs above it). */
export function entryScale(e: CatalogueEntry, maxScore: number): MarkScale | null {
  if (e.scale) return e.scale;
  if (!e.from) return null;
  const [f3, f4, f5] = e.from;
  if (!(0 < f3 && f3 < f4 && f4 < f5 && f5 <= maxScore)) return null;
  return [
    [0, f3 - 1],
    [f3, f4 - 1],
    [f4, f5 - 1],
    [f5, maxScore],
  ];
}

function taskCountOf(e: CatalogueEntry): number | undefined {
  return e.tasks?.length ?? e.taskCount;
}

/** The entry agrees with the file: same maximum and task count where the entry knows them. */
function agrees(e: CatalogueEntry, f: FileShape): boolean {
  if (e.maxScore !== null && e.maxScore !== f.maxScore) return false;
  const n = taskCountOf(e);
  return n === undefined || n === f.taskCount;
}

/** Agrees and knows both numbers: the only kind of entry that may stand in for another year. */
function provenSame(e: CatalogueEntry, f: FileShape): boolean {
  return e.maxScore === f.maxScore && taskCountOf(e) === f.taskCount;
}

const work = (p: ProcedureKey) => `${p.kind} «${p.subject}», ${p.grade} класс`;

export function matchCatalogue(
  p: ProcedureKey,
  f: FileShape,
  catalogue: readonly CatalogueEntry[],
): CatalogueMatch | null {
  if (!p.subject || !p.grade) return null;
  // The advanced work (`…физике (с углублённым изучением предмета)…`) has its own tasks and scale:
  // only an entry of that variant may serve it, never the basic one.
  const advanced = !!f.name && ADVANCED.test(f.name);
  const entries = findWorkEntries(p, catalogue).filter((e) => !advanced || ADVANCED.test(e.profile ?? ''));
  const usable = (e: CatalogueEntry) => entryScale(e, f.maxScore) !== null;

  // The file's year: entries that agree; the basic work before its variants.
  const sameYear = entries
    .filter((e) => e.year === p.year && agrees(e, f) && usable(e))
    .sort((a, b) => Number(named(b, f)) - Number(named(a, f)) || Number(!!a.profile) - Number(!!b.profile));
  if (sameYear.length > 0) {
    const entry = sameYear[0];
    const warnings: string[] = [];
    if (entry.maxScore === null)
      warnings.push(
        `Шкала из каталога (${work(p)}, ${p.year}): источник даёт только границы отметок «3», «4», «5» — ` +
          `от ${entry.from!.join(', ')} баллов; отметка «5» — до максимального балла файла (${f.maxScore}).`,
      );
    const others = sameYear.slice(1).filter((e) => e.profile);
    if (entry.profile)
      warnings.push(`Шкала из каталога для версии работы «${entry.profile}» — так назван файл.`);
    else if (others.length > 0)
      warnings.push(
        `В ${p.year} году была и другая версия работы (${others.map((e) => `«${e.profile}»`).join(', ')}) ` +
          'с другой шкалой; использована основная. Если писали другую версию, задайте шкалу вручную.',
      );
    return { entry, scale: entryScale(entry, f.maxScore)!, sameYear: true, warnings };
  }

  // The nearest other year with the same task count and maximum (later year on a tie).
  const other = entries
    .filter((e) => e.year !== p.year && provenSame(e, f) && usable(e))
    .sort((a, b) => Math.abs(a.year - p.year) - Math.abs(b.year - p.year) || b.year - a.year);
  if (other.length === 0) return null;
  const entry = other[0];
  const had = entries.some((e) => e.year === p.year);
  return {
    entry,
    scale: entryScale(entry, f.maxScore)!,
    sameYear: false,
    warnings: [
      `Шкала взята из каталога за ${entry.year} год: ` +
        (had
          ? `запись ${p.year} года не совпадает с файлом по числу заданий или максимальному баллу`
          : `для ${p.year} года записи нет`) +
        `, а в ${entry.year} году у работы столько же заданий (${f.taskCount}) и тот же максимальный балл ` +
        `(${f.maxScore}). Проверьте шкалу по рекомендациям ФИОКО ${p.year} года.`,
    ],
  };
}
