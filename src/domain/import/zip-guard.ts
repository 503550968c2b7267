// Refuses a hostile or broken XLSX before anything is inflated: SheetJS unpacks every part of the
// archive into memory, so a 60 KB «zip bomb» would become hundreds of megabytes in a browser tab.
// Only the ZIP central directory is read here (sizes as the archive states them); nothing is inflated.
import { ImportError } from '../model';

/** Total uncompressed size of all parts that we accept (the largest real export is ~150 MB). */
export const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024;
/** A part larger than this must not be compressed more than MAX_RATIO times. */
export const RATIO_MIN_SIZE = 20 * 1024 * 1024;
export const MAX_RATIO = 200;
/** More parts than any real workbook has (a sheet is 2–3 parts). */
export const MAX_ENTRIES = 10_000;

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;

export interface ZipEntryInfo {
  name: string;
  compressed: number;
  uncompressed: number;
}

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} МБ`;

/** The central directory of a ZIP archive; throws ImportError when it is missing or inconsistent. */
export function zipEntries(bytes: Uint8Array, file: string): ZipEntryInfo[] {
  const broken = (why: string) =>
    new ImportError(
      `«${file}»: файл повреждён или это не XLSX (${why}) — возможно, он скачан или скопирован не полностью. ` +
        'Скачайте файл заново или откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».',
      file,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => u32(o) + u32(o + 4) * 0x1_0000_0000;

  // End of central directory: 22 bytes plus a comment of up to 65 535 bytes, at the end of the file.
  let eocd = -1;
  for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 0xffff); o--)
    if (u32(o) === EOCD_SIG) {
      eocd = o;
      break;
    }
  if (eocd < 0) throw broken('не найдено оглавление ZIP-архива');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== ZIP64_LOCATOR_SIG) throw broken('неверное оглавление ZIP64');
    const z = u64(loc + 8);
    if (z + 56 > bytes.length || u32(z) !== ZIP64_EOCD_SIG) throw broken('неверное оглавление ZIP64');
    count = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  if (count > MAX_ENTRIES)
    throw new ImportError(`«${file}»: в архиве ${count} частей — это не похоже на книгу Excel.`, file);
  if (cdOffset + cdSize > bytes.length) throw broken('оглавление ZIP-архива выходит за конец файла');

  const entries: ZipEntryInfo[] = [];
  const decoder = new TextDecoder();
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > bytes.length || u32(o) !== CDH_SIG) throw broken('оглавление ZIP-архива испорчено');
    let compressed = u32(o + 20);
    let uncompressed = u32(o + 24);
    const nameLen = u16(o + 28);
    const extraLen = u16(o + 30);
    const commentLen = u16(o + 32);
    const end = o + 46 + nameLen + extraLen + commentLen;
    if (end > bytes.length) throw broken('оглавление ZIP-архива испорчено');
    const name = decoder.decode(bytes.subarray(o + 46, o + 46 + nameLen));
    // ZIP64 extended information: the 64-bit sizes replace the 0xFFFFFFFF placeholders, in order.
    if (uncompressed === 0xffffffff || compressed === 0xffffffff) {
      for (let x = o + 46 + nameLen; x + 4 <= o + 46 + nameLen + extraLen;) {
        const id = u16(x);
        const size = u16(x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          if (uncompressed === 0xffffffff && f + 8 <= x + 4 + size) {
            uncompressed = u64(f);
            f += 8;
          }
          if (compressed === 0xffffffff && f + 8 <= x + 4 + size) compressed = u64(f);
          break;
        }
        x += 4 + size;
      }
    }
    entries.push({ name, compressed, uncompressed });
    o = end;
  }
  return entries;
}

/**
 * Throws ImportError when the archive is broken, or when inflating it would take absurd memory:
 * more than MAX_TOTAL_UNCOMPRESSED in all, or one part over RATIO_MIN_SIZE packed over MAX_RATIO times.
 */
export function guardZip(bytes: Uint8Array, file: string): void {
  const entries = zipEntries(bytes, file);
  let total = 0;
  for (const e of entries) {
    total += e.uncompressed;
    if (e.uncompressed > RATIO_MIN_SIZE && e.uncompressed > MAX_RATIO * Math.max(1, e.compressed))
      throw new ImportError(
        `«${file}»: файл отклонён — часть «${e.name.slice(0, 100)}» распаковывается из ${e.compressed} байт ` +
          `в ${MB(e.uncompressed)} (сжатие более чем в ${MAX_RATIO} раз). Так выглядит «ZIP-бомба», а не ` +
          'выгрузка результатов; файл не распаковывался.',
        file,
      );
  }
  if (total > MAX_TOTAL_UNCOMPRESSED)
    throw new ImportError(
      `«${file}»: файл отклонён — в распакованном виде он занял бы ${MB(total)}, больше допустимых ` +
        `${MB(MAX_TOTAL_UNCOMPRESSED)}. Файл не распаковывался. Если это настоящая выгрузка, ` +
        'разделите её на несколько файлов.',
      file,
    );
}
