// One criterion for individual routes (report/individual-route.ts): the roadmap's count and the
// routes document agree (before: the roadmap counted mark «2» — 9 — while the routes document made
// a route for every pupil who wrote — 25); task-level deficits survive a passing skill; activities
// come from the procedure's subject only.
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import {
  activitiesFor,
  appendixModel,
  pct,
  roadmapModel,
  routesModel,
  spravkaModel,
  writeDocx,
  type DocContext,
  type DocOptions,
} from '../../src/domain/documents/index.ts';
import { buildReport, pupilResults } from '../../src/domain/report/index.ts';
import {
  needsIndividualRoute,
  routeCriterionText,
  routeMinUnformed,
} from '../../src/domain/report/individual-route.ts';
import type { TaskSpec } from '../../src/domain/model.ts';
import { readFileSync } from 'node:fs';
import { importFile } from '../../src/domain/import/import-file.ts';
import { parseSpec } from '../../src/domain/spec/index.ts';

function text(bytes: Uint8Array): string {
  return strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const demo = generateDemo();
const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
const report = buildReport([ds], { generatedAt: '2026-05-01T00:00:00Z' });
const proc = report.procedures[0];
const ctx: DocContext = { ds, report: proc, signs: report.signs };
const base = { resultsDate: '2026-05-12', today: '2026-05-12', calendar: 'quarters' as const };

describe('needsIndividualRoute: one criterion', () => {
  const eightSkills: TaskSpec[] = Array.from({ length: 10 }, (_, i) => ({
    id: String(i + 1),
    max: 1,
    skill: `умение ${Math.min(i, 7) + 1}`,
  })) as TaskSpec[];
  const pupil = (mark: 2 | 3 | 4 | 5 | null, skills: number, absent = false) => ({
    absent,
    mark,
    unformedSkills: Array.from({ length: skills }, (_, i) => `умение ${i + 1}`),
    unformedTasks: [],
  });

  it('«2», or at least a quarter of the skills unformed (hand values: 8 skills → 2)', () => {
    expect(routeMinUnformed(eightSkills)).toBe(2);
    expect(needsIndividualRoute(pupil(2, 0), eightSkills)).toBe(true);
    expect(needsIndividualRoute(pupil(3, 1), eightSkills)).toBe(false);
    expect(needsIndividualRoute(pupil(4, 2), eightSkills)).toBe(true);
    expect(needsIndividualRoute(pupil(null, 2, true), eightSkills)).toBe(false);
    expect(routeCriterionText(eightSkills)).toBe(
      'отметка «2» или не менее 2 несформированных умений из 8 умений работы',
    );
  });

  it('without skills in the spec, the tasks count (12 tasks → 3)', () => {
    const plain = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), max: 1 })) as TaskSpec[];
    expect(routeMinUnformed(plain)).toBe(3);
    const p = { absent: false, mark: 3 as const, unformedSkills: [], unformedTasks: ['1', '2'] };
    expect(needsIndividualRoute(p, plain)).toBe(false);
    expect(needsIndividualRoute({ ...p, unformedTasks: ['1', '2', '3'] }, plain)).toBe(true);
  });
});

describe('roadmap and routes document agree', () => {
  const schools = proc.units.filter((u) => u.level === 'school' && u.written > 0);

  it.each(schools.slice(0, 4).map((s) => [s.id] as const))('school %s', async (login) => {
    const classes = proc.units.filter((u) => u.level === 'class' && u.parent === `${login}#${proc.grade}`);
    let pages = 0;
    let expected = 0;
    for (const c of classes) {
      const o: DocOptions = { ...base, level: 'class', unitId: c.id };
      const t = text(await writeDocx(routesModel(ctx, o)));
      const routes = t.match(/Индивидуальный образовательный маршрут: /g)?.length ?? 0;
      const pupils = pupilResults(ds, c.id);
      const need = pupils.filter((p) => needsIndividualRoute(p, ds.meta.procedure.tasks)).length;
      expect(routes).toBe(need);
      pages += routes;
      expected += need;
    }
    const { roadmap } = roadmapModel(ctx, { ...base, level: 'school', unitId: login });
    const all = roadmap.stages.flatMap((s) => s.measures.map((m) => `${m.text} ${m.result}`)).join('\n');
    expect(all).toContain(`(${routeCriterionText(ds.meta.procedure.tasks)}): ${expected}.`);
    expect(pages).toBe(expected);
    // The справка's recommendation cites the same count and criterion.
    const sp = text(await writeDocx(spravkaModel(ctx, { ...base, level: 'school', unitId: login })));
    if (expected > 0)
      expect(sp).toContain(
        `маршруты для ${expected} ${expected % 10 === 1 && expected % 100 !== 11 ? 'обучающегося' : 'обучающихся'} (${routeCriterionText(ds.meta.procedure.tasks)})`,
      );
  });
});

describe('deficits from the data', () => {
  it('a task below half stays in the pupil’s route although its skill as a whole is formed', async () => {
    const tasks = ds.meta.procedure.tasks;
    for (const c of ds.meta.classes) {
      const pupils = pupilResults(ds, c.id);
      const p = pupils.find(
        (x) =>
          needsIndividualRoute(x, tasks) &&
          x.unformedTasks.some((id) => {
            const sk = tasks.find((t) => t.id === id)?.skill;
            return sk && !x.unformedSkills.includes(sk.trim());
          }),
      );
      if (!p) continue;
      const id = p.unformedTasks.find((i) => {
        const sk = tasks.find((t) => t.id === i)?.skill;
        return sk && !p.unformedSkills.includes(sk.trim());
      })!;
      const t = text(await writeDocx(routesModel(ctx, { ...base, level: 'class', unitId: c.id })));
      const page = t
        .split('Индивидуальный образовательный маршрут: ')
        .slice(1)
        .find((x) => x.includes(`код участника ${p.code}`))!;
      expect(page).toContain(`задание № ${id}`);
      return;
    }
    throw new Error('the demo has no pupil with a failed task inside a formed skill');
  });

  it('appendix: every task below the bar is a row, and «самое низкое выполнение» is the lowest row', async () => {
    const cls = proc.units.find(
      (u) => u.level === 'class' && (u.deficits ?? []).some((d) => d.kind === 'task'),
    )!;
    const t = text(await writeDocx(appendixModel(ctx, { ...base, level: 'class', unitId: cls.id })));
    const deficits = cls.deficits ?? [];
    const skills = deficits.filter((d) => d.kind === 'skill');
    const inSkills = new Set(skills.flatMap((d) => d.tasks));
    const rows = [...skills, ...deficits.filter((d) => d.kind === 'task' && !inSkills.has(d.id))];
    const lowest = Math.min(...rows.map((d) => d.completion));
    expect(t).toContain(`самое низкое выполнение — ${pct(lowest)}`);
    for (const d of deficits.filter((x) => x.kind === 'task')) expect(t).toContain(d.id);
  });
});

describe('appendix on a real protocol', () => {
  it('vpr2022-ma5: «самое низкое выполнение» is the lowest row (was 42,9 % beside rows at 0,0 %)', async () => {
    const root = new URL('../../', import.meta.url).pathname;
    const spec = parseSpec(
      JSON.parse(readFileSync(`${root}tests/fixtures/real/specs/vpr2022-ma5.json`, 'utf8')),
      'vpr2022-ma5',
    );
    const rds = await importFile(
      new Uint8Array(readFileSync(`${root}tests/fixtures/real/vpr2022-ma5-fisoko-protocol.xlsx`)),
      { fileName: 'vpr2022-ma5.xlsx', spec },
    );
    const rp = buildReport([rds], { generatedAt: '2026-05-01T00:00:00Z' }).procedures[0];
    const cls = rp.units.find((u) => u.level === 'class' && u.written > 0)!;
    const rctx: DocContext = { ds: rds, report: rp, signs: [] };
    const t = text(await writeDocx(appendixModel(rctx, { ...base, level: 'class', unitId: cls.id })));
    const rows = [...t.matchAll(/Умения, проверяемые заданием № /g)];
    const lowest = Math.min(...(cls.deficits ?? []).map((d) => d.completion));
    expect(lowest).toBe(0);
    expect(t).toContain(`самое низкое выполнение — ${pct(lowest)}`);
    expect(rows.length).toBe((cls.deficits ?? []).length);
  });
});

describe('activities by subject', () => {
  it('a maths skill about tables and diagrams gets no reading/retelling, a Russian text skill does', () => {
    const skill = 'Умение извлекать информацию, представленную в таблицах, на диаграммах';
    const maths = activitiesFor(skill, 'Б', undefined, 'Математика').join(' ');
    expect(maths).not.toMatch(/пересказ|Чтение коротких текстов/);
    expect(maths).toMatch(/таблиц|диаграмм/i);
    const russian = activitiesFor('Смысловое чтение текста', 'Б', undefined, 'Русский язык').join(' ');
    expect(russian).toMatch(/текст/);
  });
});
