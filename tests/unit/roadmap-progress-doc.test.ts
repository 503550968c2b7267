// The roadmap DOCX prints the progress of the school's follow-up checks (issue #14 point 3) under
// the measures they answer: a sheet with checks set by a known pattern is stored, the documents
// worker builds the roadmap, and «ИОМ: X из Y…» carries X and Y counted here from the pattern.
import { unzipSync, strFromU8 } from 'fflate';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { addRound, newSheet, setResult, type FollowupSheet } from '../../src/domain/followup/index.ts';
import { procedureId } from '../../src/domain/model.ts';
import { pupilResults } from '../../src/domain/report/pupils.ts';
import { openDb, saveDataset } from '../../src/db/index.ts';
import { listFollowups, putFollowup } from '../../src/db/followups-repo.ts';
import { createDocumentsApi } from '../../workers/documents.api.ts';
import { storedDocumentsDeps } from './helpers/documents-deps.ts';

const docText = (bytes: Uint8Array) =>
  strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<[^>]+>/g, '');

const NOW = '2026-12-01T10:00:00.000Z';
const [D1, D2] = ['2026-10-16', '2026-11-20'];

describe('roadmap DOCX with follow-up progress', () => {
  it('prints «ИОМ: X из Y дефицитов закрыты» from the stored sheet under measures 2.8 and 4.5', async () => {
    const demo = generateDemo();
    const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
    const key = procedureId(ds.meta.procedure);
    const cls = ds.meta.classes.find((c) => {
      const p = pupilResults(ds, c.id);
      return p.length > 0;
    })!;
    const login = ds.meta.schools[cls.school].login;
    let sheet: FollowupSheet = newSheet({
      procedureKey: key,
      school: login,
      schoolName: ds.meta.schools[cls.school].name ?? '',
      classId: cls.id,
      classLabel: cls.label,
      pupils: pupilResults(ds, cls.id),
      tasks: ds.meta.procedure.tasks,
      now: NOW,
    });
    const total = sheet.items.length;
    expect(total).toBeGreaterThan(3);
    sheet = addRound(addRound(sheet, D1, '2026-12-01', NOW), D2, '2026-12-01', NOW);
    // Item i: i % 3 = 0 formed twice (closed), 1 formed once then not checked (closing), 2 unformed (open).
    const closed = sheet.items.filter((_, i) => i % 3 === 0).length;
    const closing = sheet.items.filter((_, i) => i % 3 === 1).length;
    sheet.items.forEach((_, i) => {
      const r = i % 3;
      sheet = setResult(sheet, D1, i, r === 2 ? 'unformed' : 'formed', NOW);
      sheet = setResult(sheet, D2, i, r === 0 ? 'formed' : r === 1 ? null : 'unformed', NOW);
    });

    const db = await openDb(`roadmap-progress-${Date.now()}`);
    for (const d of demo) await saveDataset(db, d);
    await putFollowup(db, sheet);
    const api = createDocumentsApi({
      ...storedDocumentsDeps(db),
      listFollowups: (k: string, s: string) => listFollowups(db, k, s),
    });
    const req = {
      level: 'school' as const,
      unitId: login,
      resultsDate: '2026-05-12',
      today: '2026-12-01',
      calendar: 'quarters' as const,
    };
    const f = await api.generate(key, 'roadmap-docx', req);
    if (!f.ok) throw new Error(f.error.message);
    if (process.env.OKO_ROADMAP_DOCX) writeFileSync(process.env.OKO_ROADMAP_DOCX, f.value.bytes);
    const text = docText(f.value.bytes);
    const line = new RegExp(`ИОМ: ${closed} из ${total} дефицит(а|ов) закрыты?`, 'g');
    // Under 2.8 (routes) and 5.1 (effectiveness): the same line twice or more.
    expect(text.match(line)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`закрыто ${closed}, закрывается ${closing}, открыто ${total - closed - closing}`);
    // Each line sits in its measure's cell: after the measure's wording, before the next measure's.
    const rm = await api.roadmap(key, req);
    if (!rm.ok) throw new Error(rm.error.message);
    const measures = rm.value.roadmap.stages.flatMap((st) => st.measures);
    for (const id of ['2.8', '4.5']) {
      const k = measures.findIndex((m) => m.sourceMeasureId === id);
      expect(k, id).toBeGreaterThanOrEqual(0);
      const at = text.indexOf(measures[k].text);
      const next = measures[k + 1] ? text.indexOf(measures[k + 1].text, at + 1) : text.length;
      const cell = text.slice(at, next);
      expect(cell, id).toContain(id === '2.8' ? `ИОМ: ${closed} из ${total}` : `закрыто ${closed},`);
    }
  });
});
