// A roadmap is plain data the school edits: add, remove, reword, re-date, mark progress. Every
// helper returns a new roadmap and leaves its argument untouched.
import { compareIso, parseIsoDate } from './dates.ts';
import type { MeasureStatus, Roadmap, RoadmapMeasure } from './types.ts';

/**
 * The status to show on `today` (ISO): 'done' stays done; a measure whose deadline is before
 * today is 'overdue' (the deadline day itself is not); otherwise the stored status ('overdue'
 * stored earlier and since re-dated counts as 'planned').
 */
export function statusOf(m: Pick<RoadmapMeasure, 'status' | 'deadline'>, today: string): MeasureStatus {
  if (m.status === 'done') return 'done';
  if (compareIso(m.deadline, today) < 0) return 'overdue';
  return m.status === 'in-progress' ? 'in-progress' : 'planned';
}

/** All statuses recomputed for `today`. */
export function refreshStatuses(r: Roadmap, today: string): Roadmap {
  parseIsoDate(today);
  return mapMeasures(r, (m) => ({ ...m, status: statusOf(m, today) }));
}

export type NewMeasure = Pick<RoadmapMeasure, 'text' | 'deadline'> & Partial<RoadmapMeasure>;

export type MeasurePatch = Partial<Omit<RoadmapMeasure, 'id' | 'sourceMeasureId'>>;

function findMeasure(r: Roadmap, id: string): RoadmapMeasure | undefined {
  for (const s of r.stages) for (const m of s.measures) if (m.id === id) return m;
  return undefined;
}

function checkStatus(s: MeasureStatus | undefined): void {
  if (s === 'overdue') throw new Error('Статус «просрочено» выставляется автоматически по сроку');
  if (s !== undefined && s !== 'planned' && s !== 'in-progress' && s !== 'done')
    throw new Error(`Неизвестный статус: ${String(s)}`);
}

/**
 * Adds a measure to a stage, at `at` (default: the end). Without an id it gets `custom-N`.
 * A user's measure has sourceMeasureId null.
 */
export function addMeasure(r: Roadmap, stageId: string, m: NewMeasure, at?: number): Roadmap {
  if (!r.stages.some((s) => s.id === stageId)) throw new Error(`Нет этапа ${stageId}`);
  parseIsoDate(m.deadline);
  checkStatus(m.status);
  let id = m.id;
  if (id === undefined) {
    let n = 1;
    while (findMeasure(r, `custom-${n}`)) n++;
    id = `custom-${n}`;
  } else if (findMeasure(r, id)) throw new Error(`Мероприятие ${id} уже есть`);
  const measure: RoadmapMeasure = {
    title: m.text,
    participants: '',
    responsible: '',
    responsibleRoles: [],
    deadlineText: '',
    result: '',
    documentFormat: '',
    status: 'planned',
    ...m,
    id,
    sourceMeasureId: null,
  };
  return {
    ...r,
    stages: r.stages.map((s) => {
      if (s.id !== stageId) return s;
      const measures = [...s.measures];
      measures.splice(at ?? measures.length, 0, measure);
      return { ...s, measures };
    }),
  };
}

export function removeMeasure(r: Roadmap, measureId: string): Roadmap {
  if (!findMeasure(r, measureId)) throw new Error(`Нет мероприятия ${measureId}`);
  return {
    ...r,
    stages: r.stages.map((s) => ({ ...s, measures: s.measures.filter((m) => m.id !== measureId) })),
  };
}

/** Rewords, re-dates, reassigns or marks a measure. */
export function updateMeasure(r: Roadmap, measureId: string, patch: MeasurePatch): Roadmap {
  if (!findMeasure(r, measureId)) throw new Error(`Нет мероприятия ${measureId}`);
  if (patch.deadline !== undefined) parseIsoDate(patch.deadline);
  checkStatus(patch.status);
  // An id or a source id smuggled in by an untyped caller is ignored: they identify the measure.
  const {
    id: _id,
    sourceMeasureId: _src,
    ...clean
  } = patch as MeasurePatch & {
    id?: unknown;
    sourceMeasureId?: unknown;
  };
  return mapMeasures(r, (m) => (m.id === measureId ? { ...m, ...clean } : m));
}

function mapMeasures(r: Roadmap, f: (m: RoadmapMeasure) => RoadmapMeasure): Roadmap {
  return { ...r, stages: r.stages.map((s) => ({ ...s, measures: s.measures.map(f) })) };
}

export interface ProgressCounts {
  total: number;
  planned: number;
  inProgress: number;
  done: number;
  overdue: number;
  /** 100 · done / total, one decimal; null for an empty stage. */
  donePct: number | null;
}

export interface StageProgress extends ProgressCounts {
  id: string;
  title: string;
}

export interface RoadmapProgress extends ProgressCounts {
  stages: StageProgress[];
}

function count(measures: readonly RoadmapMeasure[], today: string): ProgressCounts {
  const c = { total: measures.length, planned: 0, inProgress: 0, done: 0, overdue: 0 };
  for (const m of measures) {
    const s = statusOf(m, today);
    if (s === 'in-progress') c.inProgress++;
    else c[s]++;
  }
  return { ...c, donePct: c.total ? Math.round((1000 * c.done) / c.total) / 10 : null };
}

/** Counts by status on `today`, per stage and in all. */
export function progressOf(r: Roadmap, today: string): RoadmapProgress {
  parseIsoDate(today);
  return {
    ...count(
      r.stages.flatMap((s) => s.measures),
      today,
    ),
    stages: r.stages.map((s) => ({ id: s.id, title: s.title, ...count(s.measures, today) })),
  };
}
