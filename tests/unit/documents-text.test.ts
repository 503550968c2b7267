// The documents' text before and after the reshaping of issue #10 (builders as sections): every
// DOCX of the set in helpers/docs-text.ts reads exactly as the code before it wrote it
// (tests/fixtures/docs-text/before.json, made at commit c3d83e9), except for the intended changes
// listed here and applied to the old text:
//  1. headings are numbered without gaps (the old справка jumped from 6 to 8 when the table of
//     mark groups was missing);
//  2. one wording of the ФИОКО statuses («достигнут / на границе / не достигнут»): the DOCX used it
//     already, the screen did not (see vocabulary.test.ts), so no DOCX text changes for it;
//  3. issue #11 point 3: the roadmap's deadlines are working days after what each measure follows
//     (roadmap-deadlines.test.ts), so the roadmap documents are compared only for their listed
//     changes and the dates of the справка's plan summary («N. … этап | … | date |») are masked;
//  4. issue #11 point 5: the справки end with the signature and date lines (signing.ts), removed here.
// Issue #11 (points 1, 2, 4 and the language) changes the text of documents deliberately. Those
// documents are compared with tests/fixtures/docs-text/issue-11.json (written by
// `npx tsx tests/unit/helpers/docs-text.ts`), and each intended change is asserted in
// ISSUE_11_CHANGES below; every other document still reads exactly as before.json.
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

/** Changes 3 and 4 taken out: the plan summary's stage dates masked, the signature lines removed. */
function normalised(text: string): string {
  const unsigned = text.replace(/Справку подготовил\(а\): .*\nПодпись: .*\nДата: «___» .*\n/, '');
  return unsigned.replace(/^(\d\. [^|\n]*этап \|.*\| )\d\d\.\d\d\.\d{4}( \| )$/gm, '$1…$2');
}

const after11 = JSON.parse(
  readFileSync(new URL('../fixtures/docs-text/issue-11.json', import.meta.url), 'utf8'),
) as Record<string, string>;

/** Issue #11: which documents change, and the text each change must show in them (and not show). */
const ISSUE_11_CHANGES: { why: string; keys: RegExp; has?: RegExp; hasNot?: RegExp }[] = [
  {
    why: 'one route criterion (report/individual-route.ts): the roadmap counts it, not «отметка «2»» alone',
    keys: /\/roadmap$/,
    has: /нужен маршрут \(отметка «2» или не менее \d+ (несформированных умений|невыполненных заданий) из/,
  },
  {
    why: 'routes only for the pupils who need one, the criterion stated; a «Маршрут» column',
    keys: /\/routes$/,
    has: /Маршрут нужен \d+ из них: отметка «2» или не менее/,
    hasNot: /Маршруты составлены для/,
  },
  {
    why: 'appendix: tasks below the bar stay rows when their skill passes; the lowest is the lowest row',
    keys: /\/appendix$/,
    has: /ч на каждое умение \(задание\) с выполнением ниже порога ФИОКО/,
  },
  {
    why: 'справки: the maximum score in words («не набрал никто»), never «набрали 0 чел.»',
    keys: /\/spravka\//,
    has: /максимальный балл \(\d+\) (не набрал никто|набрал|набрали)/,
    hasNot: /максимальный балл \(\d+\) набрали \d+ чел\./,
  },
  {
    why: 'справки: no ranking («Обратить особое внимание на [class with the lowest КЗ]» removed)',
    keys: /\/spravka\//,
    hasNot: /Обратить особое внимание/,
  },
  {
    why: 'справки of a school, parallel, class: the subject declined («Учителям математики»)',
    keys: /\/spravka\/(school|class|parallel)$/,
    hasNot: /Учителям «/,
  },
  {
    why: 'справка of all participants: the level named once, not «Все участники: Все участники»',
    keys: /\/spravka\/all$/,
    hasNot: /Все участники: Все участники/,
  },
  {
    why: 'справки of a school and a municipality: the screen’s result and the official signs, each named',
    keys: /\/spravka\/(school|municipality)$/,
    has: /официальн[а-я]+ признак[а-я]* \(методика Рособрнадзора\)/i,
  },
  {
    why: 'a unit that is the whole sample is not compared with itself',
    keys: /vpr2022-ma5\/spravka\//,
    has: /Сравнение невозможно: в данных только/,
    hasNot: /на уровне показателя по всей выборке \(100,0|выше среднего по выборке на 0,0/,
  },
  {
    why: 'groups under 10 pupils: a stated caution with the interval, statuses marked unreliable',
    keys: /vpr2022-ma5\/spravka\/(school|class|parallel)$/,
    has: /Осторожно: работу писали 7 обучающихся \(меньше 10\)[^\n]*95-процентный интервал[\s\S]*\(ненадёжно\)/,
  },
  {
    why: 'children counted in words («во всех 20 школах», «в 3 из 20 школ»), never «в 20 из 20 единиц»',
    keys: /\/spravka\/(municipality|all)$/,
    hasNot: /из \d+ единиц/,
  },
  {
    why: 'municipal справка: municipal measures, not school advice',
    keys: /\/spravka\/municipality$/,
    hasNot: /внести в рабочие программы|индивидуальные образовательные маршруты/,
  },
];

describe('issue #11 changes of the document text', () => {
  it('every changed document shows its listed changes', { timeout: 120_000 }, async () => {
    const now = await documentsText();
    for (const c of ISSUE_11_CHANGES) {
      const keys = Object.keys(now).filter((k) => c.keys.test(k));
      expect(keys.length, c.why).toBeGreaterThan(0);
      for (const k of keys) {
        // The roadmap's dates are point 3's change (roadmap-deadlines.test.ts): its listed text only.
        if (!k.endsWith('/roadmap'))
          expect(normalised(now[k]), `${k}: ${c.why}`).toBe(normalised(after11[k]));
        if (c.has) expect(now[k], `${k}: ${c.why}`).toMatch(c.has);
        if (c.hasNot) expect(now[k], `${k}: ${c.why}`).not.toMatch(c.hasNot);
      }
    }
  });
});

describe('document text before and after the sections rewrite', () => {
  it('is the same except for the listed changes', { timeout: 120_000 }, async () => {
    const now = await documentsText();
    expect(Object.keys(now).sort()).toEqual(Object.keys(before).sort());
    let changed = 0;
    for (const [key, old] of Object.entries(before)) {
      const want = renumbered(old);
      if (want !== old) changed++;
      if (ISSUE_11_CHANGES.some((c) => c.keys.test(key))) continue; // compared above
      expect(normalised(now[key]), key).toBe(normalised(want));
    }
    // The no-scale справка is where the old numbers jumped: the change is really exercised.
    expect(changed).toBeGreaterThan(0);
    expect(before['demo-no-scale/spravka/school']).toContain('\n8. Дефициты');
    expect(now['demo-no-scale/spravka/school']).toContain('\n7. Дефициты');
  });
});
