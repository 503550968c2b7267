// «Результаты, далёкие от обычной картины» (src/domain/objectivity/far-results.ts) for the
// objectivity API: every stored work of one subject and year — olympiads, diagnostics and the
// other kinds alike — loaded and compared pupil by pupil. Small answer: the flagged pupils and
// classes (codes only, never names), the works and the schools' names.
import type { Dataset } from '../src/domain/model';
import { FAR_KINDS, farResults, type FarResults } from '../src/domain/objectivity/far-results';
import { InputError } from './outcome';

export interface FarWorkRef {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
}

export interface FarAnswer extends FarResults {
  subject: string;
  year: number;
  /** School login → name, for the schools in the lists. */
  schoolNames: Record<string, string>;
}

/** Subject × year pairs that have at least one olympiad or diagnostic work and one more work. */
export function farScopes(works: FarWorkRef[]): { subject: string; year: number }[] {
  const seen = new Map<string, { subject: string; year: number; far: boolean; n: number }>();
  for (const w of works) {
    const k = `${w.subject}\t${w.year}`;
    const e = seen.get(k) ?? { subject: w.subject, year: w.year, far: false, n: 0 };
    e.n++;
    e.far ||= (FAR_KINDS as readonly string[]).includes(w.kind);
    seen.set(k, e);
  }
  return [...seen.values()]
    .filter((e) => e.far && e.n >= 2)
    .map(({ subject, year }) => ({ subject, year }))
    .sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || b.year - a.year);
}

export async function farAnswer(
  deps: { listProcedures(): Promise<FarWorkRef[]>; loadDataset(key: string): Promise<Dataset> },
  subject: string,
  year: number,
): Promise<FarAnswer> {
  const works = (await deps.listProcedures()).filter((w) => w.subject === subject && w.year === year);
  if (works.length < 2)
    throw new InputError(
      `Для сопоставления нужны хотя бы две работы по предмету «${subject}» за ${year} год.`,
    );
  const datasets: Dataset[] = [];
  for (const w of works) datasets.push(await deps.loadDataset(w.key));
  const r = farResults(datasets);
  const shown = new Set([...r.pupils.map((p) => p.school), ...r.classes.map((c) => c.school)]);
  const schoolNames: Record<string, string> = {};
  for (const ds of datasets)
    for (const s of ds.meta.schools) if (shown.has(s.login)) schoolNames[s.login] ??= s.name ?? s.login;
  return { ...r, subject, year, schoolNames };
}
