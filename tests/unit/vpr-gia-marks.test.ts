// ВПР ↔ ОГЭ for the same pupils: a planted school whose ВПР «5» are mostly ОГЭ «3» gets the признак
// «неподтверждённые результаты»; schools with the usual share do not. Figures by hand.
import { expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/model.ts';
import { UNCONFIRMED_LABEL, compareVprGiaMarks } from '../../src/domain/report/vpr-gia-marks.ts';

interface Pupil {
  school: number;
  code: string;
  score?: number;
  mark?: number;
  absent?: boolean;
}

function dataset(kind: string, schools: string[], pupils: Pupil[]): Dataset {
  const n = pupils.length;
  return {
    meta: {
      file: `${kind}.xlsx`,
      sheet: 'Лист1',
      layout: 'fisoko-protocol',
      procedure: {
        kind,
        subject: 'Математика',
        grade: kind === 'ВПР' ? 8 : 9,
        year: kind === 'ВПР' ? 2023 : 2024,
        tasks: [{ id: '1', max: 20 }],
        scale: [
          [0, 5],
          [6, 10],
          [11, 15],
          [16, 20],
        ],
      },
      maximaSource: 'header',
      taskHeaders: ['1'],
      rows: n,
      municipalities: [],
      schools: schools.map((login) => ({ login })),
      classes: [],
      warnings: [],
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(pupils, (_, i) => i + 2),
      code: pupils.map((p) => p.code),
      school: Uint32Array.from(pupils, (p) => p.school),
      classIdx: new Int32Array(n).fill(-1),
      absent: Uint8Array.from(pupils, (p) => (p.absent ? 1 : 0)),
      variant: new Uint16Array(n),
      journal: new Uint8Array(n),
      sex: new Uint8Array(n),
      scores: [Uint8Array.from(pupils, (p) => p.score ?? 0)],
      codes: [new Uint8Array(n)],
      ...(kind === 'ОГЭ'
        ? {
            official: {
              primary: new Uint16Array(n),
              mark: Uint8Array.from(pupils, (p) => p.mark ?? 0),
              test: new Int16Array(n).fill(-1),
            },
          }
        : {}),
    },
  };
}

it('a school whose ВПР marks ОГЭ does not confirm gets the признак; the numbers behind it', () => {
  const vpr: Pupil[] = [];
  const oge: Pupil[] = [];
  // School 0 (planted): 40 pupils with ВПР «5» (18 of 20); 30 of them write ОГЭ «3», 10 «5».
  // Schools 1 and 2: 40 pupils with ВПР «4» (12); 4 of them write ОГЭ «3», 36 «4».
  for (let s = 0; s < 3; s++)
    for (let i = 0; i < 40; i++) {
      const code = `${s}-${i}`;
      vpr.push({ school: s, code, score: s === 0 ? 18 : 12 });
      oge.push({ school: s, code, mark: s === 0 ? (i < 30 ? 3 : 5) : i < 4 ? 3 : 4 });
    }
  // Not counted: a pupil absent from ВПР, a pupil without an ОГЭ row, an ОГЭ row of another school.
  vpr.push({ school: 1, code: 'absent', score: 0, absent: true });
  oge.push({ school: 1, code: 'absent', mark: 2 });
  vpr.push({ school: 2, code: 'no-oge', score: 20 });
  oge.push({ school: 0, code: '2-0', mark: 2 }); // the same code in another school

  const r = compareVprGiaMarks(
    dataset('ВПР', ['sch127', 'sch200', 'sch300'], vpr),
    dataset('ОГЭ', ['127', '200', '300'], oge),
    new Map([
      ['sch127', '000127'],
      ['sch200', '200'],
      ['sch300', '300'],
    ]),
  );
  expect(r.label).toBe(UNCONFIRMED_LABEL);
  expect([r.matched, r.lower]).toEqual([120, 38]);
  expect(r.lowerShare).toBeCloseTo((100 * 38) / 120, 12);
  const by = new Map(r.schools.map((s) => [s.school, s]));
  const a = by.get('sch127')!;
  expect([a.giaSchool, a.matched, a.lower, a.lowerShare, a.flagged]).toEqual(['000127', 40, 30, 75, true]);
  // Wilson by hand: p = 0,75, n = 40, z = 1,96.
  const z = 1.96; // the project's z (stats/descriptive.ts)
  const p = 0.75;
  const centre = p + (z * z) / 80;
  const half = z * Math.sqrt((p * (1 - p)) / 40 + (z * z) / (4 * 1600));
  const denom = 1 + (z * z) / 40;
  expect(a.ci95![0]).toBeCloseTo((100 * (centre - half)) / denom, 6);
  expect(a.ci95![1]).toBeCloseTo((100 * (centre + half)) / denom, 6);
  for (const id of ['sch200', 'sch300']) {
    const s = by.get(id)!;
    expect([s.matched, s.lower, s.lowerShare, s.flagged]).toEqual([40, 4, 10, false]);
  }
  // Without the map, the ВПР logins match no ОГЭ school: nothing is compared, nothing flagged.
  const none = compareVprGiaMarks(
    dataset('ВПР', ['sch127'], vpr.slice(0, 40)),
    dataset('ОГЭ', ['127'], oge.slice(0, 40)),
  );
  expect([none.matched, none.schools.length]).toEqual([0, 0]);
});
