// Whole-process figures of the headless command (issue #16), each run under /usr/bin/time -v:
// (1) 1 000 000 generated rows through `npm run oko -- analyze` (targets ≤ 30 s, ≤ 2 GiB peak RSS,
// written/absent checked against the file), (2) the R-comparable job on the real 26 000-pupil file,
// median of 5 alternating runs of the command and of ../shared/bench/r_pipeline.R (when Rscript exists).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { table } from './bench-util.ts';
import { defaultCsvPath, writeRegionCsv } from './gen-csv.ts';

const SPEC = resolve('tests/fixtures/real/specs/vpr2021-ma5.json');
const XLSX = resolve('tests/fixtures/real/vpr2021-ma5-region-export.xlsx');
// The shared bench folder sits beside the main checkout (../shared) or two levels up from a worktree.
const R_SCRIPT =
  process.env.OKO_R_SCRIPT ??
  [resolve('../shared/bench/r_pipeline.R'), resolve('../../shared/bench/r_pipeline.R')].find(existsSync) ??
  '';

export interface ProcessRun {
  wallS: number;
  cpuS: number;
  peakMiB: number;
  status: number | null;
}

/** One process under /usr/bin/time -v: wall and CPU seconds, peak resident memory. */
export function timed(cmd: string, args: string[]): ProcessRun {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const field = (name: string) => {
    const m = new RegExp(`${name}: (.+)`).exec(r.stderr);
    return m ? m[1].trim() : '';
  };
  const clock = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .map(Number)
    .reduce((a, x) => a * 60 + x, 0);
  return {
    wallS: clock,
    cpuS: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
    peakMiB: Number(field('Maximum resident set size \\(kbytes\\)')) / 1024,
    status: r.status,
  };
}

/** Written / absent of the generated CSV, counted from its text (absent = `отсутствовал`). */
async function csvTruth(path: string): Promise<{ written: number; absent: number }> {
  let written = 0;
  let absent = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    if (header || line === '') {
      header = false;
      continue;
    }
    if (line.split(';')[7] === 'отсутствовал') absent++;
    else written++;
  }
  return { written, absent };
}

/** The `all` unit's written/absent from the report, read without parsing 0.5 GB of JSON. */
async function reportAll(path: string): Promise<{ written: number; absent: number } | null> {
  let inAll = false;
  let written: number | null = null;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    if (line.includes('"level": "all"')) inAll = true;
    if (!inAll) continue;
    const w = /"written": (\d+)/.exec(line);
    if (w) written = Number(w[1]);
    const a = /"absent": (\d+)/.exec(line);
    if (a && written !== null) return { written, absent: Number(a[1]) };
  }
  return null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f1 = (x: number) => x.toFixed(1);

/** The 1 000 000-row case through the command: time, memory, and written/absent against the file. */
async function millionRows(rows: number, out: string): Promise<void> {
  const csv = defaultCsvPath(rows);
  if (!existsSync(csv)) await writeRegionCsv(csv, rows);
  const big = timed(process.execPath, ['scripts/oko.mjs', 'analyze', csv, '--spec', SPEC, '--out', out]);
  const truth = await csvTruth(csv);
  const got = big.status === 0 ? await reportAll(out) : null;
  const ok = got !== null && got.written === truth.written && got.absent === truth.absent;
  console.log(`\nКоманда на ${rows.toLocaleString('ru-RU')} строк (весь процесс, /usr/bin/time -v)\n`);
  console.log(
    table([
      ['', 'значение', 'цель'],
      ['время, с', f1(big.wallS), '≤ 30'],
      ['процессор (user+sys), с', f1(big.cpuS), ''],
      ['пик RSS, МиБ', f1(big.peakMiB), '≤ 2048'],
      ['написали / отсутствовали', got ? `${got.written} / ${got.absent}` : `ошибка (${big.status})`, ''],
      ['по файлу', `${truth.written} / ${truth.absent}`, ok ? 'совпадает' : 'НЕ совпадает'],
    ]),
  );
}

export async function benchScale(rows = 1_000_000, opts: { rOnly?: boolean } = {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oko-scale-'));
  try {
    const out = join(dir, 'r.json');
    if (!opts.rOnly) await millionRows(rows, out);
    const rscript =
      spawnSync('Rscript', ['--version']).status === 0 && R_SCRIPT !== '' && existsSync(R_SCRIPT);
    const full: ProcessRun[] = [];
    const ours: ProcessRun[] = [];
    const theirs: ProcessRun[] = [];
    // The R script's job: figures of every unit and the official signs, no evidence families.
    const comparable = ['--signals', 'official', '--detail', 'binding'];
    for (let k = 0; k < 5; k++) {
      full.push(timed(process.execPath, ['scripts/oko.mjs', 'analyze', XLSX, '--spec', SPEC, '--out', out]));
      ours.push(
        timed(process.execPath, [
          'scripts/oko.mjs',
          'analyze',
          XLSX,
          '--spec',
          SPEC,
          ...comparable,
          '--out',
          out,
        ]),
      );
      if (rscript) theirs.push(timed('Rscript', [R_SCRIPT, XLSX]));
    }
    console.log(
      '\nR-сравнимая задача на реальном файле 26 тыс. (весь процесс, медиана 5 чередующихся запусков)\n',
    );
    const col = (rs: ProcessRun[], f: (r: ProcessRun) => number) => (rs.length ? f1(median(rs.map(f))) : '—');
    console.log(
      table([
        [
          '',
          'analyze --signals official --detail binding',
          'analyze (все признаки)',
          rscript ? 'Rscript r_pipeline.R' : 'R (нет Rscript)',
        ],
        ['время, с', col(ours, (r) => r.wallS), col(full, (r) => r.wallS), col(theirs, (r) => r.wallS)],
        [
          'процессор (user+sys), с',
          col(ours, (r) => r.cpuS),
          col(full, (r) => r.cpuS),
          col(theirs, (r) => r.cpuS),
        ],
        [
          'пик RSS, МиБ',
          col(ours, (r) => r.peakMiB),
          col(full, (r) => r.peakMiB),
          col(theirs, (r) => r.peakMiB),
        ],
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
