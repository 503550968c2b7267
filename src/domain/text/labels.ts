// The Russian names of the product's categories, one wording each for screens, workers, XLSX and
// DOCX: ФИОКО statuses, unit levels, objectivity signals and their families, the official signs,
// roadmap measure statuses. Tests compare what each output prints with these tables.
import type { RiskLevel, SignalFamily, SignalId } from '../objectivity/types.ts';
import type { SignKind, UnitLevel } from '../report/types.ts';
import type { MeasureStatus } from '../roadmap/types.ts';
import type { FiokoStatus } from '../stats/fioko.ts';

/** ФИОКО status of a task (a threshold reached or not): one wording everywhere. */
export const STATUS_NAMES: Record<FiokoStatus, string> = {
  sufficient: 'достигнут',
  uncertain: 'на границе',
  insufficient: 'не достигнут',
};

/** A unit level as a label on screens («Школа»). */
export const LEVEL_NAMES: Record<UnitLevel, string> = {
  all: 'Все участники',
  municipality: 'Муниципалитет',
  school: 'Школа',
  parallel: 'Параллель',
  class: 'Класс',
};

/** Heading of a list of children on that level. */
export const LEVEL_PLURALS: Record<UnitLevel, string> = {
  all: 'Все участники',
  municipality: 'Муниципалитеты',
  school: 'Школы',
  parallel: 'Параллели',
  class: 'Классы',
};

/** A unit level as an official document names it («Образовательная организация»). */
export const LEVEL_FORMAL: Record<UnitLevel, string> = {
  ...LEVEL_NAMES,
  school: 'Образовательная организация',
};

/** A unit level inside a sentence, as the subject of a plural verb («класс не писали работу»). */
export const LEVEL_WORDS: Record<UnitLevel, string> = {
  all: 'участники',
  municipality: 'муниципалитет',
  school: 'школа',
  parallel: 'параллель',
  class: 'класс',
};

/** Objectivity signals (signs to check, never verdicts). */
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
  'inflation-then-fall': 'Выше ожидаемого для контекста, затем спад потока',
  'recheck-tasks': 'Задания с развёрнутым ответом оценены выше, чем комиссией',
  'multi-over-single': 'Развёрнутые ответы выше, чем предсказывают задания с одним баллом',
  'lenient-marking': 'Мягкая проверка развёрнутых ответов: перепроверка и протокол вместе',
  overfit: 'Ответы класса слишком «гладкие» для модели',
};

export const FAMILY_NAMES: Record<SignalFamily, string> = {
  distribution: 'Распределение баллов',
  external: 'Внешняя проверка',
  pattern: 'Характер ответов',
  context: 'Контекст',
};

/** Display order of the families (as on the school's page and in the exports). */
export const FAMILY_ORDER: readonly SignalFamily[] = ['distribution', 'external', 'pattern', 'context'];

/** The objectivity level of a school: how many families show a sign. */
export const RISK_NAMES: Record<Exclude<RiskLevel, 'none'>, string> = {
  red: 'Признаки в двух семействах и более',
  amber: 'Признаки в одном семействе',
};

/** The four official signs (oko-report-v1 `signs`), in a sentence. */
export const OFFICIAL_SIGN_NAMES: Record<SignKind, string> = {
  'inflated-mean': 'завышенный средний балл',
  'journal-mismatch': 'несоответствие отметкам по журналу',
  'cohort-rise': 'резкий рост результатов по сравнению с предыдущим годом',
  'cohort-fall': 'резкое снижение результатов по сравнению с предыдущим годом',
};

/** Roadmap measure status. */
export const MEASURE_STATUS_NAMES: Record<MeasureStatus, string> = {
  planned: 'запланировано',
  'in-progress': 'выполняется',
  done: 'выполнено',
  overdue: 'просрочено',
};
