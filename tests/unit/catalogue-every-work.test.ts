// Every ВПР work of 2021 and 2022 in the catalogue, as a file a user really has: a ФИС ОКО protocol
// named like the public regional archive (`2022/6/История.xlsx`: the subject only, no grade, no
// year) whose textbook code we do not know — the title names the work — and a regional export
// whose header carries no task maxima (they come from the data). Each gets marks from the
// catalogue with no spec, equal to the catalogue cut-offs applied by hand. A work outside the
// catalogue gets no invented scale.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/domain/import/import-file.ts';
import { analyzeProcedure } from '../../src/domain/report/index.ts';
import { CATALOGUE, type CatalogueEntry } from '../../src/domain/spec/catalogue.ts';
import { fisokoProtocol, tasksSumming, type GeneratedTask } from './fisoko-protocol-generator.ts';

/** «3», «4», «5» from these primary scores, read off the entry by hand. */
const cutoffsOf = (e: CatalogueEntry): [number, number, number] =>
  e.from ?? [e.scale![1][0], e.scale![2][0], e.scale![3][0]];

/** The mark by the cut-offs, written out. */
function handMark(total: number, from: [number, number, number]): number {
  if (total >= from[2]) return 5;
  if (total >= from[1]) return 4;
  if (total >= from[0]) return 3;
  return 2;
}

/** The file's maximum: the entry's own, else a maximum above «5» (the source gives none). */
const fileMax = (e: CatalogueEntry) => e.maxScore ?? cutoffsOf(e)[2] + 4;
const fileTasks = (e: CatalogueEntry): GeneratedTask[] =>
  e.tasks ?? tasksSumming(Math.ceil(fileMax(e) / 1.5), fileMax(e));

const basic = (year: number) => CATALOGUE.filter((x) => x.kind === 'ВПР' && x.year === year && !x.profile);

async function marksOf(bytes: Uint8Array, fileName: string) {
  const ds = await importFile(bytes, { fileName });
  const all = analyzeProcedure(ds).units.find((u) => u.level === 'all')!;
  return { ds, marks: all.marks };
}

function wantMarks(pupils: { scores: number[] | null; total: number }[], cut: [number, number, number]) {
  const want: Record<string, number> = { '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const q of pupils) if (q.scores) want[handMark(q.total, cut)] += 1;
  return want;
}

describe('ФИС ОКО protocol named by subject only, unknown textbook code', () => {
  for (const year of [2021, 2022])
    for (const e of basic(year))
      it(`${year}: ${e.subject}, ${e.grade} класс`, async () => {
        const cut = cutoffsOf(e);
        const { bytes, pupils } = fisokoProtocol({
          code: 'zz',
          grade: e.grade,
          year,
          tasks: fileTasks(e),
          textbook: `zz${e.grade}.1 | 1.1.1 | Автор А.А. ${e.subject} ${e.grade} класс АО "Просвещение"`,
          seed: e.grade * 31 + year,
        });
        // Named by subject (the archive), and by nothing at all: the textbook title names the work.
        for (const fileName of [`${e.subject}.xlsx`, 'protocol.xlsx']) {
          const { ds, marks } = await marksOf(bytes, fileName);
          const p = ds.meta.procedure;
          expect([p.kind, p.subject, p.grade, p.year]).toEqual(['ВПР', e.subject, e.grade, year]);
          expect(ds.meta.scaleSource).toMatchObject({ kind: 'catalogue', year });
          expect(marks).toEqual(wantMarks(pupils, cut));
        }
      });
});

/** A regional raw export (`логин школы … балл за 1 … балл за N`), maxima only in the data. */
function regionExport(tasks: GeneratedTask[], grade: number, seed: number) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const header = ['логин школы', 'регион', 'код обучающегося', 'пол', 'класс', 'вариант', 'всего баллов'];
  const rows: unknown[][] = [[...header, ...tasks.map((_, i) => `балл за ${i + 1}`)]];
  const pupils: { scores: number[]; total: number }[] = [];
  for (let school = 0; school < 8; school++) {
    const ability = 0.2 + 0.6 * rand();
    for (let i = 0; i < 30; i++) {
      const a = Math.min(1, Math.max(0, ability + 0.4 * (rand() - 0.5)));
      // Every task reaches its maximum somewhere: the first pupil of each school writes all.
      const scores = tasks.map((t) => {
        if (i === 0 && school === 0) return t.max;
        let x = 0;
        for (let k = 0; k < t.max; k++) if (rand() < a) x += 1;
        return x;
      });
      const total = scores.reduce((x, y) => x + y, 0);
      rows.push([
        `sch22${String(school).padStart(4, '0')}`,
        'Район',
        `${grade}${String(school * 100 + i).padStart(4, '0')}`,
        i % 2 ? 'м' : 'ж',
        `${grade}А`,
        1 + (i % 2),
        total,
        ...scores,
      ]);
      pupils.push({ scores, total });
    }
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet');
  return {
    bytes: new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer),
    pupils,
  };
}

describe('regional export without task maxima in the header', () => {
  for (const e of basic(2022))
    it(`2022: ${e.subject}, ${e.grade} класс — the work by subject, grade, year and maximum`, async () => {
      const tasks = fileTasks(e);
      const { bytes, pupils } = regionExport(tasks, e.grade, e.grade * 7 + e.subject.length);
      const name = `Проведение работы по предмету «${e.subject}», ${e.grade} класс. ВПР 2022.xlsx`;
      const { ds, marks } = await marksOf(bytes, name);
      expect(ds.meta.maximaSource).toBe(e.tasks ? 'spec' : 'observed');
      expect(ds.meta.procedure.tasks.map((t) => t.max)).toEqual(tasks.map((t) => t.max));
      expect(marks).toEqual(wantMarks(pupils, cutoffsOf(e)));
    });
});

describe('a work outside the catalogue', () => {
  it('Информатика 7 класс 2022: no invented scale — the import asks for one', async () => {
    const { bytes } = fisokoProtocol({ code: 'inf', grade: 7, year: 2022, tasks: tasksSumming(10, 15) });
    const ds = await importFile(bytes, { fileName: 'Информатика.xlsx' });
    expect(ds.meta.procedure.subject).toBe('Информатика');
    expect(ds.meta.procedure.scale).toBeNull();
    expect(ds.meta.scaleSource).toBeUndefined();
  });
});

describe('a variant of the work named by the file', () => {
  it('«Биология, 7 класс (по образцу 8 класса)» gets the 8th-grade scale; the plain name the basic one', async () => {
    const tasks = tasksSumming(22, 36);
    const { bytes, pupils } = fisokoProtocol({ code: 'bi', grade: 7, year: 2022, tasks, seed: 77 });
    const variant = await marksOf(
      bytes,
      'Проведение работы по биологии, 7 класс (по образцу 8 класса). ВПР 2022.xlsx',
    );
    // By hand from the source table: «3», «4», «5» from 13, 21, 29 (8th grade); 10, 17, 23 (7th).
    expect(variant.ds.meta.procedure.scale![1][0]).toBe(13);
    expect(variant.marks).toEqual(wantMarks(pupils, [13, 21, 29]));
    expect(variant.ds.meta.warnings.map((w) => w.message).join(' ')).toMatch(
      /по образцу 8 класса.*так назван файл/,
    );
    const plain = await marksOf(bytes, 'Проведение работы по биологии, 7 класс. ВПР 2022.xlsx');
    expect(plain.marks).toEqual(wantMarks(pupils, [10, 17, 23]));
  });
});

describe('the advanced variant of a work', () => {
  it('«Физика (с углублённым изучением предмета)»: never the basic scale — the import asks for one', async () => {
    const tasks = tasksSumming(12, 18);
    const { bytes } = fisokoProtocol({ code: 'fi', grade: 8, year: 2022, tasks, seed: 8 });
    const advanced = await importFile(bytes, {
      fileName: 'Проведение работы по физике (с углублённым изучением предмета), 8 класс. ВПР 2022.xlsx',
    });
    expect(advanced.meta.procedure.subject).toBe('Физика');
    expect(advanced.meta.procedure.scale).toBeNull();
    // The same file under the basic work's name gets the basic scale (cut-offs 5, 8, 11).
    const basicWork = await importFile(bytes, {
      fileName: 'Проведение работы по физике, 8 класс. ВПР 2022.xlsx',
    });
    expect(basicWork.meta.procedure.scale![1][0]).toBe(5);
  });
});
