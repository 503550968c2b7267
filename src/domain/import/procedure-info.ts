// What procedure a file holds: from the options, the spec, the file name, then the content.

export interface ProcedureGuess {
  kind?: string;
  subject?: string;
  grade?: number;
  year?: number;
}

/** Russian word stems (file names like `…по математике, 5 класс. ВПР 2021.xlsx`). */
const SUBJECT_WORDS: [RegExp, string][] = [
  [/математик/i, 'Математика'],
  [/русск/i, 'Русский язык'],
  [/окружающ/i, 'Окружающий мир'],
  [/географи/i, 'География'],
  [/истори/i, 'История'],
  [/биологи/i, 'Биология'],
  [/обществозн/i, 'Обществознание'],
  [/физик/i, 'Физика'],
  [/хими/i, 'Химия'],
  [/английск/i, 'Английский язык'],
  [/немецк/i, 'Немецкий язык'],
  [/французск/i, 'Французский язык'],
  [/информатик/i, 'Информатика'],
  [/литератур/i, 'Литература'],
];

/** ФИС ОКО short codes (`vpr2021-ma5`, `vpr2020.ma4`, `okr4`). */
const SUBJECT_CODES: Record<string, string> = {
  ma: 'Математика',
  math: 'Математика',
  ru: 'Русский язык',
  rus: 'Русский язык',
  okr: 'Окружающий мир',
  om: 'Окружающий мир',
  gg: 'География',
  geo: 'География',
  hi: 'История',
  is: 'История',
  hist: 'История',
  bi: 'Биология',
  bio: 'Биология',
  ob: 'Обществознание',
  obsh: 'Обществознание',
  fi: 'Физика',
  fiz: 'Физика',
  him: 'Химия',
  en: 'Английский язык',
  eng: 'Английский язык',
  de: 'Немецкий язык',
  fr: 'Французский язык',
};

const KINDS: [RegExp, string][] = [
  [/впр|vpr/i, 'ВПР'],
  [/огэ|oge/i, 'ОГЭ'],
  [/егэ|ege/i, 'ЕГЭ'],
  [/нико|niko/i, 'НИКО'],
  [/дкр/i, 'ДКР'],
];

export function guessFromFileName(fileName: string): ProcedureGuess {
  const name = fileName.replace(/\.[^.]+$/, '');
  const g: ProcedureGuess = {};
  for (const [re, kind] of KINDS)
    if (re.test(name)) {
      g.kind = kind;
      break;
    }
  const code = /(?:^|[^a-z])([a-z]{2,4})(\d{1,2})(?![0-9])/i.exec(name.replace(/vpr\d{4}/gi, (m) => m + ' '));
  if (code && SUBJECT_CODES[code[1].toLowerCase()]) {
    g.subject = SUBJECT_CODES[code[1].toLowerCase()];
    g.grade = Number(code[2]);
  }
  for (const [re, subject] of SUBJECT_WORDS)
    if (re.test(name)) {
      g.subject ??= subject;
      break;
    }
  const grade = /(\d{1,2})\s*-?\s*(?:й\s*)?класс/i.exec(name);
  if (grade) g.grade = Number(grade[1]);
  const year = /(?:^|\D)(20\d\d)(?!\d)/.exec(name);
  if (year) g.year = Number(year[1]);
  if (g.grade !== undefined && (g.grade < 1 || g.grade > 11)) delete g.grade;
  return g;
}

/** Participant codes `40001…`: the leading digit is the grade (two digits for 10, 11). The majority wins. */
export function gradeFromCodes(codes: readonly string[]): number {
  const votes = new Map<number, number>();
  const step = Math.max(1, Math.floor(codes.length / 5000));
  for (let i = 0; i < codes.length; i += step) {
    const c = codes[i];
    let g = 0;
    if (/^\d{5}$/.test(c)) g = Number(c[0]);
    else if (/^1[01]\d{4}$/.test(c)) g = Number(c.slice(0, 2));
    if (g >= 1) votes.set(g, (votes.get(g) ?? 0) + 1);
  }
  let best = 0;
  let bestVotes = 0;
  for (const [g, v] of votes)
    if (v > bestVotes) {
      best = g;
      bestVotes = v;
    }
  return best;
}
