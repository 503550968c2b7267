// Writes the ФИС ОКО form «Сбор контекстных данных об ОО» in its two official layouts, as described
// in issue #13: 2021 — one sheet, ~95 columns headed by the full question texts, `логин`, answers
// «1. Столица субъекта РФ»; 2022 — several sheets, login in `Пользователь`, `Регион | Муниципалитет |
// Школа | Дата загрузки`, numbered questions (some with a TAB after the number), answers «4) …».
// The personal-data columns (director, phone, e-mail, INN) are filled too: the reader must drop them.
// Used by the tests and by the demo (src/domain/demo/context-form.ts).
import * as XLSX from 'xlsx';

export interface FormSchool {
  login: string;
  name: string;
  municipality: string;
  regionCode: string;
  settlementType: 1 | 2 | 3 | 4;
  settlementSize: number;
  transport: number;
  special: boolean;
  evening: boolean;
  boarding: boolean;
  /** Pupils and classes per grade 1–11 (index 0 = grade 1). */
  pupilsByGrade: number[];
  classesByGrade: number[];
  pupilsAdapted: number;
  teachers: number;
  teachersHighest: number;
  teachersYoung: number;
  teachersPension: number;
  computers: number;
  internet: number;
  /** One flag per IN_DEPTH subject. */
  inDepth: boolean[];
  codeOge: string;
  codeEge: string;
  director: string;
  phone: string;
  email: string;
  inn: string;
}

export const SETTLEMENT_2021 = [
  'Столица субъекта РФ',
  'Город',
  'Населенный пункт городского типа (поселок городского типа, рабочий поселок)',
  'Населенный пункт сельского типа (село, деревня, поселок сельского типа)',
];
export const SIZE_TEXT = [
  'Менее 1 тыс. человек',
  'От 1 до 5 тыс. человек',
  'От 5 до 20 тыс. человек',
  'От 20 до 50 тыс. человек',
  'От 50 до 100 тыс. человек',
  'От 100 до 250 тыс. человек',
  'От 250 до 680 тыс. человек',
  'Более 680 тыс. человек',
];
const TRANSPORT = ['Хорошая', 'Удовлетворительная', 'Плохая', 'Транспортное сообщение отсутствует'];
const INTERNET = [
  'Нет подключения',
  'До 1 Мбит/с',
  'От 1 до 10 Мбит/с',
  'От 10 до 50 Мбит/с',
  'Более 50 Мбит/с',
];
export const IN_DEPTH = [
  'Математика',
  'Русский язык',
  'Физика',
  'Химия',
  'Биология',
  'Информатика',
  'История',
  'Обществознание',
  'Иностранный язык',
  'География',
  'Литература',
  'Право',
];

/** Columns no field reads (the 2021 form asks far more than the context signals need). */
const OTHER_2021 = [
  'Наличие в ОО библиотеки',
  'Наличие спортивного зала',
  'Наличие столовой',
  'Наличие медицинского кабинета',
  'Наличие актового зала',
  'Доля обучающихся, получающих бесплатное питание',
  'Доля обучающихся, занимающихся в кружках и секциях',
  'Доля родителей, регулярно посещающих родительские собрания',
  'Доля родителей, участвующих в управлении ОО',
  'Проводятся ли в ОО мероприятия по профориентации?',
  'Есть ли в ОО профильные классы?',
  'Есть ли в ОО психолог?',
  'Есть ли в ОО логопед?',
  'Есть ли в ОО социальный педагог?',
  'Среднее количество часов курсов повышения квалификации на одного педагога за год',
  'Количество учебных кабинетов, оснащенных интерактивным оборудованием',
  'Количество учебных кабинетов, оснащенных лабораторным оборудованием',
  'Наличие электронного журнала',
  'Наличие электронной библиотеки',
  'Участвует ли ОО в олимпиадном движении?',
  'Доля выпускников, поступивших в вузы',
  'Есть ли в ОО школьный музей?',
  'Есть ли в ОО спортивный клуб?',
  'Работает ли в ОО управляющий совет?',
  'Доля обучающихся из неполных семей',
  'Доля обучающихся из многодетных семей',
  'Доля обучающихся, для которых русский язык не родной',
  'Работает ли в ОО группа продленного дня?',
  'Наличие в ОО бассейна',
  'Наличие в ОО доступной среды для маломобильных групп',
];

const yes = (b: boolean) => (b ? 'Да' : 'Нет');
const n2021 = (k: number, texts: string[]) => `${k}. ${texts[k - 1]}`;
const n2022 = (k: number, texts: string[]) => `${k}) ${texts[k - 1]}`;

function book(sheets: [string, unknown[][]][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, aoa] of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), name);
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

/** 2021: one sheet «Лист1», one row per school, the question texts as headers (~95 columns). */
export function writeForm2021(schools: FormSchool[]): Uint8Array {
  const grades = Array.from({ length: 11 }, (_, i) => i + 1);
  const header = [
    'логин',
    'Код региона',
    'Название ОО',
    'Муниципалитет',
    'ФИО директора',
    'Телефон',
    'E-mail',
    'ИНН',
    'Где расположена Ваша образовательная организация?',
    'Каков размер населенного пункта, в котором расположена ОО?',
    'Какова транспортная доступность ОО?',
    'ОО является специальной (коррекционной)?',
    'ОО является вечерней (сменной)?',
    'ОО является школой-интернатом?',
    ...grades.map((g) => `Количество обучающихся в ${g} классе`),
    ...grades.map((g) => `Количество классов в ${g} параллели`),
    'Количество обучающихся по адаптированным образовательным программам',
    'Общее количество педагогических работников',
    'Количество педагогов, имеющих высшую квалификационную категорию',
    'Количество молодых педагогов (стаж работы до 3 лет)',
    'Количество педагогов пенсионного возраста',
    'Количество компьютеров, используемых в образовательном процессе',
    'Какова скорость подключения к сети Интернет?',
    ...IN_DEPTH.map((s) => `Изучается ли углубленно предмет: ${s}`),
    ...OTHER_2021,
  ];
  const rows = schools.map((s) => [
    s.login,
    s.regionCode,
    s.name,
    s.municipality,
    s.director,
    s.phone,
    s.email,
    s.inn,
    n2021(s.settlementType, SETTLEMENT_2021),
    n2021(s.settlementSize, SIZE_TEXT),
    n2021(s.transport, TRANSPORT),
    yes(s.special),
    yes(s.evening),
    yes(s.boarding),
    ...grades.map((g) => s.pupilsByGrade[g - 1]),
    ...grades.map((g) => s.classesByGrade[g - 1]),
    s.pupilsAdapted,
    s.teachers,
    s.teachersHighest,
    s.teachersYoung,
    s.teachersPension,
    s.computers,
    n2021(s.internet, INTERNET),
    ...IN_DEPTH.map((_, i) => yes(s.inDepth[i])),
    ...OTHER_2021.map((_, i) => (i % 3 === 0 ? 'Да' : i % 3 === 1 ? 'Нет' : 12 + i)),
  ]);
  return book([['Лист1', [header, ...rows]]]);
}

export interface Form2022Options {
  /** Date of loading (text «dd.mm.yyyy hh:mm»), default 15.03.2022. */
  date?: string;
  /** Leave out these sheets (a partial export). */
  omitSheets?: string[];
}

const TAB = '\t';

/** 2022: several sheets, ФИС ОКО's own columns, numbered questions, answers «4) …». */
export function writeForm2022(schools: FormSchool[], opts: Form2022Options = {}): Uint8Array {
  const date = opts.date ?? '15.03.2022 10:41';
  const own = ['Регион', 'Муниципалитет', 'Школа', 'Пользователь', 'Дата загрузки'];
  const ownOf = (s: FormSchool) => ['Алтайский край', s.municipality, s.name, s.login, date];
  const grades = Array.from({ length: 11 }, (_, i) => i + 1);
  const sheets: [string, string[], (s: FormSchool) => unknown[]][] = [
    [
      'Общая информация об ОО',
      [
        '1. Полное наименование ОО',
        '2. ИНН',
        `3.${TAB}ФИО директора`,
        '4. Телефон',
        '5. Адрес электронной почты',
        '6. Сайт ОО',
        `7.${TAB}Код ОГЭ`,
        `8.${TAB}Код ЕГЭ`,
        '14. Где расположена образовательная организация?',
        `15.${TAB}Каков размер населенного пункта, в котором расположена образовательная организация?`,
        '16. Какова транспортная доступность ОО?',
        '17.1. ОО является вечерней (сменной) общеобразовательной организацией?',
        '17.2. ОО является отдельной организацией, осуществляющей образовательную деятельность по АОП (например, специальной (коррекционной) ОО?',
        '17.3. ОО является общеобразовательной школой-интернатом?',
      ],
      (s) => [
        s.name,
        s.inn,
        s.director,
        s.phone,
        s.email,
        `https://${s.login}.edu.example`,
        s.codeOge,
        s.codeEge,
        n2022(s.settlementType, SETTLEMENT_2021),
        n2022(s.settlementSize, SIZE_TEXT),
        n2022(s.transport, TRANSPORT),
        n2022(s.evening ? 1 : 2, ['Да', 'Нет']),
        n2022(s.special ? 1 : 2, ['Да', 'Нет']),
        n2022(s.boarding ? 1 : 2, ['Да', 'Нет']),
      ],
    ],
    [
      'ОБРАЗОВАТЕЛЬНАЯ ДЕЯТЕЛЬНОСТЬ ОО',
      [
        ...grades.map((g) => `${g}.${TAB}Количество обучающихся в ${g} классе`),
        ...grades.map((g) => `${11 + g}. Количество классов в ${g} параллели`),
        '23. Количество обучающихся по АОП',
        ...IN_DEPTH.map((s, i) => `${24 + i}. Изучается ли углубленно предмет «${s}»?`),
      ],
      (s) => [
        ...grades.map((g) => s.pupilsByGrade[g - 1]),
        ...grades.map((g) => s.classesByGrade[g - 1]),
        s.pupilsAdapted,
        ...IN_DEPTH.map((_, i) => n2022(s.inDepth[i] ? 1 : 2, ['Да', 'Нет'])),
      ],
    ],
    [
      'КАДРОВОЕ ОБЕСПЕЧЕНИЕ ОО',
      [
        '1. Общее количество педагогических работников',
        '2. Количество педагогов, имеющих высшую квалификационную категорию',
        `3.${TAB}Количество молодых педагогов (стаж до 3 лет)`,
        '4. Количество педагогов пенсионного возраста',
        '5. Среднее количество часов курсов повышения квалификации на одного педагога',
      ],
      (s) => [s.teachers, s.teachersHighest, s.teachersYoung, s.teachersPension, 36],
    ],
    [
      'МАТЕРИАЛЬНО-ТЕХНИЧЕСКАЯ БАЗА ОО',
      [
        '1. Количество компьютеров, используемых в образовательном процессе',
        '2. Какова скорость подключения к сети Интернет?',
      ],
      (s) => [s.computers, n2022(s.internet, INTERNET)],
    ],
  ];
  return book(
    sheets
      .filter(([name]) => !opts.omitSheets?.includes(name))
      .map(([name, head, row]) => [
        name,
        [[...own, ...head], ...schools.map((s) => [...ownOf(s), ...row(s)])],
      ]),
  );
}
