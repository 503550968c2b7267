// The one objectivity result every output reads: what the «Объективность» screen lists (schools at
// level red or amber, with the families and signals that flagged them) and the official
// Rosobrnadzor signs of the same works. The objectivity API builds it once per run; the справки
// and the municipal plan take it as it is, so that a school named on the screen is named in the
// documents and the other way round (issue #11, point 1). Plain data: it crosses the worker boundary.
import type { SignEntry } from '../report/types.ts';
import type { ObjectivityReport, RiskLevel, SignalFamily, SignalId } from './types.ts';

const FAMILY_ORDER: SignalFamily[] = ['distribution', 'external', 'pattern', 'context'];

export interface EvidenceSchool {
  /** School login. */
  id: string;
  level: Exclude<RiskLevel, 'none'>;
  riskScore: number;
  families: SignalFamily[];
  /** The flagged signals of the school: which one, in which work. */
  signals: { id: SignalId; family: SignalFamily; procedure: string }[];
}

export interface ObjectivityEvidence {
  kind: string;
  subject: string;
  /** The works (procedure ids) the result was computed on: every stored work of kind and subject. */
  procedures: string[];
  /** Schools at level red or amber — the screen's list. */
  flagged: EvidenceSchool[];
  /** The official signs of the same works (oko-report-v1 `signs`), flagged or not. */
  official: SignEntry[];
  /** Every school of the works (login). */
  schools: string[];
}

export function evidenceOf(
  report: Pick<ObjectivityReport, 'schools' | 'signals'>,
  official: SignEntry[],
  run: { kind: string; subject: string; procedures: string[] },
): ObjectivityEvidence {
  const flagged = report.schools
    .filter((s): s is typeof s & { level: 'red' | 'amber' } => s.level !== 'none')
    .map((s) => ({
      id: s.id,
      level: s.level,
      riskScore: s.riskScore,
      families: FAMILY_ORDER.filter((f) => s.families.includes(f)),
      signals: report.signals
        .filter((x) => x.school === s.id && x.flagged)
        .map((x) => ({ id: x.id, family: x.family, procedure: x.procedure })),
    }));
  return {
    ...run,
    flagged,
    official,
    schools: report.schools.map((s) => s.id),
  };
}

/** Logins of the schools at level red or amber, among `among` when given (sorted). */
export function flaggedSchoolIds(e: ObjectivityEvidence, among?: ReadonlySet<string>): string[] {
  return e.flagged
    .map((s) => s.id)
    .filter((id) => !among || among.has(id))
    .sort();
}

/** Logins of the schools with at least one flagged official sign (of `procedure` when given). */
export function officialSchoolIds(
  e: { official: readonly SignEntry[] },
  among?: ReadonlySet<string>,
  procedure?: string,
): string[] {
  const ids = new Set(
    e.official
      .filter((x) => x.flagged && (!procedure || x.procedure === procedure))
      .map((x) => x.school)
      .filter((id) => !among || among.has(id)),
  );
  return [...ids].sort();
}
