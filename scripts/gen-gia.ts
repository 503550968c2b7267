// A region's ОГЭ protocol as BIFF `.xls` for the benchmark: Математика, ~30 000 participants.
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHAPES, generateExam, ogeProtocolXls } from '../src/domain/demo/gia-protocols.ts';

export const GIA_BENCH_ROWS = 30_000;

export function giaBenchPath(): string {
  return join(tmpdir(), `oko-bench-oge-${GIA_BENCH_ROWS}.xls`);
}

/** Writes the file once (deterministic); returns its path and participant count. */
export function writeGiaBench(): { path: string; rows: number } {
  const path = giaBenchPath();
  // 300 schools × 90..110 participants ≈ 30 000 rows.
  const exam = generateExam(SHAPES.ogeMath, {
    seed: 2024,
    municipalities: 15,
    schoolsPerMunicipality: 20,
    perSchool: [90, 110],
  });
  if (!existsSync(path)) writeFileSync(path, ogeProtocolXls([exam]));
  return { path, rows: exam.participants.length };
}

if (process.argv[1]?.endsWith('gen-gia.ts')) console.log(writeGiaBench());
