// Medalists confirmed (or not) by ЕГЭ, by the rule of the order on the medal «За особые успехи в
// учении» kept as editable data (src/domain/spec/medal-rule.json, with its source). Final school
// marks are the school's business: only the ЕГЭ part of the rule is checked here.
import rule from '../spec/medal-rule.json';

export interface MedalDegreeRule {
  title: string;
  /** Minimum test score in «Русский язык». */
  russian: number;
  /** Minimum test score in one other ЕГЭ subject. */
  other: number;
  /** «Математика (базовый уровень)» mark that replaces the other subject when only the two were taken; null: no such option. */
  baseMathMark: number | null;
  note: string;
}

export interface MedalRule {
  source: string;
  degrees: Record<'1' | '2', MedalDegreeRule>;
}

export const MEDAL_RULE: MedalRule = rule as MedalRule;

/** One ЕГЭ result of a medalist (test score, or the mark of базовая математика). */
export interface EgeResult {
  subject: string;
  test?: number | null;
  mark?: number | null;
}

export interface MedalCheck {
  confirmed: boolean;
  /** Russian words: what was missing. */
  reason: string;
}

const isRussian = (s: string) => /^русский язык$/i.test(s.trim());
const isBaseMath = (s: string) => /математика.*баз/i.test(s);

export function checkMedalist(
  degree: '1' | '2',
  results: EgeResult[],
  r: MedalRule = MEDAL_RULE,
): MedalCheck {
  const d = r.degrees[degree];
  const rus = results.find((x) => isRussian(x.subject));
  if (!rus || rus.test === null || rus.test === undefined)
    return { confirmed: false, reason: 'нет результата ЕГЭ по русскому языку' };
  if (rus.test < d.russian) return { confirmed: false, reason: `русский язык: ${rus.test} < ${d.russian}` };
  const others = results.filter((x) => !isRussian(x.subject));
  if (others.some((x) => !isBaseMath(x.subject) && (x.test ?? -1) >= d.other))
    return { confirmed: true, reason: '' };
  const base = others.find((x) => isBaseMath(x.subject));
  const onlyTwo = others.length === 1 && base !== undefined;
  if (d.baseMathMark !== null && onlyTwo && (base.mark ?? 0) >= d.baseMathMark)
    return { confirmed: true, reason: '' };
  return {
    confirmed: false,
    reason:
      d.baseMathMark !== null
        ? `нет ЕГЭ по другому предмету ≥ ${d.other} (или «${d.baseMathMark}» по базовой математике)`
        : `нет ЕГЭ по другому предмету ≥ ${d.other}`,
  };
}

export interface MedalistRow {
  year: number;
  school: string;
  municipality?: string;
  degree: '1' | '2';
  confirmed: boolean;
}

export interface MedalSummary {
  year: number;
  level: 'all' | 'municipality' | 'school';
  id: string;
  medalists: number;
  confirmed: number;
  notConfirmed: number;
  /** 100 · notConfirmed / medalists. */
  notConfirmedShare: number;
}

/** Medalists, confirmed, not confirmed and the share not confirmed, per year and unit. */
export function summarizeMedals(rows: MedalistRow[]): MedalSummary[] {
  const map = new Map<string, MedalSummary>();
  const add = (year: number, level: MedalSummary['level'], id: string, ok: boolean) => {
    const key = `${year}\u0000${level}\u0000${id}`;
    let s = map.get(key);
    if (!s)
      map.set(
        key,
        (s = { year, level, id, medalists: 0, confirmed: 0, notConfirmed: 0, notConfirmedShare: 0 }),
      );
    s.medalists++;
    if (ok) s.confirmed++;
    else s.notConfirmed++;
    s.notConfirmedShare = (100 * s.notConfirmed) / s.medalists;
  };
  for (const r of rows) {
    add(r.year, 'all', 'all', r.confirmed);
    if (r.municipality) add(r.year, 'municipality', r.municipality, r.confirmed);
    add(r.year, 'school', r.school, r.confirmed);
  }
  return [...map.values()];
}
