// Time to build the справка DOCX for a LARGE municipality (not a test): a synthetic 600-school
// regional export (src/domain/demo/region-csv.ts, 'region-2021' layout) is imported with importFile
// and analysed once; then the справка is built (document model + DOCX bytes, no charts: Node) for
// the whole set (`all`, and the municipality when the data have one) and for one school, cold and
// as the median of 5 runs.
//   npx tsx scripts/bench-documents.ts [schools=600]
import { regionCsvChunks } from '../src/domain/demo/region-csv.ts';
import { spravkaModel, writeDocx, type DocContext, type DocOptions } from '../src/domain/documents/index.ts';
import { importFile } from '../src/domain/import/import-file.ts';
import { analyzeProcedure, schoolSigns } from '../src/domain/report/index.ts';

const SCHOOLS = Number(process.argv[2] ?? 600);

function csv(schools: number): { text: string; rows: number } {
  const lines: string[] = [];
  const seen = new Set<string>();
  let header = '';
  outer: for (const chunk of regionCsvChunks(schools * 200)) {
    for (const line of chunk.split('\n')) {
      if (!line) continue;
      if (!header) {
        header = line;
        continue;
      }
      const login = line.slice(0, line.indexOf(';'));
      if (!seen.has(login)) {
        if (seen.size === schools) break outer;
        seen.add(login);
      }
      lines.push(line);
    }
  }
  return { text: `${header}\n${lines.join('\n')}\n`, rows: lines.length };
}

const ms = (t0: number) => Math.round(performance.now() - t0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t0 = performance.now();
const { text, rows } = csv(SCHOOLS);
console.log(
  `CSV: ${SCHOOLS} школ, ${rows} строк, ${(text.length / 1e6).toFixed(1)} млн символов — ${ms(t0)} мс`,
);
t0 = performance.now();
const ds = await importFile(new TextEncoder().encode(text), { fileName: 'region-600.csv' });
console.log(`importFile: ${ms(t0)} мс; школ в данных: ${ds.meta.schools.length}`);
t0 = performance.now();
const report = analyzeProcedure(ds);
const ctx: DocContext = { ds, report, signs: schoolSigns(report) };
console.log(`analyzeProcedure + признаки: ${ms(t0)} мс`);

const base = { resultsDate: '2026-05-12', today: '2026-05-12', calendar: 'quarters' as const };
const school = report.units.find((u) => u.level === 'school' && u.written > 0)!;
const targets: [string, DocOptions][] = [['all (все участники)', { ...base, level: 'all', unitId: 'all' }]];
const mun = report.units.find((u) => u.level === 'municipality');
if (mun) targets.push([`муниципалитет ${mun.name}`, { ...base, level: 'municipality', unitId: mun.id }]);
targets.push([`школа ${school.name}`, { ...base, level: 'school', unitId: school.id }]);

for (const [name, o] of targets) {
  const runs: { model: number; docx: number; bytes: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const a = performance.now();
    const model = spravkaModel(ctx, o);
    const b = performance.now();
    const bytes = await writeDocx(model);
    runs.push({ model: b - a, docx: performance.now() - b, bytes: bytes.length });
  }
  const [cold, ...warm] = runs;
  const total = (r: (typeof runs)[number]) => r.model + r.docx;
  console.log(
    `справка DOCX, ${name}: холодный ${Math.round(total(cold))} мс; медиана 5 повторов ${Math.round(median(warm.map(total)))} мс ` +
      `(модель ${Math.round(median(warm.map((r) => r.model)))} мс + запись DOCX ${Math.round(median(warm.map((r) => r.docx)))} мс), ` +
      `${Math.round(cold.bytes / 1024)} КБ`,
  );
}
