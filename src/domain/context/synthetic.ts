// Generated schools for the context form, with planted context groups (for the clustering tests and
// the demo): 'capital' — large city schools; 'town' — mid-size town schools; 'rural' — small rural
// schools without good transport; 'special' — special (коррекционные) boarding schools. Personal data
// is filled with invented values so that tests can prove it is dropped.
import type { Rng } from '../demo/prng.ts';
import type { FormSchool } from './form-writer.ts';
import { IN_DEPTH } from './form-writer.ts';

export type PlantedGroup = 'capital' | 'town' | 'rural' | 'special';

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

export function syntheticSchool(rng: Rng, i: number, group: PlantedGroup, municipality: string): FormSchool {
  const g = {
    capital: { type: 1, size: 8, transport: 1, perGrade: 100, perClass: 27, internet: 5, depth: 0.4 },
    town: { type: 2, size: 4, transport: 1, perGrade: 50, perClass: 24, internet: 4, depth: 0.15 },
    rural: { type: 4, size: 1, transport: 3, perGrade: 7, perClass: 8, internet: 2, depth: 0 },
    special: { type: 2, size: 5, transport: 2, perGrade: 12, perClass: 10, internet: 3, depth: 0 },
  }[group];
  const pupilsByGrade = Array.from({ length: 11 }, (_, k) =>
    group === 'rural' && k >= 9 ? 0 : clamp(g.perGrade * (1 + 0.25 * rng.normal()), 1, 400),
  );
  const classesByGrade = pupilsByGrade.map((p) => (p === 0 ? 0 : Math.max(1, Math.ceil(p / g.perClass))));
  const pupils = pupilsByGrade.reduce((a, b) => a + b, 0);
  const teachers = clamp(pupils / (group === 'special' ? 5 : 14) + 3, 3, 300);
  return {
    login: `sch22${String(1000 + i).padStart(4, '0')}`,
    name: `МБОУ «Школа № ${i + 1}»`,
    municipality,
    regionCode: '22',
    settlementType: g.type as FormSchool['settlementType'],
    settlementSize: clamp(g.size + (rng.chance(0.3) ? rng.int(-1, 1) : 0), 1, 8),
    transport: clamp(g.transport + (rng.chance(0.2) ? 1 : 0), 1, 4),
    special: group === 'special',
    evening: false,
    boarding: group === 'special' || (group === 'rural' && rng.chance(0.1)),
    pupilsByGrade,
    classesByGrade,
    pupilsAdapted: group === 'special' ? pupils : clamp(pupils * 0.02 * rng.next(), 0, 50),
    teachers,
    teachersHighest: clamp(
      teachers * (group === 'rural' ? 0.1 : 0.35) * (0.7 + 0.6 * rng.next()),
      0,
      teachers,
    ),
    teachersYoung: clamp(teachers * 0.1 * rng.next() * 2, 0, teachers),
    teachersPension: clamp(
      teachers * (group === 'rural' ? 0.35 : 0.2) * (0.7 + 0.6 * rng.next()),
      0,
      teachers,
    ),
    computers: clamp(pupils / 8 + 5 * rng.next(), 1, 900),
    internet: clamp(g.internet + (rng.chance(0.2) ? -1 : 0), 1, 5),
    inDepth: IN_DEPTH.map(() => rng.chance(g.depth)),
    codeOge: String(100 + i).padStart(6, '0'),
    codeEge: String(500 + i).padStart(6, '0'),
    director: `Иванова Мария Петровна ${i}`,
    phone: `+7 (3852) 55-${String(10 + (i % 90)).padStart(2, '0')}-${String(i % 100).padStart(2, '0')}`,
    email: `director${i}@school.example`,
    inn: String(2200000000 + i * 7919),
  };
}

/** A region of schools in planted groups, in the given proportions. */
export function syntheticRegion(
  rng: Rng,
  counts: Record<PlantedGroup, number>,
  municipalities = ['Центральный район', 'Северный район', 'Южный район'],
): { schools: FormSchool[]; group: PlantedGroup[] } {
  const schools: FormSchool[] = [];
  const group: PlantedGroup[] = [];
  for (const gName of Object.keys(counts) as PlantedGroup[])
    for (let k = 0; k < counts[gName]; k++) {
      const i = schools.length;
      schools.push(syntheticSchool(rng, i, gName, municipalities[i % municipalities.length]));
      group.push(gName);
    }
  return { schools, group };
}
