// Class labels and ids exactly as the spec defines them (`<school login>/<label>`).

const LATIN_LOOKALIKES: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
};

/**
 * The class cell → its label: trimmed, inner spaces collapsed, upper-cased, integral numbers
 * without decimals (`4.0` → `4`), Latin look-alikes → Cyrillic; `нет` / `-` → the grade alone;
 * a label without digits gets the grade in front (`а` → `5А`). Empty → null (no class unit).
 * With the grade unknown (0) the label is left without it (`нет` stays `НЕТ`).
 */
export function classLabel(raw: unknown, grade: number): string | null {
  if (raw === undefined || raw === null) return null;
  let s = String(raw).replace(/\s+/g, ' ').trim().toUpperCase();
  if (s === '') return null;
  if (/^\d+[.,]0+$/.test(s)) s = s.replace(/[.,]0+$/, '');
  s = s.replace(/[ABCEHKMOPTX]/g, (c) => LATIN_LOOKALIKES[c]);
  if (s === 'НЕТ' || s === '-') return grade > 0 ? String(grade) : s;
  if (!/\d/.test(s) && grade > 0) return `${grade}${s}`;
  return s;
}

export function classId(schoolLogin: string, label: string): string {
  return `${schoolLogin}/${label}`;
}
