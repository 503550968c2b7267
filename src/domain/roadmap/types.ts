// Plans of measures («дорожные карты») as plain data: the template the user can adapt (JSON in
// ./templates) and the filled plan, which the user edits further (add/remove/reword/re-date).

/** Shift applied after the anchor: months first (clamped to month end), then weeks and days. */
export interface RuleOffset {
  months?: number;
  weeks?: number;
  days?: number;
  /** Working days of the production calendar (../calendar), counted after months/weeks/days. */
  workdays?: number;
}

/**
 * When a measure is due. Every rule starts from a base date — the date results were received, or
 * the date of the nested `from` rule — finds its anchor and then adds the offset.
 *  - relative: the base itself («в течение 2 недель после получения результатов» = weeks: 2);
 *  - fixed: the next `month`/`day` on or after the base («ежегодно, до 1 октября»);
 *  - end-of-term: last day of the term containing the base (in holidays: of the coming term);
 *  - start-of-next-term: first day of the first term starting after the base («в первую неделю
 *    следующей четверти» = start-of-next-term with days: 6);
 *  - end-of-school-year: last day of the school year still to come at the base;
 *  - next-procedure: the date of the next procedure (input), or when unknown the base + 12 months
 *    (procedures are annual); «за день до процедуры» = days: -1;
 *  - after-stage: the latest deadline of the named earlier stage («после завершения
 *    аналитического этапа»);
 *  - after: the latest deadline of the measures the measure declares in `after` («после Педсовета»);
 *  - start-of-target-year / end-of-target-year: first day of the first term / last day of the last
 *    term of the school year the measures are carried out in (spring results: the next one);
 *  - procedure-date / procedure-results: the date of each scheduled procedure / the date its results
 *    arrive (the municipal plan: one date per procedure of the schedule).
 * The schedule (./schedule.ts) then keeps the declared order, moves a date off a day off and keeps
 * it inside the plan's year.
 */
export type DeadlineRule = RuleOffset & { from?: DeadlineRule } & (
    | { kind: 'relative' }
    | { kind: 'fixed'; month: number; day: number }
    | { kind: 'end-of-term' }
    | { kind: 'start-of-next-term' }
    | { kind: 'end-of-school-year' }
    | { kind: 'next-procedure' }
    | { kind: 'after-stage'; stage: string }
    | { kind: 'after' }
    | { kind: 'start-of-target-year' }
    | { kind: 'end-of-target-year' }
    | { kind: 'procedure-date' }
    | { kind: 'procedure-results' }
  );

export interface MeasureTemplate {
  id: string;
  /** The item number in the source document («1.1»), when the measure comes from one. */
  sourceItem?: string;
  /** The measure's name as the source document words it. */
  title: string;
  /**
   * The filled wording: sentences with placeholders `{name}`. A sentence whose placeholder has
   * an empty value (no deficits, no classes, an unknown figure) is left out; 0 is a value.
   */
  text: string[];
  participants: string;
  /** Role ids (keys of PlanTemplate.roles). */
  responsible: string[];
  /** The deadline as the source words it («После получения результатов в течение 2 недель»). */
  sourceDeadline: string;
  deadline: DeadlineRule;
  /** Ids of the measures this one follows: its date is a working day after the latest of theirs. */
  after?: string[];
  /** The rule when results arrive in spring (the work moves to the next school year and grade). */
  springDeadline?: DeadlineRule;
  /** Why this rule, when the source gives no date («В соответствии с решением Педсовета»). */
  ruleNote?: string;
  result: string;
  documentFormat: string;
  note?: string;
}

export interface StageTemplate {
  id: string;
  title: string;
  measures: MeasureTemplate[];
}

export interface PlanTemplate {
  format: 'oko-plan-template/v1';
  id: string;
  title: string;
  /** The document the measures come from. */
  source: string;
  /** Role id → role title, used when the school has not named the person. */
  roles: Record<string, string>;
  /** Placeholder → what it holds (documentation for whoever adapts the template). */
  placeholders: Record<string, string>;
  stages: StageTemplate[];
}

/** 'overdue' is never decided by hand: statusOf derives it from the deadline and today. */
export type MeasureStatus = 'planned' | 'in-progress' | 'done' | 'overdue';

export interface RoadmapMeasure {
  id: string;
  title: string;
  /** Filled wording. */
  text: string;
  participants: string;
  /** People's names where the school gave them, else role titles; joined with «, ». */
  responsible: string;
  responsibleRoles: string[];
  /** ISO `YYYY-MM-DD`. */
  deadline: string;
  /** The source's wording of the deadline (kept next to the computed date). */
  deadlineText: string;
  /** One date per scheduled procedure, when the rule follows the schedule; `deadline` is the last. */
  occurrences?: { label: string; date: string }[];
  result: string;
  documentFormat: string;
  status: MeasureStatus;
  /** Template measure id; null for a measure the user added. */
  sourceMeasureId: string | null;
}

export interface RoadmapStage {
  id: string;
  title: string;
  measures: RoadmapMeasure[];
}

export interface Roadmap {
  id: string;
  title: string;
  templateId: string;
  /** The base date of the deadlines (results received / plan approved). */
  resultsDate: string;
  /** The school year the measures are carried out in (spring results: the next one). */
  targetSchoolYear?: number;
  school?: { login: string; name: string };
  procedureId?: string;
  stages: RoadmapStage[];
}
