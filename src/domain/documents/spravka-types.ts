// What a справка is built from, and the context its sections share.
import type { ReferenceUnit } from '../reference/types.ts';
import type { ProcedureReport, SignEntry, UnitLevel, UnitReport } from '../report/types.ts';
import type { Roadmap } from '../roadmap/types.ts';
import type { SpravkaAdapted } from './spravka-adapted.ts';
import type { ContextForDocuments } from './spravka-context.ts';

export interface FigurePng {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface SpravkaInput {
  procedure: ProcedureReport;
  level: UnitLevel;
  unitId: string;
  /** ISO date the results were received. */
  resultsDate: string;
  /** Основание (order, plan); a neutral default when absent. */
  basis?: string;
  /** Planned result (skill) by task id, from the procedure spec. */
  skills?: Record<string, string>;
  /** Official signs of the procedure (report.signs); shown at school and municipality levels. */
  signs?: SignEntry[];
  /** Published results of wider groups (ФИС ОКО reports), shown next to the unit. */
  references?: ReferenceUnit[];
  /** The school's roadmap: its summary closes the справка. */
  roadmap?: Roadmap;
  /** ISO; the day statuses and the nearest deadlines are judged on. Default: resultsDate. */
  today?: string;
  /** Optional charts (rendered in the browser); Node builds have none. */
  figures?: { marks?: FigurePng; tasks?: FigurePng };
  /**
   * Reports of the same kind and subject in other years and grades («Динамика результатов»,
   * spravka-dynamics.ts); the section is left out when absent.
   */
  history?: ProcedureReport[];
  /** Pupils on adapted programmes (АООП) from the local class list (spravka-adapted.ts). */
  adapted?: SpravkaAdapted;
  /** The last context analysis (municipal справка): groups, low-result schools, partners, effect. */
  context?: ContextForDocuments;
}

/** The unit, its reference and its children, found once for all sections. */
export interface SpravkaContext {
  input: SpravkaInput;
  P: ProcedureReport;
  unit: UnitReport;
  /** The whole sample when it is not the unit itself. */
  ref: UnitReport | undefined;
  skills: Record<string, string>;
  title: string;
  children: UnitReport[];
}

export const REF_NAME = 'по всей выборке';
