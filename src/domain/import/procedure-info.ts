// What procedure a file holds: from the options, the spec, the file name, then the content.
import type { SheetSource } from './sources';

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
  // More spellings of the same codes (textbook codes of the «Классы» sheet, region file names).
  mat: 'Математика',
  ok: 'Окружающий мир',
  ist: 'История',
  gg: 'География',
  ge: 'География',
  obs: 'Обществознание',
  os: 'Обществознание',
  ph: 'Физика',
  phys: 'Физика',
  xim: 'Химия',
  chem: 'Химия',
  ch: 'Химия',
  an: 'Английский язык',
  ang: 'Английский язык',
  nem: 'Немецкий язык',
  ger: 'Немецкий язык',
  fra: 'Французский язык',
};

const KINDS: [RegExp, string][] = [
  [/впр|vpr/i, 'ВПР'],
  [/огэ|oge/i, 'ОГЭ'],
  [/егэ|ege/i, 'ЕГЭ'],
  [/нико|niko/i, 'НИКО'],
  [/дкр/i, 'ДКР'],
  // Олимпиады и диагностики: compared with the pupil's other works (objectivity/far-results.ts).
  [/олимпиад|olymp/i, 'Олимпиада'],
  [/диагностик/i, 'Диагностика'],
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

/**
 * A ФИС ОКО protocol names its work only in the «Классы» sheet: the column «Основной учебник по
 * предмету» holds textbook codes such as `ma5.8 | 1.2.4.1.8.1 | Мерзляк…` — subject code and grade
 * before the dot. The most frequent code wins; nothing is guessed when the sheet is absent.
 */
export function procedureFromClassesSheet(sheets: readonly SheetSource[]): ProcedureGuess {
  const sheet = sheets.find((s) => s.name.trim().toLowerCase() === 'классы');
  if (!sheet) return {};
  const rows = sheet.head(CLASSES_SCAN_ROWS);
  const headerRow = rows.findIndex((r) => Array.from(r).some((v) => TEXTBOOK_HEADER.test(String(v ?? ''))));
  if (headerRow < 0) return {};
  const col = Array.from(rows[headerRow]).findIndex((v) => TEXTBOOK_HEADER.test(String(v ?? '')));
  const votes = new Map<string, number>();
  for (const r of rows.slice(headerRow + 1)) {
    const text = String(r[col] ?? '');
    const m = TEXTBOOK_CODE.exec(text);
    const subject = m && SUBJECT_CODES[m[1].toLowerCase()];
    // A code we do not know (ФИС ОКО has more than we list): the textbook title names the subject
    // and often the grade (`… Биология 6 класс АО "Просвещение"`).
    const named = subject ? undefined : subjectInTitle(text);
    const key = subject ? `${subject}|${m![2]}` : named ? `${named.subject}|${named.grade ?? ''}` : '';
    if (key) votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  if (!best) return {};
  const [subject, grade] = best[0].split('|');
  const g = Number(grade);
  return g >= 1 && g <= 11 ? { subject, grade: g } : { subject };
}

/** Subject (and grade) named in a textbook title; the first subject word wins. */
function subjectInTitle(title: string): { subject: string; grade?: number } | undefined {
  // Only the title part: `code | number | authors. Title` — the code itself is not a word.
  const words = title.includes('|') ? title.slice(title.lastIndexOf('|') + 1) : title;
  const hit = SUBJECT_WORDS.find(([re]) => re.test(words));
  if (!hit) return undefined;
  const grade = /(\d{1,2})\s*-?\s*(?:й\s*)?класс/i.exec(words);
  return grade ? { subject: hit[1], grade: Number(grade[1]) } : { subject: hit[1] };
}

/** Enough rows for a region's classes to outvote a stray code; the sheet is small anyway. */
const CLASSES_SCAN_ROWS = 2000;
const TEXTBOOK_HEADER = /учебник/i;
const TEXTBOOK_CODE = /^\s*([a-z]{2,4})(\d{1,2})\./i;
