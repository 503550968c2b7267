// The visible text of a fixed set of documents (справки at every level, the pupil справка, routes,
// appendix, roadmap) from the demo and from two real ФИС ОКО protocols, one entry per document. The
// comparing test (documents-text.test.ts) holds this text as produced by the code before the
// reshaping of issue #10 (tests/fixtures/docs-text/before.json) and states which changes are
// intended. `npx tsx tests/unit/helpers/docs-text.ts <out.json>` writes the current text.
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { generateDemo } from '../../../src/domain/demo/generate.ts';
import {
  appendixModel,
  pupilSpravkaModel,
  roadmapModel,
  routesModel,
  spravkaModel,
  writeDocx,
  type DocContext,
  type DocOptions,
} from '../../../src/domain/documents/index.ts';
import { importFile } from '../../../src/domain/import/import-file.ts';
import type { Dataset } from '../../../src/domain/model.ts';
import { buildReport } from '../../../src/domain/report/index.ts';
import { parseSpec } from '../../../src/domain/spec/index.ts';

/** Paragraphs on lines, a table row on a line with its cells separated by « | », entities decoded. */
export function docxPlainText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  return (
    xml
      // A table row on one line, its cells separated by « | » (paragraphs inside a cell by a space).
      .replace(/<\/w:p>\s*<\/w:tc>/g, ' | ')
      .replace(/<\/w:tr>/g, '\n')
      .replace(/<\/w:p>(?=((?!<w:tc>|<\/w:tc>)[\s\S])*<\/w:tc>)/g, ' ')
      .replace(/<\/w:p>/g, '\n')
      .replace(/<w:br\/>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
  );
}

const base = { resultsDate: '2026-05-12', today: '2026-05-12', calendar: 'quarters' as const };

async function ofDataset(tag: string, ds: Dataset, out: Record<string, string>, pupil: boolean) {
  const report = buildReport([ds], { generatedAt: '2026-05-01T00:00:00Z' });
  const P = report.procedures[0];
  const ctx: DocContext = { ds, report: P, signs: report.signs };
  const school = P.units.find((u) => u.level === 'school' && u.written > 0)!;
  const cls = P.units.find((u) => u.level === 'class' && u.written > 0 && u.parent?.startsWith(school.id))!;
  const muni = P.units.find((u) => u.level === 'municipality');
  const par = P.units.find((u) => u.level === 'parallel' && u.parent === school.id);
  const units: [string, DocOptions][] = [
    ['all', { ...base, level: 'all', unitId: 'all' }],
    ['school', { ...base, level: 'school', unitId: school.id }],
    ['class', { ...base, level: 'class', unitId: cls.id }],
  ];
  if (muni) units.push(['municipality', { ...base, level: 'municipality', unitId: muni.id }]);
  if (par) units.push(['parallel', { ...base, level: 'parallel', unitId: par.id }]);
  for (const [name, o] of units)
    out[`${tag}/spravka/${name}`] = docxPlainText(await writeDocx(spravkaModel(ctx, o)));
  const so: DocOptions = { ...base, level: 'school', unitId: school.id };
  out[`${tag}/roadmap`] = docxPlainText(await writeDocx(roadmapModel(ctx, so).model));
  out[`${tag}/routes`] = docxPlainText(
    await writeDocx(routesModel(ctx, { ...base, level: 'class', unitId: cls.id })),
  );
  out[`${tag}/appendix`] = docxPlainText(
    await writeDocx(appendixModel(ctx, { ...base, level: 'class', unitId: cls.id })),
  );
  if (pupil) {
    const code = ds.pupils.code[ds.pupils.classIdx.findIndex((c) => ds.meta.classes[c]?.id === cls.id)];
    out[`${tag}/pupil`] = docxPlainText(
      await writeDocx(pupilSpravkaModel(ctx, { ...base, level: 'class', unitId: cls.id, pupil: code })),
    );
  }
}

export async function documentsText(
  root = new URL('../../../', import.meta.url).pathname,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const demo = generateDemo().find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
  await ofDataset('demo', demo, out, true);
  // Without a mark scale there is no table of mark groups: the section numbers after it moved up.
  const noScale: Dataset = {
    ...demo,
    meta: { ...demo.meta, procedure: { ...demo.meta.procedure, scale: null } },
  };
  const P = buildReport([noScale], { generatedAt: '2026-05-01T00:00:00Z' }).procedures[0];
  const school = P.units.find((u) => u.level === 'school' && u.written > 0)!;
  out['demo-no-scale/spravka/school'] = docxPlainText(
    await writeDocx(
      spravkaModel({ ds: noScale, report: P, signs: [] }, { ...base, level: 'school', unitId: school.id }),
    ),
  );
  for (const name of ['vpr2022-ma4', 'vpr2022-ma5']) {
    const file = `${root}tests/fixtures/real/${name}-fisoko-protocol.xlsx`;
    const spec = parseSpec(
      JSON.parse(readFileSync(`${root}tests/fixtures/real/specs/${name}.json`, 'utf8')),
      name,
    );
    const ds = await importFile(new Uint8Array(readFileSync(file)), { fileName: `${name}.xlsx`, spec });
    await ofDataset(name, ds, out, true);
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const target = process.argv[2];
  const text = await documentsText();
  if (target) writeFileSync(target, JSON.stringify(text, null, 1) + '\n');
  else console.log(Object.keys(text).join('\n'));
}
