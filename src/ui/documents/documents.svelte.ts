// State of the «Документы» screen: the procedure and unit chosen, the pupils and roster of a class,
// the running document job, the roadmap being edited and the print view. Answers from the documents
// worker go through «latest answer wins» channels (../lib/latest.ts): an outline or a class list
// that arrives after the user chose another procedure or class is dropped.
// One instance per visit of the screen (the component makes it), as the page did before.
import type { DocModel } from '../../domain/documents/model';
import type { MeasureStatus, Roadmap } from '../../domain/roadmap/types';
import { defaultResultsDate, procedureKindYear } from '../../domain/roadmap/results-date';
import { parallelId } from '../../domain/report/analyze';
import {
  documentsClient,
  DocumentsCancelledError,
  type DocumentKind,
  type DocumentRequest,
  type Outline,
  type OutlinePupil,
} from '../clients/documents.client';
import { adaptedOf, rosterOf } from '../clients/db.client';
import { downloadBlob } from '../lib/download';
import { Latest } from '../lib/latest';
import { focus } from '../state/focus.svelte';

export type Level = DocumentRequest['level'];

export function todayIso(): string {
  // Read once, never mutated or watched: a plain Date, not a reactive one.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'ru', { numeric: true });

type MeasurePatch = { status?: MeasureStatus; deadline?: string; text?: string; responsible?: string };

export class DocumentsState {
  procedureKey = $state<string>('');
  outline = $state.raw<Outline | null>(null);
  level = $state<Level>('school');
  municipalityId = $state('');
  schoolId = $state('');
  classId = $state('');
  resultsDate = $state(todayIso());
  calendar = $state<'quarters' | 'trimesters'>('quarters');
  people = $state<Record<string, string>>({});
  peopleSaved = $state(false);

  busy = $state(false);
  progress = $state(0);
  stage = $state('');
  error = $state<string | null>(null);
  last = $state<{ kind: DocumentKind; fileName: string; ms: number } | null>(null);
  printModel = $state.raw<DocModel | null>(null);
  roadmap = $state.raw<{ roadmap: Roadmap; stored: boolean } | null>(null);
  templatesRevision = $state(0);
  // The pupils of the chosen class (codes from the worker) and the school's local roster (names stay
  // on this page: they go to the worker only for a document the user asked to carry names).
  pupils = $state.raw<OutlinePupil[]>([]);
  pupilCode = $state('');
  rosterNames = $state.raw<Record<string, string>>({});
  withNames = $state(false);
  /** Codes marked «АООП» in the chosen school's local class list (they stay on the device). */
  adaptedCodes = $state.raw<string[]>([]);
  /** The справка without those pupils (it says so under the title). */
  withoutAdapted = $state(false);

  /** Municipalities by name (the worker lists them in file order). */
  municipalities = $derived([...(this.outline?.municipalities ?? [])].sort(byName));
  /** The schools of the focus municipality (all when none is chosen), by name. */
  schools = $derived.by(() => {
    const all = this.outline?.schools ?? [];
    const m = focus.municipality;
    const inFocus = m ? all.filter((s) => s.municipality === m) : all;
    return [...(inFocus.length ? inFocus : all)].sort(byName);
  });
  school = $derived(this.outline?.schools.find((s) => s.id === this.schoolId));
  needsSchool = $derived(this.level === 'school' || this.level === 'parallel' || this.level === 'class');
  unitId = $derived.by(() => {
    switch (this.level) {
      case 'all':
        return 'all';
      case 'municipality':
        return this.municipalityId;
      case 'school':
        return this.schoolId;
      case 'parallel':
        return this.schoolId && this.outline ? parallelId(this.schoolId, this.outline.grade) : '';
      default:
        return this.classId;
    }
  });
  classNames = $derived(
    this.pupils
      .filter((x) => this.rosterNames[x.code]?.trim())
      .map((x): [string, string] => [x.code, this.rosterNames[x.code].trim()]),
  );
  namesOn = $derived(this.withNames && this.classNames.length > 0 && this.level === 'class');
  ready = $derived(
    !!this.procedureKey &&
      !!this.outline &&
      !!this.unitId &&
      !this.busy &&
      /^\d{4}-\d{2}-\d{2}$/.test(this.resultsDate),
  );

  #outline = new Latest();
  #pupils = new Latest();
  #roster = new Latest();
  #adapted = new Latest();

  request(pupil?: string): DocumentRequest {
    return {
      level: this.level,
      unitId: this.unitId,
      resultsDate: this.resultsDate,
      today: todayIso(),
      calendar: this.calendar,
      ...(this.namesOn ? { names: $state.snapshot(this.classNames) } : {}),
      ...(pupil ? { pupil } : {}),
      ...(this.needsSchool && this.adaptedCodes.length
        ? { adapted: [...this.adaptedCodes], withoutAdapted: this.withoutAdapted }
        : {}),
    };
  }

  async loadPeople(): Promise<void> {
    const r = await documentsClient.people();
    if (r.ok) this.people = { ...r.value };
  }

  /** Open a procedure: its outline, the first school with works (in the focus municipality). */
  async choose(key: string): Promise<void> {
    this.procedureKey = key;
    this.outline = null;
    this.roadmap = null;
    this.printModel = null;
    this.error = null;
    const kindYear = procedureKindYear(key);
    if (kindYear) this.resultsDate = defaultResultsDate(kindYear.kind, kindYear.year, todayIso());
    const answer = documentsClient.outline(key).catch((e: unknown) => ({
      ok: false as const,
      error: { message: e instanceof Error ? e.message : String(e) },
    }));
    await this.#outline.take(answer, (r) => {
      if (!r.ok) {
        this.error = r.error.message;
        return;
      }
      this.outline = r.value;
      // The focus school, else the first with works in file order (of the focus municipality).
      const all = r.value.schools;
      const inFocus = all.filter((s) => !focus.municipality || s.municipality === focus.municipality);
      const pool = inFocus.length ? inFocus : all;
      const firstSchool =
        pool.find((s) => s.id === focus.school) ?? pool.find((s) => s.written > 0) ?? pool[0];
      this.schoolId = firstSchool?.id ?? '';
      this.classId = firstSchool?.classes[0]?.id ?? '';
      const focused = r.value.municipalities.find((m) => m.id === focus.municipality);
      this.municipalityId = focused?.id ?? this.municipalities[0]?.id ?? '';
      if (this.level === 'municipality' && !this.municipalityId) this.level = 'school';
    });
  }

  chooseLevel(level: Level): void {
    this.level = level;
    this.printModel = null;
  }

  chooseSchool(id: string): void {
    this.schoolId = id;
    this.classId = this.outline?.schools.find((s) => s.id === id)?.classes[0]?.id ?? '';
    this.roadmap = null;
    focus.setSchool(id);
  }

  chooseMunicipality(id: string): void {
    this.municipalityId = id;
    focus.setMunicipality(id);
  }

  /** The focus municipality changed: keep the chosen school only when it is still listed. */
  focusChanged(): void {
    if (!this.outline || this.schools.some((s) => s.id === this.schoolId)) return;
    const first = this.schools.find((s) => s.written > 0) ?? this.schools[0];
    if (first) this.chooseSchool(first.id);
  }

  /** Pupils and roster of the chosen class (the component calls it when the class changes). */
  loadClass(): void {
    const key = this.procedureKey;
    const cls = this.level === 'class' && this.outline ? this.classId : '';
    const login = this.schoolId;
    void this.#adapted
      .take(
        this.needsSchool && login ? adaptedOf(login).catch(() => []) : Promise.resolve([]),
        (codes) => (this.adaptedCodes = codes),
      )
      .catch(() => {});
    if (!key || !cls) {
      this.#pupils.drop();
      this.pupils = [];
      this.pupilCode = '';
      return;
    }
    void this.#pupils.take(documentsClient.pupils(key, cls), (r) => {
      this.pupils = r.ok ? r.value : [];
      if (!this.pupils.some((x) => x.code === this.pupilCode))
        this.pupilCode = (this.pupils.find((x) => !x.absent) ?? this.pupils[0])?.code ?? '';
    });
    void this.#roster
      .take(
        rosterOf(login).catch(() => ({})),
        (r) => (this.rosterNames = r),
      )
      .catch(() => {});
  }

  async #run<T>(title: string, job: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.progress = 0;
    this.stage = title;
    this.error = null;
    try {
      return await job();
    } catch (e) {
      this.error =
        e instanceof DocumentsCancelledError ? 'Отменено.' : e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  async generate(kind: DocumentKind): Promise<void> {
    const started = performance.now();
    await this.#run('Составление документа', async () => {
      const req = this.request(kind === 'pupil-spravka' ? this.pupilCode : undefined);
      const r = await documentsClient.generate(this.procedureKey, kind, req, (f, s) => {
        this.progress = f;
        this.stage = s;
      });
      if (!r.ok) {
        this.error = r.error.message;
        return;
      }
      downloadBlob(r.value.bytes as Uint8Array<ArrayBuffer>, r.value.fileName, r.value.mime);
      this.last = { kind, fileName: r.value.fileName, ms: Math.round(performance.now() - started) };
    });
  }

  async openPrint(pupil?: string): Promise<void> {
    await this.#run('Подготовка справки для печати', async () => {
      const r = await documentsClient.spravkaModel(this.procedureKey, this.request(pupil));
      if (r.ok) this.printModel = r.value;
      else this.error = r.error.message;
    });
  }

  async loadRoadmap(): Promise<void> {
    await this.#run('Составление дорожной карты', async () => {
      const r = await documentsClient.roadmap(this.procedureKey, this.request());
      if (r.ok) this.roadmap = r.value;
      else this.error = r.error.message;
    });
  }

  #roadmapAnswer(r: { ok: true; value: Roadmap } | { ok: false; error: { message: string } }): void {
    if (r.ok) this.roadmap = { roadmap: r.value, stored: true };
    else this.error = r.error.message;
  }

  async changeMeasure(id: string, patch: MeasurePatch): Promise<void> {
    this.#roadmapAnswer(await documentsClient.updateMeasure(this.procedureKey, this.request(), id, patch));
  }

  async addMeasure(stageId: string, fields: { text: string; deadline: string; responsible: string }) {
    this.#roadmapAnswer(await documentsClient.addMeasure(this.procedureKey, this.request(), stageId, fields));
  }

  async removeMeasure(id: string): Promise<void> {
    this.#roadmapAnswer(await documentsClient.removeMeasure(this.procedureKey, this.request(), id));
  }

  async resetRoadmap(): Promise<void> {
    const r = await documentsClient.resetRoadmap(this.procedureKey, this.request());
    if (!r.ok) this.error = r.error.message;
    else await this.loadRoadmap();
  }

  async savePeople(): Promise<void> {
    const r = await documentsClient.savePeople($state.snapshot(this.people));
    this.peopleSaved = r.ok;
    if (!r.ok) this.error = r.error.message;
  }

  templatesChanged(): void {
    this.templatesRevision++;
    this.roadmap = null;
    documentsClient.forget();
  }
}
