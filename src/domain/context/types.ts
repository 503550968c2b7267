// One school's context as read from the ФИС ОКО form «Сбор контекстных данных об ОО» (or the simple
// table). Codes are the form's answer numbers; null = not answered. Personal data (director's name,
// phone, e-mail, INN) has no field here: it is never read, so it cannot be stored or exported.

export interface ContextRecord {
  login: string;
  /** The form's year (file name, «Дата загрузки»); null when unknown. */
  year: number | null;
  name: string | null;
  municipality: string | null;
  regionCode: string | null;
  /** 1 столица субъекта, 2 город, 3 ПГТ, 4 сельский населённый пункт. */
  settlementType: number | null;
  /** 1 «менее 1 тыс.» … 8 «более 680 тыс.». */
  settlementSize: number | null;
  /** Transport access answer number (the form's own numbering). */
  transport: number | null;
  /** Special (коррекционная) school; in 2022 «отдельная организация … по АОП». */
  special: boolean | null;
  evening: boolean | null;
  boarding: boolean | null;
  pupils: number | null;
  classes: number | null;
  pupilsAdapted: number | null;
  teachers: number | null;
  teachersHighest: number | null;
  teachersYoung: number | null;
  teachersPension: number | null;
  computers: number | null;
  /** Internet speed answer number. */
  internet: number | null;
  /** Subjects studied in depth (count of «да» answers, or the number given). */
  inDepth: number | null;
  /** School codes in ГИА protocols, leading zeros dropped («000127» → «127»). */
  codeOge: string | null;
  codeEge: string | null;
  /** Simple table only: Индекс благополучия. */
  ses: number | null;
  /** Simple table only, when no settlement type code: город/село. */
  urban: boolean | null;
}

export type ContextField = Exclude<keyof ContextRecord, 'login' | 'year'>;

export const EMPTY_RECORD: Omit<ContextRecord, 'login' | 'year'> = {
  name: null,
  municipality: null,
  regionCode: null,
  settlementType: null,
  settlementSize: null,
  transport: null,
  special: null,
  evening: null,
  boarding: null,
  pupils: null,
  classes: null,
  pupilsAdapted: null,
  teachers: null,
  teachersHighest: null,
  teachersYoung: null,
  teachersPension: null,
  computers: null,
  internet: null,
  inDepth: null,
  codeOge: null,
  codeEge: null,
  ses: null,
  urban: null,
};

export type ContextLayout = 'form-2021' | 'form-2022' | 'simple' | 'oko-context';

export interface ContextWarning {
  file: string;
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export interface ParsedContext {
  file: string;
  layout: ContextLayout;
  records: ContextRecord[];
  warnings: ContextWarning[];
}
