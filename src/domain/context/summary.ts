// The last context analysis as plain data, kept in the settings (`contextSummary`) so that the
// municipal справка and plan show it without computing it again (the partner choice needs the
// objectivity signs of every work, too slow for each document). It names schools (logins, names)
// and never pupils; it travels in backups, never in exchange packages. `stamp` says which stored
// procedures it was computed on: a document built on other data says the figures are out of date.
import type { MunicipalContextAnalysis } from './analysis.ts';
import { effectFigures, resourceFigures, type EffectFigures, type ResourceFigures } from './figure-rows.ts';

export interface ContextSummarySchool {
  login: string;
  name: string;
  cluster: number;
  /** Mean result (% of max over all procedures and years) and its group's. */
  own: number | null;
  clusterMean: number | null;
  lowYears: number[];
  low: boolean;
  hardReasons: string[];
  partners: { login: string; name: string; sameMunicipality: boolean }[];
}

export interface ContextSummary {
  computedAt: string;
  stamp: string;
  k: number;
  silhouette: number;
  clusters: { id: number; words: string; n: number; stability: number }[];
  lowRule: string;
  hardRule: string;
  schools: ContextSummarySchool[];
  resources: ResourceFigures[];
  effect: EffectFigures[];
  /** Schools kept out of the partners for a red objectivity sign. */
  red: number;
}

export function contextSummary(
  a: MunicipalContextAnalysis,
  names: Map<string, string>,
  o: { computedAt: string; stamp: string; red: number },
): ContextSummary {
  const name = (l: string) => names.get(l) ?? l;
  const low = new Map(a.low.map((e) => [e.login, e]));
  const hard = new Map(a.hard.map((h) => [h.login, h.reasons]));
  return {
    computedAt: o.computedAt,
    stamp: o.stamp,
    k: a.k,
    silhouette: a.silhouette,
    clusters: a.clusters.map((c) => ({
      id: c.id,
      words: c.words,
      n: c.schools.length,
      stability: c.stability,
    })),
    lowRule: a.lowRule.source,
    hardRule: a.hardRule.source,
    schools: [...a.clusterOf].map(([login, c]) => ({
      login,
      name: name(login),
      cluster: c + 1,
      own: a.compare.get(login)?.own ?? null,
      clusterMean: a.compare.get(login)?.cluster ?? null,
      lowYears: low.get(login)?.lowYears ?? [],
      low: low.has(login),
      hardReasons: hard.get(login) ?? [],
      partners: (a.partners.get(login) ?? []).map((p) => ({
        login: p.login,
        name: name(p.login),
        sameMunicipality: p.sameMunicipality,
      })),
    })),
    resources: a.resources.map(resourceFigures),
    effect: a.effect.map(effectFigures),
    red: o.red,
  };
}

/** A stored summary read back: the shape checked, anything else reads as absent. */
export function readContextSummary(v: unknown): ContextSummary | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const s = v as Partial<ContextSummary>;
  const ok =
    typeof s.computedAt === 'string' &&
    typeof s.stamp === 'string' &&
    typeof s.k === 'number' &&
    Array.isArray(s.clusters) &&
    Array.isArray(s.schools) &&
    Array.isArray(s.resources) &&
    Array.isArray(s.effect) &&
    s.schools.every((x) => typeof x?.login === 'string' && Array.isArray(x.partners));
  return ok ? (s as ContextSummary) : undefined;
}
