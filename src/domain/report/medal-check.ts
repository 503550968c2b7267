// A list of medalists checked against the ЕГЭ protocols of the same year: each medalist's ЕГЭ
// results are found by school and participant code (never by name), then the rule of приказ № 730
// (medals.ts, rule as data) says whether ЕГЭ confirms the medal.
import type { Dataset } from '../model';
import type { MedalistEntry } from '../import/medalists';
import {
  checkMedalist,
  summarizeMedals,
  MEDAL_RULE,
  type EgeResult,
  type MedalRule,
  type MedalSummary,
} from './medals';

export interface MedalistChecked extends MedalistEntry {
  municipality?: string;
  confirmed: boolean;
  /** Russian words: what was missing ('' when confirmed). */
  reason: string;
  /** The ЕГЭ results found for the participant. */
  results: EgeResult[];
}

/** ЕГЭ results per «school\u0000code» from the ЕГЭ datasets of `year`. */
function egeResults(datasets: readonly Dataset[], year: number) {
  const out = new Map<string, { municipality?: string; results: EgeResult[] }>();
  for (const ds of datasets) {
    const p = ds.meta.procedure;
    if (p.kind !== 'ЕГЭ' || p.year !== year || !ds.pupils.official) continue;
    const { mark, test } = ds.pupils.official;
    for (let i = 0; i < ds.pupils.n; i++) {
      const code = ds.pupils.code[i];
      if (!code || ds.pupils.absent[i]) continue;
      const school = ds.meta.schools[ds.pupils.school[i]];
      const key = `${school.login}\u0000${code}`;
      let e = out.get(key);
      if (!e) out.set(key, (e = { municipality: school.municipalityId, results: [] }));
      e.results.push({
        subject: p.subject,
        test: test[i] >= 0 ? test[i] : null,
        mark: mark[i] > 0 ? mark[i] : null,
      });
    }
  }
  return out;
}

export function checkMedalists(
  list: readonly MedalistEntry[],
  datasets: readonly Dataset[],
  year: number,
  rule: MedalRule = MEDAL_RULE,
): { medalists: MedalistChecked[]; summary: MedalSummary[] } {
  const found = egeResults(datasets, year);
  const medalists = list.map((m): MedalistChecked => {
    const e = found.get(`${m.school}\u0000${m.code}`);
    if (!e)
      return {
        ...m,
        confirmed: false,
        reason: `нет результатов ЕГЭ ${year} участника ${m.code} в протоколах школы ${m.school}`,
        results: [],
      };
    const c = checkMedalist(m.degree, e.results, rule);
    return {
      ...m,
      municipality: e.municipality,
      confirmed: c.confirmed,
      reason: c.reason,
      results: e.results,
    };
  });
  const summary = summarizeMedals(
    medalists.map((m) => ({
      year,
      school: m.school,
      municipality: m.municipality,
      degree: m.degree,
      confirmed: m.confirmed,
    })),
  );
  return { medalists, summary };
}
