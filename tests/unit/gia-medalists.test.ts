// Medalists: a list (Код ОО, Код участника, Медаль) is read without names, and each medalist is
// checked against the ЕГЭ protocols of the year by school and participant code. Planted cases with
// the expected outcome written by hand from the generated scores.
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  SHAPES,
  egeProtocolRows,
  generateExam,
  type GiaExam,
  type GiaParticipant,
} from '../../src/domain/demo/gia-protocols.ts';
import { importGiaFiles, sheetsOf } from '../../src/domain/import/gia-import.ts';
import { medalDegree, readMedalists } from '../../src/domain/import/medalists.ts';
import { checkMedalists } from '../../src/domain/report/medal-check.ts';

const xlsx = (rows: unknown[][]) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Лист1');
  return new Uint8Array(XLSX.write(wb, { bookType: 'xlsx', type: 'array' }));
};

/** The protocol of one exam, with the participant codes of `codes` (index → code) replaced. */
function protocol(exam: GiaExam, codes: Map<number, string>): Uint8Array {
  const rows = egeProtocolRows([exam], { fio: 'one', extras: true });
  const header = rows.findIndex((r) => r.includes('Код участника'));
  const col = rows[header].indexOf('Код участника');
  for (const [i, code] of codes) rows[header + 1 + i][col] = code;
  return xlsx(rows);
}

describe('medalists', () => {
  const opts = { seed: 41, municipalities: 2, schoolsPerMunicipality: 2 };
  const rus = generateExam(SHAPES.egeRus, opts);
  const math = generateExam(SHAPES.egeMath, opts);
  const find = (e: GiaExam, school: string, ok: (p: GiaParticipant) => boolean, not: number[] = []) =>
    e.participants.findIndex((p, i) => p.school === school && ok(p) && !not.includes(i));
  /** The planted participants of one school: [rus index, math index] per medalist. */
  const plant = (school: string) => {
    // M1: Russian ≥ 70 and mathematics ≥ 70 → I degree confirmed.
    const a1 = find(rus, school, (p) => p.test >= 70);
    const b1 = find(math, school, (p) => p.test >= 70);
    // M2: Russian 60..69 → I degree not confirmed (Russian below 70).
    const a2 = find(rus, school, (p) => p.test >= 60 && p.test < 70);
    const b2 = find(math, school, (p) => p.test >= 0, [b1]);
    // M3: II degree, Russian ≥ 60 but mathematics < 60 and no other subject → not confirmed.
    const a3 = find(rus, school, (p) => p.test >= 60, [a1, a2]);
    const b3 = find(math, school, (p) => p.test < 60);
    return [a1, b1, a2, b2, a3, b3];
  };
  const school = [...new Set(rus.participants.map((p) => p.school))].find((sc) =>
    plant(sc).every((i) => i >= 0),
  )!;
  const [a1, b1, a2, b2, a3, b3] = school ? plant(school) : [-1, -1, -1, -1, -1, -1];

  it('planted participants exist in the generated protocols', () => {
    for (const i of [a1, b1, a2, b2, a3, b3]) expect(i).toBeGreaterThanOrEqual(0);
  });

  it('each medalist is checked by school and participant code; summary per school and municipality', () => {
    const ds = importGiaFiles([
      {
        bytes: protocol(
          rus,
          new Map([
            [a1, 'M1'],
            [a2, 'M2'],
            [a3, 'M3'],
          ]),
        ),
        fileName: 'rus.xlsx',
      },
      {
        bytes: protocol(
          math,
          new Map([
            [b1, 'M1'],
            [b2, 'M2'],
            [b3, 'M3'],
          ]),
        ),
        fileName: 'math.xlsx',
      },
    ])!;
    const listBytes = xlsx([
      ['Список медалистов 2024 года'],
      [],
      ['Код ОО', 'Код участника', 'ФИО', 'Медаль'],
      [`${school}.0`, 'M1', 'Иванова Анна Петровна', 'I степени'],
      [school, 'M2', 'Петров Пётр Петрович', 1],
      [school, 'M3', 'Сидоров Сидор', 'II'],
      [school, 'M9', 'Нет Такого', 'серебряная'],
    ]);
    const list = readMedalists(sheetsOf(listBytes, 'medals.xlsx'), 'medals.xlsx');
    expect(list.map((m) => [m.school, m.code, m.degree, m.row])).toEqual([
      [school, 'M1', '1', 4],
      [school, 'M2', '1', 5],
      [school, 'M3', '2', 6],
      [school, 'M9', '2', 7],
    ]);
    expect(JSON.stringify(list)).not.toContain('Иванова');

    const { medalists, summary } = checkMedalists(list, ds, 2024);
    expect(medalists.map((m) => m.confirmed)).toEqual([true, false, false, false]);
    expect(medalists[1].reason).toBe(`русский язык: ${rus.participants[a2].test} < 70`);
    expect(medalists[2].reason).toBe('нет ЕГЭ по другому предмету ≥ 60');
    expect(medalists[3].reason).toContain('нет результатов ЕГЭ 2024 участника M9');
    expect(medalists[0].results.map((r) => [r.subject, r.test]).sort()).toEqual(
      [
        ['Математика (профильный уровень)', math.participants[b1].test],
        ['Русский язык', rus.participants[a1].test],
      ].sort(),
    );
    const s = summary.find((x) => x.level === 'school' && x.id === school)!;
    expect([s.medalists, s.confirmed, s.notConfirmed, s.notConfirmedShare]).toEqual([4, 1, 3, 75]);
    const m = summary.find((x) => x.level === 'municipality')!;
    expect(m.id).toBe(rus.participants[a1].msu);
    // M9 has no ЕГЭ rows, so no municipality is known for it: 3 medalists there.
    expect([m.medalists, m.confirmed]).toEqual([3, 1]);
    // Another year's protocols never confirm anyone.
    expect(checkMedalists(list, ds, 2025).medalists.every((x) => !x.confirmed)).toBe(true);
  });

  it('degree words and a clear message for a bad cell', () => {
    expect(['I', 'I степени', '1', 'золотая', 'Первой степени'].map(medalDegree)).toEqual([
      '1',
      '1',
      '1',
      '1',
      '1',
    ]);
    expect(['II', 'II степени', '2', 'серебряная', 'второй'].map(medalDegree)).toEqual([
      '2',
      '2',
      '2',
      '2',
      '2',
    ]);
    expect(medalDegree('бронза')).toBeNull();
    const bad = xlsx([
      ['Код ОО', 'Код участника', 'Медаль'],
      ['9300', 'M1', 'бронза'],
    ]);
    expect(() => readMedalists(sheetsOf(bad, 'm.xlsx'), 'm.xlsx')).toThrow(
      'm.xlsx, лист «Лист1», строка 2, столбец «Медаль»: «бронза» — ожидалась степень медали: I или II (1 или 2).',
    );
    const none = xlsx([['Школа', 'Ученик']]);
    expect(() => readMedalists(sheetsOf(none, 'n.xlsx'), 'n.xlsx')).toThrow(/не найдена строка заголовка/);
  });
});
