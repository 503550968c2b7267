// ГИА terms in the справка: тестовый балл, минимальный порог, высокобалльники, parts 1 and 2.
// Every number comes from the report unit (src/domain/report/gia-figures.ts).
import { isGiaProcedure } from '../report/gia-figures.ts';
import type { ProcedureReport, UnitReport } from '../report/types.ts';
import { int, num, pct, plural, share } from '../text/format.ts';
import { p, type Block } from './model.ts';

const PEOPLE: [string, string, string] = ['участник', 'участника', 'участников'];

/** Paragraphs of ГИА figures for one unit; none for other procedures. */
export function giaSpravkaBlocks(P: ProcedureReport, unit: UnitReport): Block[] {
  if (!isGiaProcedure(P) || unit.written === 0) return [];
  const out: Block[] = [];
  const t = unit.testScore;
  if (t) {
    const parts = [`Средний тестовый балл — ${num(t.mean)} из 100.`];
    if (
      unit.belowMinimum !== undefined &&
      unit.belowMinimum !== null &&
      P.minimum !== null &&
      P.minimum !== undefined
    )
      parts.push(
        `Не преодолели минимальный порог (${int(P.minimum)} тестовых баллов) ${int(unit.belowMinimum)} ${plural(unit.belowMinimum, PEOPLE)} (${pct(share(unit.belowMinimum, unit.written))}).`,
      );
    else
      parts.push(
        'Минимальный порог для этого экзамена и года не задан: число не преодолевших его не вычислено.',
      );
    if (unit.highScorers !== undefined)
      parts.push(
        `Высокобалльников (81–100 тестовых баллов) — ${int(unit.highScorers)}, из них 100 баллов — ${int(unit.hundredScorers ?? 0)}.`,
      );
    out.push(p(parts.join(' ')));
  }
  if (unit.parts && (unit.parts['1'] !== null || unit.parts['2'] !== null))
    out.push(
      p(
        `Выполнение части 1 (задания с кратким ответом) — ${pct(unit.parts['1'])}, части 2 (задания с развёрнутым ответом) — ${pct(unit.parts['2'])}.`,
      ),
    );
  return out;
}
