// State of the analysis screen: the chosen procedure, the unit on screen (fetched from the analysis
// worker, which holds the full report), a page of its children, and the running worker task.
// A singleton, so leaving the screen and coming back keeps the place.
import type {
  Analysis,
  ChildOrder,
  ChildrenPage,
  Outcome,
  UnitCrumb,
  UnitRef,
  UnitView,
} from '../../../workers/analysis.api';
import type { Failure } from '../../../workers/outcome';
import { AnalysisCancelledError, analysisClient } from '../clients/analysis.client';
import { objectivityClient } from '../clients/objectivity.client';
import { allAdapted } from '../clients/db.client';
import { onDbChange } from '../../db/db-sync';
import type { SignsForExport } from '../../domain/report/objectivity-export';
import { downloadBlob } from '../lib/download';
import { fileName } from '../../domain/text/format';
import { unitTitle } from '../../domain/report/units';
import type { PupilRow } from '../../domain/report/units';
import type { UnitLevel, UnitReport } from '../../domain/report/types';

export type TaskKind = 'analyze' | 'json' | 'xlsx';

export interface RunningTask {
  kind: TaskKind;
  title: string;
  fraction: number;
  stage: string;
  /** Without progress reports from the worker the bar is indeterminate. */
  determinate: boolean;
}

/** The page of children on screen, of the unit `of`. */
export interface ChildList extends ChildrenPage {
  of: UnitRef;
  order: ChildOrder;
  page: number;
}

/** Rows of the child list rendered at a time. */
export const CHILD_PAGE = 50;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Units whose exports carry the objectivity signs of their schools (below a school: none). */
const SIGNS_LEVELS: ReadonlySet<UnitLevel> = new Set(['all', 'municipality', 'school']);

/** Share of an export's progress bar taken by the objectivity run (the file itself is quick). */
const SIGNS_SHARE = 0.9;

const sameUnit = (a: UnitRef, b: UnitRef) => a.level === b.level && a.id === b.id;

function check<T>(r: Outcome<T>): T {
  if (!r.ok) throw r.error;
  return r.value;
}

class AnalysisState {
  procedureKey = $state<string | null>(null);
  /** The procedure's header, its level-all unit and skills (the report itself stays in the worker). */
  analysis = $state.raw<Analysis | null>(null);
  /** The unit on screen with its trail. */
  view = $state.raw<UnitView | null>(null);
  children = $state.raw<ChildList | null>(null);
  /** Pupils of the class on screen (null while loading or when not a class). */
  pupils = $state.raw<{ classId: string; rows: PupilRow[] } | null>(null);
  /** Dataset row index of the pupil on screen, when one is opened. */
  pupil = $state<number | null>(null);
  task = $state<RunningTask | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  busy = $derived(this.task !== null);

  unit: UnitReport | null = $derived(this.view?.unit ?? null);

  /** From the root to the unit on screen. */
  trail: UnitCrumb[] = $derived.by(() => {
    const v = this.view;
    return v ? [...v.parentChain, { level: v.unit.level, id: v.unit.id, name: v.unit.name }] : [];
  });

  reference: UnitReport | null = $derived(this.analysis?.root ?? null);

  #generation = 0;
  /** Bumped by every navigation step: an answer for a unit the user has already left is dropped. */
  #step = 0;
  #order: ChildOrder = 'name';
  /** Bumped whenever stored data changes (any tab, any worker): cached signs are then stale. */
  #dataVersion = 0;
  /** `kind, subject, data version` of the last objectivity run made for an export. */
  #signsRun: string | null = null;
  /** An export waits for the objectivity worker: Cancel stops that worker too. */
  #signsRunning: number | null = null;

  /** Stored data changed: the next export recomputes the objectivity signs. */
  dataChanged(): void {
    this.#dataVersion++;
  }

  async open(procedureKey: string): Promise<void> {
    if (this.busy) this.cancel();
    const gen = ++this.#generation;
    this.#step++;
    this.procedureKey = procedureKey;
    this.analysis = null;
    this.view = null;
    this.children = null;
    this.pupils = null;
    this.pupil = null;
    this.error = null;
    this.notice = null;
    this.task = { kind: 'analyze', title: 'Анализ результатов', fraction: 0, stage: '', determinate: true };
    try {
      // Timing marks for `npm run bench` (scripts/bench-browser.ts): request → first unit received.
      performance.mark('oko:analysis:start');
      const r = await analysisClient.open(procedureKey, (fraction, stage) => {
        if (gen === this.#generation && this.task) this.task = { ...this.task, fraction, stage };
      });
      performance.mark('oko:analysis:end');
      performance.measure('oko:analysis', {
        start: 'oko:analysis:start',
        end: 'oko:analysis:end',
        detail: { workerMs: r.ok ? r.value.elapsedMs : null },
      });
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      const root = r.value.root;
      const ref: UnitRef = { level: root.level, id: root.id };
      const page = check(await this.#childPage(procedureKey, ref, this.#order, 0));
      if (gen !== this.#generation) return;
      this.analysis = r.value;
      this.view = { unit: root, parentChain: [], childrenCount: page.total, reference: root };
      this.children = page;
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
    this.#step++;
    this.procedureKey = null;
    this.analysis = null;
    this.view = null;
    this.children = null;
    this.pupils = null;
    this.pupil = null;
    this.notice = null;
    analysisClient.forget();
  }

  /** Open a child unit (one level down). */
  enter(u: UnitRef): Promise<void> {
    return this.#go({ level: u.level, id: u.id });
  }

  /** Go back to the i-th unit of the breadcrumb trail. */
  back(i: number): Promise<void> {
    const c = this.trail[i];
    return c ? this.#go({ level: c.level, id: c.id }) : Promise.resolve();
  }

  openPupil(index: number | null): void {
    this.pupil = index;
  }

  /** Another page, or another order, of the child list on screen. */
  async showChildren(order: ChildOrder, page: number): Promise<void> {
    const key = this.procedureKey;
    const of = this.children?.of;
    if (!key || !of) return;
    this.#order = order;
    const gen = this.#generation;
    const step = this.#step;
    try {
      const r = check(await this.#childPage(key, of, order, page));
      if (gen === this.#generation && step === this.#step) this.children = r;
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    }
  }

  #childPage(key: string, of: UnitRef, order: ChildOrder, page: number): Promise<Outcome<ChildList>> {
    return analysisClient
      .children(key, of.level, of.id, { offset: page * CHILD_PAGE, limit: CHILD_PAGE, sort: order })
      .then((r) => (r.ok ? { ok: true, value: { ...r.value, of, order, page } } : r));
  }

  /** Show unit `ref`: the unit, its first page of children and (a class) its pupils, all at once. */
  async #go(ref: UnitRef): Promise<void> {
    const key = this.procedureKey;
    if (!key) return;
    const v = this.view;
    if (v && sameUnit(v.unit, ref)) {
      this.pupil = null;
      return;
    }
    const gen = this.#generation;
    const step = ++this.#step;
    try {
      const loaded = this.pupils?.classId === ref.id ? this.pupils : null;
      const [view, page, pupils] = await Promise.all([
        analysisClient.unit(key, ref.level, ref.id).then(check),
        this.#childPage(key, ref, this.#order, 0).then(check),
        ref.level === 'class' && !loaded
          ? analysisClient.classPupils(key, ref.id).then((r) => ({ classId: ref.id, rows: check(r) }))
          : Promise.resolve(loaded),
      ]);
      if (gen !== this.#generation || step !== this.#step) return;
      this.error = null;
      this.view = view;
      this.children = page;
      this.pupils = pupils;
      this.pupil = null;
    } catch (e) {
      if (gen === this.#generation && step === this.#step) this.fail(e);
    }
  }

  /**
   * The objectivity signs of the procedure's kind and subject for an export, from the objectivity
   * worker: reused when that worker still holds the run this screen asked for on the same data,
   * otherwise computed there with the progress bar. A failure is not the export's: the file goes
   * without the signs and says why.
   */
  async #exportSigns(gen: number): Promise<SignsForExport> {
    const procedure = this.analysis?.procedure;
    if (!procedure) return { signs: null, notes: [] };
    const { kind, subject } = procedure;
    const runKey = `${kind}\n${subject}\n${this.#dataVersion}`;
    const failed = (message: string): SignsForExport => ({
      signs: null,
      notes: [`Признаки объективности не рассчитаны: ${message}`],
    });
    this.#signsRunning = gen;
    try {
      if (this.#signsRun === runKey) {
        const held = await objectivityClient.exportSigns(kind, subject);
        if (held.ok && held.value) return { signs: held.value, notes: [] };
      }
      const run = await objectivityClient.run(kind, subject, (fraction, stage) => {
        if (gen === this.#generation && this.task)
          this.task = {
            ...this.task,
            determinate: true,
            fraction: SIGNS_SHARE * fraction,
            stage: `Признаки объективности: ${stage}`,
          };
      });
      if (!run.ok) return failed(run.error.message);
      this.#signsRun = runKey;
      const out = await objectivityClient.exportSigns(kind, subject);
      if (!out.ok) return failed(out.error.message);
      return out.value
        ? { signs: out.value, notes: [] }
        : failed('расчёт заменён другим, повторите выгрузку.');
    } catch (e) {
      // A cancel stops the worker: the export is dropped, not written without its signs.
      if (gen !== this.#generation) throw e;
      return failed(e instanceof Error ? e.message : String(e));
    } finally {
      if (this.#signsRunning === gen) this.#signsRunning = null;
    }
  }

  /** The task's bar after the signs: the worker writes the file (no progress reports). */
  #writing(gen: number, stage: string): void {
    if (gen === this.#generation && this.task)
      this.task = { ...this.task, determinate: false, fraction: SIGNS_SHARE, stage };
  }

  /**
   * «Скачать JSON»: the full oko-report/v1 document of the procedure, built by the engine in the
   * worker; for a unit at school level or above with `schools[]` (objectivity signs) of its schools.
   */
  async downloadJson(): Promise<void> {
    const key = this.procedureKey;
    const procedure = this.analysis?.procedure;
    const u = this.unit;
    if (!key || !procedure || this.busy) return;
    const gen = this.#generation;
    const ref: UnitRef | null = u && SIGNS_LEVELS.has(u.level) ? { level: u.level, id: u.id } : null;
    this.error = null;
    this.task = {
      kind: 'json',
      title: 'Подготовка JSON',
      fraction: 0,
      stage: ref ? 'Признаки объективности' : 'Формирование отчёта',
      determinate: false,
    };
    try {
      const signs = ref ? await this.#exportSigns(gen) : null;
      if (gen !== this.#generation) return;
      this.#writing(gen, 'Формирование отчёта');
      // Pupils marked «АООП» in the local class lists: the JSON adds their figures beside the binding ones.
      const adapted = await allAdapted().catch(() => ({}));
      const r = await analysisClient.fullReportJson(
        key,
        ref && signs ? { unit: ref, signs } : undefined,
        Object.keys(adapted).length ? adapted : undefined,
      );
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      downloadBlob(
        r.value as Uint8Array<ArrayBuffer>,
        fileName(`ОКО-отчёт ${procedure.id}`, 'json'),
        'application/json',
      );
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    } finally {
      if (gen === this.#generation) this.task = null;
    }
  }

  /**
   * «Скачать XLSX»: the workbook of the unit on screen, written by the engine's xlsx-export; a unit
   * at school level or above also gets the sheet «Признаки».
   */
  async downloadXlsx(): Promise<void> {
    const key = this.procedureKey;
    const procedure = this.analysis?.procedure;
    const u = this.unit;
    if (!key || !procedure || !u || this.busy) return;
    const gen = this.#generation;
    const ref: UnitRef = { level: u.level, id: u.id };
    const withSigns = SIGNS_LEVELS.has(u.level);
    this.error = null;
    this.task = {
      kind: 'xlsx',
      title: 'Подготовка XLSX',
      fraction: 0,
      stage: withSigns ? 'Признаки объективности' : 'Формирование книги',
      determinate: false,
    };
    try {
      const signs = withSigns ? await this.#exportSigns(gen) : undefined;
      if (gen !== this.#generation) return;
      this.#writing(gen, 'Формирование книги');
      const r = await analysisClient.unitXlsx(key, ref, signs);
      if (gen !== this.#generation) return;
      if (!r.ok) return this.fail(r.error);
      const bytes = r.value;
      downloadBlob(
        bytes as Uint8Array<ArrayBuffer>,
        fileName(`ОКО ${procedure.id} — ${unitTitle(u)}`, 'xlsx'),
        XLSX_TYPE,
      );
    } catch (e) {
      if (gen === this.#generation) this.fail(e);
    } finally {
      if (gen === this.#generation) this.task = null;
    }
  }

  /**
   * Stop the worker. The stored data is untouched; an analysis in progress is dropped. After a file's
   * preparation is cancelled the screen stays: the next call restarts the worker, which analyses again.
   */
  cancel(): void {
    if (!this.task) return;
    const kind = this.task.kind;
    this.#generation++;
    this.#step++;
    analysisClient.cancel();
    if (this.#signsRunning !== null) objectivityClient.cancel();
    this.task = null;
    if (kind === 'analyze') {
      this.analysis = null;
      this.view = null;
      this.children = null;
      this.pupils = null;
      this.procedureKey = null;
      this.notice = 'Анализ отменён.';
    } else {
      this.notice = 'Подготовка файла отменена.';
    }
  }

  fail(e: unknown): void {
    if (e instanceof AnalysisCancelledError) return;
    const failure = e as Partial<Failure> | Error;
    this.error = failure instanceof Error ? `Ошибка: ${failure.message}` : (failure.message ?? String(e));
  }
}

export const analysis = new AnalysisState();

// Another tab, a worker or this page wrote: signs computed before are stale.
onDbChange(() => analysis.dataChanged());
