// The dynamics worker's API, free of transport: Node tests can call it directly, dynamics.worker.ts
// exposes it. It reads the procedures of one kind and subject from IndexedDB, analyses them in full
// (the reference line — all participants — needs every school anyway, and a school's or class's
// figures are units of the same report), keeps those reports, and answers with small series only.
import type { Dataset } from '../src/domain/model';
import {
  cohortSeries,
  cohortStarts,
  yearSeries,
  type CohortStart,
  type DynamicsSeries,
  type DynamicsUnit,
} from '../src/domain/dynamics';
import type { ProcedureReport, UnitLevel } from '../src/domain/report/types';
import { failureOf, guard, type Failure } from './outcome';
import type { StoredProcedureRow } from './storage';

/** What the worker needs from the DB and engine layers (wired in ./dynamics.worker.ts). */
export interface DynamicsDeps {
  listProcedures(): Promise<StoredWork[]>;
  loadDataset(procedureKey: string): Promise<Dataset>;
  analyzeProcedure(ds: Dataset): ProcedureReport;
}

/** A stored procedure as the dynamics screen needs it. */
export type StoredWork = StoredProcedureRow;

export type { Outcome } from './outcome';

/** Which series: the same grade over the years, or a cohort from its first work. */
export type SeriesQuery =
  | { mode: 'years'; kind: string; subject: string; grade: number; unit: DynamicsUnit }
  | {
      mode: 'cohort';
      kind: string;
      subject: string;
      start: { grade: number; year: number };
      unit: DynamicsUnit;
    };

/** A unit the screen can offer: municipalities, schools and classes seen in the chosen works. */
export interface UnitOption {
  level: UnitLevel;
  id: string;
  name: string;
  /** The school of a class, the municipality of a school. */
  parent: string | null;
}

export interface SeriesScope {
  kind: string;
  subject: string;
  grade: number;
  /** Only this year's work (a cohort's first work); all years otherwise. */
  year?: number;
}

export interface SeriesResult {
  unit: DynamicsSeries;
  /** The same series for all participants: the reference line. */
  reference: DynamicsSeries;
}

export function toFailure(e: unknown): Failure {
  return failureOf(e, 'Не удалось построить динамику');
}

const ruCompare = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });

export function createDynamicsApi(deps: DynamicsDeps) {
  /** Analysed reports of the current kind and subject, by procedure key. */
  let cache = new Map<string, { updatedAt: string; report: Promise<ProcedureReport> }>();

  /** Reports of every stored work of `kind` and `subject`; others are dropped from memory. */
  async function reportsOf(kind: string, subject: string): Promise<ProcedureReport[]> {
    const works = (await deps.listProcedures()).filter((w) => w.kind === kind && w.subject === subject);
    const next = new Map<string, { updatedAt: string; report: Promise<ProcedureReport> }>();
    for (const w of works) {
      const held = cache.get(w.key);
      next.set(
        w.key,
        held && held.updatedAt === w.updatedAt
          ? held
          : {
              updatedAt: w.updatedAt,
              report: deps.loadDataset(w.key).then((ds) => deps.analyzeProcedure(ds)),
            },
      );
    }
    cache = next;
    try {
      return await Promise.all([...next.values()].map((h) => h.report));
    } catch (e) {
      // A failed load is not kept: the next call tries again.
      cache = new Map();
      throw e;
    }
  }

  const handlers = {
    /** The stored works (small rows; nothing is loaded). */
    async catalog(): Promise<StoredWork[]> {
      return await deps.listProcedures();
    },

    /** The cohorts (two works or more) of a kind and subject. */
    async cohorts(kind: string, subject: string): Promise<CohortStart[]> {
      return cohortStarts(await reportsOf(kind, subject), { kind, subject });
    },

    /** Municipalities, schools and classes of the works in scope, sorted by name. */
    async units(scope: SeriesScope): Promise<UnitOption[]> {
      const reports = (await reportsOf(scope.kind, scope.subject)).filter(
        (r) => r.grade === scope.grade && (scope.year === undefined || r.year === scope.year),
      );
      const seen = new Map<string, UnitOption>();
      for (const r of reports) {
        const schoolOfParallel = new Map(
          r.units.filter((u) => u.level === 'parallel').map((u) => [u.id, u.parent]),
        );
        for (const u of r.units) {
          if (u.level === 'all' || u.level === 'parallel' || u.written === 0) continue;
          const parent = u.level === 'class' ? (schoolOfParallel.get(u.parent ?? '') ?? null) : u.parent;
          seen.set(`${u.level}:${u.id}`, { level: u.level, id: u.id, name: u.name, parent });
        }
      }
      const value = [...seen.values()].sort((a, b) => ruCompare(a.name, b.name));
      return value;
    },

    /** The series of one unit and of all participants. */
    async series(q: SeriesQuery): Promise<SeriesResult> {
      const reports = await reportsOf(q.kind, q.subject);
      const all: DynamicsUnit = { level: 'all', id: 'all' };
      const run = (unit: DynamicsUnit) =>
        q.mode === 'years'
          ? yearSeries(reports, { kind: q.kind, subject: q.subject, grade: q.grade }, unit)
          : cohortSeries(reports, { kind: q.kind, subject: q.subject, start: q.start }, unit);
      return { unit: run(q.unit), reference: run(all) };
    },
  };

  return {
    ...guard(handlers, toFailure),
    /** Drop the held reports. */
    forget(): void {
      cache = new Map();
    },
  };
}

export type DynamicsApi = ReturnType<typeof createDynamicsApi>;
