// Deterministic demo data: «Демонстрационный муниципальный район», ВПР 2025–2026,
// Математика and Русский язык in grades 4 and 5. The 2026 grade 5 is the 2025 grade 4 a year later.
// generateDemoBundle adds a re-check (перепроверка) of ВПР 2026 Математика 4 and 5 and a school context
// table; the planted patterns are listed in ./municipality.ts.
import { CellCode, procedureId, type ClassInfo, type Dataset, type ProcedureSpec } from '../model.ts';
import {
  DEMO_MUNICIPALITY,
  demoSchools,
  newCohort,
  promote,
  type DemoClass,
  type DemoSchool,
} from './municipality.ts';
import { fnv1a, logistic, mulberry32, pseudoHash, type Rng } from './prng.ts';
import { demoContextCsv, type DemoContextFile } from './context.ts';
import { demoContextForm, type DemoContextForm } from './context-form.ts';
import { demoRecheck } from './recheck.ts';
import { demoSpecs } from './specs.ts';
import { demoFollowups } from './followup.ts';
import type { FollowupSheet } from '../followup/types.ts';

export { demoSpecs } from './specs.ts';
export { DEMO_MUNICIPALITY } from './municipality.ts';

export const DEMO_SEED = 20261123;

/** Item discrimination of the score model (logit scale). */
const SLOPE = 1.7;
/** Each further score point of a task is this much harder. */
const STEP = 0.6;
/** Spread of pupil abilities within a class (SD on the logit scale). */
const SPREAD = 0.6;
/** Per-work ease: calibrates the mark shares to those typical of ВПР (≈ 5/33/44/18 %). */
const EASE: Record<string, number> = {
  'Математика-4': -0.2,
  'Математика-5': -0.3,
  'Русский язык-4': 0.3,
  'Русский язык-5': 0.65,
};

/** The procedures of ВПР 2026 Математика that the demo's commission re-checked. */
export const DEMO_RECHECKED = ['ВПР-2026-Математика-4', 'ВПР-2026-Математика-5'];

export interface DemoBundle {
  /** Every procedure, in the order of demoSpecs(). */
  datasets: Dataset[];
  /** Re-checks of the DEMO_RECHECKED procedures, each with the key of the protocol it re-scores. */
  rechecks: { procedureKey: string; dataset: Dataset }[];
  /** The school context table as a CSV file (settings `schoolContext`). */
  context: DemoContextFile;
  /** The context form in the official ФИС ОКО layout (settings `contextYear:<year>`). */
  contextForm: DemoContextForm;
  /** One class's follow-up check sheet with two rounds (demo/followup.ts). */
  followups: FollowupSheet[];
}

/** Every procedure of the demo municipality, in the order of demoSpecs(). */
export function generateDemo(seed = DEMO_SEED): Dataset[] {
  return generateProcedures(seed).map((p) => p.dataset);
}

/** The demo's procedures, their re-checks and the school context table, all from one seed. */
export function generateDemoBundle(seed = DEMO_SEED): DemoBundle {
  const procs = generateProcedures(seed);
  const rechecks = procs
    .filter((p) => DEMO_RECHECKED.includes(procedureId(p.dataset.meta.procedure)))
    .map((p) => ({
      procedureKey: procedureId(p.dataset.meta.procedure),
      dataset: demoRecheck(seed, p.dataset, p.deserved),
    }));
  // demoSchools draws first from the main stream, so the same seed gives the same schools.
  const schools = demoSchools(mulberry32(seed));
  const context = demoContextCsv(seed, schools);
  return {
    datasets: procs.map((p) => p.dataset),
    rechecks,
    context,
    contextForm: demoContextForm(seed, schools),
    followups: demoFollowups(
      seed,
      procs.map((p) => p.dataset),
    ),
  };
}

interface GeneratedProcedure {
  dataset: Dataset;
  /** Per task, the score each work deserves: the protocol's score without lenient marking. */
  deserved: Uint8Array[];
}

function generateProcedures(seed: number): GeneratedProcedure[] {
  const rng = mulberry32(seed);
  const schools = demoSchools(rng);
  const g4of2025 = schools.map((s) => newCohort(rng, s));
  const rosters: Record<string, DemoClass[][]> = {
    '2025-4': g4of2025,
    '2025-5': schools.map((s) => newCohort(rng, s)),
    '2026-4': schools.map((s) => newCohort(rng, s)),
    '2026-5': g4of2025.map((c) => promote(rng, c)),
  };
  return demoSpecs().map((spec) => buildDataset(seed, spec, schools, rosters[`${spec.year}-${spec.grade}`]));
}

/** Task difficulties (logit scale): Б tasks easy, П tasks hard; stable across years. */
function difficulties(seed: number, spec: ProcedureSpec): number[] {
  const rng = mulberry32(fnv1a(`tasks:${spec.subject}-${spec.grade}`, seed));
  const drift = mulberry32(fnv1a(`year:${procedureId(spec)}`, seed));
  return spec.tasks.map((t) => {
    const base = t.level === 'Б' ? -1.0 + 0.55 * rng.normal() : 0.9 + 0.4 * rng.normal();
    return base + 0.1 * drift.normal();
  });
}

/** Extra ability shift that makes a school's results look inflated in this procedure. */
function inflation(school: DemoSchool, spec: ProcedureSpec): number {
  if (school.profile === 'inflated4' && spec.grade === 4) return 1.0;
  if (school.profile === 'rise5' && spec.grade === 5 && spec.year === 2026) return 1.0;
  return 0;
}

/**
 * The part of the inflation that is lenient marking, which a re-check undoes: all of it for
 * `inflated4`; none for `rise5` (its works really hold the answers — a re-check cannot see why).
 */
function lenientMarking(school: DemoSchool, spec: ProcedureSpec): number {
  return school.profile === 'inflated4' ? inflation(school, spec) : 0;
}

/** Journal mark 2..5 (0 = нет отметки): follows the true ability, with teacher leniency and noise. */
function journalMark(rng: Rng, school: DemoSchool, trueAbility: number): number {
  if (rng.chance(0.03)) return 0;
  const follow = school.profile === 'journal' ? -0.25 : 0.75;
  const x = follow * trueAbility + 0.45 * rng.normal() + school.leniency;
  return x < -1.5 ? 2 : x < -0.1 ? 3 : x < 1.1 ? 4 : 5;
}

function buildDataset(
  seed: number,
  spec: ProcedureSpec,
  schools: DemoSchool[],
  roster: DemoClass[][],
): GeneratedProcedure {
  const rng = mulberry32(fnv1a(`pupils:${procedureId(spec)}`, seed));
  const b = difficulties(seed, spec);
  const T = spec.tasks.length;
  const n = roster.reduce((sum, cs) => sum + cs.reduce((m, c) => m + c.pupils.length, 0), 0);
  const p = {
    n,
    sourceRow: new Uint32Array(n),
    code: new Array<string>(n),
    school: new Uint32Array(n),
    classIdx: new Int32Array(n),
    absent: new Uint8Array(n),
    variant: new Uint16Array(n),
    journal: new Uint8Array(n),
    sex: new Uint8Array(n),
    scores: spec.tasks.map(() => new Uint8Array(n)),
    codes: spec.tasks.map(() => new Uint8Array(n)),
  };
  const deserved = spec.tasks.map(() => new Uint8Array(n));
  const classes: ClassInfo[] = [];
  const math = spec.subject === 'Математика';
  const ease = EASE[`${spec.subject}-${spec.grade}`] ?? 0;
  let i = 0;
  schools.forEach((school, s) => {
    let seq = 0;
    for (const cls of roster[s]) {
      const label = `${spec.grade}${cls.letter}`;
      classes.push({ id: `${school.login}/${label}`, school: s, label });
      for (const pupil of cls.pupils) {
        const ability = SPREAD * (math ? pupil.math : pupil.russian) + school.effect + cls.effect;
        p.sourceRow[i] = i + 2; // row 1 is the header
        p.code[i] = `${spec.grade}${String(++seq).padStart(4, '0')}`;
        p.school[i] = s;
        p.classIdx[i] = classes.length - 1;
        p.sex[i] = pupil.sex;
        p.journal[i] = journalMark(rng, school, ability);
        if (rng.chance(school.absentRate)) {
          p.absent[i] = 1;
          for (let k = 0; k < T; k++) p.codes[k][i] = CellCode.EMPTY;
        } else {
          p.variant[i] = rng.int(1, 2);
          const marked = ability + ease + inflation(school, spec);
          writeScores(rng, spec, b, marked, marked - lenientMarking(school, spec), p, deserved, i);
        }
        i++;
      }
    }
  });
  const dataset: Dataset = {
    meta: {
      file: `Демонстрационные данные: ВПР ${spec.year} ${spec.subject} ${spec.grade} класс`,
      sheet: 'Протокол',
      layout: 'fisoko-protocol',
      procedure: spec,
      maximaSource: 'spec',
      taskHeaders: spec.tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [DEMO_MUNICIPALITY],
      schools: schools.map((x) => ({ login: x.login, name: x.name, municipalityId: DEMO_MUNICIPALITY.id })),
      classes,
      warnings: [],
      fileHash: pseudoHash(`demo:${seed}:${procedureId(spec)}`),
    },
    pupils: p,
  };
  return { dataset, deserved };
}

/**
 * Graded response: one uniform draw per task, score = thresholds passed; some zeros are «X».
 * The deserved score passes the thresholds at the ability without lenient marking with the same draw,
 * so it never exceeds the marked one (and equals it when nothing is lenient).
 */
function writeScores(
  rng: Rng,
  spec: ProcedureSpec,
  b: number[],
  ability: number,
  deservedAbility: number,
  p: { scores: Uint8Array[]; codes: Uint8Array[] },
  deserved: Uint8Array[],
  i: number,
): void {
  const passed = (u: number, a: number, k: number, max: number) => {
    let score = 0;
    while (score < max && u < logistic(SLOPE * (a - b[k] - STEP * score))) score++;
    return score;
  };
  spec.tasks.forEach((t, k) => {
    const u = rng.next();
    const score = passed(u, ability, k, t.max);
    p.scores[k][i] = score;
    deserved[k][i] = deservedAbility === ability ? score : passed(u, deservedAbility, k, t.max);
    const x = score === 0 && rng.chance(t.level === 'Б' ? 0.08 : 0.25);
    p.codes[k][i] = x ? CellCode.X : CellCode.NUMBER;
  });
}
