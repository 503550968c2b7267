// The municipal plan's part on the support of low-result schools (the last context analysis and the
// programme's measures as edited on «Контекст школ»), added to the plan's DOCX as a closing section
// and to its XLSX as the sheet «Поддержка ШНОР». Absent when no context analysis is stored.
import * as XLSX from 'xlsx';
import { settingKeys } from '../../src/db/settings-keys';
import { measuresOf } from '../../src/domain/context/support-programme';
import type { SupportMeasure } from '../../src/domain/context/support-measures';
import type { DocModel } from '../../src/domain/documents/model';
import { contextPlanBlocks, type ContextForDocuments } from '../../src/domain/documents/spravka-context';
import { storedContext } from './context';
import type { DocumentsDeps } from './types';

export interface PlanSupport {
  context: ContextForDocuments;
  logins: Set<string>;
  measures: SupportMeasure[];
}

export async function contextSupport(
  deps: DocumentsDeps,
  logins: Set<string>,
): Promise<PlanSupport | undefined> {
  const context = await storedContext(deps);
  if (!context || !context.summary.schools.some((s) => logins.has(s.login))) return undefined;
  return {
    context,
    logins,
    measures: measuresOf({ measures: await deps.getSetting(settingKeys.supportMeasures) }),
  };
}

export function withSupportBlocks(model: DocModel, s: PlanSupport | undefined): DocModel {
  return s
    ? { ...model, blocks: [...model.blocks, ...contextPlanBlocks(s.context, s.logins, s.measures)] }
    : model;
}

/** The plan's workbook with one more sheet: low-result schools, partners and the measures. */
export function withSupportSheet(bytes: Uint8Array, s: PlanSupport | undefined): Uint8Array {
  if (!s) return bytes;
  const wb = XLSX.read(bytes);
  const own = s.context.summary.schools
    .filter((x) => s.logins.has(x.login) && x.low)
    .sort((a, b) => a.name.localeCompare(b.name, 'ru', { numeric: true }));
  const rows: string[][] = [
    [s.context.stale ? 'Расчёт устарел: пересчитайте на экране «Контекст школ».' : s.context.summary.lowRule],
    [],
    ['Школа с низкими результатами', 'Годы', 'Неблагоприятные условия', 'Школы-партнёры'],
    ...own.map((x) => [
      x.name,
      x.lowYears.join(', '),
      x.hardReasons.join('; ') || '—',
      x.partners.map((q) => q.name).join('; ') || 'нет подходящей школы в той же группе',
    ]),
    [],
    ['№', 'Мероприятие программы поддержки', 'Срок', 'Ответственные'],
    ...s.measures.map((m, k) => [String(k + 1), m.text, m.term, m.who]),
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!cols'] = [{ wch: 45 }, { wch: 60 }, { wch: 30 }, { wch: 60 }];
  XLSX.utils.book_append_sheet(wb, ws, 'Поддержка ШНОР');
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
