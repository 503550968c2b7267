// The pupil-level аналитическая справка and the roster names of routes, on a hand-built world small
// enough to compute every figure by hand (see the comments next to the expectations).
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  pupilSpravkaModel,
  routesModel,
  writeDocx,
  type DocContext,
  type DocModel,
  type DocOptions,
} from '../../src/domain/documents/index.ts';
import type { ProcedureSpec } from '../../src/domain/model.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { createDocumentsApi } from '../../workers/documents.api.ts';
import { toDataset, type P, type World } from './naive-report.ts';

async function text(model: DocModel): Promise<string> {
  const xml = strFromU8(unzipSync(await writeDocx(model))['word/document.xml']);
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');
}

// Tasks: «Счёт» = № 1, 2 (1 балл), «Геометрия» = № 3 (2 балла), № 4 (1 балл) without a skill; max 5.
const spec: ProcedureSpec = {
  kind: 'ВПР',
  subject: 'Математика',
  grade: 5,
  year: 2026,
  tasks: [
    { id: '1', max: 1, level: 'Б', skill: 'Счёт' },
    { id: '2', max: 1, level: 'Б', skill: 'Счёт' },
    { id: '3', max: 2, level: 'Б', skill: 'Геометрия' },
    { id: '4', max: 1, level: 'Б' },
  ],
  scale: [
    [0, 1],
    [2, 2],
    [3, 4],
    [5, 5],
  ],
};
const pupil = (code: string, school: string, scores: number[], journal: number, absent = false): P => ({
  code,
  school,
  cls: school === 'e1' ? '4А' : '5А',
  absent,
  scores,
  journal,
});
const world: World = {
  spec,
  schools: [
    ['s1', 'M1'],
    ['s2', 'M1'],
  ],
  municipalities: ['M1'],
  pupils: [
    pupil('101', 's1', [1, 0, 0, 0], 4), // 1 балл, «2»; «Геометрия» 0 из 2, № 4 — 0 из 1
    pupil('102', 's1', [1, 1, 2, 1], 5), // 5, «5»
    pupil('103', 's1', [0, 0, 1, 1], 3), // 2, «3»
    pupil('104', 's1', [0, 0, 0, 0], 0, true),
    pupil('101', 's2', [1, 1, 1, 0], 0), // the same code in another school: 3 балла
    pupil('201', 's2', [1, 0, 2, 1], 0), // 4
  ],
};
// The cohort a year earlier: code 101 of school s1 scored 2 of 2 (100 %); s2 is not there.
const earlierWorld: World = {
  spec: {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 4,
    year: 2025,
    tasks: [
      { id: '1', max: 1 },
      { id: '2', max: 1 },
    ],
    scale: [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ],
  },
  schools: [['s1', 'M1']],
  municipalities: ['M1'],
  pupils: [{ code: '101', school: 's1', cls: '4А', absent: false, scores: [1, 1], journal: 0 }],
};

const ds = toDataset(world);
const report = buildReport([ds], { generatedAt: '2026-05-01T00:00:00Z' });
const ctx: DocContext = {
  ds,
  report: report.procedures[0],
  signs: report.signs,
  earlier: toDataset(earlierWorld),
};
const opts = (pupil: string, extra: Partial<DocOptions> = {}): DocOptions => ({
  level: 'class',
  unitId: 's1/5А',
  resultsDate: '2026-04-20',
  pupil,
  ...extra,
});

describe('справка по ученику', () => {
  it('figures against the class, school and all, journal, tasks, deficits, dynamics', async () => {
    const t = await text(pupilSpravkaModel(ctx, opts('101')));
    expect(t).toContain('Обучающийся: код участника 101; 5А класс, Школа s1');
    expect(t).toContain('Первичный балл — 1 из 5 (20,0 %), отметка «2».');
    // Class and school: (1 + 5 + 2) / 3 = 2,67 → «2,7»; all and the municipality: 15 / 5 = 3.
    expect(t).toContain('Балл на 1,7 ниже среднего по классу (2,7).');
    expect(t).toContain('Балл на 2,0 ниже среднего по всей выборке (3,0).');
    expect(t).toContain('Балл выше, чем у 0 из 2 других писавших работу в классе.');
    expect(t).toContain('Отметка за работу «2», отметка по журналу «4»: отметка за работу ниже на 2 балла');
    // Task № 3: the pupil 0 of 2; the class (0 + 2 + 1) / 6 = 50 %.
    expect(t).toMatch(/3\nБ\nГеометрия\n0 из 2\n0,0\n50,0\nне достигнут/);
    // Unformed: «Геометрия» only («Счёт» 1 of 2 is half, not less); № 4 has no skill.
    expect(t).toContain('Не сформировано 1 умение из 2:');
    expect(t).toMatch(/Геометрия\n№ 3 \(0 из 2\)\n0,0\n50,0\nда/);
    expect(t).toContain(
      'Задания без указанного в спецификации умения, выполненные меньше чем наполовину: № 4.',
    );
    // Dynamics: 2 of 2 (100 %) a year earlier, 1 of 5 (20 %) now.
    expect(t).toContain('Доля набранных баллов снизилась с 100,0 % до 20,0 % (на 80,0 п. п.;');
    expect(t).toContain('Доля набранных баллов снизилась на 80,0 п. п. по сравнению с предыдущей процедурой');
    // «Геометрия» is also the class's deficit (50 % < 57 %): the recommendation says so.
    expect(t).toContain('1 умение не сформировано и у класса в целом («Геометрия»)');
    expect(t).not.toMatch(/Признак/);
    expect(t).not.toContain('Иванова');
  });

  it('a code that the earlier procedure lacks, an absent pupil, no earlier procedure at all', async () => {
    expect(await text(pupilSpravkaModel(ctx, opts('103')))).toContain(
      'участника с кодом 103 в этой школе нет',
    );
    // Code 101 exists earlier only in school s1: the s2 pupil with that code is not matched.
    expect(await text(pupilSpravkaModel(ctx, { ...opts('101'), unitId: 's2/5А' }))).toContain(
      'участника с кодом 101 в этой школе нет',
    );
    expect(await text(pupilSpravkaModel(ctx, opts('104')))).toContain('Обучающийся отсутствовал на работе');
    const alone = await text(pupilSpravkaModel({ ...ctx, earlier: undefined }, opts('102')));
    expect(alone).toContain(
      'Результатов предыдущей процедуры этой когорты (ВПР «Математика», 4 класс) в загруженных данных нет',
    );
    expect(alone).toContain('Несформированных умений не выявлено (5 из 5)');
    expect(() => pupilSpravkaModel(ctx, opts('999'))).toThrow(/нет участника с кодом 999/);
  });

  it('prints a name only when the page passes the roster', async () => {
    const names = new Map([['101', 'Иванова Анна']]);
    const t = await text(pupilSpravkaModel(ctx, opts('101', { names })));
    expect(t).toContain('Обучающийся: Иванова Анна (код участника 101)');
  });
});

describe('маршруты: имена из списка класса', () => {
  it('codes only by default, names when given', async () => {
    const off = await text(routesModel(ctx, opts('')));
    expect(off).toContain('код участника 101');
    expect(off).not.toContain('Иванова');
    const on = await text(routesModel(ctx, opts('', { names: new Map([['103', 'Петров Олег']]) })));
    expect(on).toContain('Петров Олег (код 103)');
    expect(on).toContain('код участника 101');
  });
});

describe('documents worker API: the pupil справка', () => {
  it('lists the class pupils, finds the earlier procedure, prints names only when sent', async () => {
    const earlierDs = toDataset(earlierWorld);
    const stored = new Map([
      ['now', ds],
      ['before', earlierDs],
    ]);
    const ref = (key: string, d: typeof ds) => ({ key, ...d.meta.procedure, updatedAt: '2026-05-01' });
    const api = createDocumentsApi({
      loadDataset: async (key) => stored.get(key)!,
      listProcedures: async () => [ref('now', ds), ref('before', earlierDs)],
      getSetting: async () => undefined,
      setSetting: async () => undefined,
      deleteSetting: async () => undefined,
    });
    const pupils = await api.pupils('now', 's1/5А');
    expect(pupils).toEqual({
      ok: true,
      value: [
        { code: '101', absent: false, score: 1, mark: 2 },
        { code: '102', absent: false, score: 5, mark: 5 },
        { code: '103', absent: false, score: 2, mark: 3 },
        { code: '104', absent: true, score: null, mark: null },
      ],
    });
    const request = {
      level: 'class' as const,
      unitId: 's1/5А',
      resultsDate: '2026-04-20',
      calendar: 'quarters' as const,
    };
    const file = await api.generate('now', 'pupil-spravka', { ...request, pupil: '101' });
    if (!file.ok) throw new Error(file.error.message);
    expect(file.value.fileName).toMatch(/код 101\.docx$/);
    const t = strFromU8(unzipSync(file.value.bytes)['word/document.xml']);
    expect(t).toContain('снизилась с 100');
    expect(t).not.toContain('Иванова');
    const named = await api.spravkaModel('now', {
      ...request,
      pupil: '101',
      names: [['101', 'Иванова Анна']],
    });
    if (!named.ok) throw new Error(named.error.message);
    expect(JSON.stringify(named.value)).toContain('Иванова Анна (код участника 101)');
    const missing = await api.generate('now', 'pupil-spravka', { ...request, pupil: '999' });
    expect(missing.ok).toBe(false);
  });
});
