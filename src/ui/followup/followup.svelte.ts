// «Контрольные точки»: the chosen procedure and class, the stored sheet with its statuses, the school's
// counts and the files. Every change goes to the follow-up worker, which stores the whole sheet at once.
import {
  followupClient,
  type ClassOption,
  type SchoolView,
  type SheetView,
} from '../clients/followup.client';
import { rosterOf } from '../clients/db.client';
import { downloadBlob } from '../lib/download';
// The pure parts only: the package index would pull SheetJS into the page bundle.
import { nextLevel } from '../../domain/followup/sheet';
import type { CheckValue } from '../../domain/followup/types';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function localToday(): string {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, never watched
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export class FollowupState {
  procedureKey = $state('');
  classes = $state.raw<ClassOption[]>([]);
  classId = $state('');
  view = $state.raw<SheetView | null>(null);
  school = $state.raw<SchoolView | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** The place of an import error (file, sheet, row, column), shown under the message. */
  errorPlace = $state<string | null>(null);
  notice = $state<string | null>(null);
  withNames = $state(false);
  /** The sheet's rows for printing (same as the XLSX), while the print view is open. */
  printRows = $state.raw<(string | number)[][] | null>(null);
  rosterNames = $state.raw<Record<string, string>>({});

  /** Names of the sheet's pupils from the local roster, only when the user ticked «ФИО». */
  names = $derived.by((): [string, string][] | undefined => {
    if (!this.withNames || !this.view) return undefined;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never watched
    const codes = new Set(this.view.sheet.items.map((i) => i.code));
    const out = Object.entries(this.rosterNames).filter(([c, n]) => codes.has(c) && n.trim());
    return out.length ? out : undefined;
  });

  async chooseProcedure(key: string): Promise<void> {
    this.procedureKey = key;
    this.classes = [];
    this.classId = '';
    this.view = null;
    this.school = null;
    this.error = null;
    if (!key) return;
    const r = await followupClient.classes(key);
    if (this.procedureKey !== key) return;
    if (!r.ok) return this.#fail(r.error);
    this.classes = r.value;
    this.classId = (r.value.find((c) => c.stored) ?? r.value[0])?.classId ?? '';
  }

  /** Opens the class's sheet (made from the procedure's deficits and stored on first use). */
  async open(): Promise<void> {
    if (!this.procedureKey || !this.classId) return;
    await this.#run(async () => {
      const r = await followupClient.open(this.procedureKey, this.classId);
      if (!r.ok) return this.#fail(r.error);
      this.#show(r.value);
      this.classes = this.classes.map((c) => (c.classId === this.classId ? { ...c, stored: true } : c));
      const login = r.value.sheet.school;
      this.rosterNames = await rosterOf(login).catch(() => ({}));
    });
  }

  async addRound(date: string): Promise<void> {
    const v = this.view;
    if (!v) return;
    await this.#run(async () => {
      const r = await followupClient.addRound(v.sheet.id, date);
      if (!r.ok) return this.#fail(r.error);
      this.#show(r.value);
    });
  }

  /** One tap: пусто → сформировано → частично → не сформировано → пусто. */
  async cycle(date: string, item: number, current: CheckValue): Promise<void> {
    const v = this.view;
    if (!v) return;
    const r = await followupClient.setCell(v.sheet.id, date, item, nextLevel(current));
    if (!r.ok) return this.#fail(r.error);
    this.#show(r.value);
  }

  async importFile(file: File): Promise<void> {
    const v = this.view;
    if (!v) return;
    await this.#run(async () => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await followupClient.importXlsx(v.sheet.id, bytes, file.name);
      if (!r.ok) return this.#fail(r.error);
      this.#show(r.value);
      this.notice = `Лист «${file.name}» загружен: проверок ${r.value.sheet.rounds.length}.`;
    });
  }

  async downloadSheet(): Promise<void> {
    const v = this.view;
    if (!v) return;
    await this.#run(async () => {
      const r = await followupClient.sheetXlsx(v.sheet.id, $state.snapshot(this.names));
      if (!r.ok) return this.#fail(r.error);
      downloadBlob(r.value.bytes as Uint8Array<ArrayBuffer>, r.value.fileName, XLSX_MIME);
      this.notice = `Сохранён файл ${r.value.fileName}`;
    });
  }

  async openPrint(): Promise<void> {
    const v = this.view;
    if (!v) return;
    const r = await followupClient.sheetRows(v.sheet.id, $state.snapshot(this.names));
    if (!r.ok) return this.#fail(r.error);
    this.printRows = r.value;
  }

  async effectiveness(format: 'docx' | 'xlsx'): Promise<void> {
    const v = this.view;
    if (!v) return;
    await this.#run(async () => {
      const r = await followupClient.effectiveness(
        v.sheet.procedureKey,
        v.sheet.school,
        format,
        $state.snapshot(this.names),
      );
      if (!r.ok) return this.#fail(r.error);
      downloadBlob(
        r.value.bytes as Uint8Array<ArrayBuffer>,
        r.value.fileName,
        format === 'docx' ? DOCX_MIME : XLSX_MIME,
      );
      this.notice = `Сохранён файл ${r.value.fileName}`;
    });
  }

  /** A sheet changed elsewhere (a later work counted as a check). */
  shown(view: SheetView): void {
    this.#show(view);
    this.notice = `Учтена проверка: ${view.sheet.rounds.length} по листу.`;
  }

  #show(view: SheetView): void {
    this.view = view;
    this.error = null;
    this.errorPlace = null;
    void followupClient.school(view.sheet.procedureKey, view.sheet.school).then((r) => {
      if (r.ok && this.view?.sheet.school === view.sheet.school) this.school = r.value;
    });
  }

  #fail(e: { message: string; file?: string; sheet?: string; row?: number; column?: string }): void {
    this.error = e.message;
    this.errorPlace =
      e.row !== undefined
        ? `Файл «${e.file}», лист «${e.sheet}», строка ${e.row}, столбец ${e.column}`
        : null;
    this.notice = null;
  }

  async #run(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.notice = null;
    try {
      await fn();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }
}
