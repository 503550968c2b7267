// A small hand-made Dataset (columnar, as the importer makes it) from pupil rows: for tests whose
// expected values are worked out by hand from the rows themselves.
import type { Dataset, MarkScale, TaskSpec } from '../../../src/domain/model.ts';

export interface TinyPupil {
  school: string;
  /** Class label, e.g. `4А`. */
  cls: string;
  code: string;
  /** Per task, in task order. */
  scores: number[];
  journal?: number;
  absent?: boolean;
}

export interface TinySpec {
  kind?: string;
  subject?: string;
  grade: number;
  year: number;
  tasks: TaskSpec[];
  scale?: MarkScale | null;
}

/** Spread a total over tasks in order, each up to its maximum. */
export function spread(total: number, tasks: TaskSpec[]): number[] {
  let left = total;
  return tasks.map((t) => {
    const s = Math.min(t.max, left);
    left -= s;
    return s;
  });
}

export function tinyDataset(spec: TinySpec, rows: TinyPupil[]): Dataset {
  const schools = [...new Set(rows.map((r) => r.school))];
  const classes: { id: string; school: number; label: string }[] = [];
  const classIdx = new Map<string, number>();
  for (const r of rows) {
    const id = `${r.school}/${r.cls}`;
    if (!classIdx.has(id)) {
      classIdx.set(id, classes.length);
      classes.push({ id, school: schools.indexOf(r.school), label: r.cls });
    }
  }
  const n = rows.length;
  const T = spec.tasks.length;
  return {
    meta: {
      file: 'tiny.xlsx',
      sheet: 'Лист1',
      layout: 'vpr-form',
      procedure: {
        kind: spec.kind ?? 'ВПР',
        subject: spec.subject ?? 'Математика',
        grade: spec.grade,
        year: spec.year,
        tasks: spec.tasks,
        scale: spec.scale ?? null,
      },
      maximaSource: 'spec',
      taskHeaders: spec.tasks.map((t) => `${t.id} (${t.max}б)`),
      rows: n,
      municipalities: [{ id: 'm1', name: 'Муниципалитет 1' }],
      schools: schools.map((login) => ({ login, name: `Школа ${login}`, municipalityId: 'm1' })),
      classes,
      warnings: [],
    },
    pupils: {
      n,
      sourceRow: Uint32Array.from(rows, (_, i) => i + 2),
      code: rows.map((r) => r.code),
      school: Uint32Array.from(rows, (r) => schools.indexOf(r.school)),
      classIdx: Int32Array.from(rows, (r) => classIdx.get(`${r.school}/${r.cls}`)!),
      absent: Uint8Array.from(rows, (r) => (r.absent ? 1 : 0)),
      variant: new Uint16Array(n),
      journal: Uint8Array.from(rows, (r) => r.journal ?? 0),
      sex: new Uint8Array(n),
      scores: Array.from({ length: T }, (_, t) => Uint8Array.from(rows, (r) => (r.absent ? 0 : r.scores[t]))),
      codes: Array.from({ length: T }, () => Uint8Array.from(rows, (r) => (r.absent ? 1 : 0))),
    },
  };
}
