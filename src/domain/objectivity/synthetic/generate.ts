// Over 400 lines: one seeded generator — the design, the population and the planted manipulations
// draw from one random stream in a fixed order, and are read together to see what was planted.
// A synthetic region for the objectivity benchmark, independent of the demo generator: its own test
// design (a generalized partial-credit model, so the PCM used by the detectors is misspecified), its
// own school population (many small rural low-SES low-result schools, a few honest strong gymnasiums,
// SES-dependent journal leniency) and four planted manipulations with known truth:
//   threshold-push: works 1–2 points below a mark cut-off raised to the cut-off (re-check sees truth);
//   leak: in one class most pupils get the hard (П) tasks and two others right, an identical pattern;
//   lenient: multi-point tasks marked one point too generously in both years (re-check sees truth);
//   inflation: every grade-4 pupil gets 2–4 points of help during the test; grade 5 is honest.
// Journal marks are never manipulated. The truth labels are for measuring only.
import { CellCode, type ClassInfo, type Dataset, type ProcedureSpec, type SchoolInfo } from '../../model.ts';
import { mulberry32, type Rng } from '../../demo/prng.ts';
import type { ContextTable } from '../context.ts';

export type PlantedType = 'threshold-push' | 'leak' | 'lenient' | 'inflation';

export interface SchoolTruth {
  login: string;
  urban: boolean;
  ses: number;
  gymnasium: boolean;
  /** SES index below −0.5 and an honest school. */
  lowSes: boolean;
  written: number[];
  manipulated: boolean;
  types: PlantedType[];
  strength: number;
  /** Procedure ids affected. */
  procedures: string[];
  classes: string[];
}

export interface SyntheticRegion {
  datasets: Dataset[];
  rechecks: Dataset[];
  context: ContextTable;
  /** The same context as a CSV file (`;`, decimal comma, CRLF). */
  contextCsv: string;
  truth: Map<string, SchoolTruth>;
}

export interface GenerateOptions {
  seed?: number;
  schools?: number;
  /** Manipulating schools per type. */
  perType?: number;
  year?: number;
  /** Share of rural (small, poorer) schools; 0.45 by default. */
  ruralShare?: number;
  /** Class sizes of rural schools, inclusive; [9, 22] by default. */
  ruralClass?: [number, number];
  /** Multiplier of every plant's strength (0.75 = weaker plants); 1 by default. */
  plantScale?: number;
  /** Re-checked share of each school's written works and the minimum per school; 0.1 and 3 by default. */
  recheckShare?: number;
  recheckMin?: number;
  /** Smallest school (pupils in grade 4) that may get a plant; 20 by default. */
  minPlantN?: number;
}

/** The bench's second region: more small schools, weaker plants, fewer re-checked works. */
export const HARD_REGION: GenerateOptions = {
  ruralShare: 0.6,
  ruralClass: [8, 20],
  plantScale: 0.85,
  recheckShare: 0.05,
  recheckMin: 3,
  minPlantN: 15,
};

interface Item {
  id: string;
  max: number;
  level: 'Б' | 'П';
  a: number;
  steps: number[];
}

function items(rng: Rng, spec: [string, number, 'Б' | 'П', number][]): Item[] {
  return spec.map(([id, max, level, b]) => {
    const steps: number[] = [];
    for (let k = 0; k < max; k++)
      steps.push(b + (max === 1 ? 0 : -0.5 + (1.0 * k) / (max - 1)) + 0.2 * rng.normal());
    return { id, max, level, a: 0.7 + 0.9 * rng.next(), steps };
  });
}

const G4: [string, number, 'Б' | 'П', number][] = [
  ['1', 1, 'Б', -1.7],
  ['2', 1, 'Б', -1.3],
  ['3', 1, 'Б', -1.0],
  ['4', 2, 'Б', -0.6],
  ['5', 1, 'Б', -0.6],
  ['6.1', 1, 'Б', -0.3],
  ['6.2', 1, 'Б', 0.0],
  ['7', 2, 'Б', 0.1],
  ['8', 1, 'Б', 0.3],
  ['9', 2, 'П', 0.8],
  ['10', 2, 'П', 1.1],
  ['11', 3, 'П', 1.5],
];
const G5: [string, number, 'Б' | 'П', number][] = [
  ['1', 1, 'Б', -1.6],
  ['2', 1, 'Б', -1.2],
  ['3', 1, 'Б', -1.0],
  ['4', 1, 'Б', -0.7],
  ['5', 2, 'Б', -0.4],
  ['6', 1, 'Б', -0.2],
  ['7', 2, 'Б', 0.0],
  ['8', 1, 'Б', 0.2],
  ['9', 2, 'Б', 0.4],
  ['10', 2, 'П', 0.8],
  ['11', 2, 'П', 1.0],
  ['12', 2, 'П', 1.3],
  ['13', 3, 'П', 1.7],
];

/** Score of one item for ability θ (generalized partial credit). */
function respond(rng: Rng, it: Item, theta: number): number {
  const logits = [0];
  for (let k = 0; k < it.max; k++) logits.push(logits[k] + it.a * (theta - it.steps[k]));
  const mx = Math.max(...logits);
  const w = logits.map((l) => Math.exp(l - mx));
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let x = 0; x <= it.max; x++) {
    u -= w[x];
    if (u <= 0) return x;
  }
  return it.max;
}

interface Pupil {
  school: number;
  cls: number; // index into classes
  theta: number;
  journal: number;
  absent: boolean;
  truth: number[]; // true scores
  orig: number[]; // scores in the protocol
  code: string;
}

const LETTERS = 'АБВГД';

export function generateRegion(opts: GenerateOptions = {}): SyntheticRegion {
  const rng = mulberry32(opts.seed ?? 7);
  const S = opts.schools ?? 160;
  const perType = opts.perType ?? 7;
  const year = opts.year ?? 2025;
  const ruralShare = opts.ruralShare ?? 0.45;
  const [rLo, rHi] = opts.ruralClass ?? [9, 22];
  const plantScale = opts.plantScale ?? 1;
  const minPlantN = opts.minPlantN ?? 20;
  const it4 = items(rng, G4);
  const it5 = items(rng, G5);
  const scale4: [number, number][] = [
    [0, 4],
    [5, 9],
    [10, 13],
    [14, 18],
  ];
  const scale5: [number, number][] = [
    [0, 5],
    [6, 10],
    [11, 15],
    [16, 21],
  ];
  const spec4: ProcedureSpec = {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 4,
    year,
    tasks: it4.map((i) => ({ id: i.id, max: i.max, level: i.level })),
    scale: scale4,
  };
  const spec5: ProcedureSpec = {
    kind: 'ВПР',
    subject: 'Математика',
    grade: 5,
    year: year + 1,
    tasks: it5.map((i) => ({ id: i.id, max: i.max, level: i.level })),
    scale: scale5,
  };
  const id4 = `ВПР-${year}-Математика-4`;
  const id5 = `ВПР-${year + 1}-Математика-5`;

  // Schools: ~45 % rural, small, poorer; a few honest gymnasiums.
  interface School {
    login: string;
    urban: boolean;
    ses: number;
    gym: boolean;
    effect: number;
    lenientJournal: number;
    classSizes: number[];
  }
  const schools: School[] = [];
  for (let j = 0; j < S; j++) {
    const urban = rng.next() < 1 - ruralShare;
    const ses = urban ? 0.4 + 0.8 * rng.normal() : -0.5 + 0.75 * rng.normal();
    const gym = urban && ses > 0.6 && rng.next() < 0.12;
    const nClasses = urban ? rng.int(2, 4) : rng.next() < 0.6 ? 1 : 2;
    const classSizes = Array.from({ length: nClasses }, () => (urban ? rng.int(20, 29) : rng.int(rLo, rHi)));
    schools.push({
      login: `obj${String(770001 + j)}`,
      urban,
      ses,
      gym,
      effect: 0.4 * ses + 0.15 * (urban ? 1 : 0) + 0.25 * rng.normal() + (gym ? 0.7 : 0),
      // Poorer schools mark the journal more generously (an honest, common pattern).
      lenientJournal: -0.25 * ses + 0.2 * rng.normal(),
      classSizes,
    });
  }
  // Standardize SES over the region (mean 0, sd 1), as the context table is.
  const sm = schools.reduce((a, s) => a + s.ses, 0) / S;
  const ssd = Math.sqrt(schools.reduce((a, s) => a + (s.ses - sm) ** 2, 0) / (S - 1));
  for (const s of schools) s.ses = Math.round(((s.ses - sm) / ssd) * 100) / 100;

  // Manipulators: schools with ≥ 20 pupils (the school signals' minimum), types assigned at random.
  const eligible = schools
    .map((s, j) => j)
    .filter((j) => schools[j].classSizes.reduce((a, b) => a + b, 0) >= minPlantN);
  for (let k = eligible.length - 1; k > 0; k--) {
    const r = rng.int(0, k);
    [eligible[k], eligible[r]] = [eligible[r], eligible[k]];
  }
  const types: PlantedType[] = ['threshold-push', 'leak', 'lenient', 'inflation'];
  const planted = new Map<number, { type: PlantedType; strength: number; procs: string[] }>();
  types.forEach((type, t) => {
    for (let k = 0; k < perType; k++) {
      const j = eligible[t * perType + k];
      if (j === undefined) continue;
      const base =
        type === 'threshold-push'
          ? 0.5 + 0.4 * rng.next()
          : type === 'leak'
            ? 0.6 + 0.3 * rng.next()
            : type === 'lenient'
              ? 0.35 + 0.35 * rng.next()
              : rng.int(2, 4);
      const strength = base * plantScale;
      const procs =
        type === 'inflation'
          ? [id4]
          : type === 'lenient'
            ? [id4, id5]
            : [[id4], [id5], [id4, id5]][rng.int(0, type === 'leak' ? 1 : 2)];
      planted.set(j, { type, strength, procs });
    }
  });

  // Pupils of grade 4 (the cohort) and their grade-5 selves.
  const classes4: ClassInfo[] = [];
  const classes5: ClassInfo[] = [];
  const pupils: { school: number; cls: number; theta: number; lenJ: number }[] = [];
  schools.forEach((s, j) => {
    s.classSizes.forEach((size, c) => {
      const label4 = s.classSizes.length === 1 ? '4' : `4${LETTERS[c]}`;
      const label5 = s.classSizes.length === 1 ? '5' : `5${LETTERS[c]}`;
      classes4.push({ id: `${s.login}/${label4}`, school: j, label: label4 });
      classes5.push({ id: `${s.login}/${label5}`, school: j, label: label5 });
      const ce = 0.15 * rng.normal();
      for (let k = 0; k < size; k++)
        pupils.push({
          school: j,
          cls: classes4.length - 1,
          theta: s.effect + ce + 0.95 * rng.normal(),
          lenJ: s.lenientJournal,
        });
    });
  });

  const truth = new Map<string, SchoolTruth>();
  schools.forEach((s, j) => {
    const p = planted.get(j);
    truth.set(s.login, {
      login: s.login,
      urban: s.urban,
      ses: s.ses,
      gymnasium: s.gym,
      lowSes: !p && s.ses < -0.5,
      written: [0, 0],
      manipulated: !!p,
      types: p ? [p.type] : [],
      strength: p?.strength ?? 0,
      procedures: p?.procs ?? [],
      classes: [],
    });
  });

  const build = (
    grade: 4 | 5,
    spec: ProcedureSpec,
    its: Item[],
    scale: [number, number][],
    classes: ClassInfo[],
    pid: string,
  ): { ds: Dataset; rc: Dataset } => {
    const cuts = scale.slice(1).map((r) => r[0]);
    // Journal cut-points on the latent scale: shares about 6 / 38 / 40 / 16 %.
    const lat = pupils.map((p) => p.theta + (grade === 5 ? 0.1 : 0) + p.lenJ + 0.55 * rng.normal());
    const sorted = Float64Array.from(lat).sort();
    const q = (x: number) => sorted[Math.floor(x * (sorted.length - 1))];
    const jc = [q(0.06), q(0.44), q(0.84)];
    const rows: Pupil[] = [];
    // Leak: one class of the school, a fixed pattern: all П tasks and two Б tasks at full marks.
    const leakClass = new Map<number, number>();
    const bTasks = its.map((t, k) => (t.level === 'Б' ? k : -1)).filter((k) => k >= 0);
    const leakExtra = [bTasks[bTasks.length - 1], bTasks[bTasks.length - 3]];
    pupils.forEach((pp, n) => {
      const p = planted.get(pp.school);
      const theta = grade === 4 ? pp.theta : pp.theta + 0.35 * rng.normal();
      const absent = rng.next() < 0.06;
      const truthScores = its.map((it) => respond(rng, it, theta));
      const orig = truthScores.map((x, k) => {
        if (its[k].max > 1 && rng.next() < 0.04)
          return Math.max(0, Math.min(its[k].max, x + (rng.next() < 0.5 ? 1 : -1)));
        return x;
      });
      const active = p && p.procs.includes(pid);
      const committee = truthScores.map((x, k) => {
        if (its[k].max > 1 && rng.next() < 0.04)
          return Math.max(0, Math.min(its[k].max, x + (rng.next() < 0.5 ? 1 : -1)));
        return x;
      });
      if (active && p.type === 'inflation') {
        // Help during the test: the commission sees the same written answers.
        let extra = Math.round(p.strength as number);
        for (let guard = 0; extra > 0 && guard < 50; guard++) {
          const k = rng.int(0, its.length - 1);
          if (orig[k] < its[k].max) {
            orig[k]++;
            committee[k] = Math.min(its[k].max, committee[k] + 1);
            extra--;
          }
        }
      }
      if (active && p.type === 'leak') {
        if (!leakClass.has(pp.school)) leakClass.set(pp.school, pp.cls);
        if (leakClass.get(pp.school) === pp.cls && rng.next() < p.strength) {
          its.forEach((it, k) => {
            if (it.level === 'П' || leakExtra.includes(k)) {
              orig[k] = it.max;
              committee[k] = it.max;
            }
          });
        }
      }
      if (active && p.type === 'lenient')
        its.forEach((it, k) => {
          if (it.max > 1 && orig[k] > 0 && orig[k] < it.max && rng.next() < p.strength) orig[k]++;
        });
      if (active && p.type === 'threshold-push') {
        const tot = orig.reduce((a, b) => a + b, 0);
        const c = cuts.find((c) => tot >= c - 2 && tot < c);
        if (c !== undefined && rng.next() < p.strength) {
          let need = c - tot;
          // Extra points go to the teacher-marked (multi-point) tasks first.
          const order = its.map((_, k) => k).sort((a, b) => its[b].max - its[a].max || rng.next() - 0.5);
          for (const k of order)
            while (need > 0 && orig[k] < its[k].max) {
              orig[k]++;
              need--;
            }
        }
      }
      const l = lat[n];
      const journal = rng.next() < 0.03 ? 0 : l < jc[0] ? 2 : l < jc[1] ? 3 : l < jc[2] ? 4 : 5;
      rows.push({
        school: pp.school,
        cls: pp.cls,
        theta,
        journal,
        absent,
        truth: committee,
        orig,
        code: `${grade}${String(n + 1).padStart(5, '0')}`,
      });
    });
    const meta = (file: string): Dataset['meta'] => ({
      file,
      sheet: 'Протокол',
      layout: 'fisoko-protocol',
      procedure: {
        ...spec,
        tasks: spec.tasks.map((t) => ({ ...t })),
        scale: spec.scale!.map((r) => [...r] as [number, number]),
      },
      maximaSource: 'spec',
      taskHeaders: its.map((it) => `${it.id} (${it.max}б)`),
      rows: 0,
      municipalities: [],
      schools: schools.map((s): SchoolInfo => ({ login: s.login, name: `Школа ${s.login.slice(-3)}` })),
      classes: classes.map((c) => ({ ...c })),
      warnings: [],
    });
    const toDataset = (list: Pupil[], scoresOf: (p: Pupil) => number[], file: string): Dataset => {
      const n = list.length;
      const ds: Dataset = {
        meta: meta(file),
        pupils: {
          n,
          sourceRow: Uint32Array.from(list, (_, i) => i + 2),
          code: list.map((p) => p.code),
          school: Uint32Array.from(list, (p) => p.school),
          classIdx: Int32Array.from(list, (p) => p.cls),
          absent: Uint8Array.from(list, (p) => (p.absent ? 1 : 0)),
          variant: Uint16Array.from(list, (p) => (p.absent ? 0 : 1 + (Number(p.code) % 2))),
          journal: Uint8Array.from(list, (p) => p.journal),
          sex: Uint8Array.from(list, (p) => 1 + (Number(p.code) % 2)),
          scores: its.map((_, k) => Uint8Array.from(list, (p) => (p.absent ? 0 : scoresOf(p)[k]))),
          codes: its.map(() => Uint8Array.from(list, (p) => (p.absent ? CellCode.EMPTY : CellCode.NUMBER))),
        },
      };
      ds.meta.rows = n;
      return ds;
    };
    // Re-check: about 10 % of each school's written works (at least 3), or as the options say.
    const bySchool = new Map<number, Pupil[]>();
    for (const r of rows)
      if (!r.absent) (bySchool.get(r.school) ?? bySchool.set(r.school, []).get(r.school)!).push(r);
    const sample: Pupil[] = [];
    for (const list of bySchool.values()) {
      const k = Math.min(
        list.length,
        Math.max(opts.recheckMin ?? 3, Math.round((opts.recheckShare ?? 0.1) * list.length)),
      );
      const pool = list.slice();
      for (let i = 0; i < k; i++) sample.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]);
    }
    for (const r of rows) if (!r.absent) truth.get(schools[r.school].login)!.written[grade - 4]++;
    for (const [j, p] of planted)
      if (p.procs.includes(pid)) {
        const t = truth.get(schools[j].login)!;
        const cls = classes.filter((c) => c.school === j).map((c) => c.id);
        const leak = leakClass.get(j);
        if (p.type !== 'leak') t.classes.push(...cls);
        else if (leak !== undefined) t.classes.push(classes[leak].id);
      }
    return {
      ds: toDataset(rows, (p) => p.orig, `synthetic-${pid}.xlsx`),
      rc: toDataset(sample, (p) => p.truth, `synthetic-${pid}-recheck.xlsx`),
    };
  };
  const g4 = build(4, spec4, it4, scale4, classes4, id4);
  const g5 = build(5, spec5, it5, scale5, classes5, id5);

  const context: ContextTable = new Map();
  const lines = ['Логин ОО;Название ОО;Муниципалитет;Тип поселения;Индекс благополучия'];
  schools.forEach((s) => {
    context.set(s.login, { login: s.login, urban: s.urban, ses: s.ses });
    lines.push(
      `${s.login};Школа ${s.login.slice(-3)};${s.urban ? 'город' : 'район'} ${1 + (Number(s.login.slice(-2)) % 5)};${s.urban ? 'город' : 'село'};${String(s.ses).replace('.', ',')}`,
    );
  });
  return {
    datasets: [g4.ds, g5.ds],
    rechecks: [g4.rc, g5.rc],
    context,
    contextCsv: lines.join('\r\n') + '\r\n',
    truth,
  };
}
