// The backup file format without a database: row codec, frame, header checks, reminder.
import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BackupError,
  backupFileName,
  backupIsDue,
  readBackupFile,
  readBackupHeader,
  writeBackupFile,
  type BackupTables,
  type WriteBackupOptions,
} from '../../src/domain/backup/index.ts';
import { encodePrefix, finishFile, readPrefix } from '../../src/domain/backup/container.ts';
import { decodeTables, encodeTables } from '../../src/domain/backup/rows-codec.ts';

const OPTS: WriteBackupOptions = {
  appVersion: '0.1.0',
  dbVersion: 2,
  scope: 'all',
  createdAt: '2026-11-23T12:00:00.000Z',
  includesNames: false,
};

/** Rows shaped like the chunks of `pupils` pupils over `schools` schools with `tasks` tasks. */
function chunkTables(pupils: number, schools: number, tasks: number): BackupTables {
  let seed = 7;
  const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % k) as number;
  const per = Math.ceil(pupils / schools);
  const chunks = Array.from({ length: schools }, (_, s) => {
    const n = Math.min(per, pupils - s * per);
    const u8 = (k: number) => Uint8Array.from({ length: n }, () => rnd(k));
    return {
      procedureKey: 'ВПР-2021-Математика-5',
      importId: 1,
      school: `sch${220000 + s}`,
      schoolIdx: s,
      schoolInfo: { login: `sch${220000 + s}`, name: `Школа №${s + 1}`, municipalityId: 'reg22_m019' },
      classes: [{ id: `sch${220000 + s}/5А`, label: '5А', idx: 2 * s }],
      n,
      pos: Uint32Array.from({ length: n }, (_, j) => s * per + j),
      sourceRow: Uint32Array.from({ length: n }, (_, j) => s * per + j + 2),
      code: Array.from({ length: n }, (_, j) => String(100000 + s * per + j)),
      classIdx: Int32Array.from({ length: n }, () => rnd(2) - 1),
      absent: u8(2),
      variant: Uint16Array.from({ length: n }, () => rnd(3)),
      journal: u8(6),
      sex: u8(3),
      scores: Array.from({ length: tasks }, () => u8(3)),
      codes: Array.from({ length: tasks }, () => u8(7)),
    };
  });
  return { procedures: [{ key: 'ВПР-2021-Математика-5', tasks: [] }], chunks, settings: [] };
}

async function expectError(p: Promise<unknown>, code: string, message?: RegExp): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BackupError);
  expect((e as BackupError).code).toBe(code);
  if (message) expect((e as BackupError).message).toMatch(message);
  return e as BackupError;
}

/** Re-frame a file with an edited header (the checksum recomputed, as a deliberate edit would). */
async function withHeader(file: Uint8Array, edit: (h: Record<string, unknown>) => void): Promise<Uint8Array> {
  const { header, prefix } = readPrefix(file);
  edit(header as Record<string, unknown>);
  return finishFile(encodePrefix(header as object), file.subarray(prefix.length, file.length - 32));
}

describe('row codec', () => {
  it('keeps every typed array exactly (type, length, bytes), views and empty arrays included', () => {
    const backing = new Uint8Array(64).map((_, i) => i);
    const tables: BackupTables = {
      t: [
        {
          u8: new Uint8Array([0, 1, 255]),
          view: backing.subarray(3, 9),
          u16: new Uint16Array([0, 65535, 513]),
          u32: new Uint32Array([0, 4294967295, 7]),
          i32: new Int32Array([-1, 0, 2147483647, -2147483648]),
          f64: new Float64Array([Math.PI, -0]),
          empty: new Uint32Array(0),
          nested: { list: [new Uint8Array([9]), 'x', null, true, 1.5] },
          text: 'Школа №1 «Ёлочка»',
        },
      ],
      empty: [],
    };
    const back = decodeTables(encodeTables(tables));
    const row = back.t[0] as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['t', 'empty']);
    expect(row.view).toBeInstanceOf(Uint8Array);
    expect([...(row.view as Uint8Array)]).toEqual([3, 4, 5, 6, 7, 8]);
    // A copy with its own buffer, not a view into the whole file.
    expect((row.view as Uint8Array).buffer.byteLength).toBe(6);
    for (const k of ['u8', 'u16', 'u32', 'i32', 'f64', 'empty']) {
      const a = (tables.t[0] as Record<string, ArrayLike<number>>)[k];
      const b = row[k] as ArrayLike<number>;
      expect(b.constructor).toBe(a.constructor);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(Object.is((row.f64 as Float64Array)[1], -0)).toBe(true);
    expect(row.nested).toEqual({ list: [new Uint8Array([9]), 'x', null, true, 1.5] });
    expect(row.text).toBe('Школа №1 «Ёлочка»');
  });

  it('refuses values JSON would alter silently', () => {
    for (const bad of [
      NaN,
      Infinity,
      new Date(0),
      new Map(),
      new BigInt64Array(1),
      new DataView(new ArrayBuffer(1)),
    ]) {
      expect(() => encodeTables({ t: [{ v: bad }] })).toThrow(BackupError);
    }
    expect(() => encodeTables({ t: [{ $ta: 'Uint8Array' }] })).toThrow(BackupError);
    // Absent and undefined fields are the same to the app.
    expect(decodeTables(encodeTables({ t: [{ a: 1, b: undefined }] })).t).toEqual([{ a: 1 }]);
  });

  it('encodes and decodes 26k pupils × 16 tasks well under a second', () => {
    const tables = chunkTables(26_000, 150, 16);
    const t0 = performance.now();
    const body = encodeTables(tables);
    const t1 = performance.now();
    const back = decodeTables(body);
    const t2 = performance.now();
    console.log(
      `codec 26k pupils: ${(body.length / 1e6).toFixed(2)} MB, encode ${(t1 - t0).toFixed(0)} ms, decode ${(t2 - t1).toFixed(0)} ms`,
    );
    expect(t2 - t0).toBeLessThan(1000);
    expect(back.chunks.length).toBe(150);
    const c = back.chunks[149] as Record<string, unknown>;
    const o = tables.chunks[149] as Record<string, unknown>;
    expect(c.code).toEqual(o.code);
    expect((c.scores as Uint8Array[])[15]).toEqual((o.scores as Uint8Array[])[15]);
  });
});

describe('backup file', () => {
  const tables = chunkTables(500, 5, 4);

  it('round-trips with and without gzip; the header is readable without decoding', async () => {
    const plain = await writeBackupFile(tables, { ...OPTS, compress: false });
    const zipped = await writeBackupFile(tables, OPTS);
    expect(zipped.length).toBeLessThan(plain.length / 1.5);
    for (const file of [plain, zipped]) {
      const { header, tables: back } = await readBackupFile(file, { maxDbVersion: 2 });
      expect(header).toMatchObject({
        format: BACKUP_FORMAT,
        createdAt: OPTS.createdAt,
        appVersion: '0.1.0',
        dbVersion: 2,
        scope: 'all',
        tables: { procedures: 1, chunks: 5, settings: 0 },
        encrypted: false,
        includesNames: false,
      });
      expect(back).toEqual(tables);
    }
    expect(readBackupHeader(zipped, 2).compression).toBe('gzip');
  });

  it('recognises a foreign file and a truncated one', async () => {
    const file = await writeBackupFile(tables, OPTS);
    const xlsx = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    await expectError(readBackupFile(xlsx, { maxDbVersion: 2 }), 'not-backup', /^Это не резервная копия/);
    await expectError(readBackupFile(new Uint8Array(0), { maxDbVersion: 2 }), 'not-backup');
    for (const len of [5, 11, 40, file.length - 100, file.length - 1]) {
      await expectError(
        readBackupFile(file.subarray(0, len), { maxDbVersion: 2 }),
        'corrupt',
        /^Файл резервной копии повреждён: .*обрезан/,
      );
    }
    const longer = new Uint8Array(file.length + 3);
    longer.set(file);
    await expectError(readBackupFile(longer, { maxDbVersion: 2 }), 'corrupt', /лишние данные/);
  });

  it('detects a flipped byte anywhere: header, payload, checksum', async () => {
    const file = await writeBackupFile(tables, OPTS);
    const headerEnd = readPrefix(file).prefix.length;
    for (const at of [8, 20, headerEnd - 3, headerEnd + 10, file.length - 40, file.length - 1]) {
      const bad = file.slice();
      bad[at] ^= 0x01;
      await expectError(
        readBackupFile(bad, { maxDbVersion: 2 }),
        'corrupt',
        /^Файл резервной копии повреждён/,
      );
    }
  });

  it('refuses a newer format and a newer database version', async () => {
    const file = await writeBackupFile(tables, OPTS);
    const v2 = await withHeader(file, (h) => {
      h.format = 'oko-backup/v2';
      h.appVersion = '3.0.0';
    });
    await expectError(
      readBackupFile(v2, { maxDbVersion: 2 }),
      'newer-version',
      /^Копия сделана более новой версией приложения \(3\.0\.0\): формат oko-backup\/v2/,
    );
    await expectError(readBackupFile(file, { maxDbVersion: 1 }), 'newer-version', /версия базы данных 2/);
    const tampered = await withHeader(file, (h) => (h.tables = { procedures: 2, chunks: 5, settings: 0 }));
    await expectError(readBackupFile(tampered, { maxDbVersion: 2 }), 'corrupt', /число записей/);
    const noFormat = await withHeader(file, (h) => (h.format = 'something'));
    await expectError(readBackupFile(noFormat, { maxDbVersion: 2 }), 'corrupt', /неизвестный формат/);
  });

  it('refuses an empty passphrase', async () => {
    await expectError(writeBackupFile(tables, { ...OPTS, passphrase: '' }), 'invalid');
  });
});

describe('backup reminder and file name', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('is due without a backup, after the interval, and after a clock jump back', () => {
    expect(backupIsDue(undefined, 7, now)).toBe(true);
    expect(backupIsDue('not a date', 7, now)).toBe(true);
    expect(backupIsDue('2026-11-20T12:00:00Z', 7, now)).toBe(false);
    expect(backupIsDue('2026-11-16T12:00:00Z', 7, now)).toBe(true);
    expect(backupIsDue('2026-11-23T12:30:00Z', 7, now)).toBe(false);
    expect(backupIsDue('2030-01-01T00:00:00Z', 7, now)).toBe(true);
  });
  it('names files by scope and time, with the Russian date on the local clock', () => {
    expect(backupFileName('2026-11-23T12:34:56.000Z', 'all')).toBe(
      'ОКО-копия-все-данные-23.11.2026-12-34.okobackup',
    );
    expect(backupFileName('2026-11-23T12:34:56.000Z', { procedureKey: 'ВПР-2021-Русский язык-5' })).toBe(
      'ОКО-копия-ВПР-2021-Русский_язык-5-23.11.2026-12-34.okobackup',
    );
    // Moscow (UTC+3): 22:30 UTC on 31 December is already 01:30 on 1 January.
    expect(backupFileName('2026-12-31T22:30:00.000Z', 'all', 180)).toBe(
      'ОКО-копия-все-данные-01.01.2027-01-30.okobackup',
    );
    // West of UTC the day goes back.
    expect(backupFileName('2026-03-01T02:05:00.000Z', 'all', -300)).toBe(
      'ОКО-копия-все-данные-28.02.2026-21-05.okobackup',
    );
  });
});
