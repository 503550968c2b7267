// Entry of the ГИА importer: bytes of one or several РЦОИ protocols → one Dataset per procedure.
// Files that are not ГИА protocols give null, so the caller falls back to the ВПР layouts.
import { ImportError, procedureId, type Dataset, type ProcedureSpec } from '../model';
import { giaDatasets, type GiaDatasetOptions } from './gia-datasets';
import { looksLikeGia, readGiaBlocks, type ExamBlock } from './gia-read';
import { HEADER_SCAN_ROWS } from './layouts';
import { csvSheet, sourceKind, workbookSheets, type SheetSource } from './sources';

export interface GiaFile {
  bytes: Uint8Array;
  fileName: string;
}

/** A file's sheets (SheetJS for workbooks, the CSV reader otherwise). */
export function sheetsOf(bytes: Uint8Array, fileName: string): SheetSource[] {
  return sourceKind(bytes, fileName) === 'workbook'
    ? workbookSheets(bytes, fileName)
    : [csvSheet(bytes, fileName)];
}

/** The exam blocks of already read sheets; null when no sheet has a ГИА header (then try importFile). */
export function readGiaSheets(sheets: SheetSource[], fileName: string): ExamBlock[] | null {
  const gia = sheets.filter((s) => looksLikeGia(s.head(HEADER_SCAN_ROWS)));
  if (gia.length === 0) return null;
  const blocks = gia.flatMap((s) => readGiaBlocks(s, fileName));
  if (blocks.length === 0)
    throw new ImportError(
      `${fileName}, лист «${gia[0].name}»: под заголовком протокола ГИА нет ни одной строки участника (с кодом ОО).`,
      fileName,
      gia[0].name,
    );
  return blocks;
}

/** The exam blocks of one file; null when no sheet has a ГИА header. */
export function readGiaFile(bytes: Uint8Array, fileName: string): ExamBlock[] | null {
  if (bytes.length === 0) return null;
  return readGiaSheets(sheetsOf(bytes, fileName), fileName);
}

/**
 * Several files at once, so that a subject's reserve day in another file joins its main day.
 * Returns null when none of the files is a ГИА protocol; a mix is an error.
 */
export function importGiaFiles(files: GiaFile[], opts: GiaDatasetOptions = {}): Dataset[] | null {
  const read = files.map((f) => ({ f, blocks: readGiaFile(f.bytes, f.fileName) }));
  if (read.every((r) => r.blocks === null)) return null;
  const other = read.find((r) => r.blocks === null);
  if (other)
    throw new ImportError(
      `«${other.f.fileName}» — не протокол ГИА, а остальные файлы — протоколы ГИА. Импортируйте их по отдельности.`,
      other.f.fileName,
    );
  return giaDatasets(
    read.flatMap((r) => r.blocks!),
    opts,
  );
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One file in the app: its exams as datasets. `fileHash` is the SHA-256 of the bytes followed by
 * the procedure id, so that the exams of one file are not taken for the same file stored twice.
 */
export async function importGiaForApp(
  bytes: Uint8Array,
  fileName: string,
  sheets: SheetSource[],
  spec?: ProcedureSpec,
): Promise<Dataset[] | null> {
  const blocks = readGiaSheets(sheets, fileName);
  return blocks && giaBlocksForApp(bytes, blocks, spec);
}

/**
 * The datasets of already read exam blocks: confirming the maxima re-scores the blocks of the held
 * file instead of reading it again. The blocks are copied first (giaDatasets settles kind, subject
 * and year on them), so that every call gives what a fresh import with that spec gives.
 */
export async function giaBlocksForApp(
  bytes: Uint8Array,
  blocks: readonly ExamBlock[],
  spec?: ProcedureSpec,
): Promise<Dataset[]> {
  const datasets = giaDatasets(
    blocks.map((b) => ({ ...b })),
    { specs: spec ? [spec] : [] },
  );
  for (const ds of datasets) {
    const id = new TextEncoder().encode(procedureId(ds.meta.procedure));
    const all = new Uint8Array(bytes.length + id.length);
    all.set(bytes);
    all.set(id, bytes.length);
    ds.meta.fileHash = await sha256Hex(all);
  }
  return datasets;
}
