// State of the «Объективность» screen that outlives the screen: the last run's summary (the worker
// keeps the report itself), its progress while running, and why a shown result went away. Leaving
// the screen and coming back shows the last result at once instead of another run of several seconds.
// A result is dropped when stored data changes (db-sync, any tab or worker), when a context file is
// uploaded, or when the worker no longer holds that report (it was stopped or ran another subject).
import type { RunSummary } from '../../../workers/objectivity.api';
import { onDbChange } from '../../db/db-sync';
import { objectivityClient } from '../clients/objectivity.client';

/** The summary of a finished run and the wall-clock time it finished. */
export interface HeldRun {
  summary: RunSummary;
  finishedAt: Date;
}

class ObjectivityState {
  last = $state.raw<HeldRun | null>(null);
  running = $state(false);
  fraction = $state(0);
  stage = $state('');
  error = $state<string | null>(null);
  /** Why the last result was dropped (shown with a request to recompute), or null. */
  stale = $state<string | null>(null);
  /** Bumped by every change of stored data: the screen re-reads its list of works. */
  dataVersion = $state(0);

  /** Bumped by every run start and every invalidation: an answer from an older run is dropped. */
  #generation = 0;

  /** Compute the signs of `kind` and `subject` in the worker and keep the summary. */
  async run(kind: string, subject: string): Promise<void> {
    if (!kind || !subject || this.running) return;
    const gen = ++this.#generation;
    this.running = true;
    this.error = null;
    this.stale = null;
    this.last = null;
    this.fraction = 0;
    this.stage = 'Запуск';
    try {
      const out = await objectivityClient.run(kind, subject, (f, s) => {
        if (gen !== this.#generation) return;
        this.fraction = f;
        this.stage = s;
      });
      if (gen !== this.#generation) return;
      if (out.ok) this.last = { summary: out.value, finishedAt: new Date() };
      else this.error = out.error.message;
    } catch (e) {
      if (gen === this.#generation) this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.running = false;
    }
  }

  /** Stop the worker: the run in progress fails with «Операция отменена» and nothing is kept. */
  cancel(): void {
    objectivityClient.cancel();
  }

  /** Drop the last result (and a run in progress), saying why. */
  invalidate(reason: string): void {
    const hadResult = this.last !== null || this.running;
    this.#generation++;
    if (this.running) objectivityClient.cancel();
    this.running = false;
    this.last = null;
    if (hadResult) this.stale = reason;
  }

  /** Stored data changed: the works and their signs may be other now. */
  dataChanged(): void {
    this.dataVersion++;
    this.invalidate('Данные изменились после расчёта. Рассчитайте признаки заново.');
  }

  /**
   * The screen is shown again: keep the last result only while the worker still holds that very
   * report (a stopped or restarted worker, or a run of another subject for an export, lost it).
   */
  async verify(): Promise<void> {
    const held = this.last;
    if (!held || this.running) return;
    const gen = this.#generation;
    let current = false;
    try {
      const out = await objectivityClient.exportSigns(held.summary.kind, held.summary.subject);
      current = out.ok && out.value !== null;
    } catch {
      current = false;
    }
    if (gen === this.#generation && this.last === held && !current)
      this.invalidate('Результат расчёта не сохранился. Рассчитайте признаки заново.');
  }
}

export const objectivity = new ObjectivityState();

// Another tab, a worker or this page wrote: the signs computed before are stale.
onDbChange(() => objectivity.dataChanged());
