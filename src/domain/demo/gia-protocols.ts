// Over 400 lines: one generator and the writers of every protocol layout it feeds; they share the
// participants' shape and the cell helpers, and the tests read them as one fixture source.
// Synthetic РЦОИ protocols of ОГЭ and ЕГЭ, with the truth next to them: participants (with made-up
// names and documents, which the importer must never read), their task scores, the protocol's
// primary score, mark and test score. Writers give the layouts the importer accepts: the ОГЭ
// protocol as real BIFF `.xls` (several exams per sheet, title lines, spacer columns, «Средние»,
// numbers like `9306.0`), the ЕГЭ protocol `.xlsx` (ФИО in one column or three; Вариант, Код
// участника, № бланка), the appeal layout and the `;` CSV with English names.
import * as XLSX from 'xlsx';
import type { MarkScale, TaskSpec } from '../model.ts';
import { fnv1a, logistic, mulberry32 } from './prng.ts';

export interface GiaParticipant {
  msu: string;
  school: string;
  /** The class cell as written in the file, and its label by the class-id rule. */
  classCell: string;
  classLabel: string;
  surname: string;
  name: string;
  patronymic: string;
  docSeries: string;
  docNumber: string;
  variant: number;
  scores: number[];
  /** The protocol's «Первичный балл» (official; differs from the mask sum in a few rows). */
  primary: number;
  /** «Оценка» 2..5 (0 = none, ЕГЭ). */
  mark: number;
  /** «Тестовый балл» (-1 = none, ОГЭ). */
  test: number;
}

export interface GiaExam {
  kind: 'ОГЭ' | 'ЕГЭ';
  subject: string;
  code: string;
  date: string; // YYYY.MM.DD
  year: number;
  tasks: TaskSpec[];
  scale?: MarkScale;
  testScale?: number[];
  minimum?: number;
  participants: GiaParticipant[];
}

const SURNAMES = [
  'Ковалевская',
  'Прохорчук',
  'Загребельный',
  'Остроумова',
  'Белозерцев',
  'Шелехова',
  'Тимирязев',
  'Крутогорова',
];
const NAMES = [
  'Евлампия',
  'Всеволод',
  'Ярополк',
  'Мирослава',
  'Феофан',
  'Аграфена',
  'Святослав',
  'Елисавета',
];
const PATRONYMICS = ['Игнатьевна', 'Ростиславович', 'Потаповна', 'Евграфович', 'Аристарховна', 'Никанорович'];

export interface ExamShape {
  kind: 'ОГЭ' | 'ЕГЭ';
  subject: string;
  code: string;
  date: string;
  /** Maxima of the short-answer tasks, then of the long-answer tasks. */
  short: number[];
  long: number[];
  scale?: MarkScale;
  minimum?: number;
}

export const SHAPES = {
  ogeMath: {
    kind: 'ОГЭ',
    subject: 'Математика',
    code: '02',
    date: '2024.06.04',
    short: Array(19).fill(1),
    long: [2, 2, 2, 2, 2, 2],
    scale: [
      [0, 7],
      [8, 14],
      [15, 21],
      [22, 31],
    ],
  },
  ogeRus: {
    kind: 'ОГЭ',
    subject: 'Русский язык',
    code: '01',
    date: '2024.05.30',
    short: Array(11).fill(1),
    long: [2, 3, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 1, 2],
    scale: [
      [0, 14],
      [15, 22],
      [23, 30],
      [31, 36],
    ],
  },
  ogeBio: {
    kind: 'ОГЭ',
    subject: 'Биология',
    code: '06',
    date: '2024.06.11',
    short: [1, 1, 2, 1, 1, 2, 1, 2, 1, 2],
    long: [3, 2, 3],
    scale: [
      [0, 5],
      [6, 9],
      [10, 14],
      [15, 22],
    ],
  },
  egeMath: {
    kind: 'ЕГЭ',
    subject: 'Математика (профильный уровень)',
    code: '02',
    date: '2024.06.01',
    short: Array(12).fill(1),
    long: [2, 3, 2, 2, 3, 4, 4],
    minimum: 27,
  },
  egeRus: {
    kind: 'ЕГЭ',
    subject: 'Русский язык',
    code: '01',
    date: '2024.05.31',
    short: [1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1],
    long: [1, 3, 2, 1, 2, 1, 3, 3, 2, 2],
    minimum: 24,
  },
} satisfies Record<string, ExamShape>;

/** A monotone primary → test scale ending at 100 (synthetic, not an official one). */
export function syntheticTestScale(max: number): number[] {
  return Array.from({ length: max + 1 }, (_, p) => Math.round(100 * Math.pow(p / max, 0.72)));
}

const CLASS_CELLS: [string, string, string][] = [
  ['А', 'А', 'А'],
  ['а', 'A', 'А'], // lower case; Latin look-alike
  ['Б', 'б', 'Б'],
  ['В', 'в\u00a0', 'В'], // a trailing no-break space
];

export interface GenerateOptions {
  seed?: number;
  municipalities?: number;
  schoolsPerMunicipality?: number;
  /** Participants per school (min, max). */
  perSchool?: [number, number];
  /** Schools (by index) whose scores are pushed up: the inflated-mean sign must see them. */
  inflated?: number[];
  /** Share of rows whose stated primary score differs from the mask sum (an appeal, a re-check). */
  mismatch?: number;
}

function gradeOf(kind: string): number {
  return kind === 'ОГЭ' ? 9 : 11;
}

export function generateExam(shape: ExamShape, o: GenerateOptions = {}): GiaExam {
  const rng = mulberry32(fnv1a(`gia-${shape.kind}-${shape.subject}`, o.seed ?? 1));
  const maxima = [...shape.short, ...shape.long];
  const max = maxima.reduce((a, b) => a + b, 0);
  const tasks: TaskSpec[] = maxima.map((m, k) => ({
    id: String(k + 1),
    max: m,
    part: k < shape.short.length ? 1 : 2,
  }));
  const b = maxima.map(() => rng.normal() * 0.9);
  const testScale = shape.kind === 'ЕГЭ' ? syntheticTestScale(max) : undefined;
  const grade = gradeOf(shape.kind);
  const participants: GiaParticipant[] = [];
  const M = o.municipalities ?? 3;
  const S = o.schoolsPerMunicipality ?? 4;
  const [lo, hi] = o.perSchool ?? [8, 30];
  let schoolNo = 0;
  for (let m = 0; m < M; m++) {
    const msu = String(m + 1);
    for (let s = 0; s < S; s++, schoolNo++) {
      const school = String(9300 + schoolNo * 7 + m);
      const effect = rng.normal() * 0.5 + (o.inflated?.includes(schoolNo) ? 1.8 : 0);
      const n = rng.int(lo, hi);
      for (let i = 0; i < n; i++) {
        const theta = effect + rng.normal();
        const scores = maxima.map((tm, k) => {
          let sc = 0;
          for (let step = 0; step < tm; step++) if (rng.next() < logistic(theta - b[k] - 0.4 * step)) sc++;
          return sc;
        });
        const sum = scores.reduce((a, v) => a + v, 0);
        let primary = sum;
        if (rng.chance(o.mismatch ?? 0.02)) primary = sum < max ? sum + 1 : sum - 1;
        let mark = 0;
        if (shape.scale) {
          mark = shape.scale.findIndex(([a, z]) => primary >= a && primary <= z) + 2;
          // The protocol's mark is official: a missing requirement (e.g. geometry) lowers it.
          if (mark >= 3 && rng.chance(0.04)) mark--;
        }
        const [cellA, cellB, label] = rng.pick(CLASS_CELLS);
        const classCell = rng.chance(0.5) ? `${grade}${cellA}` : `${grade}${cellB}`;
        participants.push({
          msu,
          school,
          classCell: classCell.trim(),
          classLabel: `${grade}${label}`,
          surname: rng.pick(SURNAMES),
          name: rng.pick(NAMES),
          patronymic: rng.pick(PATRONYMICS),
          docSeries: String(rng.int(1000, 9999)),
          docNumber: String(rng.int(100000, 999999)),
          variant: rng.int(301, 320),
          scores,
          primary,
          mark,
          test: testScale ? testScale[primary] : -1,
        });
      }
    }
  }
  return {
    kind: shape.kind,
    subject: shape.subject,
    code: shape.code,
    date: shape.date,
    year: Number(shape.date.slice(0, 4)),
    tasks,
    scale: shape.scale,
    testScale,
    minimum: shape.minimum,
    participants,
  };
}

/** `++-1+` and `2(2)0(3)` from the task scores: `+` is the task's maximum. */
export function masks(exam: GiaExam, p: GiaParticipant): { short: string; long: string } {
  let short = '';
  let long = '';
  exam.tasks.forEach((t, k) => {
    const s = p.scores[k];
    if (t.part === 1) short += s === t.max ? '+' : s === 0 ? '-' : String(s);
    else long += `${s}(${t.max})`;
  });
  return { short, long };
}

/** The spec.json of an exam (parts, scale / test scale and minimum). */
export function examSpec(exam: GiaExam): Record<string, unknown> {
  return {
    kind: exam.kind,
    subject: exam.subject,
    grade: gradeOf(exam.kind),
    year: exam.year,
    tasks: exam.tasks,
    ...(exam.scale ? { scale: exam.scale } : {}),
    ...(exam.testScale ? { testScale: exam.testScale } : {}),
    ...(exam.minimum !== undefined ? { minimum: exam.minimum } : {}),
    comment: 'поле, которого нет в формате, — должно быть проигнорировано',
  };
}

type Cell = string | number | null;

const examLine = (e: GiaExam) => `${e.code} - ${e.subject} ${e.date}`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * The ОГЭ protocol sheet: header with spacer columns left by merged cells. `textNumbers` writes
 * codes and scores as text like `9306.0` (as some regional systems export them).
 */
export function ogeProtocolRows(exams: GiaExam[], textNumbers = true): Cell[][] {
  const rows: Cell[][] = [['Протокол проверки результатов'], ['22 - Синтетический край']];
  const num = (v: number): Cell => (textNumbers ? `${v}.0` : v);
  for (const e of exams) {
    rows.push([examLine(e)], []);
    rows.push([
      '№',
      'Код ОО',
      'Класс',
      null,
      'Код ППЭ',
      null,
      'Аудитория',
      null,
      'Код МСУ',
      null,
      'Фамилия',
      null,
      'Имя',
      'Отчество',
      'Задания с кратким ответом',
      null,
      null,
      'Задания с развёрнутым ответом',
      'Первичный балл',
      null,
      'Оценка',
    ]);
    e.participants.forEach((p, i) => {
      const mk = masks(e, p);
      rows.push([
        i + 1,
        num(Number(p.school)),
        p.classCell,
        null,
        num(2000 + Number(p.msu)),
        null,
        String(100 + (i % 12)),
        null,
        num(Number(p.msu)),
        null,
        p.surname,
        null,
        p.name,
        p.patronymic,
        mk.short,
        null,
        null,
        mk.long,
        num(p.primary),
        null,
        num(p.mark),
      ]);
    });
    const ps = e.participants;
    rows.push([
      'Средние',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      mean(ps.map((p) => p.primary)),
      null,
      mean(ps.map((p) => p.mark)),
    ]);
    rows.push([]);
  }
  return rows;
}

function book(rows: Cell[][], sheet = 'Протокол'): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheet);
  return wb;
}

/** Real BIFF8 `.xls`, as the regional system exports it. */
export function ogeProtocolXls(exams: GiaExam[], textNumbers = true): Uint8Array {
  return new Uint8Array(
    XLSX.write(book(ogeProtocolRows(exams, textNumbers)), { bookType: 'xls', type: 'array' }),
  );
}

export interface EgeLayout {
  /** ФИО in one column or Фамилия, Имя, Отчество in three. */
  fio: 'one' | 'three';
  /** Adds Вариант, Код участника, № бланка and the document columns. */
  extras: boolean;
}

export function egeProtocolRows(exams: GiaExam[], layout: EgeLayout): Cell[][] {
  const rows: Cell[][] = [['Протокол проверки результатов'], ['22 - Синтетический край']];
  for (const e of exams) {
    rows.push([examLine(e)], []);
    const head: Cell[] = ['№', 'Код МСУ', null, 'Код ОО', 'Класс', 'Код ППЭ', null, 'Аудитория'];
    if (layout.fio === 'one') head.push('ФИО', null);
    else head.push('Фамилия', 'Имя', 'Отчество');
    if (layout.extras)
      head.push('Серия документа', 'Номер документа', 'Вариант', 'Код участника', '№ бланка');
    head.push(
      'Задания с кратким ответом',
      null,
      'Задания с развёрнутым ответом',
      null,
      'Первичный балл',
      'Тестовый балл',
    );
    rows.push(head);
    e.participants.forEach((p, i) => {
      const mk = masks(e, p);
      const r: Cell[] = [
        i + 1,
        Number(p.msu),
        null,
        `${p.school}.0`,
        p.classCell,
        3000 + i,
        null,
        `0${(i % 9) + 1}`,
      ];
      if (layout.fio === 'one') r.push(`${p.surname} ${p.name} ${p.patronymic}`, null);
      else r.push(p.surname, p.name, p.patronymic);
      if (layout.extras) r.push(p.docSeries, p.docNumber, p.variant, String(700000 + i), `1${p.docNumber}`);
      r.push(mk.short, null, mk.long, null, p.primary, p.test);
      rows.push(r);
    });
    rows.push(['Средние', null, null, null, null, null, null, null, null]);
  }
  return rows;
}

export function egeProtocolXlsx(exams: GiaExam[], layout: EgeLayout): Uint8Array {
  return new Uint8Array(
    XLSX.write(book(egeProtocolRows(exams, layout)), { bookType: 'xlsx', type: 'array' }),
  );
}

/** Appeal results: two header rows; «Текущие» holds the score after the appeal (the official one). */
export function appealXlsx(exams: GiaExam[]): Uint8Array {
  const rows: Cell[][] = [
    ['Результаты рассмотрения апелляций о несогласии с выставленными баллами'],
    [
      '№',
      'Код МСУ',
      'Код ОО',
      'Класс',
      'Фамилия',
      'Имя',
      'Экзамен',
      'Состояние апелляции',
      'До апелляции',
      null,
      'Текущие',
      null,
    ],
    [null, null, null, null, null, null, null, null, 'Первичный балл', 'Оценка', 'Первичный балл', 'Оценка'],
  ];
  let k = 0;
  for (const e of exams)
    for (const p of e.participants)
      rows.push([
        ++k,
        p.msu,
        p.school,
        p.classCell,
        p.surname,
        p.name,
        `${e.subject} ${e.date}`,
        'Удовлетворена',
        Math.max(0, p.primary - 1),
        p.mark,
        p.primary,
        p.mark,
      ]);
  return new Uint8Array(XLSX.write(book(rows, 'Апелляции'), { bookType: 'xlsx', type: 'array' }));
}

/** `;`-separated UTF-8 CSV with English column names (one exam per row's SubjectName/ExamDate). */
export function giaCsv(exams: GiaExam[]): Uint8Array {
  const head = [
    'AreaCode',
    'SchoolCode',
    'ClassCode',
    'StationCode',
    'AuditoriumCode',
    'Surname',
    'Name',
    'SecondName',
    'DocumentSeries',
    'DocumentNumber',
    'SubjectName',
    'ExamDate',
    'TestResultBCell',
    'TestResultCCell',
    'PrimaryMark',
    'Mark5',
  ];
  const lines = [head.join(';')];
  for (const e of exams)
    e.participants.forEach((p, i) => {
      const mk = masks(e, p);
      lines.push(
        [
          p.msu,
          p.school,
          p.classCell,
          2000 + Number(p.msu),
          100 + (i % 7),
          p.surname,
          p.name,
          p.patronymic,
          p.docSeries,
          p.docNumber,
          e.subject,
          e.date.replace(/\./g, '-'),
          mk.short,
          mk.long,
          p.primary,
          p.mark,
        ].join(';'),
      );
    });
  return new TextEncoder().encode('\ufeff' + lines.join('\r\n') + '\r\n');
}
