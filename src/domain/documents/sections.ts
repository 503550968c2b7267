// The parts every справка shares: a section is a title and its blocks, built by a function that
// may return null (the section does not apply); the headings are numbered only when the document is
// put together, so the numbers run on without gaps whatever sections a unit has.
import type { ProcedureReport } from '../report/types.ts';
import { dateRu } from '../text/format.ts';
import { b, h, type Block } from './model.ts';

export interface Section {
  title: string;
  blocks: Block[];
}

export const section = (title: string, ...blocks: Block[]): Section => ({ title, blocks });

/** The title blocks, then each present section under «N. Title», N counted over those present. */
export function assemble(head: Block[], sections: readonly (Section | null | undefined)[]): Block[] {
  const out = [...head];
  let n = 0;
  for (const s of sections) if (s) out.push(h(2, `${++n}. ${s.title}`), ...s.blocks);
  return out;
}

/** «Аналитическая справка», the procedure line in bold and the unit line, centred. */
export function titleBlocks(procedureLine: string, unitLine: string): Block[] {
  return [
    h(1, 'Аналитическая справка'),
    { kind: 'paragraph', align: 'center', runs: [b(procedureLine)] },
    { kind: 'paragraph', align: 'center', runs: [unitLine] },
  ];
}

export const DEFAULT_BASIS =
  'Результаты процедуры, полученные из ФИС ОКО; рекомендации по использованию и интерпретации результатов процедур оценки качества образования';

/**
 * «Паспорт»: the procedure, the unit rows given by the document, the results date, basis, aim and
 * the maximum score.
 */
export function passportSection(
  P: ProcedureReport,
  o: { unitRows: string[][]; resultsDate: string; basis?: string; aim: string },
): Section {
  return section('Паспорт', {
    kind: 'table',
    header: [['Параметр', 'Значение']],
    widths: [1, 2.2],
    rows: [
      ['Оценочная процедура', `${P.kind}, ${P.year} год`],
      ['Учебный предмет', P.subject],
      ...o.unitRows,
      ['Дата получения результатов', dateRu(o.resultsDate)],
      ['Основание', o.basis?.trim() || DEFAULT_BASIS],
      ['Цель', o.aim],
      ['Максимальный первичный балл', String(P.maxScore)],
    ],
  });
}
