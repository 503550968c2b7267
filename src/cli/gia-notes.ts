// stderr notes of the headless command for ГИА procedures: warnings (row and column only: no
// names) and what could not be computed without a spec.
import type { Dataset } from '../domain/model.ts';

export function writeGiaNotes(ds: Dataset): void {
  const p = ds.meta.procedure;
  const title = `${p.kind} «${p.subject}» ${p.year}`;
  if (p.kind.toUpperCase() === 'ЕГЭ' && (p.minimum === null || p.minimum === undefined))
    process.stderr.write(
      `Предупреждение: ${ds.meta.file}: ${title}: минимальный тестовый балл неизвестен — belowMinimum не вычислен (укажите "minimum" в --spec).\n`,
    );
  if (ds.meta.maximaSource === 'observed')
    process.stderr.write(
      `Примечание: ${ds.meta.file}: ${title}: максимальные баллы заданий определены по маскам протокола (спецификация не указана).\n`,
    );
  for (const w of ds.meta.warnings)
    process.stderr.write(
      `Предупреждение: ${w.file}, лист «${w.sheet}», строка ${w.row}, столбец «${w.column}»: ${w.message}\n`,
    );
}
