// Backup, restore, the reminder and storage durability: shared by the «Сохранность» screen and the
// app-wide reminder banner. Export and restore run in the backup worker; persist() must run here.
import { backupIsDue, type BackupHeader, type BackupScope } from '../../domain/backup';
import type { Failure as BackupFailure } from '../../../workers/outcome';
import type { RestoreResult } from '../../db/backup';
import { BackupCancelledError, backupClient } from '../clients/backup.client';
import { downloadBlob } from '../lib/download';
import { formatSeconds } from '../../domain/text/format';
import { procedures } from '../state/procedures.svelte';
import { DEFAULT_INTERVAL_DAYS, INTERVALS, formatBytes } from './format';
import { readSafetySettings, writeSetting } from './settings';

export interface SafetyTask {
  kind: 'export' | 'restore';
  title: string;
  fraction: number;
  stage: string;
}

export interface InspectedFile {
  file: File;
  header: BackupHeader;
}

export interface StorageInfo {
  /** navigator.storage.persisted(); null when the browser cannot tell. */
  persisted: boolean | null;
  usage: number | null;
  quota: number | null;
}

const DISMISS_KEY = 'oko.backupReminderDismissed';

function sessionFlag(): boolean {
  try {
    return sessionStorage.getItem(DISMISS_KEY) === '1';
  } catch {
    return false;
  }
}

function failure(e: unknown): BackupFailure {
  return {
    kind: 'unexpected',
    message: `Непредвиденная ошибка: ${e instanceof Error ? e.message : String(e)}`,
  };
}

class SafetyState {
  loaded = $state(false);
  lastBackupAt = $state<string | undefined>(undefined);
  intervalDays = $state(DEFAULT_INTERVAL_DAYS);
  persistRequestedAt = $state<string | undefined>(undefined);
  /** Hidden by the user for this browser session (sessionStorage). */
  reminderDismissed = $state(sessionFlag());

  storage = $state<StorageInfo>({ persisted: null, usage: null, quota: null });
  /** The answer to the last «Попросить браузер…» click. */
  persistMessage = $state<{ tone: 'success' | 'info'; text: string } | null>(null);

  task = $state<SafetyTask | null>(null);
  backupError = $state<BackupFailure | null>(null);
  backupNotice = $state<string | null>(null);

  inspecting = $state(false);
  inspected = $state.raw<InspectedFile | null>(null);
  restoreError = $state<BackupFailure | null>(null);
  restoreResult = $state.raw<RestoreResult | null>(null);
  restoreNotice = $state<string | null>(null);

  get busy(): boolean {
    return this.task !== null;
  }

  /** Whether the reminder applies now (the banner also needs at least one stored procedure). */
  get due(): boolean {
    return this.loaded && backupIsDue(this.lastBackupAt, this.intervalDays, new Date());
  }

  async load(): Promise<void> {
    try {
      const s = await readSafetySettings();
      this.lastBackupAt = s.lastBackupAt;
      this.intervalDays = (INTERVALS as readonly number[]).includes(s.backupIntervalDays ?? 0)
        ? s.backupIntervalDays!
        : DEFAULT_INTERVAL_DAYS;
      this.persistRequestedAt = s.persistRequestedAt;
    } catch {
      // The reminder is advice: without settings it simply stays at its defaults.
    } finally {
      this.loaded = true;
    }
  }

  async setInterval(days: number): Promise<void> {
    this.intervalDays = days;
    await writeSetting('backupIntervalDays', days).catch(() => {});
  }

  dismissReminder(): void {
    this.reminderDismissed = true;
    try {
      sessionStorage.setItem(DISMISS_KEY, '1');
    } catch {
      // private mode without sessionStorage: dismissed until reload
    }
  }

  /** persisted() and estimate(); records storagePersisted when the answer is known. */
  async refreshStorage(): Promise<void> {
    const s = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!s) return;
    const [persisted, estimate] = await Promise.all([
      s.persisted ? s.persisted().catch(() => null) : null,
      s.estimate ? s.estimate().catch(() => null) : null,
    ]);
    this.storage = {
      persisted,
      usage: estimate?.usage ?? null,
      quota: estimate?.quota ?? null,
    };
    if (persisted !== null) await writeSetting('storagePersisted', persisted).catch(() => {});
  }

  /**
   * Ask the browser to keep the data (navigator.storage.persist(), main thread only). `auto`: after
   * the first import, once per database; otherwise a click, which also explains a refusal.
   */
  async requestPersist(auto: boolean): Promise<void> {
    const s = navigator.storage;
    if (!s?.persist) {
      if (!auto)
        this.persistMessage = { tone: 'info', text: 'Этот браузер не умеет защищать данные сайтов.' };
      return;
    }
    const at = new Date().toISOString();
    this.persistRequestedAt = at;
    const granted = await s.persist().catch(() => false);
    await writeSetting('persistRequestedAt', at).catch(() => {});
    await writeSetting('storagePersisted', granted).catch(() => {});
    this.storage = { ...this.storage, persisted: granted };
    if (!auto) {
      this.persistMessage = granted
        ? { tone: 'success', text: 'Браузер не будет удалять данные приложения при нехватке места.' }
        : {
            tone: 'info',
            text:
              'Браузер не дал разрешения. Chrome и Edge дают его установленным приложениям и часто ' +
              'открываемым сайтам: установите приложение или добавьте его в закладки, затем попросите снова. ' +
              'Надёжнее всего — регулярные резервные копии.',
          };
    }
  }

  private progress(kind: SafetyTask['kind'], title: string) {
    this.task = { kind, title, fraction: 0, stage: '' };
    return (fraction: number, stage: string) => {
      if (this.task) this.task = { ...this.task, fraction, stage };
    };
  }

  async createBackup(scope: BackupScope, passphrase: string, includeNames = false): Promise<boolean> {
    if (this.busy) return false;
    this.backupError = null;
    this.backupNotice = null;
    try {
      const r = await backupClient.exportBackup(
        { scope, ...(passphrase && { passphrase }), ...(includeNames && { includeNames }) },
        this.progress('export', passphrase ? 'Создание зашифрованной копии' : 'Создание резервной копии'),
      );
      if (!r.ok) {
        this.backupError = r.error;
        return false;
      }
      downloadBlob(r.value.bytes, r.value.fileName, 'application/octet-stream');
      this.backupNotice =
        `Файл «${r.value.fileName}» (${formatBytes(r.value.bytes.byteLength)}) сохранён в папку загрузок ` +
        `за ${formatSeconds(r.value.elapsedMs)}. Перенесите его на флешку или в облако: копия на этом же ` +
        'компьютере не спасёт при его поломке.';
      await this.load();
      void this.refreshStorage();
      return true;
    } catch (e) {
      if (!(e instanceof BackupCancelledError)) this.backupError = failure(e);
      return false;
    } finally {
      this.task = null;
    }
  }

  /** Read a chosen file's header (what it holds, whether a passphrase is needed). */
  async inspect(file: File | null): Promise<void> {
    this.inspected = null;
    this.restoreError = null;
    this.restoreResult = null;
    this.restoreNotice = null;
    if (!file) return;
    this.inspecting = true;
    try {
      const r = await backupClient.inspect(file);
      if (r.ok) this.inspected = { file, header: r.value };
      else this.restoreError = r.error;
    } catch (e) {
      if (!(e instanceof BackupCancelledError)) this.restoreError = failure(e);
    } finally {
      this.inspecting = false;
    }
  }

  async restore(mode: 'replace' | 'merge', passphrase: string): Promise<boolean> {
    const chosen = this.inspected;
    if (this.busy || !chosen) return false;
    this.restoreError = null;
    this.restoreResult = null;
    this.restoreNotice = null;
    try {
      const r = await backupClient.restore(
        chosen.file,
        { mode, ...(passphrase && { passphrase }) },
        this.progress('restore', `Восстановление из «${chosen.file.name}»`),
      );
      if (!r.ok) {
        this.restoreError = r.error;
        return false;
      }
      this.restoreResult = r.value.result;
      return true;
    } catch (e) {
      if (!(e instanceof BackupCancelledError)) this.restoreError = failure(e);
      return false;
    } finally {
      this.task = null;
      await procedures.refresh();
      await this.load();
      void this.refreshStorage();
    }
  }

  /** Stop the worker: an export leaves no file; a restore's transaction aborts, nothing changes. */
  cancel(): void {
    const kind = this.task?.kind;
    if (!kind) return;
    backupClient.cancel();
    this.task = null;
    if (kind === 'export') this.backupNotice = 'Создание копии отменено.';
    else this.restoreNotice = 'Восстановление отменено: данные не изменены.';
  }
}

export const safety = new SafetyState();
