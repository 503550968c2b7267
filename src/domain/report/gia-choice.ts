// Choice of subjects at ГИА over years: per year and kind, for the whole input, each municipality
// and each school, how many graduates took each subject and what share of the graduates that is.
// Graduates = participants of the «Русский язык» exam of that kind and year (it is compulsory for
// everyone); without it the share is null.
import type { Dataset } from '../model.ts';
import { isGiaProcedure } from './gia-figures.ts';

export interface SubjectChoice {
  subject: string;
  /** Participants who wrote the exam (absent excluded). */
  n: number;
  /** 100 · n / graduates; null without the Russian language exam. */
  share: number | null;
}

export interface ChoiceUnit {
  kind: string;
  year: number;
  level: 'all' | 'municipality' | 'school';
  id: string;
  graduates: number | null;
  subjects: SubjectChoice[];
}

const RUSSIAN = /^русский язык$/i;

export function subjectChoice(datasets: readonly Dataset[]): ChoiceUnit[] {
  const units = new Map<string, { unit: ChoiceUnit; counts: Map<string, number> }>();
  const at = (kind: string, year: number, level: ChoiceUnit['level'], id: string) => {
    const key = `${kind}\u0000${year}\u0000${level}\u0000${id}`;
    let u = units.get(key);
    if (!u)
      units.set(
        key,
        (u = { unit: { kind, year, level, id, graduates: null, subjects: [] }, counts: new Map() }),
      );
    return u;
  };
  for (const ds of datasets) {
    const p = ds.meta.procedure;
    if (!isGiaProcedure(p)) continue;
    const { n, absent, school } = ds.pupils;
    const bySchool = new Uint32Array(ds.meta.schools.length);
    for (let i = 0; i < n; i++) if (!absent[i]) bySchool[school[i]]++;
    const add = (level: ChoiceUnit['level'], id: string, count: number) => {
      const u = at(p.kind, p.year, level, id);
      u.counts.set(p.subject, (u.counts.get(p.subject) ?? 0) + count);
    };
    ds.meta.schools.forEach((s, k) => {
      if (bySchool[k] === 0) return;
      add('all', 'all', bySchool[k]);
      if (s.municipalityId) add('municipality', s.municipalityId, bySchool[k]);
      add('school', s.login, bySchool[k]);
    });
  }
  const out: ChoiceUnit[] = [];
  for (const { unit, counts } of units.values()) {
    const russian = [...counts].find(([s]) => RUSSIAN.test(s.trim()));
    unit.graduates = russian ? russian[1] : null;
    unit.subjects = [...counts]
      .map(([subject, c]) => ({
        subject,
        n: c,
        share: unit.graduates ? (100 * c) / unit.graduates : null,
      }))
      .sort((a, b) => b.n - a.n || a.subject.localeCompare(b.subject, 'ru'));
    out.push(unit);
  }
  const order = { all: 0, municipality: 1, school: 2 };
  return out.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind, 'ru') ||
      a.year - b.year ||
      order[a.level] - order[b.level] ||
      a.id.localeCompare(b.id, 'ru'),
  );
}
