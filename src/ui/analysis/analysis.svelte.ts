// State of the analysis screen: the chosen procedure, its analysed report, the drill-down path and
// the running worker task. A singleton, so leaving the screen and coming back keeps the place.
import type { Analysis, AnalysisFailure, UnitRef } from '../../../workers/analysis.api';
import { AnalysisCancelledError, analysisClient } from '../clients/analysis.client';
import { downloadBlob } from '../lib/download';
import { fileName } from './format';
import { UnitIndex, unitKey, unitTitle, type UnitKey } from './hierarchy';
import type { PupilRow, UnitReport } from './report-types';

export type TaskKind = 'analyze' | 'json' | 'xlsx';

export interface RunningTask {
  kind: TaskKind;
  title: string;
  fraction: number;
  stage: string;
  /** Without progress reports from the worker the bar is indeterminate. */
  determinate: boolean;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class AnalysisState {
  procedureKey = $state<string | null>(null);
  analysis = $state.raw<Analysis | null>(null);
  index = $derived(this.analysis ? new UnitIndex(this.analysis.report) : null);
  /** Unit keys from the root (level all) to the unit on screen. */
  path = $state.raw<UnitKey[]>([]);
  /** Pupils of the class on screen (null while loading or when not a class). */
  pupils = $state.raw<{ classId: string; rows: PupilRow[] } | null>(null);
  /** Dataset row index of the pupil on screen, when one is opened. */
  pupil = $state<number | null>(null);
  task = $state<RunningTask | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  busy = $derived(this.task !== null);

  unit: UnitReport | null = $derived.by(() => {
    const k = this.path.at(-1);
    return (k && this.index?.get(k)) || null;
  });

  trail: UnitReport[] = $derived.by(() => {
    const idx = this.index;
    return idx ? this.path.map((k) => idx.get(k)).filter((u): u is UnitReport => !!u) : [];
  });

  reference: UnitReport | null = $derived(this.index?.root ?? null);

  #generation = 0;

  async open(procedureKey: string): Promise<void> {
    if (this.busy) this.cancel();
    const gen = ++this.#generation;
    this.procedureKey = procedureKey;
    this.analysis = null;
    this.path = [];
    this.pupils = null;
    this.pupil = null;
    this.error = null;
    this.notice = null;
    this.task = { kind: 'analyze', title: 'Анализ результатов', fraction: 0, stage: '', determinate: true };
    try {
      const r = await analysisClient.analyze(procedureKey, (fraction, stage) => {
        if (gen === this.#generation && this.task) this.task = { ...this.task, fraction, stage };
      });
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      this.analysis = r.analysis;
      const root = r.analysis.report.units.find((u) => u.level === 'all');
      this.path = root ? [unitKey(root)] : [];
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    } finally {
      if (gen === this.#generation) this.task = null;
    }
  }

  /** Forget the analysis (its procedure was deleted elsewhere). */
  reset(): void {
    if (this.busy) this.cancel();
    this.#generation++;
    this.procedureKey = null;
    this.analysis = null;
    this.path = [];
    this.pupils = null;
    this.pupil = null;
    this.notice = null;
  }

  /** Open a child unit (one level down). */
  enter(u: UnitReport): void {
    this.path = [...this.path, unitKey(u)];
    this.#unitChanged();
  }

  /** Go back to the i-th unit of the breadcrumb trail. */
  back(i: number): void {
    this.path = this.path.slice(0, i + 1);
    this.#unitChanged();
  }

  openPupil(index: number | null): void {
    this.pupil = index;
  }

  #unitChanged(): void {
    this.pupil = null;
    const u = this.unit;
    if (u?.level === 'class') void this.#loadPupils(u.id);
    else this.pupils = null;
  }

  async #loadPupils(classId: string): Promise<void> {
    const key = this.procedureKey;
    if (!key || this.pupils?.classId === classId) return;
    this.pupils = null;
    try {
      const r = await analysisClient.classPupils(key, classId);
      // Ignore an answer for a class the user has already left.
      if (this.unit?.level !== 'class' || this.unit.id !== classId) return;
      if (!r.ok) return this.fail(r.error);
      this.pupils = { classId, rows: r.value };
    } catch (e) {
      this.fail(e);
    }
  }

  /** «Скачать JSON»: the full oko-report/v1 document of the procedure, built by the engine in the worker. */
  async downloadJson(): Promise<void> {
    const key = this.procedureKey;
    const report = this.analysis?.report;
    if (!key || !report || this.busy) return;
    const gen = this.#generation;
    this.error = null;
    this.task = {
      kind: 'json',
      title: 'Подготовка JSON',
      fraction: 0,
      stage: 'Формирование отчёта',
      determinate: false,
    };
    try {
      const r = await analysisClient.fullReportJson(key);
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      downloadBlob(r.value, fileName(`ОКО-отчёт ${report.id}`, 'json'), 'application/json');
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    } finally {
      if (gen === this.#generation) this.task = null;
    }
  }

  /** «Скачать XLSX»: the workbook of the unit on screen, written by the engine's xlsx-export. */
  async downloadXlsx(): Promise<void> {
    const key = this.procedureKey;
    const report = this.analysis?.report;
    const u = this.unit;
    if (!key || !report || !u || this.busy) return;
    const gen = this.#generation;
    const ref: UnitRef = { level: u.level, id: u.id };
    this.error = null;
    this.task = {
      kind: 'xlsx',
      title: 'Подготовка XLSX',
      fraction: 0,
      stage: 'Формирование книги',
      determinate: false,
    };
    try {
      const r = await analysisClient.unitXlsx(key, ref);
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      const bytes = r.value;
      downloadBlob(
        bytes as Uint8Array<ArrayBuffer>,
        fileName(`ОКО ${report.id} — ${unitTitle(u)}`, 'xlsx'),
        XLSX_TYPE,
      );
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    } finally {
      if (gen === this.#generation) this.task = null;
    }
  }

  /** Stop the worker. The stored data is untouched; an analysis in progress is dropped. */
  cancel(): void {
    if (!this.task) return;
    const kind = this.task.kind;
    this.#generation++;
    analysisClient.cancel();
    this.task = null;
    if (kind === 'analyze') {
      this.analysis = null;
      this.pupils = null;
      this.path = [];
      this.procedureKey = null;
      this.notice = 'Анализ отменён.';
    } else {
      this.notice = 'Подготовка файла отменена.';
    }
  }

  fail(e: unknown): void {
    if (e instanceof AnalysisCancelledError) return;
    const failure = e as Partial<AnalysisFailure> | Error;
    this.error = failure instanceof Error ? `Ошибка: ${failure.message}` : (failure.message ?? String(e));
  }
}

export const analysis = new AnalysisState();
