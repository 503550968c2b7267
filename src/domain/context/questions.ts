// Which column of the form is which question. Headers are whole question texts that change between
// years («Где расположена Ваша образовательная организация?» in 2021, «14.⇥Где расположена
// образовательная организация?» in 2022), so they are matched on key phrases of the collapsed,
// lower-cased text with the question number removed — never on exact strings.

/** Whitespace (tabs, NBSP, line breaks) collapsed, lower case, ё → е, the leading «14.» / «17.2.» / «7)» removed. */
export function normHeader(x: unknown): string {
  return String(x ?? '')
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/^\d+(\.\d+)*[.)]?\s*/, '');
}

export type Kind = 'text' | 'code' | 'yesno' | 'count' | 'gia';

export interface Question {
  field: string;
  kind: Kind;
  /** When several columns fit, the one with the highest rank is read (default 1). */
  rank?: (h: string) => number;
  /** Largest allowed answer number (codes). */
  max?: number;
  test: (h: string) => boolean;
}

const has =
  (...res: RegExp[]) =>
  (h: string) =>
    res.every((r) => r.test(h));

/** Order matters: the first question a header fits wins (the special flag before pupils on АОП). */
export const QUESTIONS: Question[] = [
  {
    field: 'login',
    kind: 'text',
    test: (h) =>
      /^пользователь( \(логин\))?$/.test(h) ||
      (/^логин(\s|$)/.test(h) && !/(директор|пароль|ответствен)/.test(h)),
  },
  { field: 'regionCode', kind: 'text', test: (h) => /^код региона$/.test(h) },
  {
    field: 'municipality',
    kind: 'text',
    test: (h) => /^(муниципалитет|муниципальное образование|мо|наименование муниципалитета)$/.test(h),
  },
  {
    field: 'name',
    kind: 'text',
    test: (h) =>
      /^(название оо|наименование оо|школа|полное наименование оо|название образовательной организации)$/.test(
        h,
      ),
  },
  { field: 'codeOge', kind: 'gia', test: has(/код/, /огэ/) },
  { field: 'codeEge', kind: 'gia', test: has(/код/, /егэ/) },
  { field: 'settlementType', kind: 'code', max: 4, test: has(/где расположен/) },
  {
    field: 'settlementSize',
    kind: 'code',
    max: 8,
    test: (h) => (/размер/.test(h) || /численност/.test(h)) && /населен/.test(h),
  },
  { field: 'transport', kind: 'code', max: 9, test: has(/транспорт/) },
  {
    field: 'special',
    kind: 'yesno',
    rank: (h) => (/являет/.test(h) ? 2 : 1),
    // 2021 «ОО является специальной (коррекционной)?», 2022 «17.2. ОО является отдельной организацией … по АОП …».
    test: (h) =>
      !/(количеств|число|сколько|доля|классов|классах)/.test(h) &&
      (/коррекционн/.test(h) || (/являет/.test(h) && /(аоп(?![а-я])|адаптированн)/.test(h))),
  },
  { field: 'evening', kind: 'yesno', test: has(/являет/, /вечерн/) },
  { field: 'boarding', kind: 'yesno', test: has(/являет/, /интернат/) },
  {
    field: 'pupilsAdapted',
    kind: 'count',
    test: has(/(обучающихся|учащихся|детей)/, /(адаптированн|аоп(?![а-я])|овз)/),
  },
  {
    field: 'pupilsGrade',
    kind: 'count',
    test: has(/(количество|число|сколько) (обучающихся|учащихся)/, /\d+\s*(-?м|-?го|-?х)?\s*класс/),
  },
  { field: 'classesGrade', kind: 'count', test: has(/(количество|число|сколько) классов/, /\d+/) },
  {
    field: 'pupils',
    kind: 'count',
    test: (h) => /^(общее )?(количество|число) (обучающихся|учащихся)( в оо)?$/.test(h),
  },
  { field: 'teachersHighest', kind: 'count', test: has(/(педагог|учител)/, /высш/, /категори/) },
  { field: 'teachersYoung', kind: 'count', test: has(/(педагог|учител)/, /(молод|стаж(ем)? (до|менее))/) },
  { field: 'teachersPension', kind: 'count', test: has(/(педагог|учител)/, /пенсион/) },
  {
    field: 'teachers',
    kind: 'count',
    test: has(
      /(количество|число|сколько)/,
      /(педагогическ|учител)/,
      /^(?!.*(курс|час|подготовк|категори|молод|пенсион|стаж))/,
    ),
  },
  { field: 'computers', kind: 'count', test: has(/(количество|число|сколько)/, /компьютер/) },
  { field: 'internet', kind: 'code', max: 9, test: has(/скорост/, /интернет/) },
  { field: 'inDepthSubject', kind: 'yesno', test: has(/углубленн/) },
];

/** Columns that are personal data: recognised only to say in the documentation that they are skipped. */
export const PERSONAL = /(^|\s)(фио|ф\.и\.о)|телефон|e-?mail|электронн.{0,10}почт|^инн$|(^|\s)инн(\s|$)/;

/** The grade number in «Количество обучающихся в 5 классе» / «… классов в 5 параллели». */
export function gradeOf(h: string): number | null {
  const m = /(\d{1,2})\s*(-?м|-?го|-?х|-?ой)?\s*(класс|паралл)/.exec(h) ?? /паралл\w*\s*(\d{1,2})/.exec(h);
  const g = m ? Number(m[1]) : NaN;
  return g >= 1 && g <= 12 ? g : null;
}
