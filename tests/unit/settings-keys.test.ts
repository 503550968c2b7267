// The typed registry of settings keys: the key strings are the stored format (databases and backups of
// earlier versions hold them), so they are checked letter by letter; a value written by the old code
// (a plain `db.settings.put` with the key string, as the workers and repositories did) is read by the
// typed getSetting; a value that does not fit its key reads as absent or cleaned.
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateKey } from '../../src/domain/documents/user-templates.ts';
import type { Roadmap } from '../../src/domain/roadmap/types.ts';
import {
  deleteSetting,
  getRoster,
  getSetting,
  listReferences,
  listRosters,
  listUserSpecs,
  openDb,
  readSetting,
  setSetting,
  settingKeys,
  type OkoDb,
  type SettingKey,
} from '../../src/db/index.ts';

const PROC = 'ВПР-2026-Математика-5';

const roadmap: Roadmap = {
  id: 'school-roadmap',
  title: 'Дорожная карта',
  templateId: 'roadmap-ru',
  resultsDate: '2026-05-12',
  school: { login: 'sch1', name: 'Школа 1' },
  stages: [
    {
      id: 'analysis',
      title: 'Аналитический этап',
      measures: [
        {
          id: 'm1',
          title: 'Анализ',
          text: 'Провести анализ результатов.',
          participants: 'учителя',
          responsible: 'Иванова И. И.',
          responsibleRoles: ['deputy'],
          deadline: '2026-05-26',
          deadlineText: 'в течение 2 недель',
          result: 'справка',
          documentFormat: 'справка',
          status: 'done',
          sourceMeasureId: 'm1',
        },
      ],
    },
  ],
};

describe('settingKeys: the key strings of earlier versions', () => {
  it('builds exactly the strings the old code wrote', () => {
    expect(settingKeys.roadmap(PROC, 'sch1')).toBe('roadmap:ВПР-2026-Математика-5:sch1');
    expect(settingKeys.observation('m7')).toBe('observation:m7');
    expect(settingKeys.objectivityPlan('m7', 2025)).toBe('objectivityPlan:m7:2025');
    expect(settingKeys.template('roadmap')).toBe('template:roadmap');
    expect(settingKeys.template('activities')).toBe(templateKey('activities'));
    expect(settingKeys.reference(PROC)).toBe('reference:ВПР-2026-Математика-5');
    // The old rosterKey trimmed the login.
    expect(settingKeys.roster(' sch1 ')).toBe('roster:sch1');
    expect(settingKeys.roster.prefix).toBe('roster:');
    expect(settingKeys.reference.prefix).toBe('reference:');
    expect(settingKeys.contextYear(2022)).toBe('contextYear:2022');
    expect(settingKeys.contextYear(null)).toBe('contextYear:unknown');
    const fixed = [
      'lastBackupAt',
      'backupIntervalDays',
      'storagePersisted',
      'persistRequestedAt',
      'lastProcedureKey',
      'lastPlace',
      'focusMunicipality',
      'focusSchool',
      'userSpecs',
      'schoolContext',
      'contextSummary',
      'supportMeasures',
      'roadmapPeople',
    ] as const;
    for (const name of fixed) expect(settingKeys[name]).toBe(name);
  });

  it('refuses keys the registry does not know', () => {
    // A key string from outside the registry (only a cast makes one) is a programming error.
    expect(() => readSetting('unknown:x' as SettingKey<string>, 'v')).toThrow(/Unknown settings key/);
  });

  it('is typed by the key (checked by tsc)', () => {
    const key = settingKeys.roadmap(PROC, 'sch1');
    // @ts-expect-error a plain string is not a key
    const plain: SettingKey<Roadmap> = 'roadmap:x:y';
    // @ts-expect-error a roadmap key does not hold people
    const people: SettingKey<Record<string, string>> = key;
    expect([plain, people]).toEqual(['roadmap:x:y', key]);
  });
});

describe('getSetting/setSetting over the stored format (fake-indexeddb)', () => {
  let db: OkoDb;
  let name: string;
  let n = 0;

  beforeEach(async () => {
    name = `settings-keys-${++n}`;
    db = await openDb(name);
  });
  afterEach(async () => {
    db.close();
    await Dexie.delete(name);
  });

  it('reads a roadmap, people and a plan written by the old documents worker', async () => {
    // What documents.worker.ts did before: settings.put({ key, value }) with the key string.
    await db.settings.put({ key: 'roadmap:ВПР-2026-Математика-5:sch1', value: roadmap });
    await db.settings.put({ key: 'roadmapPeople', value: { deputy: 'Иванова И. И.' } });
    await db.settings.put({ key: 'objectivityPlan:m7:2025', value: { ...roadmap, id: 'plan' } });
    await db.settings.put({ key: 'template:roadmap', value: '{"id":"x"}' });

    expect(await getSetting(db, settingKeys.roadmap(PROC, 'sch1'))).toEqual(roadmap);
    expect(await getSetting(db, settingKeys.roadmapPeople)).toEqual({ deputy: 'Иванова И. И.' });
    expect((await getSetting(db, settingKeys.objectivityPlan('m7', 2025)))?.id).toBe('plan');
    expect(await getSetting(db, settingKeys.template('roadmap'))).toBe('{"id":"x"}');
    expect(await getSetting(db, settingKeys.roadmap(PROC, 'other'))).toBeUndefined();
  });

  it('writes under the same key strings, and delete removes the row', async () => {
    await setSetting(db, settingKeys.roadmap(PROC, 'sch1'), roadmap);
    await setSetting(db, settingKeys.observation('m7'), {
      sch1: { [PROC]: { observers: true, video: false } },
    });
    expect((await db.settings.get('roadmap:ВПР-2026-Математика-5:sch1'))?.value).toEqual(roadmap);
    expect((await db.settings.get('observation:m7'))?.value).toEqual({
      sch1: { [PROC]: { observers: true, video: false } },
    });
    await deleteSetting(db, settingKeys.roadmap(PROC, 'sch1'));
    expect(await db.settings.get('roadmap:ВПР-2026-Математика-5:sch1')).toBeUndefined();
  });

  it('reads a value that does not fit its key as absent (an old or damaged row)', async () => {
    await db.settings.put({ key: 'roadmap:ВПР-2026-Математика-5:sch1', value: { stages: 'none' } });
    await db.settings.put({ key: 'template:roadmap', value: { id: 'x' } });
    await db.settings.put({ key: 'backupIntervalDays', value: '14' });
    await db.settings.put({ key: 'schoolContext', value: { fileName: 'context.xlsx', bytes: [1, 2] } });
    expect(await getSetting(db, settingKeys.roadmap(PROC, 'sch1'))).toBeUndefined();
    expect(await getSetting(db, settingKeys.template('roadmap'))).toBeUndefined();
    expect(await getSetting(db, 'backupIntervalDays')).toBeUndefined();
    expect(await getSetting(db, settingKeys.schoolContext)).toBeUndefined();
  });

  it('reads the school context file the old objectivity worker stored', async () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 3, 4, 250]);
    await db.settings.put({
      key: 'schoolContext',
      value: { fileName: 'Контекст.xlsx', bytes, savedAt: '2026-05-01T10:00:00.000Z' },
    });
    const got = await getSetting(db, settingKeys.schoolContext);
    expect(got?.fileName).toBe('Контекст.xlsx');
    expect(got?.savedAt).toBe('2026-05-01T10:00:00.000Z');
    expect([...(got?.bytes ?? [])]).toEqual([0x50, 0x4b, 3, 4, 250]);
  });

  it('the fixed settings by name and by key are the same rows', async () => {
    await db.settings.put({ key: 'lastProcedureKey', value: PROC });
    expect(await getSetting(db, 'lastProcedureKey')).toBe(PROC);
    await setSetting(db, settingKeys.backupIntervalDays, 30);
    expect(await getSetting(db, 'backupIntervalDays')).toBe(30);
    expect((await db.settings.get('backupIntervalDays'))?.value).toBe(30);
  });

  it('repositories read rows of the old format and keep only the usable entries', async () => {
    // roster:<login> → {code: name}: a non-string name is dropped.
    await db.settings.put({ key: 'roster:sch1', value: { '101': 'Иванов Иван', '102': 5 } });
    expect(await getRoster(db, 'sch1')).toEqual({ '101': 'Иванов Иван' });
    expect(await listRosters(db)).toEqual([{ login: 'sch1', count: 1 }]);
    // reference:<procedure> → entries; one without units is left out.
    const good = {
      id: 'r1',
      file: 'Отчёт.xlsx',
      procedure: {},
      units: [],
      ignoredSheets: [],
      addedAt: '2026-05-01T00:00:00.000Z',
    };
    await db.settings.put({ key: `reference:${PROC}`, value: [good, { id: 'r2', file: 'x.xlsx' }] });
    expect(await listReferences(db, PROC)).toEqual([good]);
    // userSpecs: a damaged entry is skipped, the good one parses.
    const spec = {
      kind: 'ВПР',
      subject: 'Математика',
      grade: 5,
      year: 2026,
      tasks: [
        { id: '1', max: 1 },
        { id: '2', max: 2 },
      ],
    };
    await db.settings.put({
      key: 'userSpecs',
      value: [
        { id: 'bad', spec: { tasks: 'x' } },
        { id: 'mine', name: 'Моя', savedAt: '2026-01-01', spec },
        7,
      ],
    });
    const specs = await listUserSpecs(db);
    expect(specs.map((s) => [s.id, s.name, s.spec.tasks.length])).toEqual([['mine', 'Моя', 2]]);
  });
});
