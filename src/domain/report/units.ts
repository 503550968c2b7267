// The unit tree of a report (domain: used by workers, documents and screens alike) and units' names. Units name their parent by id only; ids are unique per level
// (parallels are `<login>#5`, classes `<login>/5А`), and a unit is addressed by level and id
// together so that a child always sits on a deeper level than its parent.
import type { MarkKey, ProcedureReport, UnitLevel, UnitReport } from './types.ts';
import type { PupilResult } from './pupils.ts';

export const LEVEL_ORDER: readonly UnitLevel[] = ['all', 'municipality', 'school', 'parallel', 'class'];

export const LEVEL_NAMES: Record<UnitLevel, string> = {
  all: 'Все участники',
  municipality: 'Муниципалитет',
  school: 'Школа',
  parallel: 'Параллель',
  class: 'Класс',
};

/** Heading of a list of children on that level. */
export const LEVEL_PLURALS: Record<UnitLevel, string> = {
  all: 'Все участники',
  municipality: 'Муниципалитеты',
  school: 'Школы',
  parallel: 'Параллели',
  class: 'Классы',
};

export type UnitKey = string;

export function unitKey(u: Pick<UnitReport, 'level' | 'id'>): UnitKey {
  return `${u.level}:${u.id}`;
}

const depth = (l: UnitLevel) => LEVEL_ORDER.indexOf(l);

/** A readable name: the report's name, else the id (class ids lose their school prefix). */
export function unitTitle(u: Pick<UnitReport, 'level' | 'id' | 'name'>): string {
  if (u.level === 'all') return u.name || LEVEL_NAMES.all;
  if (u.name) return u.name;
  if (u.level === 'class' || u.level === 'parallel') return u.id.split(/[/#]/).pop() ?? u.id;
  return u.id;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * The report's units as a tree: used by the analysis worker (which holds the full report; the page
 * receives single units and pages of child summaries) and by the documents (unitIndexOf).
 */
export class UnitIndex {
  readonly root: UnitReport | undefined;
  readonly #byKey = new Map<UnitKey, UnitReport>();
  readonly #children = new Map<UnitKey, UnitReport[]>();
  readonly #parent = new Map<UnitKey, UnitReport>();

  constructor(report: ProcedureReport) {
    const byId = new Map<string, UnitReport[]>();
    for (const u of report.units) {
      this.#byKey.set(unitKey(u), u);
      push(byId, u.id, u);
    }
    this.root = report.units.find((u) => u.level === 'all');
    for (const u of report.units) {
      if (u.parent === null) continue;
      // The nearest shallower unit with that id is the parent.
      let parent: UnitReport | undefined;
      for (const p of byId.get(u.parent) ?? [])
        if (depth(p.level) < depth(u.level) && (!parent || depth(p.level) > depth(parent.level))) parent = p;
      if (!parent) continue;
      push(this.#children, unitKey(parent), u);
      this.#parent.set(unitKey(u), parent);
    }
  }

  get(key: UnitKey): UnitReport | undefined {
    return this.#byKey.get(key);
  }

  /** The unit directly above `u` (none for the root). */
  parent(u: Pick<UnitReport, 'level' | 'id'>): UnitReport | undefined {
    return this.#parent.get(unitKey(u));
  }

  /** Children in the report's order. */
  children(u: Pick<UnitReport, 'level' | 'id'>): UnitReport[] {
    return this.#children.get(unitKey(u)) ?? [];
  }

  /** The units above `u`, from the root down to its parent. */
  parentChain(u: Pick<UnitReport, 'level' | 'id'>): Array<Pick<UnitReport, 'level' | 'id' | 'name'>> {
    const chain: Array<Pick<UnitReport, 'level' | 'id' | 'name'>> = [];
    for (let p = this.#parent.get(unitKey(u)); p; p = this.#parent.get(unitKey(p)))
      chain.push({ level: p.level, id: p.id, name: p.name });
    return chain.reverse();
  }
}

const indexes = new WeakMap<ProcedureReport, UnitIndex>();

/** The tree of a report, built once per report object. */
export function unitIndexOf(report: ProcedureReport): UnitIndex {
  let index = indexes.get(report);
  if (!index) indexes.set(report, (index = new UnitIndex(report)));
  return index;
}

export const MARK_KEYS: readonly MarkKey[] = ['2', '3', '4', '5'];

/**
 * One pupil of a class as the heat map shows it: the engine's PupilResult plus the raw cell codes
 * (X, Н, «не пройд.»…: CellCode per task), which the engine folds into a score of 0.
 */
export type PupilRow = PupilResult & {
  /** Row index in the dataset: a stable id within one analysis. */
  index: number;
  /** CellCode per task, in task order. */
  cells: number[];
};
