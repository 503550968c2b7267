// Deficit status from the recorded checks (the rule: STATUS_RULE in types.ts) and the counts per
// class, skill and school that the screen, the roadmap and the effectiveness report show.
import {
  itemLabel,
  type CheckValue,
  type DeficitStatus,
  type FollowupItem,
  type FollowupSheet,
} from './types.ts';

/** A check succeeded: сформировано, or at least half of the item's points (the «не сформировано» rule reversed). */
export function successful(v: CheckValue, max: number): boolean | null {
  if (v === null) return null;
  if (typeof v === 'number') return 2 * v >= max;
  return v === 'formed';
}

/** The status of item `i`: trailing successful checks in date order — two → closed, one → closing. */
export function itemStatus(sheet: FollowupSheet, i: number): DeficitStatus {
  const max = sheet.items[i].max;
  let run = 0;
  for (const r of sheet.rounds) {
    const ok = successful(r.results[i] ?? null, max);
    if (ok === null) continue; // not checked in this round
    run = ok ? run + 1 : 0;
  }
  return run >= 2 ? 'closed' : run === 1 ? 'closing' : 'open';
}

export interface StatusCounts {
  /** Deficits at the start (items of the sheet). */
  total: number;
  open: number;
  closing: number;
  closed: number;
  /** Cells filled in (checks done). */
  checks: number;
}

export interface SkillCounts extends StatusCounts {
  kind: FollowupItem['kind'];
  key: string;
  label: string;
}

export interface PupilCounts extends StatusCounts {
  code: string;
}

export interface SheetSummary {
  id: string;
  classLabel: string;
  school: string;
  schoolName: string;
  procedureKey: string;
  rounds: string[];
  pupils: number;
  counts: StatusCounts;
  bySkill: SkillCounts[];
  byPupil: PupilCounts[];
  /** Per item, its status (the sheet's order). */
  statuses: DeficitStatus[];
}

export const emptyCounts = (): StatusCounts => ({ total: 0, open: 0, closing: 0, closed: 0, checks: 0 });

function add(c: StatusCounts, status: DeficitStatus, checks: number): void {
  c.total++;
  c[status]++;
  c.checks += checks;
}

export function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  return {
    total: a.total + b.total,
    open: a.open + b.open,
    closing: a.closing + b.closing,
    closed: a.closed + b.closed,
    checks: a.checks + b.checks,
  };
}

export function summarize(sheet: FollowupSheet): SheetSummary {
  const counts = emptyCounts();
  const skills = new Map<string, SkillCounts>();
  const pupils = new Map<string, PupilCounts>();
  const statuses = sheet.items.map((item, i) => {
    const status = itemStatus(sheet, i);
    const checks = sheet.rounds.filter((r) => (r.results[i] ?? null) !== null).length;
    add(counts, status, checks);
    const k = `${item.kind}\u0000${item.key}`;
    if (!skills.has(k))
      skills.set(k, { ...emptyCounts(), kind: item.kind, key: item.key, label: itemLabel(item) });
    add(skills.get(k)!, status, checks);
    if (!pupils.has(item.code)) pupils.set(item.code, { ...emptyCounts(), code: item.code });
    add(pupils.get(item.code)!, status, checks);
    return status;
  });
  return {
    id: sheet.id,
    classLabel: sheet.classLabel,
    school: sheet.school,
    schoolName: sheet.schoolName,
    procedureKey: sheet.procedureKey,
    rounds: sheet.rounds.map((r) => r.date),
    pupils: pupils.size,
    counts,
    bySkill: [...skills.values()],
    byPupil: [...pupils.values()],
    statuses,
  };
}

export interface SchoolSummary {
  school: string;
  schoolName: string;
  procedureKey: string;
  classes: SheetSummary[];
  counts: StatusCounts;
  bySkill: SkillCounts[];
}

/** The sheets of one school and procedure added up (classes by label). */
export function schoolSummary(sheets: FollowupSheet[]): SchoolSummary | null {
  if (sheets.length === 0) return null;
  const classes = sheets
    .map(summarize)
    .sort((a, b) => a.classLabel.localeCompare(b.classLabel, 'ru', { numeric: true }));
  const skills = new Map<string, SkillCounts>();
  for (const c of classes)
    for (const s of c.bySkill) {
      const k = `${s.kind}\u0000${s.key}`;
      const had = skills.get(k);
      skills.set(k, had ? { ...had, ...addCounts(had, s) } : { ...s });
    }
  return {
    school: sheets[0].school,
    schoolName: sheets[0].schoolName,
    procedureKey: sheets[0].procedureKey,
    classes,
    counts: classes.reduce((a, c) => addCounts(a, c.counts), emptyCounts()),
    bySkill: [...skills.values()],
  };
}
