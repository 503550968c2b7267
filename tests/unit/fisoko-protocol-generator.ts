// Builds ФИС ОКО protocols of any ВПР work in exactly the layout of the real 2022 files
// (tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx): a «Классы» sheet whose textbook codes
// (`ma5.8 | …`) name the work, and a «Протокол» sheet with `N (Kб)` task columns. Seeded, so a
// failing case can be rebuilt.
import * as XLSX from 'xlsx';

export interface GeneratedTask {
  id: string;
  max: number;
}

export interface ProtocolSpec {
  /** ФИС ОКО subject code of the textbook column: `ru`, `ma`, `bi`, `hi`, `gg`, `ob`, `fi`, `him`… */
  code: string;
  grade: number;
  year: number;
  tasks: GeneratedTask[];
  /** Pupils per class; two schools with two classes each. */
  perClass?: number;
  seed?: number;
  /** The textbook cell of the «Классы» sheet instead of `${code}${grade}.3 | … Учебник N класс`. */
  textbook?: string;
}

export interface GeneratedPupil {
  scores: number[] | null; // null = absent
  total: number;
}

const CLASS_HEADER = [
  'Пользователь',
  'Код региона',
  'Регион',
  'Муниципалитет',
  'Школа',
  'Дата загрузки',
  'Буква (цифра) класса. Введите "нет" - если отсутствует',
  'Основной учебник по предмету',
  'Другое (автор учебника)',
  'Другое (название учебника)',
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The workbook bytes and the pupils as written, in row order. */
export function fisokoProtocol(p: ProtocolSpec): { bytes: Uint8Array; pupils: GeneratedPupil[] } {
  const rand = rng(p.seed ?? 7);
  const perClass = p.perClass ?? 12;
  const date = `17.03.${p.year} 05:09:18`;
  const schools = [
    ['edu220001', 'reg22_m001 | Первый муниципальный район', 'edu220001 | МБОУ "Первая СОШ"'],
    ['edu220002', 'reg22_m002 | город Второй', 'edu220002 | МБОУ "Вторая СОШ"'],
  ];
  const common = (s: string[]) => [s[0], 22, 'reg220000 | Алтайский край', s[1], s[2], date];
  const classes: unknown[][] = [CLASS_HEADER];
  const protocol: unknown[][] = [
    [
      ...CLASS_HEADER.slice(0, 6),
      'Код',
      'Вариант',
      ...p.tasks.map((t) => `${t.id} (${t.max}б)`),
      'Наименование класса',
      'Пол',
      'Отметка за предыдущий триместр/ четверть/полугодие',
      'Итого баллов',
    ],
  ];
  const pupils: GeneratedPupil[] = [];
  let code = p.grade * 10000;
  for (const s of schools)
    for (const letter of ['А', 'Б']) {
      classes.push([
        ...common(s),
        letter,
        p.textbook ?? `${p.code}${p.grade}.3 | 1.2.3.4 | Автор А.А. Учебник ${p.grade} класс`,
      ]);
      // Ability per class so that marks spread over 2..5.
      const ability = 0.25 + 0.5 * rand();
      for (let i = 0; i < perClass; i++) {
        code += 1;
        const label = `${p.grade}${letter}`;
        if (rand() < 0.08) {
          protocol.push([
            ...common(s),
            code,
            'отсутствовал',
            ...p.tasks.map(() => null),
            label,
            'ж',
            null,
            0,
          ]);
          pupils.push({ scores: null, total: 0 });
          continue;
        }
        const a = Math.min(1, Math.max(0, ability + 0.35 * (rand() - 0.5)));
        const scores = p.tasks.map((t) => {
          let x = 0;
          for (let k = 0; k < t.max; k++) if (rand() < a) x += 1;
          return x;
        });
        const total = scores.reduce((x, y) => x + y, 0);
        protocol.push([
          ...common(s),
          code,
          1 + (i % 2),
          ...scores,
          label,
          i % 2 ? 'м' : 'ж',
          3 + Math.floor(rand() * 3),
          total,
        ]);
        pupils.push({ scores, total });
      }
    }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(classes), 'Классы');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(protocol), 'Протокол');
  const bytes = XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
  return { bytes: new Uint8Array(bytes), pupils };
}

/** `n` tasks `1..n` whose maxima (1 or 2) add up to `total` (n ≤ total ≤ 2n). */
export function tasksSumming(n: number, total: number): GeneratedTask[] {
  if (total < n || total > 2 * n) throw new Error(`${n} заданий не дают ${total} баллов`);
  return Array.from({ length: n }, (_, i) => ({ id: String(i + 1), max: i < total - n ? 2 : 1 }));
}
