// The import workflow: files → worker parse → preview → (maxima confirmation) → save in the worker.
import type { ProcedureSpec } from '../../domain/model';
import type { ImportFailure, ParsedPreview, RecheckSaved } from '../../../workers/import.api';
import { CancelledError, importClient } from '../clients/import.client';
import { formatInt } from '../../domain/text/format';
import { procedures } from './procedures.svelte';

export interface WorkerTask {
  kind: 'parse' | 'save' | 'demo';
  title: string;
  fraction: number;
  stage: string;
}

export interface Notice {
  tone: 'success' | 'info';
  text: string;
}

/** The last stored re-check: how its works matched the protocol (shown until the next action). */
export interface RecheckReport extends RecheckSaved {
  fileName: string;
}

const ACCEPTED = /\.(xlsx|xls|csv)$/i;

class ImportState {
  task = $state<WorkerTask | null>(null);
  // Raw: a preview's warnings can number in the thousands and are never edited.
  previews = $state.raw<ParsedPreview[]>([]);
  errors = $state.raw<ImportFailure[]>([]);
  notice = $state<Notice | null>(null);
  recheckReport = $state.raw<RecheckReport | null>(null);

  get busy(): boolean {
    return this.task !== null;
  }

  /** Parsed files that are not saved yet: an app update must not reload them away. */
  get hasUnsaved(): boolean {
    return this.previews.length > 0;
  }

  private progress(kind: WorkerTask['kind'], title: string) {
    this.task = { kind, title, fraction: 0, stage: '' };
    return (fraction: number, stage: string) => {
      if (this.task) this.task = { ...this.task, fraction, stage };
    };
  }

  async importFiles(files: File[]): Promise<void> {
    if (this.busy || files.length === 0) return;
    this.errors = [];
    this.notice = null;
    this.recheckReport = null;
    try {
      for (const [i, file] of files.entries()) {
        if (!ACCEPTED.test(file.name)) {
          this.errors = [
            ...this.errors,
            {
              kind: 'import',
              file: file.name,
              message: 'Формат не поддерживается: нужен файл .xlsx, .xls или .csv.',
            },
          ];
          continue;
        }
        const title =
          files.length > 1
            ? `Чтение файла ${i + 1} из ${files.length}: «${file.name}»`
            : `Чтение «${file.name}»`;
        const outcome = await importClient.parse(file, this.progress('parse', title));
        if (outcome.ok) this.previews = [...this.previews, outcome.value];
        else this.errors = [...this.errors, outcome.error];
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.task = null;
    }
  }

  /** Re-run a file's import with confirmed maxima (and procedure fields) as a spec. */
  async recalc(token: number, spec: ProcedureSpec): Promise<void> {
    if (this.busy) return;
    const old = this.previews.find((p) => p.token === token);
    this.errors = [];
    try {
      const outcome = await importClient.reparse(
        token,
        spec,
        this.progress('parse', `Пересчёт «${old?.fileName}»`),
      );
      if (outcome.ok) this.previews = this.previews.map((p) => (p.token === token ? outcome.value : p));
      else this.errors = [outcome.error];
    } catch (e) {
      this.fail(e);
    } finally {
      this.task = null;
    }
  }

  /** The preview of `token` with the messages cleared, or null (busy, or the preview is gone). */
  private startSave(token: number): ParsedPreview | null {
    const preview = this.previews.find((p) => p.token === token);
    if (this.busy || !preview) return null;
    this.errors = [];
    this.notice = null;
    this.recheckReport = null;
    return preview;
  }

  async confirm(token: number): Promise<void> {
    const preview = this.startSave(token);
    if (!preview) return;
    try {
      const r = await importClient.save(token, this.progress('save', `Сохранение «${preview.fileName}»`));
      if (!r.ok) {
        // The same pupils again is most often a re-check file saved as a protocol.
        const hint =
          r.error.code === 'conflict'
            ? ' Если это результаты перепроверки тех же работ, выберите в предпросмотре «Результаты перепроверки».'
            : '';
        this.errors = [{ ...r.error, message: r.error.message + hint }];
        return;
      }
      this.previews = this.previews.filter((p) => p.token !== token);
      this.notice = r.value.duplicate
        ? { tone: 'info', text: `Этот файл уже загружен: «${preview.fileName}». Повторно он не сохранён.` }
        : {
            tone: 'success',
            text: `Сохранено: «${preview.fileName}» — ${formatInt(preview.summary.written)} писавших.`,
          };
      await procedures.refresh();
    } catch (e) {
      this.fail(e);
    } finally {
      this.task = null;
    }
  }

  /** Store a previewed file as a re-check (перепроверка) of the stored procedure `procedureKey`. */
  async confirmRecheck(token: number, procedureKey: string): Promise<void> {
    const preview = this.startSave(token);
    if (!preview) return;
    try {
      const r = await importClient.saveRecheck(
        token,
        procedureKey,
        this.progress('save', `Сохранение перепроверки «${preview.fileName}»`),
      );
      if (!r.ok) {
        this.errors = [r.error];
        return;
      }
      this.previews = this.previews.filter((p) => p.token !== token);
      if (r.value.duplicate) {
        this.notice = {
          tone: 'info',
          text: `Эта перепроверка уже загружена: «${preview.fileName}». Повторно она не сохранена.`,
        };
      } else {
        const c = r.value.recheck;
        this.notice = {
          tone: 'success',
          text:
            `Сохранено как перепроверка «${c.procedureKey}»: «${preview.fileName}» — ` +
            `сопоставлено с протоколом работ: ${formatInt(c.matched)} из ${formatInt(c.works)}` +
            (c.notFound > 0 ? `; не найдено в протоколе: ${formatInt(c.notFound)} (см. список ниже).` : '.'),
        };
        this.recheckReport = { ...c, fileName: preview.fileName };
      }
      await procedures.refresh();
    } catch (e) {
      this.fail(e);
    } finally {
      this.task = null;
    }
  }

  async discard(token: number): Promise<void> {
    this.previews = this.previews.filter((p) => p.token !== token);
    await importClient.discard(token).catch(() => {});
  }

  async loadDemo(): Promise<void> {
    if (this.busy) return;
    this.errors = [];
    this.notice = null;
    this.recheckReport = null;
    try {
      const r = await importClient.loadDemo(this.progress('demo', 'Загрузка демонстрационных данных'));
      if (!r.ok) {
        this.errors = [r.error];
        return;
      }
      const demo = r.value;
      const extra = [
        demo.rechecks > 0 ? `перепроверок — ${formatInt(demo.rechecks)}` : '',
        demo.context ? 'таблица контекста школ' : '',
      ].filter(Boolean);
      this.notice =
        demo.stored > 0 || extra.length > 0
          ? {
              tone: 'success',
              text: `Демонстрационные данные загружены: процедур — ${formatInt(demo.stored)}${extra.map((x) => `, ${x}`).join('')}.`,
            }
          : { tone: 'info', text: 'Демонстрационные данные уже загружены.' };
      await procedures.refresh();
    } catch (e) {
      this.fail(e);
    } finally {
      this.task = null;
    }
  }

  /** Stop the worker. Every unsaved preview lives in it, so they are gone too; the DB is untouched. */
  cancel(): void {
    if (!this.busy) return;
    const kind = this.task?.kind;
    importClient.cancel();
    this.previews = [];
    this.task = null;
    const texts = {
      parse: 'Чтение отменено.',
      // One save is one IndexedDB transaction: terminating the worker aborts it whole.
      save: 'Сохранение отменено: ничего не записано.',
      // The whole demo is one IndexedDB transaction: terminating the worker aborts it whole.
      demo: 'Загрузка демонстрационных данных отменена: ничего не записано.',
    } as const;
    this.notice = { tone: 'info', text: texts[kind ?? 'parse'] };
    void procedures.refresh();
  }

  private fail(e: unknown): void {
    if (e instanceof CancelledError) return;
    const message = e instanceof Error ? e.message : String(e);
    this.errors = [...this.errors, { kind: 'unexpected', message: `Непредвиденная ошибка: ${message}` }];
  }
}

export const importer = new ImportState();
