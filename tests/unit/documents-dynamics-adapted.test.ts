// The documents worker with several stored works: the справка's «Динамика результатов» reads the
// other years from the DB (a school's pupils only), and the АООП codes sent by the page give the
// separate figures or the справка without those pupils, said under the title (fake-indexeddb).
import { describe, expect, it } from 'vitest';
import type { Block, DocModel } from '../../src/domain/documents/model.ts';
import { procedureId, type MarkScale, type TaskSpec } from '../../src/domain/model.ts';
import { openDb, saveDataset } from '../../src/db/index.ts';
import { createDocumentsApi } from '../../workers/documents.api.ts';
import { storedDocumentsDeps } from './helpers/documents-deps.ts';
import { spread, tinyDataset, type TinyPupil } from './helpers/tiny-dataset.ts';

const TASKS: TaskSpec[] = [
  { id: '1', max: 1 },
  { id: '2', max: 2 },
];
const SCALE: MarkScale = [
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 3],
];

function work(grade: number, year: number, mine: number[], other: number[]) {
  const rows: TinyPupil[] = [
    ...mine.map((s, i) => ({ school: 'sch1', cls: `${grade}А`, code: `1${i}`, scores: spread(s, TASKS) })),
    ...other.map((s, i) => ({ school: 'sch2', cls: `${grade}А`, code: `2${i}`, scores: spread(s, TASKS) })),
  ];
  const ds = tinyDataset({ grade, year, tasks: TASKS, scale: SCALE }, rows);
  ds.meta.file = `work-${grade}-${year}.xlsx`;
  ds.meta.fileHash = `${grade}${year}`.padEnd(64, '0');
  return ds;
}

const text = (m: DocModel) =>
  m.blocks
    .flatMap((b: Block) =>
      b.kind === 'paragraph'
        ? [b.runs.map((r) => (typeof r === 'string' ? r : r.text)).join('')]
        : b.kind === 'list'
          ? b.items.map((r) => r.map((x) => (typeof x === 'string' ? x : x.text)).join(''))
          : b.kind === 'table'
            ? b.rows.map((r) => r.join(' | '))
            : [],
    )
    .join('\n');

describe('documents worker: dynamics and АООП', () => {
  it('reads the cohort from the DB and builds the справка with and without the marked pupils', async () => {
    const db = await openDb(`documents-dyn-${Date.now()}`);
    // 4А 2024: 0,1,2,3 (КЗ 50); 5А 2025: 1,2,3,3,1 (КЗ 60); 6А 2026: 2,2,3,0 (КЗ 75). sch2 must not count.
    for (const d of [
      work(4, 2024, [0, 1, 2, 3], [3]),
      work(5, 2025, [1, 2, 3, 3, 1], [3]),
      work(6, 2026, [2, 2, 3, 0], [3]),
    ])
      await saveDataset(db, d);
    const deps = storedDocumentsDeps(db);
    const api = createDocumentsApi(deps);
    const key = procedureId({ kind: 'ВПР', subject: 'Математика', grade: 6, year: 2026 });
    const req = {
      level: 'class' as const,
      unitId: 'sch1/6А',
      resultsDate: '2026-05-12',
      calendar: 'quarters' as const,
    };

    const plain = await api.spravkaModel(key, req);
    if (!plain.ok) throw new Error(plain.error.message);
    const t = text(plain.value);
    expect(t).toContain('2024 г., 4А | 4 | 1,5 из 3 | 50,0 | 75,0 | 50,0 | 54,0 | 25,0');
    expect(t).toContain('2025 г., 5А | 5 | 2,0 из 3 | 66,7 | 100,0 | 60,0 | 67,2 | 0,0');
    expect(t).toContain('2026 г., 6А | 4 | 1,8 из 3 | 58,3 | 75,0 | 75,0 | 61,0 | 25,0');
    expect(t).not.toContain('АООП');

    // The pupil «13» (score 0, mark 2) marked АООП: beside, then without.
    const beside = await api.spravkaModel(key, { ...req, adapted: ['13'] });
    if (!beside.ok) throw new Error(beside.error.message);
    const b = text(beside.value);
    // Without 13: 2,2,3 → 4,4,5: У 100, КЗ 100, СОУ 76, mean 2,3.
    expect(b).toContain('Без учёта 1 обучающегося по АООП | 3 | 0,0 | 100,0 | 100,0 | 76,0 | 2,3');
    expect(b).toContain('Обучающиеся по АООП | 1 | 100,0 | 0,0 | 0,0 | 16,0 | 0,0');
    expect(b).not.toContain('Показатели приведены без учёта');

    const without = await api.spravkaModel(key, { ...req, adapted: ['13'], withoutAdapted: true });
    if (!without.ok) throw new Error(without.error.message);
    const w = text(without.value);
    expect(w).toContain('Показатели приведены без учёта 1 обучающегося по АООП');
    expect(w).toContain('по выбору составителя остальные разделы справки приведены без них');
    // The marks table's class row now counts 3 writers.
    expect(w).toMatch(/6А класс \(Школа sch1\) \| 3 \|/);
    db.close();
  });
});
