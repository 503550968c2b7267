// Short explanations of the less familiar indicators, shared by «Анализ» and «Динамика» so that
// both screens say the same thing.

/** СОУ: the weights of the marks (the tile's formula, in words). */
export const SOU_EXPLAINED =
  'СОУ (степень обученности) — средний «вес» отметок в процентах: «5» — 100, «4» — 64, «3» — 36, «2» — 16; ' +
  '100 % — все написали на «5», 16 % — все на «2».';

/** The Spearman rank correlation between the journal mark and the primary score, in words. */
export const SPEARMAN_EXPLAINED =
  'Корреляция Спирмена (от −1 до 1) показывает, насколько ученики с более высокой отметкой в журнале ' +
  'набрали больше баллов: около 1 — журнал согласуется с работой, около 0 — связи нет, меньше 0 — ' +
  'наоборот.';

/** The codes of the ФИОКО codifier a task checks, in plain words (Анализ, Обмен, Спецификации). */
export const KES_EXPLAINED = 'КЭС — код элемента содержания: тема курса по кодификатору ФИОКО';
export const KT_EXPLAINED = 'КТ — код требования: проверяемое умение по кодификатору ФИОКО';

/** Task levels of the ФИОКО description. */
export const LEVELS_EXPLAINED = 'Ур. — уровень задания: Б — базовый, П — повышенный, В — высокий';

/** The headline indicators, in words (hover titles and the legend under a table). */
export const U_EXPLAINED = 'У (успеваемость) — доля работ на «3», «4» и «5»';
export const KZ_EXPLAINED = 'КЗ (качество знаний) — доля работ на «4» и «5»';
