// Sections 6–8 of the справка: выполнение заданий with the ФИОКО status, выполнение группами по
// отметкам, дефициты (skills first, then КЭС/КТ; tasks when the spec names no skills).
import type { UnitReport } from '../report/types.ts';
import { num, pct, plural } from '../text/format.ts';
import { STATUS_NAMES } from '../text/labels.ts';
import { list, p, type Inline } from './model.ts';
import { section, type Section } from './sections.ts';
import { CHILD_DATIVE, CHILD_TITLE, MARKS, SMALL_GROUP } from './spravka-results.ts';
import type { SpravkaContext } from './spravka-types.ts';
import { shortTitle } from './units.ts';

export function taskLabel(id: string, skills: Record<string, string>): string {
  const s = skills[id];
  return s ? `№ ${id} («${s}»)` : `№ ${id}`;
}

/** Deficits to name: skills first (worst first), then КЭС/КТ; only tasks when the spec names none. */
export function namedDeficits(u: UnitReport) {
  const d = u.deficits ?? [];
  const groups = d.filter((x) => x.kind !== 'task').sort((a, c) => a.completion - c.completion);
  const tasks = d.filter((x) => x.kind === 'task');
  return { groups, tasks, skillsOnly: groups.filter((x) => x.kind === 'skill') };
}

/** A КЭС/КТ code in words: what it is and the planned results of its tasks (the spec's words). */
export function elementWords(
  d: { kind: string; id: string; tasks: string[] },
  skills: Record<string, string>,
): string {
  if (d.kind === 'skill') return `«${d.id}»`;
  const what =
    d.kind === 'kes' ? `элемент содержания (КЭС ${d.id})` : `требование к результатам (КТ ${d.id})`;
  const words = [...new Set(d.tasks.map((t) => skills[t]?.trim()).filter(Boolean))];
  return words.length ? `${what}: ${words.map((x) => `«${x}»`).join('; ')}` : what;
}

function deficitText(
  d: { kind: string; id: string; completion: number; tasks: string[] },
  skills: Record<string, string>,
): Inline[] {
  const what = elementWords(d, skills);
  return [
    what,
    ` — выполнение ${pct(d.completion)} (${plural(d.tasks.length, ['задание', 'задания', 'заданий'])} № ${d.tasks.join(', ')})`,
  ];
}

const hasTasks = (u: UnitReport) => (u.tasks ?? []).length > 0 && u.written > 0;

export function tasksSection({ input, P, unit, ref, skills }: SpravkaContext): Section {
  const s = section('Выполнение заданий');
  if (!hasTasks(unit)) {
    s.blocks.push(p('Нет данных о выполнении заданий.'));
    return s;
  }
  const tasks = unit.tasks!;
  const refTasks = new Map((ref?.tasks ?? []).map((t) => [t.id, t]));
  const levelOf = new Map(P.tasks.map((t) => [t.id, t]));
  const small = unit.written < SMALL_GROUP;
  s.blocks.push({
    kind: 'table',
    caption:
      'Таблица 6. Выполнение заданий и статус по порогам ФИОКО (задания базового уровня: достигнут при ≥ 60 %, не достигнут при < 57 %; повышенного и высокого: ≥ 30 % и < 28,5 %; между ними — «на границе»)',
    header: [
      [
        '№',
        'Ур.',
        'Проверяемое умение (планируемый результат)',
        'Макс. балл',
        '% вып.',
        '% вып. (выборка)',
        'Статус',
      ],
    ],
    widths: [0.6, 0.5, 4.6, 0.8, 0.8, 1, 1.5],
    align: ['left', 'center', 'left', 'right', 'right', 'right', 'left'],
    rows: tasks.map((t) => [
      t.id,
      levelOf.get(t.id)?.level ?? '—',
      skills[t.id] ?? '—',
      String(levelOf.get(t.id)?.max ?? ''),
      num(t.completion),
      ref ? num(refTasks.get(t.id)?.completion) : '—',
      small ? `${STATUS_NAMES[t.status]} (ненадёжно)` : STATUS_NAMES[t.status],
    ]),
  });
  if (small)
    s.blocks.push(
      p(
        `Статусы ФИОКО ненадёжны: работу писали меньше ${SMALL_GROUP} обучающихся, один обучающийся меняет выполнение задания на ${num(100 / unit.written)} п. п.`,
      ),
    );
  if (input.figures?.tasks)
    s.blocks.push({
      kind: 'figure',
      ...input.figures.tasks,
      alt: `Выполнение заданий, %: ${tasks.map((t) => `№ ${t.id} — ${num(t.completion)}`).join('; ')}`,
      caption: 'Рисунок 2. Выполнение заданий, %',
    });
  return s;
}

export function markGroupsSection({ unit }: SpravkaContext): Section | null {
  if (!hasTasks(unit) || !unit.tasks!.some((t) => t.byMark)) return null;
  return section('Выполнение заданий группами участников с разными отметками', {
    kind: 'table',
    caption: 'Таблица 7. Выполнение заданий (%) участниками, получившими отметки «2», «3», «4», «5»',
    header: [['№', 'Гр. «2»', 'Гр. «3»', 'Гр. «4»', 'Гр. «5»', 'Все']],
    widths: [1, 1, 1, 1, 1, 1],
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
    rows: unit.tasks!.map((t) => [t.id, ...MARKS.map((k) => num(t.byMark?.[k] ?? null)), num(t.completion)]),
  });
}

export function deficitsSection({ unit, skills, children }: SpravkaContext): Section {
  const d = namedDeficits(unit);
  const s = section('Дефициты: несформированные умения (планируемые результаты)');
  if (d.groups.length > 0) {
    // Counted by kind, so that «Выводы» (умения) and this section give the same number of skills.
    const n = (k: string) => d.groups.filter((x) => x.kind === k).length;
    const parts = [
      n('skill') ? `${n('skill')} ${plural(n('skill'), ['умению', 'умениям', 'умениям'])}` : '',
      n('kes')
        ? `${n('kes')} ${plural(n('kes'), ['элементу содержания (КЭС)', 'элементам содержания (КЭС)', 'элементам содержания (КЭС)'])}`
        : '',
      n('kt')
        ? `${n('kt')} ${plural(n('kt'), ['требованию к результатам (КТ)', 'требованиям к результатам (КТ)', 'требованиям к результатам (КТ)'])}`
        : '',
    ].filter(Boolean);
    s.blocks.push(
      p(`Выполнение ниже порога ФИОКО (не достигнуто) по ${parts.join(', ')}:`),
      list(d.groups.map((g) => deficitText(g, skills))),
    );
    // A task below the bar whose skill as a whole passes is a deficit of its own.
    const inSkills = new Set(d.skillsOnly.flatMap((x) => x.tasks));
    const loose = d.tasks.filter((t) => !inSkills.has(t.id));
    if (loose.length)
      s.blocks.push(
        p('Задания ниже порога, умение которых в целом сформировано:'),
        list(loose.map((t) => [`задание ${taskLabel(t.id, skills)} — ${pct(t.completion)}`])),
      );
  } else if (d.tasks.length > 0) {
    s.blocks.push(
      p(
        `Спецификация не называет умений; не достигнут порог по ${plural(d.tasks.length, ['заданию', 'заданиям', 'заданиям'])} № ${d.tasks.map((t) => t.id).join(', ')}:`,
      ),
      list(d.tasks.map((t) => [`задание ${taskLabel(t.id, skills)} — ${pct(t.completion)}`])),
    );
  } else if (unit.written > 0)
    s.blocks.push(p('Умений с недостаточным выполнением (ниже порога ФИОКО) не выявлено.'));
  if (children.length > 0)
    s.blocks.push({
      kind: 'table',
      caption: `Таблица 8. Дефициты по ${CHILD_DATIVE[unit.level]}`,
      header: [
        [CHILD_TITLE[unit.level], 'Писали', 'Несформированные умения (выполнение, %)', 'Задания ниже порога'],
      ],
      widths: [1.6, 0.8, 5, 1.6],
      align: ['left', 'right', 'left', 'left'],
      rows: children.map((c) => {
        const cd = namedDeficits(c);
        return [
          shortTitle(c),
          String(c.written),
          cd.skillsOnly.map((x) => `«${x.id}» — ${num(x.completion)}`).join('\n') ||
            (!c.written
              ? '—'
              : cd.tasks.length
                ? 'умения в целом сформированы; см. задания ниже порога'
                : 'не выявлены'),
          cd.tasks.map((x) => x.id).join(', ') || '—',
        ];
      }),
    });
  return s;
}
