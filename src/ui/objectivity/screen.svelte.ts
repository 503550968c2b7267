// State of one visit of the «Объективность» screen: the works to choose from, the chosen kind and
// subject, the school page on screen, the context file and this screen's own errors. The run itself
// (its summary and progress) outlives the screen in ./objectivity.svelte.ts. Answers of the worker
// go through «latest answer wins» channels: a school page asked for before another one is dropped.
import type { SignalFamily } from '../../domain/objectivity/types';
import type { ObjectivityWork, SchoolDetail, SchoolRow } from '../../../workers/objectivity.api';
import { procedureId } from '../../domain/model';
import { objectivityClient } from '../clients/objectivity.client';
import { downloadBlob } from '../lib/download';
import { Latest } from '../lib/latest';
import { FAMILY_NAMES, LEVEL_NAMES } from './labels';
import { byEvidence, EVIDENCE_ORDER_TITLE } from './evidence-order';
import { objectivity } from './objectivity.svelte';
import { focus } from '../state/focus.svelte';

const FAMILIES: SignalFamily[] = ['distribution', 'external', 'pattern', 'context'];
const LEVELS = ['red', 'amber'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const uniq = <T>(xs: T[]) => [...new Set(xs)];
const ru = (a: string, b: string) => a.localeCompare(b, 'ru');
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export interface SchoolGroup {
  key: string;
  title: string;
  schools: SchoolRow[];
}

export class ObjectivityScreenState {
  works = $state.raw<ObjectivityWork[] | null>(null);
  kind = $state('');
  subject = $state('');
  context = $state.raw<{ fileName: string; schools: number } | null>(null);
  contextMessage = $state<string | null>(null);
  /** The school page on screen (null: the list). */
  detail = $state.raw<SchoolDetail | null>(null);
  /** Errors of this screen's own calls (a school page, a download); the run's are in the run state. */
  localError = $state<string | null>(null);
  groupBy = $state<'family' | 'level' | 'evidence'>('family');

  error = $derived(objectivity.error ?? this.localError);
  kinds = $derived(uniq((this.works ?? []).map((w) => w.kind)).sort(ru));
  subjects = $derived(
    uniq((this.works ?? []).filter((w) => w.kind === this.kind).map((w) => w.subject)).sort(ru),
  );
  procedureIds = $derived((this.works ?? []).map((w) => procedureId(w)));

  /** The municipality in focus when the run has it ('' = all). */
  municipality = $derived.by(() => {
    const m = focus.municipality;
    return m && objectivity.last?.summary.municipalities.some((x) => x.id === m) ? m : '';
  });
  /** Every school of the run in the focus municipality, by name (the «Страница школы» picker). */
  pickable = $derived.by(() => {
    const all = objectivity.last?.summary.all ?? [];
    const m = this.municipality;
    return m ? all.filter((x) => x.municipality === m) : all;
  });

  /** Schools with signs (of the focus municipality), grouped; within a group by name. */
  groups: SchoolGroup[] = $derived.by(() => {
    const m = this.municipality;
    const list = (objectivity.last?.summary.schools ?? []).filter((x) => !m || x.municipality === m);
    // A queue for checking, never a rating: more families first, then stronger evidence (riskScore).
    if (this.groupBy === 'evidence')
      return [{ key: 'evidence', title: EVIDENCE_ORDER_TITLE, schools: byEvidence(list) }];
    if (this.groupBy === 'level')
      return LEVELS.map((l) => ({
        key: l,
        title: LEVEL_NAMES[l],
        schools: list.filter((s) => s.level === l),
      }));
    return FAMILIES.map((f) => ({
      key: f,
      title: FAMILY_NAMES[f],
      schools: list.filter((s) => s.families.includes(f)),
    }));
  });

  #catalog = new Latest();
  #school = new Latest();

  constructor() {
    const last = objectivity.last?.summary;
    if (last) {
      this.kind = last.kind;
      this.subject = last.subject;
    }
  }

  /** The works and the context file; the kind and subject of the last run stay chosen. */
  async loadCatalog(): Promise<void> {
    const answer = Promise.all([objectivityClient.catalog(), objectivityClient.context()]);
    await this.#catalog
      .take(answer, ([c, ctx]) => {
        if (!c.ok) return void (this.localError = c.error.message);
        this.works = c.value;
        const last = objectivity.last?.summary;
        const kinds = this.kinds;
        if (!kinds.includes(this.kind))
          this.kind =
            last && kinds.includes(last.kind) ? last.kind : kinds.includes('ВПР') ? 'ВПР' : (kinds[0] ?? '');
        const subjects = this.subjects;
        if (!subjects.includes(this.subject))
          this.subject =
            last && last.kind === this.kind && subjects.includes(last.subject)
              ? last.subject
              : (subjects[0] ?? '');
        if (ctx.ok) this.context = ctx.value;
      })
      .catch((e: unknown) => (this.localError = message(e)));
  }

  run(): Promise<void> {
    this.#school.drop();
    this.detail = null;
    this.localError = null;
    return objectivity.run(this.kind, this.subject);
  }

  /** Show the page of school `login` of the run held by the worker. */
  async open(login: string): Promise<boolean> {
    let shown = false;
    await this.#school
      .take(objectivityClient.school(login), (out) => {
        if (out.ok) {
          this.detail = out.value;
          shown = true;
        } else this.localError = out.error.message;
      })
      .catch((e: unknown) => (this.localError = message(e)));
    return shown;
  }

  /** Back to the list (a school page still on its way is dropped). */
  close(): void {
    this.#school.drop();
    this.detail = null;
  }

  async downloadJson(): Promise<void> {
    const out = await objectivityClient.json();
    if (!out.ok) return void (this.localError = out.error.message);
    const name = `объективность-${this.kind}-${this.subject}.json`.replace(/\s+/g, '_');
    downloadBlob(out.value as Uint8Array<ArrayBuffer>, name, 'application/json');
  }

  /** The sheet «Признаки» (one row per signal, with the «Как читать» note), written in the worker. */
  async downloadSignsXlsx(): Promise<void> {
    const out = await objectivityClient.signsXlsx();
    if (!out.ok) return void (this.localError = out.error.message);
    const name = `признаки-${this.kind}-${this.subject}.xlsx`.replace(/\s+/g, '_');
    downloadBlob(out.value as Uint8Array<ArrayBuffer>, name, XLSX_TYPE);
  }

  async uploadContext(file: File): Promise<void> {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const out = await objectivityClient.saveContext(bytes, file.name);
    if (out.ok) {
      this.context = out.value;
      // The signs depend on the context: the shown ones are no longer those of the stored data.
      objectivity.invalidate('Загружен новый контекст школ. Рассчитайте признаки заново.');
      this.contextMessage = `Контекст загружен: ${out.value.schools} школ. Пересчитайте признаки.`;
    } else this.contextMessage = out.error.message;
  }
}
