// The stored procedures as the lists show them; refreshed after every write.
import { removeProcedure, removeRecheck, storedProcedures, type StoredProcedure } from '../clients/db.client';
import { onDbChange } from '../../db/db-sync';

class ProceduresState {
  // Raw: replaced wholesale on refresh, never mutated in place.
  items = $state.raw<StoredProcedure[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.items = await storedProcedures();
      this.error = null;
    } catch (e) {
      this.error = `Не удалось прочитать сохранённые данные: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.loaded = true;
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await removeProcedure(key);
    } catch (e) {
      this.error = `Не удалось удалить: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.refresh();
  }

  async removeRecheck(id: number): Promise<void> {
    try {
      await removeRecheck(id);
    } catch (e) {
      this.error = `Не удалось удалить перепроверку: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.refresh();
  }
}

export const procedures = new ProceduresState();

// Another tab (or this tab's import/backup worker) wrote: re-read the list, no reload needed.
onDbChange(() => void procedures.refresh());
