// The «по силе свидетельств» view of the «Объективность» list (issue #15, point 6): schools in the
// order a municipality would check them — more evidence families first, then the stronger statistical
// evidence (riskScore = Σ over families of −log10 q), names for ties. No rank numbers are shown: it is
// a queue for checking, not a rating of schools.
import type { SchoolRow } from '../../../workers/objectivity.api';

export const EVIDENCE_ORDER_TITLE =
  'По силе свидетельств: сначала признаки в большем числе семейств, затем с меньшим q (это очередь проверки, а не рейтинг школ)';

export function byEvidence(list: readonly SchoolRow[]): SchoolRow[] {
  return [...list].sort(
    (a, b) =>
      b.families.length - a.families.length ||
      b.riskScore - a.riskScore ||
      a.name.localeCompare(b.name, 'ru'),
  );
}
