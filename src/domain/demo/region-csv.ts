// A large synthetic regional export in the 'region-2021' layout (ВПР Математика 5, 16 task columns),
// produced in chunks of text so that a script can stream hundreds of thousands of rows to a file.
import { fnv1a, logistic, mulberry32 } from './prng.ts';
import { demoSpec } from './specs.ts';

export const REGION_CSV_HEADER = [
  'логин школы',
  'регион',
  'номер обучающегося',
  'код обучающегося',
  'отметка за предыдущую четверть/триместр',
  'пол',
  'класс',
  'вариант',
  'всего баллов',
  ...Array.from({ length: 16 }, (_, k) => `балл за ${k + 1}`),
].join(';');

const REGION = 'Демонстрационный регион';
const CLASS_CELLS = ['а', 'А', 'б', 'в', 'НЕТ'];
const X_CELLS = ['X', 'x', 'Х'];

/**
 * Yields the header line, then chunks of `chunkRows` data lines (each line ends with \n).
 * Deterministic for a given (rows, seed). Schools (`sch9xxxxx`) have 20–150 pupils.
 */
export function* regionCsvChunks(rows: number, seed = 2021, chunkRows = 5000): Generator<string> {
  const tasks = demoSpec('Математика', 5, 2021).tasks;
  const rng = mulberry32(fnv1a('region-csv', seed));
  const b = tasks.map((t) => (t.level === 'Б' ? -1 + 0.55 * rng.normal() : 0.9 + 0.4 * rng.normal()));
  yield REGION_CSV_HEADER + '\n';

  let school = 0;
  let left = 0; // pupils left in the current school
  let seq = 0;
  let effect = 0;
  let lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    if (left === 0) {
      school++;
      left = rng.int(20, 150);
      seq = 0;
      effect = 0.35 * rng.normal();
    }
    left--;
    seq++;
    const login = `sch9${String(school).padStart(5, '0')}`;
    const ability = 0.6 * rng.normal() + effect - 0.3;
    const j = 0.75 * ability + 0.45 * rng.normal() + 0.4;
    const mark = rng.chance(0.03) ? 'нет отметки' : String(j < -1.5 ? 2 : j < -0.1 ? 3 : j < 1.1 ? 4 : 5);
    const head = [login, REGION, seq, 50000 + seq, mark, rng.chance(0.5) ? 'м' : 'ж', rng.pick(CLASS_CELLS)];
    if (rng.chance(0.05)) {
      lines.push([...head, 'отсутствовал', '', ...tasks.map(() => '')].join(';'));
    } else {
      let total = 0;
      const cells = tasks.map((t, k) => {
        const u = rng.next();
        let s = 0;
        while (s < t.max && u < logistic(1.7 * (ability - b[k] - 0.6 * s))) s++;
        total += s;
        if (s === 0 && rng.chance(t.level === 'Б' ? 0.08 : 0.25)) return rng.pick(X_CELLS);
        return String(s);
      });
      lines.push([...head, rng.int(1, 4), total, ...cells].join(';'));
    }
    if (lines.length === chunkRows) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n') + '\n';
}
