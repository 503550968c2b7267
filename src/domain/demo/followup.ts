// The demo's follow-up checks: one class of ВПР 2026 Математика 5 with two rounds of checks, so that
// «Контрольные точки», the roadmap progress and the effectiveness report have something to show.
// Deterministic (seeded): a deficit is more likely to be checked successfully in the second round.
import { newSheet, type FollowupSheet, type CheckValue } from '../followup/index.ts';
import { procedureId, type Dataset } from '../model.ts';
import { pupilResults } from '../report/pupils.ts';
import { fnv1a, mulberry32 } from './prng.ts';

export const DEMO_FOLLOWUP_PROCEDURE = 'ВПР-2026-Математика-5';
/** Dates of the two rounds: after the spring ВПР, in the autumn term. */
export const DEMO_FOLLOWUP_DATES = ['2026-10-16', '2026-11-20'] as const;
const CREATED = '2026-11-20T12:00:00.000Z';

function level(rng: ReturnType<typeof mulberry32>, pFormed: number): CheckValue {
  const x = rng.next();
  return x < pFormed ? 'formed' : x < pFormed + (1 - pFormed) / 2 ? 'partial' : 'unformed';
}

/** The demo class's sheet with two rounds; [] when the procedure is not among the datasets. */
export function demoFollowups(seed: number, datasets: Dataset[]): FollowupSheet[] {
  const ds = datasets.find((d) => procedureId(d.meta.procedure) === DEMO_FOLLOWUP_PROCEDURE);
  if (!ds) return [];
  const cls = ds.meta.classes[0];
  const school = ds.meta.schools[cls.school];
  const sheet = newSheet({
    procedureKey: DEMO_FOLLOWUP_PROCEDURE,
    school: school.login,
    schoolName: school.name ?? school.login,
    classId: cls.id,
    classLabel: cls.label,
    pupils: pupilResults(ds, cls.id),
    tasks: ds.meta.procedure.tasks,
    now: CREATED,
  });
  const rng = mulberry32(fnv1a(`followup:${sheet.id}`, seed));
  const first = sheet.items.map(() => level(rng, 0.5));
  // Every deficit is checked again; one that went well the first time mostly goes well again.
  const second = first.map((v) => level(rng, v === 'formed' ? 0.8 : 0.45));
  return [
    {
      ...sheet,
      rounds: [
        { date: DEMO_FOLLOWUP_DATES[0], results: first },
        { date: DEMO_FOLLOWUP_DATES[1], results: second },
      ],
    },
  ];
}
