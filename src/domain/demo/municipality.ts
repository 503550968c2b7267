// The demo municipality: schools, their rosters (cohorts of pupils in classes) and school effects.
import type { Rng } from './prng.ts';

export const DEMO_MUNICIPALITY = { id: 'demo_m001', name: 'Демонстрационный муниципальный район' };

/**
 * Deliberate patterns for the objectivity signs to find:
 * - `inflated4` («СОШ № 12», demo0008): grade-4 results are inflated (high mean, then the cohort falls
 *   in grade 5) by lenient marking: the re-check of ВПР 2026 Математика 4 gives its works the scores
 *   they deserve, on average several points lower (re-check signal), and its grade-4 results stand
 *   above what its context (SES index) predicts;
 * - `rise5` («Октябрьская СОШ», demo0015): grade-5 results of 2026 are inflated (a sharp cohort rise,
 *   a jump against the context) but not in the marking — the works hold the answers, so the re-check of
 *   ВПР 2026 Математика 5 agrees with the school: a re-check does not clear the other signs;
 * - `journal` («СОШ № 10», demo0007): journal marks that do not follow the results (Spearman < 0).
 * Every other school's re-check differs from its marking only by the commission's honest ±1 on a few
 * multi-point tasks (./recheck.ts); the SES index of the context table follows each school's effect
 * with noise (./context.ts).
 */
export type SchoolProfile = 'normal' | 'inflated4' | 'rise5' | 'journal';

export interface DemoSchool {
  login: string;
  name: string;
  urban: boolean;
  /** Ability shift of the school's pupils, in SD units. */
  effect: number;
  /** How much the school's journal marks exceed the results, in SD units. */
  leniency: number;
  absentRate: number;
  profile: SchoolProfile;
}

export interface DemoPupil {
  /** Latent abilities: general, maths, Russian (SD units; the school effect is added later). */
  math: number;
  russian: number;
  sex: 1 | 2;
}

export interface DemoClass {
  letter: string;
  effect: number;
  pupils: DemoPupil[];
}

/** [name, urban, base effect, profile] */
const SCHOOLS: [string, boolean, number, SchoolProfile][] = [
  ['МБОУ «СОШ № 1»', true, 0.15, 'normal'],
  ['МБОУ «СОШ № 2»', true, 0.05, 'normal'],
  ['МБОУ «СОШ № 3»', true, 0.1, 'normal'],
  ['МБОУ «Гимназия № 5»', true, 0.55, 'normal'],
  ['МАОУ «Лицей № 7»', true, 0.5, 'normal'],
  ['МБОУ «СОШ № 8»', true, -0.05, 'normal'],
  ['МБОУ «СОШ № 10»', true, 0.0, 'journal'],
  ['МБОУ «СОШ № 12»', true, -0.1, 'inflated4'],
  ['МБОУ «СОШ № 14 с углублённым изучением отдельных предметов»', true, 0.3, 'normal'],
  ['МКОУ «Берёзовская ООШ»', false, -0.35, 'normal'],
  ['МКОУ «Сосновская СОШ»', false, -0.2, 'normal'],
  ['МБОУ «Ключевская СОШ»', false, -0.1, 'normal'],
  ['МКОУ «Заречная ООШ»', false, -0.4, 'normal'],
  ['МКОУ «Кедровская СОШ»', false, -0.25, 'normal'],
  ['МБОУ «Октябрьская СОШ»', false, -0.15, 'rise5'],
  ['МКОУ «Озёрная ООШ»', false, -0.3, 'normal'],
  ['МКОУ «Луговская СОШ»', false, -0.2, 'normal'],
  ['МБОУ «Никольская СОШ»', false, -0.05, 'normal'],
  ['МКОУ «Рябиновская ООШ»', false, -0.45, 'normal'],
  ['МКОУ «Покровская СОШ»', false, -0.15, 'normal'],
];

const LETTERS = ['А', 'Б', 'В', 'Г'];

export function demoSchools(rng: Rng): DemoSchool[] {
  return SCHOOLS.map(([name, urban, base, profile], i) => ({
    login: `demo${String(i + 1).padStart(4, '0')}`,
    name,
    urban,
    effect: 0.6 * base + 0.08 * rng.normal(),
    leniency: 0.4 + 0.15 * rng.normal() + (profile === 'journal' ? 0.3 : 0),
    absentRate: 0.035 + 0.035 * rng.next(),
    profile,
  }));
}

function newPupil(rng: Rng): DemoPupil {
  const general = rng.normal();
  return {
    math: 0.8 * general + 0.6 * rng.normal(),
    russian: 0.8 * general + 0.6 * rng.normal(),
    sex: rng.chance(0.5) ? 1 : 2,
  };
}

/** One grade of a school: 2–4 classes (rural schools: 2 small classes). */
export function newCohort(rng: Rng, school: DemoSchool): DemoClass[] {
  const classes = school.urban ? rng.int(2, 4) : 2;
  return LETTERS.slice(0, classes).map((letter) => {
    const size = school.urban ? rng.int(22, 30) : rng.int(8, 15);
    return { letter, effect: 0.15 * rng.normal(), pupils: Array.from({ length: size }, () => newPupil(rng)) };
  });
}

/** The same cohort a year later: a few pupils leave, a few arrive, abilities drift slightly. */
export function promote(rng: Rng, cohort: DemoClass[]): DemoClass[] {
  return cohort.map((c) => {
    const pupils = c.pupils
      .filter(() => !rng.chance(0.04))
      .map((p) => ({ ...p, math: p.math + 0.2 * rng.normal(), russian: p.russian + 0.2 * rng.normal() }));
    for (let k = rng.int(0, 2); k > 0; k--) pupils.push(newPupil(rng));
    return { letter: c.letter, effect: c.effect + 0.05 * rng.normal(), pupils };
  });
}
