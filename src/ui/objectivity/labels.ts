// Russian names and number formats of the objectivity screen (signs to check, never verdicts).
import type { RiskLevel, SignalFamily, SignalId } from '../../domain/objectivity/types';

export const FAMILY_NAMES: Record<SignalFamily, string> = {
  distribution: 'Распределение баллов',
  external: 'Внешняя проверка',
  pattern: 'Характер ответов',
  context: 'Контекст',
};

export const LEVEL_NAMES: Record<Exclude<RiskLevel, 'none'>, string> = {
  red: 'Признаки в двух семействах и более',
  amber: 'Признаки в одном семействе',
};

export const SIGNAL_NAMES: Record<SignalId, string> = {
  bunching: 'Скопление работ у границы отметки',
  'journal-higher': 'Отметка ВПР выше отметки журнала',
  'recheck-downgrade': 'Снижение баллов при перепроверке',
  'cohort-drop': 'Подъём в одном классе и спад в следующем',
  'hard-over-easy': 'Трудные задания выполнены лучше лёгких',
  'common-pattern': 'Общий для класса рисунок ответов',
  'context-overperformance': 'Результат выше ожидаемого для контекста',
  'context-jump': 'Неожиданный скачок по сравнению с прошлым годом',
  'person-misfit': 'Много учеников с необычным рисунком ответов',
  'similar-pairs': 'Пары учеников с почти одинаковыми ответами',
  homogeneity: 'Неправдоподобно однородный класс',
};

const dec = (digits: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits });
const two = dec(2);

/** An effect or an interval end: two decimals, Russian comma. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return two.format(x);
}

/** p and q: three decimals, «< 0,001» below. */
export function prob(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x < 0.001) return '< 0,001';
  return dec(3).format(x);
}
