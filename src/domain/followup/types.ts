// Follow-up checks («контрольные точки», seed 004 §3.10–3.12): after a procedure, the teacher checks
// each pupil's unformed skills again in current and thematic assessment. One check sheet per class
// and procedure: its items (pupil × unformed skill or task) and the rounds of checks with their dates.

/** A check's result in words: сформировано / частично / не сформировано. */
export type CheckLevel = 'formed' | 'partial' | 'unformed';

/** One cell: a level, a score (0…item max), or null — not checked in this round. */
export type CheckValue = CheckLevel | number | null;

/** One deficit of one pupil, found by the procedure (the same notion the routes use). */
export interface FollowupItem {
  /** Participant code. */
  code: string;
  /** 'skill': `key` is the spec's skill text; 'task': `key` is a task id (a task with no skill). */
  kind: 'skill' | 'task';
  key: string;
  /** The tasks of the work behind the deficit. */
  tasks: string[];
  /** Points of those tasks: the maximum of a score entered for the item. */
  max: number;
  /** The pupil's points on those tasks in the procedure. */
  startScore: number;
}

export interface FollowupRound {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  /** Per item of the sheet (same order), the result of this round. */
  results: CheckValue[];
}

/** A class's check sheet for one procedure: what the `followups` table stores (schema v4). */
export interface FollowupSheet {
  /** `${procedureKey}|${school}|${classId}`. */
  id: string;
  procedureKey: string;
  /** School login. */
  school: string;
  schoolName: string;
  classId: string;
  classLabel: string;
  items: FollowupItem[];
  /** In date order, dates unique. */
  rounds: FollowupRound[];
  createdAt: string;
  updatedAt: string;
}

export type DeficitStatus = 'open' | 'closing' | 'closed';

export const STATUS_RU: Record<DeficitStatus, string> = {
  open: 'открыт',
  closing: 'закрывается',
  closed: 'закрыт',
};

export const LEVEL_RU: Record<CheckLevel, string> = {
  formed: 'сформировано',
  partial: 'частично',
  unformed: 'не сформировано',
};

/** The rule of deficit status, stated once for the module, the screen and the documents. */
export const STATUS_RULE =
  'Проверка успешна, если умение сформировано (или набрано не меньше половины баллов). ' +
  'Дефицит закрыт после двух успешных проверок подряд, закрывается после одной успешной, ' +
  'открыт — пока последняя проверка неуспешна или проверок не было; неуспешная проверка ' +
  'после успешных снова открывает дефицит.';

export function sheetId(procedureKey: string, school: string, classId: string): string {
  return `${procedureKey}|${school}|${classId}`;
}

/** What a deficit is called on the sheet: the skill text, or «Задание № 7». */
export function itemLabel(item: Pick<FollowupItem, 'kind' | 'key'>): string {
  return item.kind === 'skill' ? item.key : `Задание № ${item.key}`;
}
