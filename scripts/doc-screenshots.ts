// Renders the documents of the demo data (a school and one of its classes) to DOCX/XLSX/ICS, converts
// the DOCX to PDF with LibreOffice and the first pages of the справка and roadmap PDFs to PNG in
// docs/screenshots/ (for looking at the layout). Needs `libreoffice` and `pdftoppm` (poppler-utils).
//   npx tsx scripts/doc-screenshots.ts [outDir]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../src/domain/demo/generate';
import {
  appendixModel,
  roadmapIcs,
  roadmapModel,
  roadmapXlsx,
  routesModel,
  spravkaModel,
  writeDocx,
  type DocContext,
  type DocOptions,
  municipalPlan,
  municipalPlanDocument,
  municipalPlanXlsx,
  pupilSpravkaModel,
  type ObservationTable,
} from '../src/domain/documents';
import { defaultCalendar } from '../src/domain/roadmap/school-calendar';
import { buildReport, pupilResults } from '../src/domain/report';

const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'oko-docs-'));
const shots = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
mkdirSync(shots, { recursive: true });

const datasets = generateDemo();
const k = datasets.findIndex((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5);
const earlier = datasets.findIndex(
  (d) =>
    d.meta.procedure.year === 2025 &&
    d.meta.procedure.grade === 4 &&
    d.meta.procedure.subject === datasets[k].meta.procedure.subject,
);
const report = buildReport(earlier >= 0 ? [datasets[earlier], datasets[k]] : [datasets[k]], {
  generatedAt: '2026-05-01T00:00:00Z',
});
const proc = report.procedures[report.procedures.length - 1];
const ctx: DocContext = {
  ds: datasets[k],
  report: proc,
  signs: report.signs.filter((s) => s.procedure === proc.id),
  earlier: earlier >= 0 ? datasets[earlier] : undefined,
};
const school = proc.units.find((u) => u.level === 'school' && u.written > 0)!;
const cls = proc.units.find((u) => u.level === 'class' && u.parent?.startsWith(`${school.id}#`))!;
const base: Omit<DocOptions, 'level' | 'unitId'> = {
  resultsDate: '2026-05-12',
  today: '2026-05-12',
  calendar: 'quarters',
  people: { 'deputy-head': 'Иванова И. И.', head: 'Петров П. П.' },
};
const schoolOpts: DocOptions = { ...base, level: 'school', unitId: school.id };
const classOpts: DocOptions = { ...base, level: 'class', unitId: cls.id };
// The pupil справка: the class's first pupil with an unformed skill (code only, no roster).
const pupil = pupilResults(datasets[k], cls.id).find((x) => x.unformedSkills.length > 0)!;

async function save(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(out, name);
  writeFileSync(path, bytes);
  return path;
}

function toPdf(docx: string): string {
  execFileSync('libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, docx], {
    stdio: 'pipe',
  });
  return docx.replace(/\.docx$/, '.pdf');
}

const t0 = Date.now();
const files: Record<string, string> = {
  spravkaSchool: await save('spravka-school.docx', await writeDocx(spravkaModel(ctx, schoolOpts))),
  spravkaClass: await save('spravka-class.docx', await writeDocx(spravkaModel(ctx, classOpts))),
  spravkaPupil: await save(
    'spravka-pupil.docx',
    await writeDocx(pupilSpravkaModel(ctx, { ...classOpts, pupil: pupil.code })),
  ),
  roadmap: await save('roadmap.docx', await writeDocx(roadmapModel(ctx, schoolOpts).model)),
  routes: await save('routes.docx', await writeDocx(routesModel(ctx, classOpts))),
  appendix: await save('appendix.docx', await writeDocx(appendixModel(ctx, classOpts))),
};
// The municipal plan on objectivity: every demo procedure (official signs of all of them), two
// schools marked as observed on the first procedure.
const all = buildReport(datasets, { generatedAt: '2026-05-01T00:00:00Z' });
const municipality = datasets[0].meta.municipalities[0];
const planSchools = [
  ...new Map(
    datasets
      .flatMap((d) => d.meta.schools)
      .filter((s) => s.municipalityId === municipality.id)
      .map((s) => [s.login, { login: s.login, name: s.name ?? s.login }]),
  ).values(),
];
const own = new Set(planSchools.map((s) => s.login));
const observation: ObservationTable = {
  [planSchools[0].login]: { [all.procedures[0].id]: { observers: true, video: true } },
  [planSchools[1].login]: { [all.procedures[0].id]: { observers: true, video: false } },
};
const plan = municipalPlan({
  municipality,
  schools: planSchools,
  signs: all.signs,
  procedures: all.procedures.map((pr) => ({
    id: pr.id,
    title: `${pr.kind} · ${pr.subject} · ${pr.grade} класс · ${pr.year}`,
    schools: pr.units
      .filter((u) => u.level === 'school' && own.has(u.id) && u.written > 0)
      .map((u) => ({ login: u.id, uspevaemost: u.uspevaemost ?? null })),
  })),
  observation,
  schoolYear: 2026,
  planDate: '2026-09-01',
  calendar: defaultCalendar('quarters'),
  people: base.people,
  today: '2026-09-01',
});
Object.assign(files, {
  objectivityPlan: await save(
    'objectivity-plan.docx',
    await writeDocx(municipalPlanDocument(plan.roadmap, plan.figures, '2026-09-01')),
  ),
});
await save('objectivity-plan.xlsx', municipalPlanXlsx(plan.roadmap, plan.figures, '2026-09-01'));
const { roadmap } = roadmapModel(ctx, schoolOpts);
await save('roadmap.xlsx', roadmapXlsx(roadmap, base.today!));
await save('roadmap.ics', roadmapIcs(roadmap));
console.log(`documents built in ${Date.now() - t0} ms → ${out}`);

for (const [name, docx] of Object.entries(files)) {
  const pdf = toPdf(docx);
  const prefix = join(out, name);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  if (['spravkaSchool', 'spravkaPupil', 'roadmap', 'routes', 'appendix', 'objectivityPlan'].includes(name)) {
    copyFileSync(`${prefix}.png`, join(shots, `documents-${name}.png`));
  }
  console.log(`${name}: ${pdf}`);
}
