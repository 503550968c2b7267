// The real-data part of `npm run bench:detect` (issue #15, point 4): on the real fixtures
// (tests/fixtures/real), the share of schools flagged per family and per level, the levels without
// each family, and the placebo shares per family (src/domain/objectivity/placebo.ts). Nothing is
// planted in these files, so a placebo flag is a false flag; the target is ≤ 2 % of schools per family.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFile } from '../src/domain/import/import-file.ts';
import type { Dataset } from '../src/domain/model.ts';
import { FAMILIES, objectivityReport } from '../src/domain/objectivity/index.ts';
import {
  flaggedShare,
  placeboBunching,
  shuffleClasses,
  shuffleJournal,
} from '../src/domain/objectivity/placebo.ts';
import type { SchoolObjectivity, SignalFamily } from '../src/domain/objectivity/types.ts';
import { parseSpec } from '../src/domain/spec/index.ts';

const DIR = resolve('tests/fixtures/real');
/** Runs of the real fixtures: 2020 МА4 → 2021 МА5 is one cohort (region exports of one region). */
const RUNS: { title: string; files: [string, string][] }[] = [
  {
    title: 'ВПР 2020 МА4 + 2021 МА5 (выгрузки региона)',
    files: [
      ['vpr2020-ma4-region-export.xlsx', 'vpr2020-ma4.json'],
      ['vpr2021-ma5-region-export.xlsx', 'vpr2021-ma5.json'],
    ],
  },
  {
    title: 'ВПР 2022 МА4 + МА5 (протоколы ФИС ОКО)',
    files: [
      ['vpr2022-ma4-fisoko-protocol.xlsx', 'vpr2022-ma4.json'],
      ['vpr2022-ma5-fisoko-protocol.xlsx', 'vpr2022-ma5.json'],
    ],
  },
];

const pct = (x: number) => (Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)} %`);

const FAMILY_RU: Record<SignalFamily, string> = {
  distribution: 'распределение',
  external: 'внешняя проверка',
  pattern: 'характер ответов',
  context: 'контекст',
};

function levelOf(families: readonly SignalFamily[]): 'red' | 'amber' | 'none' {
  return families.length >= 2 ? 'red' : families.length === 1 ? 'amber' : 'none';
}

function levelShares(schools: SchoolObjectivity[], without?: SignalFamily): string {
  const lv = schools.map((s) => levelOf(s.families.filter((f) => f !== without)));
  const red = lv.filter((l) => l === 'red').length / schools.length;
  const amber = lv.filter((l) => l === 'amber').length / schools.length;
  return `red ${pct(red)}, amber ${pct(amber)}, всего ${pct(red + amber)}`;
}

async function load(file: string, specFile: string): Promise<Dataset> {
  const spec = parseSpec(JSON.parse(readFileSync(resolve(DIR, 'specs', specFile), 'utf8')), specFile);
  return importFile(new Uint8Array(readFileSync(resolve(DIR, file))), { fileName: file, spec });
}

export async function realCalibration(): Promise<void> {
  if (!existsSync(DIR)) return;
  for (const run of RUNS) {
    const datasets = await Promise.all(run.files.map(([f, s]) => load(f, s)));
    const t0 = performance.now();
    const rep = objectivityReport(datasets, { seed: 1 });
    const ms = performance.now() - t0;
    const n = rep.schools.length;
    console.log(`\nРеальные данные: ${run.title} — школ ${n}, объективность ${Math.round(ms)} мс`);
    for (const f of FAMILIES)
      console.log(
        `  семейство «${FAMILY_RU[f]}»: отмечено ${pct(rep.schools.filter((s) => s.families.includes(f)).length / n)} школ`,
      );
    console.log(`  уровни: ${levelShares(rep.schools)}`);
    for (const f of FAMILIES) console.log(`  без «${FAMILY_RU[f]}»: ${levelShares(rep.schools, f)}`);
    // Placebos, per procedure: the share of that procedure's schools flagged by the family.
    for (const ds of datasets) {
      const id = `${ds.meta.procedure.subject} ${ds.meta.procedure.grade}, ${ds.meta.procedure.year}`;
      const schools = new Set(
        Array.from({ length: ds.pupils.n }, (_, i) => i)
          .filter((i) => !ds.pupils.absent[i])
          .map((i) => ds.meta.schools[ds.pupils.school[i]].login),
      ).size;
      const bunch = placeboBunching(ds, 1);
      const bShares = bunch.map((b) => `${b.cut}: ${pct(flaggedShare(b.signals, 'distribution', schools))}`);
      const cls = objectivityReport([shuffleClasses(ds, 1)], { seed: 1 }).signals;
      const jr = objectivityReport([shuffleJournal(ds, 1)], { seed: 1, noPattern: true }).signals;
      const journalShare = flaggedShare(
        jr.filter((s) => s.id === 'journal-higher'),
        'external',
        schools,
      );
      const hasJournal = ds.pupils.journal.some((x) => x >= 2);
      console.log(
        `  плацебо ${id} (школ ${schools}): скопление у не-границ [${bShares.join('; ') || 'нет подходящих баллов'}]; ` +
          `характер ответов после перемешивания классов ${pct(flaggedShare(cls, 'pattern', schools))}; ` +
          `журнал после перемешивания отметок ${hasJournal ? pct(journalShare) : 'нет журнала'}`,
      );
    }
  }
}
