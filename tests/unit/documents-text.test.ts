// The documents' text before and after the reshaping of issue #10 (builders as sections): every
// DOCX of the set in helpers/docs-text.ts reads exactly as the code before it wrote it
// (tests/fixtures/docs-text/before.json, made at commit c3d83e9), except for the intended changes
// listed here and applied to the old text:
//  1. headings are numbered without gaps (the old справка jumped from 6 to 8 when the table of
//     mark groups was missing);
//  2. one wording of the ФИОКО statuses («достигнут / на границе / не достигнут»): the DOCX used it
//     already, the screen did not (see vocabulary.test.ts), so no DOCX text changes for it;
//  3. issue #11 point 3: the roadmap's deadlines are working days after what each measure follows
//     (roadmap-deadlines.test.ts), so the roadmap documents are left out here and the dates of the
//     справка's plan summary («N. … этап | … | date |») are masked on both sides;
//  4. issue #11 point 5: the справки end with the signature and date lines (signing.ts), removed here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentsText } from './helpers/docs-text.ts';

const before = JSON.parse(
  readFileSync(new URL('../fixtures/docs-text/before.json', import.meta.url), 'utf8'),
) as Record<string, string>;

/** Section headings of the справки (unit and pupil), as «N. Title» lines. */
const TITLES = new Set([
  'Паспорт',
  'Участники',
  'Результаты: отметки и показатели',
  'Сравнение с отметками по журналу',
  'Распределение первичных баллов',
  'Выполнение заданий',
  'Выполнение заданий группами участников с разными отметками',
  'Дефициты: несформированные умения (планируемые результаты)',
  'Признаки необъективности результатов',
  'Выводы',
  'Рекомендации',
  'План мероприятий («дорожная карта»)',
  'Результат',
  'Отметка за работу и отметка по журналу',
  'Динамика',
  'Выводы и рекомендации',
]);

/** Change 1: the section headings of a document renumbered 1, 2, 3 … in order. */
function renumbered(text: string): string {
  let n = 0;
  return text
    .split('\n')
    .map((line) => {
      const m = /^(\d+)\. (.+)$/.exec(line);
      return m && TITLES.has(m[2]) ? `${++n}. ${m[2]}` : line;
    })
    .join('\n');
}

describe('document text before and after the sections rewrite', () => {
  it('is the same except for the listed changes', { timeout: 120_000 }, async () => {
    const now = await documentsText();
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    let changed = 0;
    const stageDates = (t: string) =>
      t.replace(/^(\d\. [^|\n]*этап \|.*\| )\d\d\.\d\d\.\d{4}( \| )$/gm, '$1…$2');
    for (const [key, old] of Object.entries(before)) {
      if (key.endsWith('/roadmap')) continue;
      const want = renumbered(old);
      if (want !== old) changed++;
      const unsigned = now[key].replace(/Справку подготовил\(а\): .*\nПодпись: .*\nДата: «___» .*\n/, '');
      expect(stageDates(unsigned), key).toBe(stageDates(want));
    }
    // The no-scale справка is where the old numbers jumped: the change is really exercised.
    expect(changed).toBeGreaterThan(0);
    expect(before['demo-no-scale/spravka/school']).toContain('\n8. Дефициты');
    expect(now['demo-no-scale/spravka/school']).toContain('\n7. Дефициты');
  });
});
