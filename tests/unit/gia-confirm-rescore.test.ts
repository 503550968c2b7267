// Confirming the maxima of a held ГИА protocol re-scores the exam blocks read at the first parse
// instead of reading the file again, and gives exactly the Dataset (tasks, scores, codes, warnings,
// hash) that a fresh import of the same bytes with that spec gives.
import * as XLSX from 'xlsx';
import { describe, expect, it, vi } from 'vitest';
import { SHAPES, examSpec, generateExam, ogeProtocolRows } from '../../src/domain/demo/gia-protocols.ts';
import { parseSpec } from '../../src/domain/spec/parse-spec.ts';
import type { ProcedureSpec } from '../../src/domain/model.ts';

// Counts how often the file's sheets are read (the expensive step the confirmation must skip).
const reads = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/domain/import/gia-import.ts', async (original) => {
  const m = await original<typeof import('../../src/domain/import/gia-import.ts')>();
  return {
    ...m,
    sheetsOf: (...a: Parameters<typeof m.sheetsOf>) => {
      reads.n++;
      return m.sheetsOf(...a);
    },
  };
});
const { realImportDeps } = await import('../../workers/integration.ts');
const importAny = realImportDeps.importAny!;

/** A protocol with damaged rows, so that warnings are compared too. */
function protocol(): { bytes: Uint8Array; spec: ProcedureSpec } {
  const exam = generateExam(SHAPES.ogeMath, { seed: 31 });
  const rows = ogeProtocolRows([exam]);
  const first = rows.findIndex((r) => r[0] === 1);
  rows[first + 3][14] = 'xx#'; // a short-answer mask with unknown codes
  rows[first + 5][18] = '99.0'; // a primary score that is not the sum of the mask
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Протокол');
  const bytes = new Uint8Array(XLSX.write(wb, { bookType: 'xls', type: 'array' }) as ArrayBuffer);
  return { bytes, spec: parseSpec(examSpec(exam), 'spec.json') };
}

describe('confirming the maxima of a ГИА protocol', () => {
  it('re-scores the held blocks: the same Dataset as a fresh import with the spec, file read once', async () => {
    const { bytes, spec } = protocol();
    reads.n = 0;
    const [observed] = await importAny(bytes, { fileName: 'oge.xls' });
    expect(observed.meta.maximaSource).toBe('observed');
    expect(reads.n).toBe(1);

    const [confirmed] = await importAny(bytes, { fileName: 'oge.xls', spec });
    expect(reads.n).toBe(1); // not read again
    const [fresh] = await importAny(bytes.slice(), { fileName: 'oge.xls', spec });
    expect(reads.n).toBe(2); // another file's bytes: read

    expect(confirmed.meta.maximaSource).toBe('spec');
    expect(confirmed.meta.warnings.length).toBeGreaterThan(0);
    expect(confirmed).toEqual(fresh);
    // Re-scoring twice changes nothing (the blocks are not altered by a previous scoring).
    expect((await importAny(bytes, { fileName: 'oge.xls', spec }))[0]).toEqual(fresh);
    expect((await importAny(bytes, { fileName: 'oge.xls' }))[0]).toEqual(observed);
  });

  it('a spec that does not fit the masks fails as a fresh import does', async () => {
    const { bytes, spec } = protocol();
    await importAny(bytes, { fileName: 'oge.xls' });
    const wrong = { ...spec, tasks: spec.tasks.slice(1) };
    const held = await importAny(bytes, { fileName: 'oge.xls', spec: wrong }).catch((e: Error) => e.message);
    const fresh = await importAny(bytes.slice(), { fileName: 'oge.xls', spec: wrong }).catch(
      (e: Error) => e.message,
    );
    expect(held).toContain('Проверьте, что спецификация от этого экзамена');
    expect(held).toEqual(fresh);
  });
});
