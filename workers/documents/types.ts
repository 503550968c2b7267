// What the documents worker and its page client exchange (the handlers live next to this file,
// one module per document family; documents.api.ts puts them together).
import type { Dataset, ProgressFn } from '../../src/domain/model';
import type { ObjectivityEvidence } from '../../src/domain/objectivity/evidence-summary';
import type { DocOptions, PlanSchool } from '../../src/domain/documents';
import type { ProcedureReport, UnitLevel } from '../../src/domain/report';
import type { MeasurePatch } from '../../src/domain/roadmap/edits';
import type { SettingKey } from '../../src/db/settings-keys';
import type { StoredProcedureRow } from '../storage';

export type StoredProcedureRef = StoredProcedureRow;

export interface DocumentsDeps {
  loadDataset(procedureKey: string): Promise<Dataset>;
  listProcedures(): Promise<StoredProcedureRef[]>;
  /** The value of a key, checked by the key's reader (src/db/settings-keys.ts); undefined when absent. */
  getSetting<T>(key: SettingKey<T>): Promise<T | undefined>;
  setSetting<T>(key: SettingKey<T>, value: T): Promise<void>;
  deleteSetting<T>(key: SettingKey<T>): Promise<void>;
  /**
   * The «Объективность» result of every stored work of a kind and subject (the objectivity API's
   * `evidence`, the screen's run when current): the справки and the municipal plan read it.
   * Absent: the documents show the official signs only and say that the run is missing.
   */
  objectivityEvidence?: (kind: string, subject: string) => Promise<ObjectivityEvidence>;
  /** Bar charts as PNG (browser worker only: OffscreenCanvas); absent in Node. */
  charts?: (report: ProcedureReport, level: UnitLevel, unitId: string) => Promise<DocOptions['figures']>;
}

export type DocumentKind =
  'spravka' | 'pupil-spravka' | 'roadmap-docx' | 'roadmap-xlsx' | 'roadmap-ics' | 'routes' | 'appendix';

/** What the page sends: the unit, dates and calendar; people and the stored roadmap are the worker's. */
export interface DocumentRequest {
  level: UnitLevel;
  unitId: string;
  resultsDate: string;
  today?: string;
  calendar: 'quarters' | 'trimesters';
  basis?: string;
  /** Code → name from the local roster (read page-side), sent only when the user chose names. */
  names?: [string, string][];
  /** Participant code: the pupil справка (level 'class', unitId the pupil's class). */
  pupil?: string;
  /** Codes marked «АООП» in the school's local class list (read page-side), for the справка. */
  adapted?: string[];
  /** Build the справка without those pupils (it says so under the title). */
  withoutAdapted?: boolean;
}

/** A pupil of a class for the pupil select (codes only: names are the page's, from the roster). */
export interface OutlinePupil {
  code: string;
  absent: boolean;
  score: number | null;
  mark: number | null;
}

export interface DocumentFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  elapsedMs: number;
}

export interface OutlineUnit {
  id: string;
  name: string;
  written: number;
}

export interface Outline {
  procedureKey: string;
  title: string;
  grade: number;
  municipalities: OutlineUnit[];
  schools: (OutlineUnit & { municipality: string | null; classes: OutlineUnit[] })[];
}

/** The municipal plan: the municipality, its approval date (deadlines' base) and the calendar. */
export interface MunicipalRequest {
  municipalityId: string;
  planDate: string;
  today?: string;
  calendar: 'quarters' | 'trimesters';
  /** The procedures of the plan's year as entered (label, held, results); default: the usual dates. */
  schedule?: { label: string; date: string; resultsDate: string }[];
}

export type MunicipalKind = 'objectivity-docx' | 'objectivity-xlsx';

export interface MunicipalOutline {
  municipalities: { id: string; name: string; schools: PlanSchool[] }[];
  /** Every stored procedure (its report id, the key of the observation table). */
  procedures: { id: string; title: string }[];
}

export type MeasureEdit = Pick<MeasurePatch, 'status' | 'deadline' | 'text' | 'responsible'>;
/** What the school may change in a measure of its roadmap. */
export type SchoolMeasureEdit = Pick<
  MeasurePatch,
  'status' | 'deadline' | 'text' | 'responsible' | 'participants' | 'result'
>;
/** A school's own measure: its wording, deadline and responsible. */
export interface NewSchoolMeasure {
  text: string;
  deadline: string;
  responsible: string;
}

export type { ProgressFn };
