// The local class lists on «Данные»: read a teacher's table (CSV or XLSX), store code → ФИО by school.
// The names stay in this browser's IndexedDB (settings `roster:<login>`); see src/db/roster-repo.ts.
import { deleteRoster, listRosters, openDb, saveAdapted, saveRoster, type RosterInfo } from '../../db';
import { decodeCsv, parseRoster, splitCsv, type RosterParseResult } from '../../domain/roster';
import { lockedWrite } from '../../db/db-sync';

type Db = Awaited<ReturnType<typeof openDb>>;
let db: Promise<Db> | undefined;
function database(): Promise<Db> {
  db ??= openDb().catch((e: unknown) => {
    db = undefined;
    throw e;
  });
  return db;
}

/** Rows of the first sheet (XLSX/XLS, SheetJS loaded on demand) or of a CSV file. */
async function readRows(file: File): Promise<unknown[][]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.(csv|txt)$/i.test(file.name)) return splitCsv(decodeCsv(bytes));
  const XLSX = await import('xlsx');
  const wb = XLSX.read(bytes, { type: 'array' });
  const sheet = wb.Sheets[wb.SheetNames[0]];
  return sheet ? XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: '' }) : [];
}

class RosterState {
  items = $state.raw<RosterInfo[]>([]);
  logins = $state.raw<string[]>([]);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      const d = await database();
      this.items = await listRosters(d);
      const schools = await d.schools.toArray();
      this.logins = [...new Set(schools.map((s) => s.login))].sort();
    } catch (e) {
      this.error = `Не удалось прочитать списки классов: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async importFile(login: string, file: File): Promise<void> {
    this.error = null;
    this.notice = null;
    if (!login.trim()) {
      this.error = 'Укажите логин школы, к которой относится список.';
      return;
    }
    this.busy = true;
    try {
      let parsed: RosterParseResult;
      try {
        parsed = parseRoster(await readRows(file));
      } catch (e) {
        this.error = `Файл «${file.name}»: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const d = await database();
      const marks = parsed.adapted;
      const [total, adapted] = await lockedWrite(async () => [
        await saveRoster(d, login, parsed.entries, { merge: true }),
        marks ? await saveAdapted(d, login, marks) : null,
      ]);
      const added = Object.keys(parsed.entries).length;
      this.notice =
        `Из файла «${file.name}» прочитано ФИО: ${added}; всего для школы ${login.trim()}: ${total}.` +
        (adapted !== null ? ` Отмечено обучающихся по АООП: ${adapted}.` : '') +
        (parsed.skipped.length ? ` Пропущены строки без кода или ФИО: ${parsed.skipped.join(', ')}.` : '');
      await this.load();
    } catch (e) {
      this.error = `Не удалось сохранить список: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      this.busy = false;
    }
  }

  async remove(login: string): Promise<void> {
    this.error = null;
    this.notice = null;
    try {
      const d = await database();
      await lockedWrite(() => deleteRoster(d, login));
      this.notice = `Список школы ${login} удалён с этого устройства.`;
    } catch (e) {
      this.error = `Не удалось удалить список: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.load();
  }
}

export const roster = new RosterState();
