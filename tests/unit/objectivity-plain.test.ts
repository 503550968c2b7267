// Plain words on the school pages of «Объективность» (#17): the exact texts the engine writes,
// rewritten for a завуч with the statistics moved to «Подробнее».
import { describe, expect, test } from 'vitest';
import { plainText } from '../../src/ui/objectivity/plain';

const JARGON = /A2|ОШ|κ_w|PCM|\blz\b|работ окна|p </;

describe('plainText', () => {
  test('a common pattern: A2 goes under «Подробнее» with its value and the region median', () => {
    const t = plainText(
      'Общая для класса картина отклонений по заданиям: мера согласованности A2 = 8,55 (около 1 — ответы учеников независимы; в регионе медиана 3,37). Возможная причина — подсказки.',
    );
    expect(t.text).toBe(
      'Общая для класса картина отклонений по заданиям: ответы учеников класса похожи друг на друга сильнее, чем при самостоятельной работе. Возможная причина — подсказки.',
    );
    expect(t.technical).toEqual([
      'Мера согласованности A2 = 8,55: около 1 — ответы учеников независимы; медиана по классам региона 3,37.',
    ]);
  });

  test('bunching: «работ окна» and the odds ratio', () => {
    const t = plainText(
      'Ровно на границе отметки (7, 11 б.) — 9 из 14 работ окна, ожидалось около 4,2 при уровне этой школы (отношение шансов, ОШ: 3,1; 1 — как ожидалось). Что проверить: работы.',
    );
    expect(t.text).toBe(
      'Ровно на границе отметки (7, 11 б.) — 9 из 14 работ с баллом у границы, ожидалось около 4,2 при уровне этой школы. Что проверить: работы.',
    );
    expect(t.technical[0]).toContain('Отношение шансов (ОШ) = 3,1');
    expect(t.technical[1]).toContain('«Окно»');
    expect(t.text).not.toMatch(JARGON);
  });

  test('the journal signal: κ_w behind «Подробнее», the value stays', () => {
    const t = plainText(
      'Согласованность отметок ВПР и журнала (взвешенная каппа κ_w): 0,41; 1 — полное совпадение.',
    );
    expect(t.text).toBe('Согласованность отметок ВПР и журнала: 0,41; 1 — полное совпадение.');
    expect(t.technical[0]).toContain('κ_w');
  });

  test('caveats: PCM, the window, lz', () => {
    expect(
      plainText('построено по статистической модели заданий региона (модель Раша, PCM) для уровня').text,
    ).toBe('построено по статистической модели заданий региона для уровня');
    expect(plainText('Окно: 2 балла ниже границы отметки и сама граница; работ в окнах: 31.').text).toBe(
      'Учтены работы с баллом у границы отметки (2 балла ниже границы отметки и сама граница): 31.',
    );
    expect(plainText('Пороги lz и ошибок Гуттмана получены моделированием').text).not.toMatch(JARGON);
  });

  test('a text without jargon is unchanged', () => {
    expect(plainText('Избытка работ на границе нет.')).toEqual({
      text: 'Избытка работ на границе нет.',
      technical: [],
    });
  });
});
