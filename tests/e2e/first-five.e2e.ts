// #17 «The first five minutes» on a tablet (800×1280) and a phone (360×740), with the demo loaded:
// every screen fits the viewport (no element sticks out past its right edge or is clipped, except
// inside a region that scrolls sideways on purpose — a wide table in its own scroller); a school page of «Объективность» and a class of «Анализ» are
// addresses that Back and reload return to, and a new start of the app reopens the last place.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BASE_URL, collectPageErrors, launch, loadDemo, newContext } from './browser';

let browser: Browser;
beforeAll(async () => (browser = await launch()));
afterAll(async () => browser?.close());

/** Visible elements whose box ends right of the viewport and that no sideways scroller holds. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (e: Element | null): boolean => {
      for (let p = e?.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return p.getBoundingClientRect().right <= width + 1;
      }
      return false;
    };
    const out: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      if (!e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
      if (e.closest('.visually-hidden, .skip-link')) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 && !scrolls(e)) {
        const id = e.dataset.testid
          ? `[${e.dataset.testid}]`
          : e.className
            ? `.${String(e.className).split(' ')[0]}`
            : '';
        out.push(
          `${e.tagName.toLowerCase()}${id} right=${Math.round(r.right)} «${(e.textContent ?? '').trim().slice(0, 30)}»`,
        );
      }
    }
    const doc =
      document.documentElement.scrollWidth > width
        ? [`document scrollWidth ${document.documentElement.scrollWidth}`]
        : [];
    return [...doc, ...out].slice(0, 12);
  });
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/oko-firstfive-${name}.png`, fullPage: false });
}

for (const viewport of [
  { width: 800, height: 1280 },
  { width: 360, height: 740 },
]) {
  test(`first five minutes at ${viewport.width}×${viewport.height}`, async () => {
    const context = await newContext(browser, viewport);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(BASE_URL);
    await loadDemo(page);

    // ---- every screen fits ----
    const screens = await page
      .locator('.app-header nav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(screens.length).toBeGreaterThanOrEqual(10);
    const wide: Record<string, string[]> = {};
    for (const href of screens) {
      await page.goto(`${BASE_URL}${href}`);
      await page.waitForSelector('main h1');
      if (href === '#/analysis')
        await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
      if (href === '#/documents')
        await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
      await page.waitForTimeout(300);
      const o = await overflowing(page);
      if (o.length) wide[href] = o;
      await screenshot(page, `${viewport.width}-${href.replace(/\W/g, '') || 'home'}`);
    }

    // ---- «Документы» with the roadmap editor open (its progress table was cut at 800 px) ----
    await page.goto(`${BASE_URL}#/documents`);
    await page.waitForSelector('[data-testid="doc-school"]', { timeout: 120_000 });
    await page.click('[data-testid="roadmap-edit"]');
    await page.waitForSelector('[data-testid="roadmap-editor"]', { timeout: 120_000 });
    // On a tablet the progress table fits whole (its «Выполнено, %» column was cut at 800 px).
    if (viewport.width >= 800)
      expect(
        await page
          .locator('[data-testid="roadmap-progress"] .table-scroll')
          .evaluate((e) => e.scrollWidth <= e.clientWidth),
      ).toBe(true);
    const wideRoadmap = await overflowing(page);
    if (wideRoadmap.length) wide['roadmap editor'] = wideRoadmap;
    await page.screenshot({ path: `/tmp/oko-firstfive-${viewport.width}-roadmap-full.png`, fullPage: true });

    // ---- «Анализ»: a class is an address; reload and Back keep the place ----
    await page.goto(`${BASE_URL}#/analysis`);
    await page.waitForSelector('[data-testid="analysis-ready"]', { timeout: 120_000 });
    for (const level of ['municipality', 'school', 'parallel', 'class']) {
      const child = page.locator(`[data-testid="child-unit"][data-level="${level}"]`).first();
      if ((await child.count()) === 0) continue;
      const id = (await child.getAttribute('data-id'))!;
      await child.click();
      await page.waitForSelector(`[data-testid="unit-view"][data-level="${level}"][data-id="${id}"]`);
    }
    const cls = page.locator('[data-testid="unit-view"][data-level="class"]');
    await cls.waitFor();
    const classId = (await cls.getAttribute('data-id'))!;
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`/class/${classId}`);
    await page.locator('[data-testid="page-contents"]').scrollIntoViewIfNeeded();
    await screenshot(page, `${viewport.width}-class`);
    const wideClass = await overflowing(page);
    if (wideClass.length) wide['class page'] = wideClass;
    await page.screenshot({ path: `/tmp/oko-firstfive-${viewport.width}-class-full.png`, fullPage: true });
    await page.reload();
    await page.waitForSelector(`[data-testid="unit-view"][data-level="class"][data-id="${classId}"]`, {
      timeout: 120_000,
    });
    await page.goBack();
    await page.waitForSelector('[data-testid="unit-view"][data-level="parallel"]');

    // ---- «Объективность»: a school page is an address ----
    await page.goto(`${BASE_URL}#/objectivity`);
    await page.waitForSelector('[data-testid="objectivity-subject"] option[value="Математика"]', {
      state: 'attached',
      timeout: 60_000,
    });
    await page.selectOption('[data-testid="objectivity-subject"]', 'Математика');
    await page.click('[data-testid="objectivity-run"]');
    await page
      .locator('[data-testid="objectivity-result"][data-subject="Математика"]')
      .waitFor({ timeout: 120_000 });
    const wideList = await overflowing(page);
    if (wideList.length) wide['objectivity list'] = wideList;
    const link = page.locator('[data-testid="school-link"]').first();
    const login = (await link.getAttribute('data-school'))!;
    await link.click();
    const detail = `[data-testid="school-detail"][data-school="${login}"]`;
    await page.waitForSelector(detail);
    const schoolUrl = page.url();
    expect(decodeURIComponent(new URL(schoolUrl).hash)).toBe(`#/objectivity/ВПР/Математика/${login}`);
    const wideSchool = await overflowing(page);
    if (wideSchool.length) wide['school page'] = wideSchool;
    await screenshot(page, `${viewport.width}-school`);

    // Back from another screen returns to the school page.
    await page.click('.app-header nav a[href="#/documents"]');
    await page.waitForSelector('[data-testid="documents-procedure"]');
    await page.goBack();
    await page.waitForSelector(detail, { timeout: 120_000 });
    // Reload computes the signs again and shows the same school page.
    await page.reload();
    await page.waitForSelector(detail, { timeout: 120_000 });
    // The list is one step back.
    await page.click('[data-testid="school-detail"] .back');
    await page.waitForSelector('[data-testid="objectivity-result"]');
    await page.goBack();
    await page.waitForSelector(detail, { timeout: 120_000 });

    // ---- a new start of the app (a new tab, no address) reopens the last place ----
    const again = await context.newPage();
    await again.goto(BASE_URL);
    await again.waitForSelector(detail, { timeout: 120_000 });
    expect(again.url()).toBe(schoolUrl);
    await again.close();

    expect(wide).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });
}
