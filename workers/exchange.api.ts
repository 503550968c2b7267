// The exchange worker's API, free of transport (Node tests can call it directly; exchange.worker.ts
// exposes it). School side: an anonymised `oko-aggregate/v1` package of one school. Municipality
// side: uploaded packages are validated and added up into a table of municipal figures.
import type { Dataset } from '../src/domain/model';
import type { SummaryRow } from '../src/domain/exchange/summary-xlsx';
import { failureOf, guard, type Failure } from './outcome';
import { fileSafe } from './file-names';
import {
  ExchangeError,
  exportSchoolPackage,
  municipalityFromPackages,
  validatePackage,
  type AggregatePackage,
  type ExchangeUnitReport,
} from '../src/domain/exchange';

export interface ExchangeDeps {
  listProcedures(): Promise<StoredProcedure[]>;
  loadDataset(procedureKey: string): Promise<Dataset>;
}

export interface StoredProcedure {
  key: string;
  kind: string;
  subject: string;
  grade: number;
  year: number;
}

export interface SchoolOption {
  login: string;
  name: string;
  /** The school's municipality (id and name) when the file names one: the school-side filter. */
  municipalityId?: string;
  municipality?: string;
}

export interface PackageFile {
  fileName: string;
  text: string;
}

/** One row of the municipal table; null figures of a withheld unit are shown as «<5». */
export type MunicipalRow = SummaryRow;

export interface MunicipalProcedure {
  id: string;
  title: string;
  packages: number;
  rows: MunicipalRow[];
}

export interface MunicipalResult {
  procedures: MunicipalProcedure[];
  /** Files that were rejected, with the reason. */
  rejected: { fileName: string; message: string }[];
}

export type { Outcome } from './outcome';

export function toFailure(e: unknown): Failure {
  if (e instanceof ExchangeError) return { kind: 'package', message: e.message };
  return failureOf(e, 'Не удалось выполнить обмен');
}

const ruCompare = (a: string, b: string) => a.localeCompare(b, 'ru', { numeric: true });

function row(u: ExchangeUnitReport): MunicipalRow {
  return {
    level: u.level as MunicipalRow['level'],
    id: u.id,
    name: u.name,
    parent: u.parent,
    suppressed: u.suppressed,
    written: u.written,
    mean: u.score?.mean ?? null,
    uspevaemost: u.uspevaemost ?? null,
    kachestvo: u.kachestvo ?? null,
    sou: u.sou ?? null,
    omittedSchools: u.omittedSchools ?? 0,
  };
}

/**
 * `ВПР 2026, Математика, 5 класс — МБОУ СОШ № 1 (sch220206).oko-aggregate.json`: what a
 * municipality officer reads in a folder of packages; the login keeps schools of the same name apart.
 */
export function packageFileName(p: AggregatePackage): string {
  const { kind, year, subject, grade } = p.procedure;
  const title = fileSafe(`${kind} ${year}, ${subject}, ${grade} класс`, 80);
  const login = fileSafe(p.school.login, 40);
  const school = fileSafe(p.school.name, 80);
  const who = school && school !== login ? `${school} (${login})` : login;
  return `${title} — ${who}.oko-aggregate.json`;
}

export function createExchangeApi(deps: ExchangeDeps) {
  let held: { key: string; ds: Promise<Dataset> } | null = null;
  const dataset = (key: string) => {
    if (!held || held.key !== key) held = { key, ds: deps.loadDataset(key) };
    const h = held;
    h.ds.catch(() => {
      if (held === h) held = null;
    });
    return h.ds;
  };

  const handlers = {
    async catalog(): Promise<StoredProcedure[]> {
      return await deps.listProcedures();
    },

    async schools(key: string): Promise<SchoolOption[]> {
      const ds = await dataset(key);
      const mun = new Map(ds.meta.municipalities.map((m) => [m.id, m.name]));
      const value = ds.meta.schools
        .map((s): SchoolOption => {
          const m = s.municipalityId;
          return {
            login: s.login,
            name: s.name ?? s.login,
            ...(m ? { municipalityId: m, municipality: mun.get(m) ?? m } : {}),
          };
        })
        .sort((a, b) => ruCompare(a.name, b.name));
      return value;
    },

    /** The package of one school as JSON text, with a file name. */
    async exportPackage(key: string, login: string): Promise<PackageFile> {
      const p = exportSchoolPackage(await dataset(key), login);
      return { fileName: packageFileName(p), text: `${JSON.stringify(p, null, 1)}\n` };
    },

    /** Validates every file, adds the valid packages up per procedure. */
    async municipality(files: PackageFile[]): Promise<MunicipalResult> {
      const rejected: MunicipalResult['rejected'] = [];
      const packages: AggregatePackage[] = [];
      for (const f of files) {
        try {
          packages.push(validatePackage(f.text));
        } catch (e) {
          rejected.push({ fileName: f.fileName, message: toFailure(e).message });
        }
      }
      const procedures = municipalityFromPackages(packages).map((r) => ({
        id: r.id,
        title: `${r.kind} ${r.year}, ${r.subject}, ${r.grade} класс`,
        packages: r.packages,
        rows: r.units
          .filter((u) => u.level === 'all' || u.level === 'municipality' || u.level === 'school')
          .map(row),
      }));
      return { procedures, rejected };
    },
  };

  return guard(handlers, toFailure);
}

export type ExchangeApi = ReturnType<typeof createExchangeApi>;
