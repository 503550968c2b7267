// Roadmap measures that follow-up checks answer: their progress from the recorded checks, as a
// line the roadmap shows beside the manual status (measure ids of templates/roadmap-ru.json).
import { int, plural } from '../text/format.ts';
import { schoolSummary, type StatusCounts } from './status.ts';
import type { FollowupSheet } from './types.ts';

/** 2.8 individual routes; 4.2/4.3 current and thematic assessment; 4.5 its analysis; 5.1 effectiveness. */
const ROUTE_MEASURES = ['2.8', '5.1', '5.1-end'];
const CHECK_MEASURES = ['4.2', '4.3', '4.5'];

export function routesProgress(c: StatusCounts): string {
  return `ИОМ: ${int(c.closed)} из ${int(c.total)} ${plural(c.total, ['дефицита', 'дефицитов', 'дефицитов'])} ${c.closed === 1 ? 'закрыт' : 'закрыты'}`;
}

export function checksProgress(c: StatusCounts, rounds: number): string {
  return (
    `Контрольные точки: ${int(rounds)} ${plural(rounds, ['проверка', 'проверки', 'проверок'])}, ` +
    `${int(c.checks)} ${plural(c.checks, ['результат', 'результата', 'результатов'])}; ` +
    `закрыто ${int(c.closed)}, закрывается ${int(c.closing)}, открыто ${int(c.open)}`
  );
}

/** Measure id → progress line; empty when no sheet has been made. */
export function roadmapProgress(c: StatusCounts | null, rounds: number): Record<string, string> {
  if (!c || c.total === 0) return {};
  const out: Record<string, string> = {};
  for (const id of ROUTE_MEASURES) out[id] = routesProgress(c);
  for (const id of CHECK_MEASURES) out[id] = checksProgress(c, rounds);
  return out;
}

/** The progress lines of a school's stored sheets of one procedure ({} when it has none). */
export function sheetsProgress(sheets: FollowupSheet[]): Record<string, string> {
  const s = schoolSummary(sheets);
  if (!s) return {};
  return roadmapProgress(s.counts, new Set(s.classes.flatMap((c) => c.rounds)).size);
}
