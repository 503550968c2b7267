// Plain words for the texts of the signals on a school page (#17 «Plain words»): a завуч reads one
// Russian sentence; the statistics behind it («A2 = 8,55 …», «ОШ», «κ_w», «PCM», «lz», «работ окна»)
// move under «Подробнее» with their technical names. The domain's texts stay as they are (the JSON
// and the XLSX carry them); only the screen rewrites them, rule by rule.

export interface PlainText {
  /** The sentence(s) for the screen. */
  text: string;
  /** The technical statements taken out, one a line, for «Подробнее». */
  technical: string[];
}

interface Rule {
  find: RegExp;
  plain: string | ((m: RegExpExecArray) => string);
  technical: (m: RegExpExecArray) => string;
}

const PCM =
  'Статистическая модель заданий — модель Раша для заданий с несколькими баллами (PCM, модель частичного оценивания).';

const RULES: Rule[] = [
  {
    find: /мера согласованности A2 = ([^ ]+) \(около 1 — ответы учеников независимы; в регионе медиана ([^)]+)\)/,
    plain: 'ответы учеников класса похожи друг на друга сильнее, чем при самостоятельной работе',
    technical: (m) =>
      `Мера согласованности A2 = ${m[1]}: около 1 — ответы учеников независимы; медиана по классам региона ${m[2]}.`,
  },
  {
    find: /^A2 — общая для класса картина/,
    plain: 'Общая для класса картина',
    technical: () => 'A2 — мера общей для класса картины «лишних» и «недостающих» баллов по заданиям.',
  },
  {
    find: / \(отношение шансов, ОШ: ([^;]+); 1 — как ожидалось\)/,
    plain: '',
    technical: (m) =>
      `Отношение шансов (ОШ) = ${m[1]}: во столько раз чаще ожидаемого работы оказались ровно на границе отметки; 1 — как ожидалось.`,
  },
  {
    find: /работ окна/,
    plain: 'работ с баллом у границы',
    technical: () =>
      '«Окно» — баллы чуть ниже границы отметки и сама граница: работы, которые можно «подтянуть».',
  },
  {
    find: /^Окно: (.*); работ в окнах: (\d+)\.$/,
    plain: (m) => `Учтены работы с баллом у границы отметки (${m[1]}): ${m[2]}.`,
    technical: () => '«Окно» — баллы чуть ниже границы отметки и сама граница.',
  },
  {
    find: / \(взвешенная каппа κ_w\)/,
    plain: '',
    technical: () =>
      'Согласованность отметок — взвешенная каппа Коэна (κ_w): 1 — полное совпадение, 0 — не больше случайного.',
  },
  { find: / \(модель Раша, PCM\)/, plain: '', technical: () => PCM },
  { find: /модель заданий \(PCM\)/, plain: 'модель заданий', technical: () => PCM },
  {
    find: /^Пороги lz и ошибок Гуттмана/,
    plain: 'Пороги необычности ответов',
    technical: () =>
      'Необычность ответов ученика — показатель lz и число ошибок Гуттмана (верно решённое трудное при нерешённом лёгком).',
  },
  {
    find: / \(p < 0,001 с учётом уровня каждого\)/,
    plain: ', что случайно почти не бывает',
    technical: () => 'Пара отмечена при p < 0,001 с учётом уровня каждого ученика.',
  },
];

/** The screen's wording of a signal's text, and the technical statements it held. */
export function plainText(text: string): PlainText {
  let out = text;
  const technical: string[] = [];
  for (const rule of RULES) {
    const m = rule.find.exec(out);
    if (!m) continue;
    const plain = typeof rule.plain === 'string' ? rule.plain : rule.plain(m);
    out = out.slice(0, m.index) + plain + out.slice(m.index + m[0].length);
    const t = rule.technical(m);
    if (!technical.includes(t)) technical.push(t);
  }
  return { text: out, technical };
}
