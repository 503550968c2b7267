// «Сравнить с ФИС ОКО»: the reference files of the procedure on screen, loading a new one (parsed in
// the analysis worker, stored here in the settings table) and the unit chosen to compare with.
// A singleton like the analysis state: the choice survives leaving the screen.
import {
  addReference,
  deleteReference,
  listReferences,
  matchReference,
  type StoredReference,
} from '../../db';
import type { ReferenceProcedure, ReferenceUnit } from '../../domain/reference/types';
import { AnalysisCancelledError, analysisClient } from '../clients/analysis.client';
import {
  chosen,
  describeProcedure,
  fieldsOfKey,
  mergeUnits,
  type ChosenReference,
} from './reference-compare';
import { lazyConnection } from '../lib/lazy-db';

const database = lazyConnection();

/** A parsed file waiting for the user to say which procedure it belongs to. */
export interface PendingReference {
  file: string;
  procedure: ReferenceProcedure;
  units: ReferenceUnit[];
  ignoredSheets: string[];
  /** Why the user is asked. */
  question: string;
  /** Stored procedures nothing in the file contradicts (may be empty: then any may be chosen). */
  candidates: string[];
  /** Preselected procedure key. */
  suggested: string;
}

const MAX_BYTES = 50 * 1024 * 1024;

class ReferenceState {
  procedureKey = $state<string | null>(null);
  files = $state.raw<StoredReference[]>([]);
  /** Id of the chosen reference unit; '' compares with all loaded data (the default). */
  choice = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  pending = $state.raw<PendingReference | null>(null);

  units: ReferenceUnit[] = $derived(mergeUnits(this.files));

  current: ChosenReference | null = $derived.by(() => {
    const u = this.choice ? this.units.find((x) => x.id === this.choice) : undefined;
    return u ? chosen(u) : null;
  });

  #generation = 0;

  /** Show the reference files of `procedureKey` (the procedure now on the screen). */
  async load(procedureKey: string | null): Promise<void> {
    if (procedureKey === this.procedureKey) return;
    const gen = ++this.#generation;
    this.procedureKey = procedureKey;
    this.files = [];
    this.choice = '';
    this.error = null;
    this.notice = null;
    this.pending = null;
    if (!procedureKey) return;
    try {
      const files = await listReferences(await database(), procedureKey);
      if (gen === this.#generation) this.files = files;
    } catch (e) {
      if (gen === this.#generation) this.error = `Не удалось прочитать данные ФИС ОКО: ${message(e)}`;
    }
  }

  /**
   * Read a report file in the worker, then store it for the procedure on screen when the file names
   * exactly that procedure; otherwise ask (another stored procedure, or year/grade missing).
   */
  async importFile(file: File, current: ProcedureLike, stored: readonly string[]): Promise<void> {
    const key = this.procedureKey;
    if (!key || this.busy) return;
    const gen = this.#generation;
    this.error = null;
    this.notice = null;
    this.pending = null;
    if (file.size > MAX_BYTES) {
      this.error = `Файл «${file.name}» слишком большой (${Math.round(file.size / 1048576)} МБ) для отчёта ФИС ОКО.`;
      return;
    }
    this.busy = true;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const out = await analysisClient.importReference(file.name, bytes);
      if (gen !== this.#generation) return;
      if (!out.ok) {
        this.error = out.error.message;
        return;
      }
      const r = out.value;
      const keys = [...new Set([key, ...stored])];
      const { exact, candidates } = matchReference(r.procedure, keys.map(fieldsOfKey));
      const parsed = { file: r.file, procedure: r.procedure, units: r.units, ignoredSheets: r.ignoredSheets };
      if (exact === key) {
        await this.#save(key, parsed);
        return;
      }
      const inFile = describeProcedure(r.procedure);
      const here = describeProcedure(current);
      this.pending = {
        ...parsed,
        candidates,
        suggested: exact ?? (candidates.includes(key) ? key : (candidates[0] ?? key)),
        question: exact
          ? `Файл «${r.file}» относится к процедуре «${inFile}», а на экране — «${here}». Для какой процедуры сохранить данные?`
          : candidates.length > 1
            ? `В файле «${r.file}» указано: «${inFile}». Этому подходят несколько процедур — выберите, к какой относятся данные.`
            : candidates.length === 1
              ? `В файле «${r.file}» указано: «${inFile}» — не всё известно. Проверьте, к какой процедуре относятся данные.`
              : `Файл «${r.file}» относится к процедуре «${inFile}», которой нет среди загруженных. Сохранить его всё равно?`,
      };
    } catch (e) {
      if (gen === this.#generation && !(e instanceof AnalysisCancelledError))
        this.error = `Не удалось прочитать файл «${file.name}»: ${message(e)}`;
    } finally {
      if (gen === this.#generation) this.busy = false;
    }
  }

  /** The user chose the procedure for the pending file. */
  async confirm(procedureKey: string): Promise<void> {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    await this.#save(procedureKey, {
      file: p.file,
      procedure: p.procedure,
      units: p.units,
      ignoredSheets: p.ignoredSheets,
    });
  }

  dismiss(): void {
    this.pending = null;
  }

  async remove(id: string): Promise<void> {
    const key = this.procedureKey;
    if (!key) return;
    try {
      const d = await database();
      await deleteReference(d, key, id);
      this.files = await listReferences(d, key);
      if (this.choice && !this.units.some((u) => u.id === this.choice)) this.choice = '';
    } catch (e) {
      this.error = `Не удалось удалить: ${message(e)}`;
    }
  }

  async #save(procedureKey: string, ref: Omit<StoredReference, 'id' | 'addedAt'>): Promise<void> {
    try {
      const d = await database();
      await addReference(d, procedureKey, ref);
      const comparable = mergeUnits([ref]).length;
      const skipped = ref.ignoredSheets.length
        ? ` Листы без отчёта пропущены: ${ref.ignoredSheets.map((s) => `«${s}»`).join(', ')}.`
        : '';
      if (procedureKey === this.procedureKey) {
        this.files = await listReferences(d, procedureKey);
        this.notice = `Файл «${ref.file}» загружен: строк для сравнения — ${comparable}.${skipped}`;
      } else {
        this.notice = `Файл «${ref.file}» сохранён для процедуры «${describeProcedure(fieldsOfKey(procedureKey))}».${skipped}`;
      }
    } catch (e) {
      this.error = `Не удалось сохранить файл «${ref.file}»: ${message(e)}`;
    }
  }
}

export interface ProcedureLike {
  kind: string;
  subject: string;
  grade: number;
  year: number;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const reference = new ReferenceState();
