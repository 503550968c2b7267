// One vocabulary (issue #10 item 2): the ФИОКО status of every task of a unit reads the same on the
// screen (the task table rendered by Svelte's server renderer), in the XLSX export and in the DOCX
// справка; the old screen words «достаточно/недостаточно» are gone. Signal names: the XLSX rows are
// compared with the screen's table in report-signs.test.ts; here the tables themselves.
import { strFromU8, unzipSync } from 'fflate';
import { render } from 'svelte/server';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { spravkaModel, writeDocx, type DocContext } from '../../src/domain/documents/index.ts';
import { buildReport, exportUnitXlsx } from '../../src/domain/report/index.ts';
import { FAMILY_NAMES, RISK_NAMES, SIGNAL_NAMES, STATUS_NAMES } from '../../src/domain/text/labels.ts';
import TaskTable from '../../src/ui/analysis/TaskTable.svelte';
import * as screenLabels from '../../src/ui/objectivity/labels.ts';

const demo = generateDemo();
const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
const report = buildReport([ds], { generatedAt: '2026-05-01T00:00:00Z' });
const proc = report.procedures[0];

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Task id → status words of the screen's task table. */
function screenStatuses(unitTasks: NonNullable<(typeof proc.units)[number]['tasks']>): Map<string, string> {
  const { body } = render(TaskTable, {
    props: { tasks: proc.tasks, results: unitTasks, skills: {} },
  });
  const out = new Map<string, string>();
  for (const m of body.matchAll(
    /<tr data-task-id="([^"]+)"[\s\S]*?<span class="status [a-z]+[^"]*">([^<]*)<\/span>/g,
  ))
    out.set(decode(m[1]), decode(m[2]));
  return out;
}

/** Task id → status of the XLSX «Выполнение заданий» sheet (column «Статус (ФИОКО)»). */
function xlsxStatuses(level: 'school' | 'class', id: string): Map<string, string> {
  const wb = XLSX.read(exportUnitXlsx(proc, level, id));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Выполнение заданий'], { header: 1 });
  const head = rows.findIndex((r) => r[0] === 'Номер задания');
  const col = rows[head].indexOf('Статус (ФИОКО)');
  const out = new Map<string, string>();
  for (const r of rows.slice(head + 1)) if (r[0] !== undefined) out.set(String(r[0]), String(r[col]));
  return out;
}

/** Task id → status of the DOCX справка's task table (Таблица 6): the row's last cell. */
async function docxStatuses(level: 'school' | 'class', unitId: string): Promise<Map<string, string>> {
  const ctx: DocContext = { ds, report: proc, signs: report.signs };
  const model = spravkaModel(ctx, {
    resultsDate: '2026-05-12',
    today: '2026-05-12',
    calendar: 'quarters',
    level,
    unitId,
  });
  const xml = strFromU8(unzipSync(await writeDocx(model))['word/document.xml']);
  const tables = xml
    .split('<w:tbl>')
    .slice(1)
    .map((t) => t.split('</w:tbl>')[0]);
  const table = tables.find((t) => t.includes('Проверяемое умение'))!;
  const out = new Map<string, string>();
  for (const row of table.split('<w:tr').slice(2)) {
    const cells = row
      .split('</w:tr>')[0]
      .split('<w:tc>')
      .slice(1)
      .map((c) => decode(c.replace(/<[^>]+>/g, '')));
    out.set(cells[0], cells[cells.length - 1]);
  }
  return out;
}

describe('one vocabulary of labels', () => {
  const school = proc.units.find((u) => u.level === 'school' && u.written > 0)!;
  const cls = proc.units.find((u) => u.level === 'class' && u.written > 0)!;

  for (const [level, unit] of [
    ['school', school],
    ['class', cls],
  ] as const)
    it(`a ${level}'s task statuses read the same on the screen, in XLSX and in DOCX`, async () => {
      const screen = screenStatuses(unit.tasks!);
      const xlsx = xlsxStatuses(level, unit.id);
      const docx = await docxStatuses(level, unit.id);
      expect(screen.size).toBe(proc.tasks.length);
      for (const t of unit.tasks!) {
        const want = STATUS_NAMES[t.status];
        expect(screen.get(t.id), `screen, task ${t.id}`).toBe(want);
        expect(xlsx.get(t.id), `xlsx, task ${t.id}`).toBe(want);
        expect(docx.get(t.id), `docx, task ${t.id}`).toBe(want);
      }
      // All three wordings occur in the demo, so each label is exercised at least once somewhere.
      expect(new Set([...screen.values()]).size).toBeGreaterThan(1);
    });

  it('the status words are «достигнут / на границе / не достигнут»', () => {
    expect(Object.values(STATUS_NAMES)).toEqual(['достигнут', 'на границе', 'не достигнут']);
  });

  it('the objectivity screen shows the vocabulary’s signal, family and level names', () => {
    expect(screenLabels.SIGNAL_NAMES).toBe(SIGNAL_NAMES);
    expect(screenLabels.FAMILY_NAMES).toBe(FAMILY_NAMES);
    expect(screenLabels.LEVEL_NAMES).toBe(RISK_NAMES);
  });
});
