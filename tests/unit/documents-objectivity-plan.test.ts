// The municipal plan on objectivity (issue «Documents», point 5): from a small hand-built set of
// signs, per-school results and observation entries, the figures in the plan's text (DOCX and XLSX)
// equal the ones counted by hand here.
import { strFromU8, unzipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  LOW_RESULTS_RULE,
  municipalPlan,
  municipalPlanDocument,
  municipalPlanXlsx,
  writeDocx,
  type ObservationTable,
  type PlanProcedure,
} from '../../src/domain/documents/index.ts';
import type { SignEntry } from '../../src/domain/report/types.ts';
import { defaultCalendar } from '../../src/domain/roadmap/school-calendar.ts';

const schools = [
  { login: 's1', name: 'МБОУ СОШ № 1' },
  { login: 's2', name: 'МБОУ СОШ № 2' },
  { login: 's3', name: 'МБОУ СОШ № 3' },
  { login: 's4', name: 'МБОУ ООШ № 4' },
  { login: 's5', name: 'МБОУ Гимназия № 5' },
];
const sign = (procedure: string, school: string, flagged: boolean): SignEntry => ({
  procedure,
  school,
  sign: 'inflated-mean',
  value: 1,
  flagged,
});
// Flagged: s1 (twice), s3; s2 only unflagged; s9 is another municipality's school.
const signs: SignEntry[] = [
  sign('p1', 's1', true),
  sign('p2', 's1', true),
  sign('p1', 's2', false),
  sign('p2', 's3', true),
  sign('p1', 's9', true),
];
// У below 80 % in ≥ 2 procedures: s2 (p1, p2), s4 (p1, p3); s3 only once; s5 never.
const procedures: PlanProcedure[] = [
  {
    id: 'p1',
    title: 'ВПР · Математика · 5 класс · 2025',
    schools: [
      { login: 's1', uspevaemost: 95 },
      { login: 's2', uspevaemost: 70 },
      { login: 's3', uspevaemost: 79.9 },
      { login: 's4', uspevaemost: 60 },
      { login: 's5', uspevaemost: 100 },
    ],
  },
  {
    id: 'p2',
    title: 'ВПР · Русский язык · 5 класс · 2025',
    schools: [
      { login: 's1', uspevaemost: 90 },
      { login: 's2', uspevaemost: 75 },
      { login: 's3', uspevaemost: 85 },
      { login: 's5', uspevaemost: 80 },
    ],
  },
  {
    id: 'p3',
    title: 'ВПР · Математика · 6 класс · 2026',
    schools: [
      { login: 's4', uspevaemost: 50 },
      { login: 's5', uspevaemost: null },
    ],
  },
];
// Observers: s1 (p1), s2 (p1, p2) → 2 schools of 5 = 40 %; video: s1 (p2) → 1 of 5 = 20 %.
// Per procedure p1: 5 wrote, observers 2 (40 %), video 0; p2: 4 wrote, observers 1 (25 %), video 1 (25 %).
const observation: ObservationTable = {
  s1: { p1: { observers: true, video: false }, p2: { observers: false, video: true } },
  s2: { p1: { observers: true, video: false }, p2: { observers: true, video: false } },
  s9: { p1: { observers: true, video: true } },
};

const input = {
  municipality: { id: 'm1', name: 'Демонстрационный район' },
  schools,
  signs,
  procedures,
  observation,
  schoolYear: 2025,
  planDate: '2025-09-15',
  calendar: defaultCalendar('quarters'),
  today: '2025-09-15',
};

function docxText(bytes: Uint8Array): string {
  return strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('municipal plan on objectivity', () => {
  const { roadmap, figures } = municipalPlan(input);

  it('counts the figures as by hand', () => {
    expect(LOW_RESULTS_RULE.threshold).toBe(80);
    expect(figures.schoolsCount).toBe(5);
    expect(figures.schoolsWithSignsCount).toBe(2);
    expect(figures.schoolsWithSignsPct).toBe(40);
    expect(figures.schoolsWithSigns).toBe('МБОУ СОШ № 1, МБОУ СОШ № 3');
    expect(figures.lowResults.map((s) => s.login)).toEqual(['s4', 's2']);
    expect(figures.observersShare).toBe(40);
    expect(figures.videoShare).toBe(20);
    expect(
      figures.observation.map((o) => [o.schools, o.observers, o.observersPct, o.video, o.videoPct]),
    ).toEqual([
      [5, 2, 40, 0, 0],
      [4, 1, 25, 1, 25],
      [2, 0, 0, 0, 0],
    ]);
  });

  it('fills the template wording with these figures', () => {
    const text = roadmap.stages.flatMap((s) => s.measures.map((m) => m.text)).join('\n');
    expect(text).toContain('Признаки необъективности выявлены в ОО: 2 из 5.');
    expect(text).toContain('ОО с признаками: МБОУ СОШ № 1, МБОУ СОШ № 3.');
    expect(text).toContain('наблюдением в прошлом учебном году: 40 %.');
    expect(text).toContain('2025/2026');
    expect(roadmap.stages.map((s) => s.id)).toEqual([
      'procedures',
      'signs',
      'positive-attitude',
      'competence',
    ]);
  });

  it('prints the figures in the DOCX and the XLSX', async () => {
    const text = docxText(await writeDocx(municipalPlanDocument(roadmap, figures, '2025-09-15')));
    expect(text).toContain('2 из 5 (40,0\u00a0%)');
    // Low results: 2 of 5 = 40 %; observers 2 of 5 = 40 %; video 1 of 5 = 20 %.
    expect(text).toContain('МБОУ ООШ № 4, МБОУ СОШ № 2');
    expect(text).toContain('1 из 5 (20,0\u00a0%)');
    expect(text).toContain('1 (25,0\u00a0%)');
    expect(text).toContain('Признаки необъективности выявлены в ОО: 2 из 5.');
    const wb = XLSX.read(municipalPlanXlsx(roadmap, figures, '2025-09-15'));
    expect(wb.SheetNames).toEqual(['План мероприятий', 'Показатели']);
    const rows = XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets['Показатели'], { header: 1 });
    expect(rows.find((r) => String(r[0]).startsWith('ОО с признаками'))?.[1]).toBe('2 из 5 (40,0\u00a0%)');
    expect(rows.find((r) => r[0] === procedures[1].title)).toEqual([procedures[1].title, 4, 1, 25, 1, 25]);
  });

  it('keeps the stored (edited) plan', () => {
    const edited = {
      ...roadmap,
      stages: roadmap.stages.map((s, i) =>
        i === 0 ? { ...s, measures: [{ ...s.measures[0], text: 'Своя формулировка' }] } : s,
      ),
    };
    const again = municipalPlan({ ...input, stored: edited });
    expect(again.roadmap.stages[0].measures).toHaveLength(1);
    expect(again.roadmap.stages[0].measures[0].text).toBe('Своя формулировка');
  });
});
