// Columnar conversions: a Dataset → per-school ChunkRows (save), ChunkRows of imports → a Dataset (load).
// Pure functions; the repositories do the I/O.
import type {
  ClassInfo,
  Dataset,
  DatasetMeta,
  ImportWarning,
  MunicipalityInfo,
  OfficialResults,
  PupilColumns,
  SchoolInfo,
} from '../domain/model.ts';
import type { ChunkClass, ChunkRow, ImportRow, ProcedureRow } from './schema.ts';
import { specOfRow } from './by-procedure.ts';

export type NewChunk = Omit<ChunkRow, 'importId'>;

/** Split a dataset into one chunk per school (schools without pupils too, so that nothing of meta is lost). */
export function splitIntoChunks(ds: Dataset, procedureKey: string): NewChunk[] {
  const p = ds.pupils;
  const S = ds.meta.schools.length;
  // Stable counting sort by school: positions stay increasing inside each school.
  const start = new Uint32Array(S + 1);
  for (let i = 0; i < p.n; i++) start[p.school[i] + 1]++;
  for (let s = 0; s < S; s++) start[s + 1] += start[s];
  const fill = start.slice(0, S);
  const order = new Uint32Array(p.n);
  for (let i = 0; i < p.n; i++) order[fill[p.school[i]]++] = i;

  const classesOf: ChunkClass[][] = Array.from({ length: S }, () => []);
  const localClass = new Int32Array(ds.meta.classes.length);
  ds.meta.classes.forEach((c, idx) => {
    localClass[idx] = classesOf[c.school].length;
    classesOf[c.school].push({ id: c.id, label: c.label, idx });
  });

  return ds.meta.schools.map((info, s) => {
    const pos = order.slice(start[s], start[s + 1]);
    const n = pos.length;
    const sourceRow = new Uint32Array(n);
    const code = new Array<string>(n);
    const classIdx = new Int32Array(n);
    const absent = new Uint8Array(n);
    const variant = new Uint16Array(n);
    const journal = new Uint8Array(n);
    const sex = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      const i = pos[j];
      sourceRow[j] = p.sourceRow[i];
      code[j] = p.code[i];
      classIdx[j] = p.classIdx[i] < 0 ? -1 : localClass[p.classIdx[i]];
      absent[j] = p.absent[i];
      variant[j] = p.variant[i];
      journal[j] = p.journal[i];
      sex[j] = p.sex[i];
    }
    const gather = (src: Uint8Array): Uint8Array => {
      const out = new Uint8Array(n);
      for (let j = 0; j < n; j++) out[j] = src[pos[j]];
      return out;
    };
    return {
      procedureKey,
      school: info.login,
      schoolIdx: s,
      schoolInfo: { ...info },
      classes: classesOf[s],
      n,
      pos,
      sourceRow,
      code,
      classIdx,
      absent,
      variant,
      journal,
      sex,
      scores: p.scores.map(gather),
      codes: p.codes.map(gather),
      ...(p.official ? { official: gatherOfficial(p.official, pos) } : {}),
    };
  });
}

function gatherOfficial(o: OfficialResults, pos: Uint32Array): OfficialResults {
  const n = pos.length;
  const out: OfficialResults = {
    primary: new Uint16Array(n),
    mark: new Uint8Array(n),
    test: new Int16Array(n),
  };
  for (let j = 0; j < n; j++) {
    out.primary[j] = o.primary[pos[j]];
    out.mark[j] = o.mark[pos[j]];
    out.test[j] = o.test[pos[j]];
  }
  return out;
}

export interface LoadedImport {
  imp: ImportRow;
  /** The chunks read for this import (all of them, or the filtered schools). */
  chunks: ChunkRow[];
}

/**
 * Reassemble a Dataset from the chunks of one or more imports of a procedure.
 * Order: imports by id, then each import's original pupil/school/class order; indices are remapped.
 */
export function assembleDataset(
  proc: ProcedureRow,
  parts: LoadedImport[],
  warnings: ImportWarning[],
  filtered: boolean,
): Dataset {
  parts = [...parts].sort((a, b) => a.imp.id - b.imp.id);
  const T = proc.tasks.length;
  let N = 0;
  for (const part of parts) {
    part.chunks.sort((a, b) => a.schoolIdx - b.schoolIdx);
    for (const c of part.chunks) N += c.n;
  }

  const schools: SchoolInfo[] = [];
  const classes: ClassInfo[] = [];
  const pupils: PupilColumns = {
    n: N,
    sourceRow: new Uint32Array(N),
    code: new Array<string>(N),
    school: new Uint32Array(N),
    classIdx: new Int32Array(N),
    absent: new Uint8Array(N),
    variant: new Uint16Array(N),
    journal: new Uint8Array(N),
    sex: new Uint8Array(N),
    scores: Array.from({ length: T }, () => new Uint8Array(N)),
    codes: Array.from({ length: T }, () => new Uint8Array(N)),
  };

  // ГИА: the protocol's official results travel with the chunks.
  if (parts.some((p) => p.chunks.some((c) => c.official)))
    pupils.official = {
      primary: new Uint16Array(N),
      mark: new Uint8Array(N),
      test: new Int16Array(N).fill(-1),
    };

  let base = 0;
  for (const { imp, chunks } of parts) {
    // Rank of each stored position among the loaded ones: compacts the gaps a school filter leaves.
    const rank = new Int32Array(imp.n + 1);
    for (const c of chunks) for (let j = 0; j < c.n; j++) rank[c.pos[j] + 1] = 1;
    for (let i = 0; i < imp.n; i++) rank[i + 1] += rank[i];

    // Classes in the import's original order, renumbered globally.
    const classBase = classes.length;
    const all = chunks.flatMap((c, ci) => c.classes.map((cl) => ({ cl, ci })));
    all.sort((a, b) => a.cl.idx - b.cl.idx);
    const localToGlobal = chunks.map((c) => new Int32Array(c.classes.length));
    const classPos = new Map<ChunkClass, number>();
    all.forEach(({ cl }, k) => classPos.set(cl, classBase + k));

    chunks.forEach((c, ci) => {
      const schoolIndex = schools.length;
      schools.push({ ...c.schoolInfo });
      c.classes.forEach((cl, k) => {
        localToGlobal[ci][k] = classPos.get(cl)!;
        classes[classPos.get(cl)!] = { id: cl.id, school: schoolIndex, label: cl.label };
      });
      copyChunk(pupils, c, base, rank, schoolIndex, localToGlobal[ci]);
      const o = c.official;
      if (o && pupils.official)
        for (let j = 0; j < c.n; j++) {
          const d = base + rank[c.pos[j]];
          pupils.official.primary[d] = o.primary[j];
          pupils.official.mark[d] = o.mark[j];
          pupils.official.test[d] = o.test[j];
        }
    });
    base += chunks.reduce((s, c) => s + c.n, 0);
  }

  const imps = parts.map((p) => p.imp);
  const first = imps[0];
  const single = imps.length === 1 && !filtered;
  const municipalities = mergeMunicipalities(imps, filtered ? schools : null);
  const meta: DatasetMeta = {
    file: imps.map((i) => i.file).join('; '),
    sheet: [...new Set(imps.map((i) => i.sheet))].join('; '),
    layout: first?.layout ?? 'vpr-form',
    procedure: specOfRow(proc),
    maximaSource: first?.maximaSource ?? 'spec',
    taskHeaders: first?.taskHeaders ?? proc.tasks.map((t) => t.id),
    rows: filtered ? N : imps.reduce((s, i) => s + i.rows, 0),
    municipalities,
    schools,
    classes,
    warnings,
  };
  if (single && first.fileHash !== undefined) meta.fileHash = first.fileHash;
  return { meta, pupils };
}

function copyChunk(
  out: PupilColumns,
  c: ChunkRow,
  base: number,
  rank: Int32Array,
  schoolIndex: number,
  classMap: Int32Array,
): void {
  const n = c.n;
  if (n === 0) return;
  const d0 = base + rank[c.pos[0]];
  // Files are usually sorted by school: then the chunk lands in one contiguous run and set() suffices.
  let contiguous = true;
  for (let j = 0; j < n && contiguous; j++) contiguous = base + rank[c.pos[j]] === d0 + j;
  if (contiguous) {
    out.sourceRow.set(c.sourceRow, d0);
    out.absent.set(c.absent, d0);
    out.variant.set(c.variant, d0);
    out.journal.set(c.journal, d0);
    out.sex.set(c.sex, d0);
    out.school.fill(schoolIndex, d0, d0 + n);
    for (let k = 0; k < c.scores.length; k++) {
      out.scores[k].set(c.scores[k], d0);
      out.codes[k].set(c.codes[k], d0);
    }
    for (let j = 0; j < n; j++) {
      out.code[d0 + j] = c.code[j];
      out.classIdx[d0 + j] = c.classIdx[j] < 0 ? -1 : classMap[c.classIdx[j]];
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const d = base + rank[c.pos[j]];
    out.sourceRow[d] = c.sourceRow[j];
    out.code[d] = c.code[j];
    out.school[d] = schoolIndex;
    out.classIdx[d] = c.classIdx[j] < 0 ? -1 : classMap[c.classIdx[j]];
    out.absent[d] = c.absent[j];
    out.variant[d] = c.variant[j];
    out.journal[d] = c.journal[j];
    out.sex[d] = c.sex[j];
  }
  for (let k = 0; k < c.scores.length; k++) {
    const s = c.scores[k];
    const cd = c.codes[k];
    const os = out.scores[k];
    const oc = out.codes[k];
    for (let j = 0; j < n; j++) {
      const d = base + rank[c.pos[j]];
      os[d] = s[j];
      oc[d] = cd[j];
    }
  }
}

/** Union by id over the imports (first wins); with a school filter only the referenced ones. */
function mergeMunicipalities(imps: ImportRow[], onlyFor: SchoolInfo[] | null): MunicipalityInfo[] {
  const wanted = onlyFor ? new Set(onlyFor.map((s) => s.municipalityId)) : null;
  const seen = new Map<string, MunicipalityInfo>();
  for (const imp of imps) {
    for (const m of imp.municipalities) {
      if (!seen.has(m.id) && (!wanted || wanted.has(m.id))) seen.set(m.id, { ...m });
    }
  }
  return [...seen.values()];
}
