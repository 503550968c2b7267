// The direct DOCX writer (docx-fast.ts) against the `docx` library: for every document of the
// demo and a real protocol, word/document.xml is byte for byte the library's, the package holds
// the same parts, and a model with a figure still goes through the library.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import {
  appendixModel,
  pupilSpravkaModel,
  roadmapModel,
  routesModel,
  spravkaModel,
  writeDocx,
  type DocContext,
} from '../../src/domain/documents/index.ts';
import { writeDocxFast } from '../../src/domain/documents/docx-fast.ts';
import { toDocxPackage } from '../../src/domain/documents/docx-writer.ts';
import type { DocModel } from '../../src/domain/documents/model.ts';
import { importFile } from '../../src/domain/import/import-file.ts';
import { buildReport } from '../../src/domain/report/index.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';

const base = { resultsDate: '2026-05-12', today: '2026-05-12', calendar: 'quarters' as const };

async function models(): Promise<[string, DocModel][]> {
  const out: [string, DocModel][] = [];
  const demo = generateDemo().find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
  const spec = parseSpec(JSON.parse(readFileSync('tests/fixtures/real/specs/vpr2022-ma4.json', 'utf8')), 's');
  const real = await importFile(
    new Uint8Array(readFileSync('tests/fixtures/real/vpr2022-ma4-fisoko-protocol.xlsx')),
    {
      fileName: 'r.xlsx',
      spec,
    },
  );
  for (const [tag, ds] of [
    ['demo', demo],
    ['real', real],
  ] as const) {
    const r = buildReport([ds]);
    const P = r.procedures[0];
    const ctx: DocContext = { ds, report: P, signs: r.signs };
    const school = P.units.find((u) => u.level === 'school' && u.written > 0)!;
    const cls = P.units.find((u) => u.level === 'class' && u.written > 0 && u.parent?.startsWith(school.id))!;
    const code = ds.pupils.code[ds.pupils.classIdx.findIndex((c) => ds.meta.classes[c]?.id === cls.id)];
    for (const level of ['all', 'school'] as const)
      out.push([
        `${tag} справка ${level}`,
        spravkaModel(ctx, { ...base, level, unitId: level === 'all' ? 'all' : school.id }),
      ]);
    out.push([`${tag} справка class`, spravkaModel(ctx, { ...base, level: 'class', unitId: cls.id })]);
    out.push([`${tag} roadmap`, roadmapModel(ctx, { ...base, level: 'school', unitId: school.id }).model]);
    out.push([`${tag} routes`, routesModel(ctx, { ...base, level: 'class', unitId: cls.id })]);
    out.push([`${tag} appendix`, appendixModel(ctx, { ...base, level: 'class', unitId: cls.id })]);
    out.push([
      `${tag} pupil`,
      pupilSpravkaModel(ctx, { ...base, level: 'class', unitId: cls.id, pupil: code }),
    ]);
  }
  // Hostile text: markup characters, control characters, soft hyphens, line breaks.
  out.push([
    'hostile',
    {
      title: 'A & <b> "q"',
      orientation: 'landscape',
      blocks: [
        { kind: 'heading', level: 3, text: '<script>&amp;' },
        {
          kind: 'paragraph',
          runs: ['x\u0001y', { text: 'a\nb & c', bold: true, italic: true }],
          small: true,
        },
        { kind: 'list', items: [['«1»'], [{ text: "it's", italic: true }]] },
        {
          kind: 'table',
          header: [['Участ\u00adников', '']],
          rows: [
            ['a\nb', '>'],
            ['', ''],
          ],
        },
        { kind: 'pageBreak' },
      ],
    },
  ]);
  return out;
}

describe('direct DOCX writer', () => {
  it(
    'writes the document.xml the docx library writes, in the same package',
    { timeout: 120_000 },
    async () => {
      for (const [name, model] of await models()) {
        const lib = unzipSync(await toDocxPackage(model));
        const fast = unzipSync((await writeDocxFast(model))!);
        expect(Object.keys(fast).sort(), name).toEqual(Object.keys(lib).sort());
        expect(strFromU8(fast['word/document.xml']), name).toBe(strFromU8(lib['word/document.xml']));
        const core = (x: Record<string, Uint8Array>) =>
          strFromU8(x['docProps/core.xml']).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
        expect(core(fast), name).toBe(core(lib));
        for (const part of Object.keys(lib))
          if (part !== 'word/document.xml' && part !== 'docProps/core.xml')
            expect(strFromU8(fast[part]), `${name}: ${part}`).toBe(strFromU8(lib[part]));
      }
    },
  );

  it('leaves a model with a figure to the library', async () => {
    const png = new Uint8Array(readFileSync('public/icons/icon-192.png'));
    const model: DocModel = {
      title: 'f',
      orientation: 'portrait',
      blocks: [{ kind: 'figure', png, width: 192, height: 192, alt: 'значок' }],
    };
    expect(await writeDocxFast(model)).toBeNull();
    const files = unzipSync(await writeDocx(model));
    expect(Object.keys(files).some((p) => p.startsWith('word/media/'))).toBe(true);
  });
});
