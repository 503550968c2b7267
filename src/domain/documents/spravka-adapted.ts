// «Обучающиеся по адаптированным программам» of the справка (issue #14, point 6): the unit's figures
// for all pupils, without the pupils marked «АООП» in the local class list, and for those pupils
// alone; when the user chose the справка without them, a line under the title says so and how many
// (the whole document is then built from the report without them, see workers/documents/spravka.ts).
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { int, num, pct, plural, share } from '../text/format.ts';
import { p, type Block } from './model.ts';
import { section, type Section } from './sections.ts';
import type { SpravkaContext } from './spravka-types.ts';

/** Below this many pupils a group's figures are unstable and point at single pupils. */
export const SMALL_GROUP = 5;

export interface SpravkaAdapted {
  /** All pupils (the binding figures). */
  all: ProcedureReport;
  /** Without the marked pupils. */
  without: ProcedureReport;
  /** The marked pupils only. */
  only: ProcedureReport;
  /** The справка's figures are those without the marked pupils (the user's choice). */
  excluded: boolean;
  /** The school's count from the context form (all grades), when it is known. */
  contextCount?: number | null;
}

const pupilsWord = (n: number) => plural(n, ['обучающегося', 'обучающихся', 'обучающихся']);

function unitIn(r: ProcedureReport, u: UnitReport): UnitReport | undefined {
  return r.units.find((x) => x.level === u.level && x.id === u.id);
}

function marked(c: SpravkaContext): number {
  const a = c.input.adapted;
  return a ? (unitIn(a.only, c.unit)?.written ?? 0) : 0;
}

/** «Показатели приведены без учёта N обучающихся по АООП» under the title, when chosen. */
export function adaptedNotice(c: SpravkaContext): Block[] {
  const a = c.input.adapted;
  if (!a?.excluded) return [];
  const n = marked(c);
  return [
    {
      kind: 'paragraph',
      align: 'center',
      runs: [
        `Показатели приведены без учёта ${int(n)} ${pupilsWord(n)} по АООП; показатели всех обучающихся — в разделе «Обучающиеся по адаптированным программам».`,
      ],
    },
  ];
}

function row(title: string, u: UnitReport | undefined): string[] {
  const n = u?.written ?? 0;
  return [
    title,
    int(n),
    num(u?.marks ? share(u.marks['2'], n) : null),
    num(u?.uspevaemost),
    num(u?.kachestvo),
    num(u?.sou),
    num(u?.score?.mean),
  ];
}

export function adaptedSection(c: SpravkaContext): Section | null {
  const a = c.input.adapted;
  if (!a) return null;
  const n = marked(c);
  const blocks: Block[] = [];
  if (a.contextCount !== undefined && a.contextCount !== null)
    blocks.push(
      p(
        `По форме сбора контекстных данных в школе по адаптированным образовательным программам обучаются ${int(a.contextCount)} ${plural(a.contextCount, ['человек', 'человека', 'человек'])} (все классы).`,
      ),
    );
  if (n === 0) {
    blocks.push(
      p('Среди писавших работу нет обучающихся, отмеченных в списке класса как обучающиеся по АООП.'),
    );
    return section('Обучающиеся по адаптированным программам', ...blocks);
  }
  const all = unitIn(a.all, c.unit);
  blocks.push(
    p(
      `В списке класса как обучающиеся по АООП отмечены ${int(n)} ${pupilsWord(n)} из ${int(all?.written ?? 0)} писавших ` +
        `(${pct(share(n, all?.written ?? 0))}). Их результаты показаны отдельно; ` +
        (a.excluded
          ? 'по выбору составителя остальные разделы справки приведены без них.'
          : 'остальные разделы справки приведены по всем обучающимся.'),
    ),
    {
      kind: 'table',
      caption: 'Показатели с учётом и без учёта обучающихся по АООП',
      header: [['Группа', 'Участ\u00adников', '«2», %', 'У, %', 'КЗ, %', 'СОУ, %', 'Ср. балл']],
      rows: [
        row('Все обучающиеся', all),
        row(`Без учёта ${int(n)} ${pupilsWord(n)} по АООП`, unitIn(a.without, c.unit)),
        row('Обучающиеся по АООП', unitIn(a.only, c.unit)),
      ],
      widths: [3, 1.1, 0.9, 0.9, 0.9, 0.9, 1],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    },
  );
  if (n < SMALL_GROUP)
    blocks.push(
      p(
        `Группа обучающихся по АООП мала (${int(n)}): её показатели неустойчивы и позволяют узнать результаты отдельных обучающихся — справку с ними не публикуют.`,
      ),
    );
  return section('Обучающиеся по адаптированным программам', ...blocks);
}
