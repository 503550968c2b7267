// Sections 6–8 of the справка: выполнение заданий with the ФИОКО status, выполнение группами по
// отметкам, дефициты (skills first, then КЭС/КТ; tasks when the spec names no skills).
import type { UnitReport } from '../report/types.ts';
import { num, pct, plural } from '../text/format.ts';
import { STATUS_NAMES } from '../text/labels.ts';
import { list, p, type Inline } from './model.ts';
import { section, type Section } from './sections.ts';
import { CHILD_DATIVE, CHILD_TITLE, MARKS } from './spravka-results.ts';
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

function deficitText(d: { kind: string; id: string; completion: number; tasks: string[] }): Inline[] {
  const what = d.kind === 'skill' ? `«${d.id}»` : d.kind === 'kes' ? `КЭС ${d.id}` : `КТ ${d.id}`;
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
      STATUS_NAMES[t.status],
    ]),
  });
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
    s.blocks.push(
      p(
        `Выполнение ниже порога ФИОКО (не достигнуто) по ${d.groups.length} ${plural(d.groups.length, ['элементу', 'элементам', 'элементам'])}:`,
      ),
      list(d.groups.map(deficitText)),
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
            (c.written ? 'не выявлены' : '—'),
          cd.tasks.map((x) => x.id).join(', ') || '—',
        ];
      }),
    });
  return s;
}
