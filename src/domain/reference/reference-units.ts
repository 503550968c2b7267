// referenceUnitsFor: the rows of all report sheets merged per unit (the marks sheet gives У/КЗ, the
// journal sheet the comparison, …) into the compact shape the analysis screens show next to a unit.
import type { ReferenceLevel, ReferenceReport, ReferenceSheet, ReferenceUnit } from './types';

/** Two decimals, as ФИС ОКО prints them; also removes float noise (44.33 + 17.69). */
const round2 = (x: number) => Math.round(x * 100) / 100;

const nameKey = (level: ReferenceLevel, name: string) =>
  `${level}:${name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim()}`;

/** A report's own figures win over those aggregated from pupils (`individual` comes last). */
const PRIORITY: ReferenceSheet['type'][] = ['marks', 'journal', 'scores', 'tasks', 'individual'];

export function referenceUnitsFor(report: ReferenceReport): ReferenceUnit[] {
  const units = new Map<string, ReferenceUnit>();
  const sheets = [...report.reports].sort((a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type));
  for (const sheet of sheets) {
    // Rows without a code and level (`other`, e.g. groups by mark) are keyed under the unit above.
    let parent = '';
    for (const row of sheet.rows) {
      const own = row.level === 'russia' ? 'russia' : (row.id ?? nameKey(row.level, row.name));
      const key = row.level === 'other' ? `${parent}>${nameKey('other', row.name)}` : own;
      if (row.level !== 'other') parent = key;
      const unit = units.get(key) ?? {
        level: row.level,
        id: row.level === 'other' ? key : own,
        name: row.name,
      };
      units.set(key, unit);
      // The first sheet in PRIORITY order that has a figure gives it: Кол-во участников of the
      // marks report is the number У and КЗ are shares of.
      if (row.participants !== undefined && unit.participants === undefined)
        unit.participants = row.participants;
      if (row.marksPct && !unit.marksPct) {
        unit.marksPct = row.marksPct;
        unit.uspevaemost = round2(100 - row.marksPct[2]);
        unit.kachestvo = round2(row.marksPct[4] + row.marksPct[5]);
      }
      if (row.journalPct && !unit.journalPct) unit.journalPct = row.journalPct;
      if (row.scorePct && !unit.scorePct) unit.scorePct = row.scorePct;
      if (row.taskCompletion) unit.taskCompletion = { ...row.taskCompletion, ...unit.taskCompletion };
    }
  }
  return [...units.values()];
}
