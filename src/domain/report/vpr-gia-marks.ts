// ВПР ↔ ГИА for the same pupils: a pupil's ВПР mark (by the ВПР procedure's scale) against the
// later ОГЭ/ЕГЭ mark of the protocol, matched by school and pupil code. Per school the share of
// matched pupils whose ГИА mark is lower than their ВПР mark, beside the share over all schools.
// A school whose share is clearly higher (Wilson 95 % interval above the overall share) gets the
// признак «неподтверждённые результаты»: it asks for a look at how ВПР was marked, it proves nothing.
import type { Dataset } from '../model';
import { markOf } from '../spec/scale';
import { wilson } from '../stats/proportion';

export interface VprGiaSchool {
  /** The school's id in the ВПР dataset (login). */
  school: string;
  /** Its code in the ГИА protocol. */
  giaSchool: string;
  /** Pupils found in both, with a ВПР mark and a ГИА mark. */
  matched: number;
  /** Of them, ГИА mark lower than the ВПР mark. */
  lower: number;
  /** 100 · lower / matched. */
  lowerShare: number;
  /** Wilson 95 % interval of lowerShare, in %. */
  ci95: [number, number] | null;
  /** The признак: ci95 lies above the overall share. */
  flagged: boolean;
}

export interface VprGiaComparison {
  vpr: string;
  gia: string;
  matched: number;
  lower: number;
  /** Over every matched pupil of every school, in %. */
  lowerShare: number;
  schools: VprGiaSchool[];
  /** Neutral wording of the признак. */
  label: string;
}

export const UNCONFIRMED_LABEL = 'неподтверждённые результаты';

/** Codes compare as written, and school codes as numbers when both are digits («000127» = 127). */
const sameCode = (s: string) => (/^\d+$/.test(s) ? String(Number(s)) : s.trim());

/**
 * `schoolMap`: ВПР login → ГИА school code (from the context form's «Код ОГЭ»/«Код ЕГЭ» or a table);
 * without an entry a school's own id is used. Pupils absent in either, or without a mark, are skipped.
 */
export function compareVprGiaMarks(
  vpr: Dataset,
  gia: Dataset,
  schoolMap: ReadonlyMap<string, string> = new Map(),
): VprGiaComparison {
  const giaMark = new Map<string, number>();
  const official = gia.pupils.official;
  for (let i = 0; i < gia.pupils.n; i++) {
    const code = gia.pupils.code[i];
    const mark = official?.mark[i] ?? 0;
    if (!code || gia.pupils.absent[i] || mark < 2) continue;
    giaMark.set(`${sameCode(gia.meta.schools[gia.pupils.school[i]].login)}\u0000${sameCode(code)}`, mark);
  }
  const scale = vpr.meta.procedure.scale;
  const per = new Map<string, { giaSchool: string; matched: number; lower: number }>();
  for (let i = 0; i < vpr.pupils.n; i++) {
    if (vpr.pupils.absent[i]) continue;
    const login = vpr.meta.schools[vpr.pupils.school[i]].login;
    const giaSchool = schoolMap.get(login) ?? login;
    const g = giaMark.get(`${sameCode(giaSchool)}\u0000${sameCode(vpr.pupils.code[i])}`);
    if (g === undefined) continue;
    let total = 0;
    for (const col of vpr.pupils.scores) total += col[i];
    const v = markOf(total, scale);
    if (v === 0) continue;
    let s = per.get(login);
    if (!s) per.set(login, (s = { giaSchool, matched: 0, lower: 0 }));
    s.matched++;
    if (g < v) s.lower++;
  }
  let matched = 0;
  let lower = 0;
  for (const s of per.values()) {
    matched += s.matched;
    lower += s.lower;
  }
  const overall = matched ? (100 * lower) / matched : 0;
  const schools = [...per].map(([school, s]): VprGiaSchool => {
    const w = wilson(s.lower, s.matched);
    const ci95: [number, number] | null = w ? [100 * w[0], 100 * w[1]] : null;
    return {
      school,
      giaSchool: s.giaSchool,
      matched: s.matched,
      lower: s.lower,
      lowerShare: (100 * s.lower) / s.matched,
      ci95,
      flagged: ci95 !== null && ci95[0] > overall,
    };
  });
  const title = (d: Dataset) =>
    `${d.meta.procedure.kind} ${d.meta.procedure.subject} ${d.meta.procedure.year}`;
  return {
    vpr: title(vpr),
    gia: title(gia),
    matched,
    lower,
    lowerShare: overall,
    schools,
    label: UNCONFIRMED_LABEL,
  };
}
