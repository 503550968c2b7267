// The backup worker's API without a worker: real DB layer on fake-indexeddb, failures flattened with
// their codes, and bytes that cross a (MessageChannel) boundary transferred, not copied.
import Dexie from 'dexie';
import { proxy, wrap, expose, transfer, type Remote } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { CellCode, type Dataset } from '../../src/domain/model';
import {
  StorageQuotaError,
  exportBackup,
  getSetting,
  inspectBackup,
  listProcedures,
  openDb,
  restoreBackup,
  saveDataset,
  type OkoDb,
} from '../../src/db';
import { BackupError } from '../../src/domain/backup';
import { createBackupApi, toBackupFailure, type BackupApi, type BackupDeps } from '../../workers/backup.api';
import {
  daysSince,
  formatBytes,
  formatUsage,
  needsHomeScreen,
  reminderText,
} from '../../src/ui/safety/format';

const KEY = 'ВПР-2021-Математика-5';

function dataset(file: string, logins: string[], perSchool: number): Dataset {
  const n = logins.length * perSchool;
  const school = Uint32Array.from({ length: n }, (_, i) => Math.floor(i / perSchool));
  const absent = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const tasks = [
    { id: '1', max: 1 },
    { id: '2', max: 2 },
  ];
  return {
    meta: {
      file,
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: { kind: 'ВПР', subject: 'Математика', grade: 5, year: 2021, tasks },
      maximaSource: 'header',
      taskHeaders: tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [],
      schools: logins.map((login) => ({ login })),
      classes: logins.map((login, k) => ({ id: `${login}/5А`, school: k, label: '5А' })),
      warnings: [],
      fileHash: `hash-${file}`,
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from({ length: n }, (_, i) => i + 2),
      code: Array.from({ length: n }, (_, i) => String(1000 + i)),
      school,
      classIdx: Int32Array.from(school),
      absent,
      variant: Uint16Array.from(absent, (a) => (a ? 0 : 1)),
      journal: Uint8Array.from(absent, (a) => (a ? 0 : 4)),
      sex: new Uint8Array(n),
      scores: tasks.map((t) => Uint8Array.from(absent, (a, i) => (a ? 0 : i % (t.max + 1)))),
      codes: tasks.map(() => Uint8Array.from(absent, (a) => (a ? CellCode.EMPTY : 0))),
    },
  };
}

let counter = 0;
const opened: OkoDb[] = [];
const ports: MessagePort[] = [];
async function freshDb(): Promise<OkoDb> {
  const db = await openDb(`backup-api-${Date.now()}-${counter++}`);
  opened.push(db);
  return db;
}
afterEach(async () => {
  for (const p of ports.splice(0)) p.close();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function realDeps(db: OkoDb): BackupDeps {
  return {
    exportBackup: (opts) => exportBackup(db, opts),
    inspectBackup: (bytes) => inspectBackup(bytes),
    restoreBackup: (bytes, opts) => restoreBackup(db, bytes, opts),
  };
}

async function filledDb(): Promise<OkoDb> {
  const db = await freshDb();
  await saveDataset(db, dataset('a.xlsx', ['sch1', 'sch2'], 10));
  await saveDataset(db, dataset('b.xlsx', ['sch3'], 6));
  return db;
}

describe('backup api on the real DB layer', () => {
  test('encrypted round trip; a wrong passphrase changes nothing', async () => {
    const source = await filledDb();
    const stages: string[] = [];
    const out = await createBackupApi(realDeps(source)).exportBackup(
      { scope: 'all', passphrase: 'верный пароль' },
      (_f, stage) => stages.push(stage),
    );
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.header.encrypted).toBe(true);
    expect(out.value.header.scope).toBe('all');
    expect(out.value.fileName).toMatch(/^ОКО-копия-все-данные-\d\d\.\d\d\.\d{4}-\d\d-\d\d\.okobackup$/);
    // The date in the name is the local date of the copy's instant (dd.mm.yyyy).
    const at = new Date(out.value.header.createdAt);
    const dmy = [at.getDate(), at.getMonth() + 1].map((n) => String(n).padStart(2, '0')).join('.');
    expect(out.value.fileName).toContain(`${dmy}.${at.getFullYear()}-`);
    expect(stages.at(-1)).toBe('Резервная копия готова');
    expect(await getSetting(source, 'lastBackupAt')).toBe(out.value.header.createdAt);

    const target = await freshDb();
    const api = createBackupApi(realDeps(target));
    const header = await api.inspect(out.value.bytes);
    expect(header.ok && header.value.tables.procedures).toBe(1);

    const wrong = await api.restore(out.value.bytes, { mode: 'replace', passphrase: 'не тот' });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'backup', code: 'wrong-passphrase' } });
    expect(wrong.ok || /[а-я]/i.test(wrong.error.message)).toBe(true);
    expect(await listProcedures(target)).toEqual([]);

    const missing = await api.restore(out.value.bytes, { mode: 'replace' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'passphrase-required' } });

    const right = await api.restore(out.value.bytes, { mode: 'replace', passphrase: 'верный пароль' });
    if (!right.ok) throw new Error(right.error.message);
    expect(right.value.result.added).toEqual({ procedures: 1, imports: 2, pupils: 26 });
    expect(await listProcedures(target)).toEqual(await listProcedures(source));

    // Merging the same copy again adds nothing and says why, in Russian.
    const again = await api.restore(out.value.bytes, { mode: 'merge', passphrase: 'верный пароль' });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.result.added.imports).toBe(0);
    expect(again.value.result.skipped.map((s) => s.reason)).toEqual(['duplicate', 'duplicate']);
    expect(again.value.result.skipped[0].message).toContain('уже загружен');
  });

  test('one procedure, unencrypted; an empty passphrase means no encryption', async () => {
    const db = await filledDb();
    const out = await createBackupApi(realDeps(db)).exportBackup({
      scope: { procedureKey: KEY },
      passphrase: '',
    });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.header.encrypted).toBe(false);
    expect(out.value.fileName).toContain('ВПР-2021-Математика-5');
    // A one-procedure copy does not silence the reminder.
    expect(await getSetting(db, 'lastBackupAt')).toBeUndefined();
  });

  test('not a backup, unknown procedure: Russian failures with codes', async () => {
    const db = await freshDb();
    const api = createBackupApi(realDeps(db));
    expect(await api.inspect(new TextEncoder().encode('PK\u0003\u0004 это xlsx'))).toMatchObject({
      ok: false,
      error: { kind: 'backup', code: 'not-backup', message: 'Это не резервная копия ОКО-Аналитики.' },
    });
    const out = await api.exportBackup({ scope: { procedureKey: 'нет такой' } });
    expect(out).toMatchObject({ ok: false, error: { kind: 'storage', code: 'not-found' } });
  });
});

describe('toBackupFailure', () => {
  test('keeps Russian messages and codes', () => {
    const quota = toBackupFailure(new StorageQuotaError(new DOMException('full', 'QuotaExceededError')));
    expect(quota).toMatchObject({ kind: 'storage', code: 'quota' });
    expect(quota.message).toContain('Недостаточно места');
    expect(toBackupFailure(new BackupError('Неверный пароль.', 'wrong-passphrase'))).toEqual({
      kind: 'backup',
      code: 'wrong-passphrase',
      message: 'Неверный пароль.',
    });
    const raw = toBackupFailure(new DOMException('x', 'QuotaExceededError'));
    expect(raw).toMatchObject({ kind: 'storage', code: 'quota' });
    const closed = Object.assign(new Error('closed'), { name: 'DatabaseClosedError' });
    expect(toBackupFailure(closed).message).toContain('Откройте приложение заново');
    expect(toBackupFailure('boom')).toEqual({ kind: 'unexpected', message: 'Непредвиденная ошибка: boom' });
  });

  test('a failing dependency becomes an outcome, never a rejection', async () => {
    const api = createBackupApi({
      exportBackup: async () => {
        throw new StorageQuotaError(null);
      },
      inspectBackup: () => {
        throw new Error('unused');
      },
      restoreBackup: async () => {
        throw new StorageQuotaError(null);
      },
    });
    expect(await api.exportBackup({ scope: 'all' })).toMatchObject({ ok: false, error: { code: 'quota' } });
    expect(await api.restore(new Uint8Array(4), { mode: 'merge' })).toMatchObject({
      ok: false,
      error: { code: 'quota' },
    });
  });
});

describe('over a MessageChannel (as in the worker)', () => {
  function connect(deps: BackupDeps): Remote<BackupApi> {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    // Node's MessagePort speaks the same addEventListener/postMessage as a Worker.
    expose(createBackupApi(deps), port1 as unknown as Parameters<typeof expose>[1]);
    return wrap<BackupApi>(port2 as unknown as Parameters<typeof wrap>[0]);
  }

  test('export bytes and restore bytes are transferred, progress arrives', async () => {
    const source = await filledDb();
    let produced: Uint8Array | undefined;
    const deps = realDeps(source);
    const remote = connect({
      ...deps,
      exportBackup: async (opts) => (produced = await deps.exportBackup(opts)),
    });
    const fractions: number[] = [];
    const out = await remote.exportBackup(
      { scope: 'all' },
      proxy((f: number) => void fractions.push(f)),
    );
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.bytes.byteLength).toBeGreaterThan(100);
    // The worker's buffer was moved to the page: detached on the sending side.
    expect(produced!.byteLength).toBe(0);
    // Progress travels on its own port: the last report may land just after the result.
    await expect.poll(() => fractions.at(-1)).toBe(1);

    let received: Uint8Array | undefined;
    const target = await freshDb();
    const targetDeps = realDeps(target);
    const remoteTarget = connect({
      ...targetDeps,
      restoreBackup: (bytes, opts) => ((received = bytes), targetDeps.restoreBackup(bytes, opts)),
    });
    const length = out.value.bytes.byteLength;
    const restored = await remoteTarget.restore(transfer(out.value.bytes, [out.value.bytes.buffer]), {
      mode: 'merge',
    });
    if (!restored.ok) throw new Error(restored.error.message);
    expect(out.value.bytes.byteLength).toBe(0); // the page gave its copy away
    expect(received!.byteLength).toBe(length);
    expect(restored.value.result.added.pupils).toBe(26);
  });
});

describe('safety screen helpers', () => {
  test('sizes the Russian way', () => {
    expect(formatBytes(512)).toBe('512 Б');
    expect(formatBytes(12.4 * 1024 * 1024)).toBe('12,4 МБ');
    expect(formatBytes(1024 * 1024)).toBe('1 МБ');
    expect(formatUsage(13_002_342, 1.2 * 1024 ** 3)).toBe('12,4 МБ из 1,2 ГБ');
    expect(formatBytes(150 * 1024 ** 3)).toBe('150 ГБ');
  });

  test('reminder text', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(reminderText(undefined, now)).toBe('Резервная копия ещё не создавалась.');
    expect(reminderText('2026-11-02T12:00:00Z', now)).toBe(
      'Последняя резервная копия сделана 21 день назад.',
    );
    expect(reminderText('2026-11-20T11:00:00Z', now)).toBe('Последняя резервная копия сделана 3 дня назад.');
    expect(daysSince('2027-01-01T00:00:00Z', now)).toBeNull();
  });

  test('iOS Safari outside the home screen needs the advice', () => {
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    const ipad =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
    const base = { platform: 'iPhone', maxTouchPoints: 5, standalone: false };
    expect(needsHomeScreen({ ...base, userAgent: iphone })).toBe(true);
    expect(needsHomeScreen({ ...base, userAgent: iphone, standalone: true })).toBe(false);
    expect(
      needsHomeScreen({ userAgent: ipad, platform: 'MacIntel', maxTouchPoints: 5, standalone: false }),
    ).toBe(true);
    expect(
      needsHomeScreen({ userAgent: ipad, platform: 'MacIntel', maxTouchPoints: 0, standalone: false }),
    ).toBe(false);
    expect(
      needsHomeScreen({ ...base, userAgent: iphone.replace('Version/17.4', 'CriOS/120.0') + ' CriOS' }),
    ).toBe(false);
  });
});
