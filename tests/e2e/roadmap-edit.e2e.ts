// The school roadmap is edited in the app: add a measure, reword one, remove one, mark one done.
// Every edit survives a reload, the progress view counts what the rows show, and the roadmap DOCX
// carries the new and reworded wording and not the removed one.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate';
import { procedureId } from '../../src/domain/model';
import { BASE_URL, collectPageErrors, launch, newContext } from './browser';

function docxText(bytes: Uint8Array): string {
  return strFromU8(unzipSync(bytes)['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const row = (id: string) => `[data-testid="roadmap-measure"][data-id="${id}"]`;

async function openRoadmap(page: Page, key: string, schoolId?: string): Promise<string> {
  await page.click('nav a[href="#/documents"]');
  await page.waitForSelector('[data-testid="documents-procedure"]');
  await page.selectOption('[data-testid="documents-procedure"]', key);
  await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
  await page.click('[data-testid="doc-level-school"]');
  if (schoolId) await page.selectOption('[data-testid="doc-school"]', schoolId);
  const id = await page.locator('[data-testid="doc-school"]').inputValue();
  await page.click('[data-testid="roadmap-edit"]');
  await page.waitForSelector('[data-testid="roadmap-editor"] [data-testid="roadmap-measure"]');
  return id;
}

interface Counts {
  planned: number;
  'in-progress': number;
  done: number;
  overdue: number;
  total: number;
}
const zero = (): Counts => ({ planned: 0, 'in-progress': 0, done: 0, overdue: 0, total: 0 });

test('school roadmap: add, reword, remove, mark done; reload; progress; DOCX', async () => {
  const demo = generateDemo();
  const ds = demo.find((d) => d.meta.procedure.year === 2026 && d.meta.procedure.grade === 5)!;
  const key = procedureId(ds.meta.procedure);

  const browser = await launch();
  try {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(BASE_URL);
    await page.click('[data-testid="load-demo"]');
    await page.waitForSelector('[data-testid="import-notice"]', { timeout: 150_000 });
    const schoolId = await openRoadmap(page, key);

    const rows = page.locator('[data-testid="roadmap-measure"]');
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
    const texts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-text')!));
    expect(ids.length).toBeGreaterThan(5);

    // Add a measure to the first stage.
    const added = 'Е2Е: собственное мероприятие школы по итогам ВПР';
    await page.locator('[data-testid="measure-add"]').first().click();
    await page.fill('[data-testid="new-measure-text"]', added);
    await page.fill('[data-testid="new-measure-deadline"]', '2099-05-20');
    await page.fill('[data-testid="new-measure-responsible"]', 'Завуч Иванова И. И.');
    await page.click('[data-testid="new-measure-save"]');
    await page.waitForSelector(`[data-testid="roadmap-measure"][data-text="${added}"]`);
    const addedId = (await page
      .locator(`[data-testid="roadmap-measure"][data-text="${added}"]`)
      .getAttribute('data-id'))!;
    expect(addedId).toMatch(/^custom-/);

    // Reword the second measure.
    const reworded = 'Е2Е: переформулированное мероприятие';
    const rewordId = ids[1];
    const text = page.locator(`${row(rewordId)} [data-testid="measure-text"]`);
    await text.fill(reworded);
    await text.blur();
    await page.waitForSelector(`${row(rewordId)}[data-text="${reworded}"]`);

    // Remove the third (with the confirm accepted).
    const removeId = ids[2];
    const removedText = texts[2];
    page.once('dialog', (d) => void d.accept());
    await page.click(`${row(removeId)} [data-testid="measure-remove"]`);
    await page.waitForSelector(row(removeId), { state: 'detached' });

    // Mark the fourth done.
    const doneId = ids[3];
    await page.selectOption(`${row(doneId)} [data-testid="measure-status"]`, 'done');
    await page.waitForSelector(`${row(doneId)}[data-status="done"]`);

    // Reload: every edit is still there.
    await page.reload();
    await openRoadmap(page, key, schoolId);
    await page.waitForSelector(`${row(addedId)}[data-text="${added}"]`);
    expect(await page.locator(`${row(addedId)} [data-testid="measure-responsible"]`).inputValue()).toBe(
      'Завуч Иванова И. И.',
    );
    expect(await page.locator(`${row(addedId)} [data-testid="measure-deadline"]`).inputValue()).toBe(
      '2099-05-20',
    );
    expect(await page.locator(`${row(rewordId)} [data-testid="measure-text"]`).inputValue()).toBe(reworded);
    expect(await page.locator(row(removeId)).count()).toBe(0);
    expect(await page.locator(`${row(doneId)}`).getAttribute('data-status')).toBe('done');
    expect(await rows.count()).toBe(ids.length); // +1 −1

    // Progress view: counts computed here from the visible rows (the shown status of each).
    const visible = await rows.evaluateAll((els) =>
      els.map((e) => ({
        stage: e.getAttribute('data-stage')!,
        status: e.getAttribute('data-status')!,
        overdue: e.querySelector('.overdue') !== null,
      })),
    );
    const byStage = new Map<string, Counts>();
    const total = zero();
    for (const v of visible) {
      const shown = v.status === 'done' ? 'done' : v.overdue ? 'overdue' : (v.status as keyof Counts);
      const c = byStage.get(v.stage) ?? zero();
      byStage.set(v.stage, c);
      for (const x of [c, total]) {
        x[shown]++;
        x.total++;
      }
    }
    expect(total.done).toBeGreaterThanOrEqual(1);
    const pct = (c: Counts) => (c.total ? Math.round((1000 * c.done) / c.total) / 10 : 0);
    const progress = page.locator('[data-testid="roadmap-progress"]');
    const stages = progress.locator('[data-testid="progress-stage"]');
    const stageCount = await stages.count();
    expect(stageCount).toBeGreaterThan(0);
    for (let i = 0; i < stageCount; i++) {
      const s = stages.nth(i);
      const c = byStage.get((await s.getAttribute('data-stage'))!) ?? zero();
      const cells = await s.locator('td').allInnerTexts();
      expect(cells.slice(0, 5).map(Number)).toEqual([
        c.planned,
        c['in-progress'],
        c.done,
        c.overdue,
        c.total,
      ]);
      expect(Number(await s.locator('[role="progressbar"]').getAttribute('aria-valuenow'))).toBe(pct(c));
    }
    const totalCells = await progress.locator('[data-testid="progress-total"] td').allInnerTexts();
    expect(totalCells.slice(0, 5).map(Number)).toEqual([
      total.planned,
      total['in-progress'],
      total.done,
      total.overdue,
      total.total,
    ]);
    expect(totalCells[5]).toBe(`${String(pct(total)).replace('.', ',')} %`);
    await progress.screenshot({ path: '/tmp/oko-roadmap-progress.png' });

    // The roadmap DOCX has the new and reworded texts and not the removed one.
    const [d] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('[data-testid="doc-roadmap-docx"]'),
    ]);
    const docx = docxText(new Uint8Array(readFileSync((await d.path())!)));
    expect(docx).toContain(added);
    expect(docx).toContain(reworded);
    expect(docx).toContain('Завуч Иванова И. И.');
    expect(removedText.length).toBeGreaterThan(10);
    expect(texts.filter((t, i) => i !== 2 && t.includes(removedText))).toEqual([]);
    expect(docx).not.toContain(removedText);

    expect(errors).toEqual([]);
    await context.close();
  } finally {
    await browser.close();
  }
}, 300_000);
