// Справки of every school of a unit (a municipality or all participants) in one ZIP, for the
// «Справки всем школам» button and the same order as the headless `documents spravka` command:
// each school's DOCX is built, written into the archive and dropped before the next one, so the
// memory holds the archive's growing bytes and one document. DOCX is already deflated: the
// entries are stored, not compressed again.
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import type { ProgressFn } from '../model.ts';
import { fileName } from '../text/format.ts';
import { procedureId } from '../text/procedure.ts';
import type { DocContext, DocOptions } from './compose.ts';
import { spravkaModel } from './compose.ts';
import { writeDocx } from './docx-writer.ts';
import { findUnitOf, schoolsBelow } from './units.ts';

/** The file of a school's справка: the login first, then the procedure id. */
export function schoolSpravkaFileName(login: string, procedure: string): string {
  return fileName(`${login} — Справка ${procedure}`, 'docx');
}

/** The schools of the unit with at least one pupil who wrote, in the report's order. */
export function schoolsWithWriters(ctx: DocContext, level: DocOptions['level'], unitId: string) {
  const unit = findUnitOf(ctx.report, level, unitId);
  if (!unit) throw new Error(`В отчёте нет единицы ${level}:${unitId}`);
  return schoolsBelow(ctx.report, unit).filter((s) => s.written > 0);
}

export interface BatchOptions extends Omit<DocOptions, 'level' | 'unitId' | 'roadmap' | 'pupil' | 'names'> {
  level: 'municipality' | 'all';
  unitId: string;
}

/**
 * One ZIP of the справки of every school below the unit. `isCancelled` is asked between schools
 * (a cancelled batch throws and leaves nothing behind).
 */
export async function spravkaZip(
  ctx: DocContext,
  o: BatchOptions,
  onProgress?: ProgressFn,
  isCancelled?: () => boolean,
): Promise<{ bytes: Uint8Array; files: string[] }> {
  const schools = schoolsWithWriters(ctx, o.level, o.unitId);
  if (schools.length === 0) throw new Error('Нет школ, в которых работу писал хотя бы один обучающийся.');
  const chunks: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else chunks.push(chunk);
  });
  const files: string[] = [];
  const id = procedureId(ctx.report);
  for (const [i, school] of schools.entries()) {
    if (isCancelled?.()) throw new Error('Составление справок отменено.');
    const { level: _l, unitId: _u, ...rest } = o;
    const bytes = await writeDocx(spravkaModel(ctx, { ...rest, level: 'school', unitId: school.id }));
    const name = schoolSpravkaFileName(school.id, id);
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
    files.push(name);
    onProgress?.((i + 1) / schools.length, `Справка ${i + 1} из ${schools.length}: ${school.name}`);
  }
  // A list of the files, so that a reader of the archive sees what is in it and for which unit.
  const list = new ZipPassThrough('Список справок.txt');
  zip.add(list);
  list.push(strToU8(files.join('\r\n') + '\r\n'), true);
  zip.end();
  if (failed) throw failed;
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, files };
}
