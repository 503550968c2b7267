// Small crafted files, one per rule, warning kind and error: each message must name its place.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { ImportCancelledError, importFile, type ImportOptions } from '../../src/domain/import/import-file';
import { CellCode, ImportError, summarize, type Dataset } from '../../src/domain/model';

function xlsx(sheets: [string, unknown[][]][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (rows: unknown[][], d = ';') =>
  rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join(d)).join('\r\n');

/** Windows-1251 by hand (Node has no encoder for it): ASCII as is, А..я → 0xC0..0xFF, Ё/ё, №. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    if (c < 0x80) return c;
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (ch === 'Ё') return 0xa8;
    if (ch === 'ё') return 0xb8;
    if (ch === '№') return 0xb9;
    throw new Error(`no cp1251 byte for ${ch}`);
  });
}

async function failure(bytes: Uint8Array, opts: ImportOptions): Promise<ImportError> {
  try {
    await importFile(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('import did not fail');
}

const FORM_HEADER = [
  'Код участника',
  'Вариант',
  '1 (1б)',
  '2 (2б)',
  '3 (1б)',
  'Порядковый номер класса',
  'Отметка за предыдущий триместр/ четверть/полугодие',
  'Итого баллов',
];
const form = (...rows: unknown[][]) => xlsx([['Протокол', [FORM_HEADER, ...rows]]]);

const REGION_2021_HEADER = [
  'логин школы',
  'регион',
  'номер обучающегося',
  'код обучающегося',
  'отметка за предыдущую четверть/триместр',
  'пол',
  'класс',
  'вариант',
  'всего баллов',
  'балл за 1',
  'балл за 2',
  'балл за 3',
];

const FISOKO_HEADER = [
  'Пользователь',
  'Код региона',
  'Регион',
  'Муниципалитет',
  'Школа',
  'Дата загрузки',
  'Код',
  'Вариант',
  '1 (1б)',
  '2 (2б)',
  'Наименование класса',
  'Пол',
  'Отметка за предыдущий триместр/ четверть/полугодие',
  'Итого баллов',
];
const fisokoRow = (
  login: string,
  code: number,
  variant: unknown,
  t1: unknown,
  t2: unknown,
  klass = '5А',
  sex = 'м',
  mark: unknown = 4,
  total: unknown = null,
) => [
  login,
  22,
  'reg220000 | Алтайский край',
  'reg22_m001 | Алейский район',
  `${login} | Школа ${login}`,
  '17.03.2022 05:09:18',
  code,
  variant,
  t1,
  t2,
  klass,
  sex,
  mark,
  total,
];

const scoresOf = (ds: Dataset, i: number) => ds.pupils.scores.map((s) => s[i]);
const codesOf = (ds: Dataset, i: number) => ds.pupils.codes.map((c) => c[i]);

it('uses SheetJS 0.20.3 (the CVE-free build from @e965/xlsx)', () => {
  expect(XLSX.version).toBe('0.20.3');
});

describe('warnings name file, sheet, row and column', () => {
  it('a score above the task maximum: 0, INVALID and an above-max warning; no total-mismatch on that row', async () => {
    const ds = await importFile(form([50001, 1, 2, 1, 1, 1, 4, 4], [50002, 2, 1, 2, 0, 1, 5, 3]), {
      fileName: 'form.xlsx',
    });
    expect(scoresOf(ds, 0)).toEqual([0, 1, 1]);
    expect(codesOf(ds, 0)).toEqual([CellCode.INVALID, CellCode.NUMBER, CellCode.NUMBER]);
    expect(ds.meta.warnings).toEqual([
      {
        kind: 'above-max',
        file: 'form.xlsx',
        sheet: 'Протокол',
        row: 2,
        column: '1 (1б)',
        message: expect.stringContaining('балл 2 больше максимального (1)') as string,
      },
    ]);
  });

  it.each([
    ['abc', 'not-a-number'],
    ['-1', 'negative'],
    [-1, 'negative'],
    ['1,5', 'fractional'],
    [0.5, 'fractional'],
    ['1 балл', 'not-a-number'],
    ['—', 'not-a-number'],
  ])('%j in a score cell → %s', async (value, kind) => {
    const ds = await importFile(form([50001, 1, 1, value, 1, 1, 4, null]), { fileName: 'f.xlsx' });
    expect(scoresOf(ds, 0)).toEqual([1, 0, 1]);
    expect(codesOf(ds, 0)[1]).toBe(CellCode.INVALID);
    expect(ds.meta.warnings).toHaveLength(1);
    expect(ds.meta.warnings[0]).toMatchObject({
      kind,
      file: 'f.xlsx',
      sheet: 'Протокол',
      row: 2,
      column: '2 (2б)',
    });
    expect(ds.meta.warnings[0].message).toContain(String(value));
  });

  it('a duplicate participant code within one school names both rows; across schools it is fine', async () => {
    const bytes = xlsx([
      [
        'Протокол',
        [
          FISOKO_HEADER,
          fisokoRow('edu1', 50001, 1, 1, 2),
          fisokoRow('edu2', 50001, 1, 1, 2),
          fisokoRow('edu1', 50001, 2, 0, 0),
        ],
      ],
    ]);
    const ds = await importFile(bytes, { fileName: 'dup.xlsx' });
    expect(summarize(ds).rows).toBe(3); // both kept
    expect(ds.meta.warnings).toEqual([
      {
        kind: 'duplicate-code',
        file: 'dup.xlsx',
        sheet: 'Протокол',
        row: 4,
        column: 'Код',
        message: expect.stringMatching(/50001.*строке 2/) as string,
      },
    ]);
  });

  it('a stated total that differs from the sum → total-mismatch on the total column', async () => {
    const ds = await importFile(form([50001, 1, 1, 2, 1, 1, 4, 3], [50002, 1, 1, 2, 1, 1, 4, 4]), {
      fileName: 't.xlsx',
    });
    expect(ds.meta.warnings).toEqual([
      {
        kind: 'total-mismatch',
        file: 't.xlsx',
        sheet: 'Протокол',
        row: 2,
        column: 'Итого баллов',
        message: expect.stringContaining('3') as string,
      },
    ]);
  });
});

describe('fatal errors', () => {
  it('an empty file', async () => {
    const e = await failure(new Uint8Array(0), { fileName: 'empty.csv' });
    expect(e.message).toContain('empty.csv');
    expect(e.message).toContain('пуст');
  });

  it('a workbook with nothing in it', async () => {
    const e = await failure(xlsx([['Лист1', []]]), { fileName: 'blank.xlsx' });
    expect(e.message).toMatch(/blank\.xlsx.*не содержит данных/);
  });

  it('an .xlsx that is not a zip', async () => {
    const e = await failure(utf8('Код участника;Вариант;1 (1б)\r\n1;1;1'), { fileName: 'renamed.xlsx' });
    expect(e.message).toContain('renamed.xlsx');
    expect(e.message).toContain('файл повреждён или это не XLSX');
  });

  it('a zip that is not a workbook', async () => {
    const junk = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const e = await failure(junk, { fileName: 'broken.xlsx' });
    expect(e.message).toContain('повреждён или это не XLSX');
  });

  it('an unknown layout lists the columns found and the layouts expected', async () => {
    const bytes = xlsx([
      [
        'Ведомость',
        [
          ['ФИО', 'Класс', 'Оценка'],
          ['Иванов', '5А', 5],
        ],
      ],
    ]);
    const e = await failure(bytes, { fileName: 'other.xlsx' });
    expect(e.file).toBe('other.xlsx');
    expect(e.sheet).toBe('Ведомость');
    // First what to do, in plain words; the technical list only after «Подробности:».
    const [advice, details] = e.message.split('Подробности: ');
    expect(advice).toMatch(/^Не удалось узнать формат файла «other\.xlsx»\. Сохраните протокол из ФИС ОКО/);
    expect(advice).toContain('«Код участника», «Вариант», «Класс»');
    // No Latin header names (groups, user, id …) before the details: only the file name and «XLSX».
    expect(advice.replace('other.xlsx', '').replace('XLSX', '')).not.toMatch(/[A-Za-z]/);
    expect(details).toMatch(/^на листе «Ведомость»/);
    expect(details).toContain('«ФИО», «Класс», «Оценка»');
    expect(details).toContain('Код участника');
    expect(details).toContain('логин школы');
    expect(details).toContain('a-1-grade');
  });

  it('the header the unknown-layout message advises is accepted', async () => {
    // Exactly the columns the message names: «Код участника», «Вариант», «Класс», «1 (1б)», «2 (2б)».
    const ds = await importFile(
      xlsx([
        [
          'Лист1',
          [
            ['Код участника', 'Вариант', 'Класс', '1 (1б)', '2 (2б)'],
            ['10001', 1, '4А', 1, 2],
            ['10002', 2, '4Б', 0, 1],
          ],
        ],
      ]),
      { fileName: 'advised.xlsx' },
    );
    expect(ds.meta.layout).toBe('vpr-form');
    expect(ds.pupils.n).toBe(2);
    expect(ds.meta.taskHeaders.length).toBe(2);
  });

  it('a header without pupil rows', async () => {
    const e = await failure(xlsx([['Протокол', [FISOKO_HEADER, ['', '', '', '', '', '', 50001, 1, 1, 1]]]]), {
      fileName: 'nobody.xlsx',
    });
    expect([e.file, e.sheet, e.row]).toEqual(['nobody.xlsx', 'Протокол', 1]);
    expect(e.message).toContain('нет ни одной строки с учеником');
  });

  it('a spec whose task count differs from the non-empty task columns', async () => {
    const bytes = utf8(csv([REGION_2021_HEADER, ['sch1', 'Район', 1, 50001, 4, 'м', 'а', 1, 2, 1, 1, 0]]));
    const spec = {
      kind: 'ВПР',
      subject: 'Математика',
      grade: 5,
      year: 2021,
      tasks: [
        { id: '1', max: 1 },
        { id: '2', max: 1 },
      ],
    };
    const e = await failure(bytes, { fileName: 'r.csv', spec });
    expect([e.file, e.sheet, e.row]).toEqual(['r.csv', 'CSV', 1]);
    expect(e.message).toContain('3 непустых столбцов');
    expect(e.message).toContain('2 заданий');
  });

  it('cancellation throws ImportCancelledError («Импорт отменён»)', async () => {
    const e = await failure(form([50001, 1, 1, 1, 1, 1, 4, 3]), {
      fileName: 'c.xlsx',
      isCancelled: () => true,
    });
    expect(e).toBeInstanceOf(ImportCancelledError);
    expect(e.message).toBe('Импорт отменён');
  });
});

describe('CSV', () => {
  const rows = [
    REGION_2021_HEADER,
    ['sch1', 'Район, "Северный"', 1, 50001, '4', 'ж', 'а', 1, 3, 1, 2, 'Х'],
    ['sch1', 'Район, "Северный"', 2, 50002, 'нет отметки', 'м', 'б', 'отсутствовал', 0, null, null, null],
  ];
  const expectParsed = (ds: Dataset) => {
    expect(ds.meta.layout).toBe('region-2021');
    expect(summarize(ds)).toMatchObject({ rows: 2, written: 1, absent: 1, schools: 1, classes: 2 });
    expect(scoresOf(ds, 0)).toEqual([1, 2, 0]);
    expect(codesOf(ds, 0)[2]).toBe(CellCode.X);
    expect(ds.meta.municipalities).toEqual([{ id: 'Район, "Северный"', name: 'Район, "Северный"' }]);
    expect(ds.meta.classes.map((c) => c.id)).toEqual(['sch1/5А', 'sch1/5Б']);
    expect([ds.pupils.journal[0], ds.pupils.journal[1], ds.pupils.sex[0]]).toEqual([4, 0, 2]);
  };
  const quoted = (d: string) =>
    rows
      .map((r) =>
        r
          .map((c) =>
            c === null ? '' : /[",;\t]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c),
          )
          .join(d),
      )
      .join('\r\n');
  const spec = {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: 2021,
    tasks: [
      { id: '1', max: 1 },
      { id: '2', max: 2 },
      { id: '3', max: 1 },
    ],
  };

  it.each([
    ['semicolon, UTF-8', utf8(quoted(';'))],
    ['comma, UTF-8 with BOM', utf8('\uFEFF' + quoted(','))],
    ['tab, LF only', utf8(quoted('\t').replace(/\r\n/g, '\n'))],
    ['semicolon, Windows-1251', cp1251(quoted(';'))],
  ])('%s', async (_, bytes) => {
    const ds = await importFile(bytes, { fileName: 'export.csv', spec });
    expectParsed(ds);
    expect(ds.meta.sheet).toBe('CSV');
    expect(ds.meta.maximaSource).toBe('spec');
  });

  it('quoted fields with line breaks keep line numbers right', async () => {
    const text =
      quoted(';').replace('Район, ""Северный""', 'Район,\n""Северный""') +
      '\r\nsch1;x;3;50003;5;м;а;1;1;1;9;1';
    const ds = await importFile(utf8(text), { fileName: 'multi.csv', spec });
    expect(Array.from(ds.pupils.sourceRow)).toEqual([2, 4, 5]);
    expect(ds.meta.warnings).toMatchObject([
      { kind: 'above-max', row: 5, column: 'балл за 2', sheet: 'CSV', file: 'multi.csv' },
    ]);
  });
});

describe('layout recognition', () => {
  it('finds the header below title rows, in another column order, on a differently named sheet', async () => {
    const header = [
      'Итого баллов',
      '2 (2б)',
      'Вариант',
      'Код участника',
      '1 (1б)',
      'Наименование класса',
      'Пол',
    ];
    const bytes = xlsx([
      ['Служебный', [['Вариант'], [1], [2], ['отсутствовал']]],
      [
        'Лист1',
        [
          ['Результаты ВПР'],
          [],
          ['Школа № 1'],
          header,
          [3, 2, 1, 40001, 1, '4 a', 'Ж'],
          [null, null, 'ОТСУТСТВОВАЛ', 40002, null, '4 a', 'м'],
          [null, null, null, null, null, null, null],
        ],
      ],
    ]);
    const ds = await importFile(bytes, {
      fileName: 'Форма сбора результатов Математика 4 класс ВПР 2026.xlsx',
    });
    expect(ds.meta).toMatchObject({
      layout: 'vpr-form',
      sheet: 'Лист1',
      maximaSource: 'header',
      taskHeaders: ['2 (2б)', '1 (1б)'],
    });
    expect(ds.meta.procedure).toMatchObject({ kind: 'ВПР', subject: 'Математика', grade: 4, year: 2026 });
    expect(summarize(ds)).toMatchObject({ rows: 2, written: 1, absent: 1, classes: 1 });
    expect(Array.from(ds.pupils.sourceRow)).toEqual([5, 6]);
    expect(scoresOf(ds, 0)).toEqual([2, 1]);
    // A single school's form: the login comes from the options (default «школа»).
    expect(ds.meta.schools).toEqual([{ login: 'школа' }]);
    expect(ds.meta.classes[0].id).toBe('школа/4 А');
    const named = await importFile(bytes, { fileName: 'f.xlsx', schoolLogin: 'sch220206' });
    expect(named.meta.classes[0].id).toBe('sch220206/4 А');
  });

  it('chooses «Протокол» of a ФИС ОКО file whatever sheet comes first', async () => {
    const bytes = xlsx([
      [
        'Классы',
        [
          [
            'Пользователь',
            'Код региона',
            'Регион',
            'Муниципалитет',
            'Школа',
            'Дата загрузки',
            'Буква (цифра) класса',
          ],
          ['edu1', 22, 'r', 'm', 's', 'd', 'А'],
        ],
      ],
      ['Протокол', [FISOKO_HEADER, fisokoRow('edu1', 50001, 1, 1, 2)]],
    ]);
    const ds = await importFile(bytes, { fileName: 'x.xlsx' });
    expect(ds.meta.sheet).toBe('Протокол');
    expect(ds.meta.procedure.year).toBe(2022); // from «Дата загрузки»
    expect(ds.meta.procedure.grade).toBe(5); // from the participant code 5xxxx
  });

  it('reads a two-part form (Вариант (часть 1) / (часть 2), `11.3 k1 (2б)`)', async () => {
    const header = [
      'Код',
      'Вариант (часть 1)',
      '1 (1б)',
      '2 (1б)',
      'Вариант (часть 2)',
      '11.3 k1 (2б)',
      'Класс № (список формируется из листа "Классы")',
      'Пол',
      'Итого баллов',
    ];
    const bytes = xlsx([
      [
        'Лист',
        [
          header,
          [60001, 1, 1, 1, 'отсутствовал', null, '6б', 'м', 2],
          [60002, 'отсутствовал', null, null, 'отсутствовал', null, '6б', 'ж', 0],
          [60003, 2, 'X', 'x', 1, 'Х', '6б', 'ж', 0],
        ],
      ],
    ]);
    const ds = await importFile(bytes, { fileName: 'two.xlsx' });
    expect(ds.meta.procedure.tasks.map((t) => t.id)).toEqual(['1', '2', '11.3К1']);
    // Wrote one part → present, the other part's empty cells score 0; all X → present with 0.
    expect(Array.from(ds.pupils.absent)).toEqual([0, 1, 0]);
    expect(scoresOf(ds, 0)).toEqual([1, 1, 0]);
    expect(codesOf(ds, 2)).toEqual([CellCode.X, CellCode.X, CellCode.X]);
    expect(Array.from(ds.pupils.variant)).toEqual([1, 0, 2]);
    expect(ds.meta.warnings).toEqual([]);
  });
});

describe('cell rules', () => {
  it('codes, absence and journal marks', async () => {
    const bytes = xlsx([
      [
        'Протокол',
        [
          FISOKO_HEADER,
          fisokoRow('edu1', 50001, 1, 'не пройд.', ' X ', 'a', 'M', '4 '),
          fisokoRow('edu1', 50002, 2, 'H', '-', 'нет', 'ж', '4.0'),
          fisokoRow('edu1', 50003, 'Не присутствовал', null, null, '-', 'ж', '4\u00a0'),
          fisokoRow('edu1', 50004, 1, null, null, '5.0', 'ж', 'нет отметки'),
          fisokoRow('edu1', 50005, 1, 'н', '\u00a02\u00a0', '', 'f', 6),
          fisokoRow('', 50006, 1, 1, 1),
          fisokoRow('edu1', 50007, 'отсутствовал', 1, 1),
        ],
      ],
    ]);
    const ds = await importFile(bytes, { fileName: 'codes.xlsx' });
    const p = ds.pupils;
    expect(p.n).toBe(6); // the row without a login is not a pupil
    expect(ds.meta.warnings.map((w) => [w.kind, w.row])).toEqual([['other', 7]]);
    expect(codesOf(ds, 0)).toEqual([CellCode.NOT_TAUGHT, CellCode.X]);
    expect(codesOf(ds, 1)).toEqual([CellCode.N, CellCode.DASH]);
    expect(codesOf(ds, 4)).toEqual([CellCode.N, CellCode.NUMBER]);
    expect(scoresOf(ds, 4)).toEqual([0, 2]);
    // Variant says absent, or no task cell holds anything.
    expect(Array.from(p.absent)).toEqual([0, 0, 1, 1, 0, 1]);
    expect(Array.from(p.journal)).toEqual([4, 4, 4, 0, 0, 4]);
    expect(Array.from(p.sex)).toEqual([1, 2, 2, 2, 2, 1]);
    expect(ds.meta.classes.map((c) => c.id)).toEqual(['edu1/5А', 'edu1/5']);
    expect(Array.from(p.classIdx)).toEqual([0, 1, 1, 1, -1, 0]);
  });

  it('Latin look-alikes, collapsed spaces and integral numbers in class labels', async () => {
    const rows = ['5a', '5А', ' 5  b ', 5, '5.0', 'Б', 'нет', 'м'].map((k, i) =>
      fisokoRow('edu1', 50001 + i, 1, 1, 1, k as string),
    );
    const ds = await importFile(xlsx([['Протокол', [FISOKO_HEADER, ...rows]]]), { fileName: 'k.xlsx' });
    expect(ds.meta.classes.map((c) => c.label)).toEqual(['5А', '5 В', '5', '5Б', '5М']);
  });
});

describe('progress', () => {
  it('reports a few times, in order, ending at 1', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => fisokoRow(`edu${i % 50}`, 50000 + i, 1, 1, 2));
    const calls: [number, string][] = [];
    await importFile(xlsx([['Протокол', [FISOKO_HEADER, ...rows]]]), {
      fileName: 'p.xlsx',
      onProgress: (f, s) => calls.push([f, s]),
    });
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.length).toBeLessThanOrEqual(20);
    expect(calls.map((c) => c[0])).toEqual([...calls.map((c) => c[0])].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([1, 'Готово']);
    expect(calls.map((c) => c[1])).toContain('Разбор строк');
  });
});
