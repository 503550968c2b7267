// Lists of units ordered by every indicator (#17): hand-made units, expected orders written by hand.
import { describe, expect, test } from 'vitest';
import { orderUnits } from '../../src/domain/report/unit-order';

const unit = (
  name: string,
  written: number,
  mean: number | null,
  u: number | null,
  kz: number | null,
  sou: number | null,
) => ({
  name,
  written,
  score: mean === null ? undefined : { mean, sd: null, ci95: null },
  uspevaemost: u,
  kachestvo: kz,
  sou,
});

const units = [
  unit('Школа № 10', 30, 12.5, 90, 40, 50),
  unit('Школа № 2', 25, 14, 96, 40, 55.5),
  unit('Гимназия', 12, null, null, null, null),
  unit('Школа № 1', 30, 9, 80, 55, 48),
];
const names = (xs: typeof units) => xs.map((x) => x.name);
const title = (x: (typeof units)[number]) => x.name;

describe('orderUnits', () => {
  test('by name, numbers as numbers', () => {
    expect(names(orderUnits(units, 'name', title))).toEqual([
      'Гимназия',
      'Школа № 1',
      'Школа № 2',
      'Школа № 10',
    ]);
  });
  test('by size, equal sizes in file order', () => {
    expect(names(orderUnits(units, 'written', title))).toEqual([
      'Школа № 10',
      'Школа № 1',
      'Школа № 2',
      'Гимназия',
    ]);
  });
  test('by mean score, У and СОУ: highest first, no value last', () => {
    expect(names(orderUnits(units, 'scoreMean', title))).toEqual([
      'Школа № 2',
      'Школа № 10',
      'Школа № 1',
      'Гимназия',
    ]);
    expect(names(orderUnits(units, 'uspevaemost', title))).toEqual([
      'Школа № 2',
      'Школа № 10',
      'Школа № 1',
      'Гимназия',
    ]);
    expect(names(orderUnits(units, 'sou', title))).toEqual([
      'Школа № 2',
      'Школа № 10',
      'Школа № 1',
      'Гимназия',
    ]);
  });
  test('by КЗ: a tie keeps the name order', () => {
    expect(names(orderUnits(units, 'kachestvo', title))).toEqual([
      'Школа № 1',
      'Школа № 2',
      'Школа № 10',
      'Гимназия',
    ]);
  });
});
