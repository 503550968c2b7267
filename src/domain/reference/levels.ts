// Which level a row of a report is: Вся выборка → region → municipality `(reg20_m012)` → school
// `(edu203389)`. Codes decide where there are codes; the region row has none, so it is the first
// region-like name before any municipality or school.
import type { ReferenceLevel } from './types';

export interface LevelledName {
  level: ReferenceLevel;
  id?: string;
  name: string;
}

const CODE = String.raw`reg\d+_m\d+|reg\d+|edu\d+|sch\d+`;
/** `Name(code)` as in the tables. */
const CODE_AFTER = new RegExp(String.raw`^(.*?)\s*\(\s*(${CODE})\s*\)\s*$`, 'i');
/** `code | Name` as in the protocol exports. */
const CODE_BEFORE = new RegExp(String.raw`^(${CODE})\s*\|\s*(.*)$`, 'i');

const REGION_WORDS =
  /(край|област|республик|округ|москва|санкт-петербург|севастопол|байконур|югра|кузбасс|чуваши|якутия)/i;
const CLASS_LABEL = /^(?:\d{1,2}\s*[-«"]?\s*[а-яё]["»]?|\d{1,2}\s*класс\S*|класс\s*\S+)$/i;

/** Splits the code off a printed name: `Урус-Мартановский … район(reg20_m012)` → id + name. */
export function splitCode(printed: string): { id?: string; name: string } {
  const after = CODE_AFTER.exec(printed);
  if (after) return { id: after[2].toLowerCase(), name: after[1].trim() || after[2] };
  const before = CODE_BEFORE.exec(printed);
  if (before) return { id: before[1].toLowerCase(), name: before[2].trim() || before[1] };
  return { name: printed };
}

function levelOfCode(id: string): ReferenceLevel {
  if (/_m\d+$/.test(id)) return 'municipality';
  if (/^(edu|sch)/.test(id)) return 'school';
  return /^reg\d+0000$/.test(id) ? 'region' : 'other';
}

/** A classifier for the rows of one table, top to bottom (it remembers what came before). */
export function levelDetector(): (printed: string) => LevelledName {
  let regionSeen = false;
  let lowerSeen = false;
  return (printed) => {
    const { id, name } = splitCode(printed);
    const key = name.toLowerCase().replace(/ё/g, 'е');
    let level: ReferenceLevel = 'other';
    if (id) level = levelOfCode(id);
    else if (/^(вся выборка|россия|российская федерация)/.test(key)) level = 'russia';
    // The regional analytics of 2021–22 call the whole region «Все муниципалитеты».
    else if (key === 'все муниципалитеты' && !regionSeen) level = 'region';
    else if (REGION_WORDS.test(name) && !regionSeen && !lowerSeen) level = 'region';
    else if (lowerSeen && CLASS_LABEL.test(name)) level = 'class';
    if (level === 'region') regionSeen = true;
    if (level === 'municipality' || level === 'school') lowerSeen = true;
    return id ? { level, id, name } : { level, name };
  };
}
