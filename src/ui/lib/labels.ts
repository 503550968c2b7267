// Russian names of things the importer reports as ids.
import type { DatasetMeta, LayoutId, WarningKind } from '../../domain/model';

export const LAYOUT_NAMES: Record<LayoutId, string> = {
  'vpr-form': 'Форма сбора результатов ВПР (2024–2026)',
  'fisoko-protocol': 'Протокол ФИС ОКО (листы «Классы» и «Протокол»)',
  'region-2021': 'Региональная выгрузка (2021)',
  'region-2020': 'Региональная выгрузка (2020)',
  'gia-protocol': 'Протокол ГИА (ОГЭ, ЕГЭ, ГВЭ)',
  'gia-appeal': 'Результаты апелляций ГИА',
  'gia-csv': 'Выгрузка ГИА (CSV)',
};

export const MAXIMA_SOURCE_NAMES: Record<DatasetMeta['maximaSource'], string> = {
  header: 'из заголовков столбцов файла',
  spec: 'из спецификации процедуры',
  observed: 'по наибольшим баллам в файле — проверьте и подтвердите',
};

export const WARNING_KIND_NAMES: Record<WarningKind, string> = {
  'above-max': 'Больше максимума',
  negative: 'Отрицательный балл',
  fractional: 'Дробный балл',
  'not-a-number': 'Не число',
  'duplicate-code': 'Повтор кода',
  'total-mismatch': 'Сумма не совпадает',
  scale: 'Шкала отметок',
  other: 'Прочее',
};

export function layoutName(id: LayoutId): string {
  return LAYOUT_NAMES[id] ?? id;
}
