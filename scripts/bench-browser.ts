// Chromium part of the benchmark: the built app (vite preview) imports a file through its own UI.
// Measures: file chosen → import-summary shown (parse, in the import worker), import-confirm →
// procedure listed (store in IndexedDB), the JS heap of the page and of its workers (CDP), long tasks;
// then the «Анализ» screen: the analysis worker's time (performance.measure 'oko:analysis' written
// by src/ui/analysis/analysis.svelte.ts), the time until the tiles and task table are drawn, and the
// longest main-thread task while the dashboard renders and while drilling down to a class.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { errorText } from './bench-util.ts';

export interface BrowserCase {
  file: string;
  timeoutMs: number;
  /** Also time the «Объективность» screen (every signal) after the import. */
  objectivity?: boolean;
}

export interface BrowserCaseResult {
  file: string;
  rows?: number;
  parseMs?: number;
  /** Maxima inferred from the data: «Пересчитать» clicked → preview with the confirmed maxima. */
  confirmMs?: number;
  storeMs?: number;
  /** Peak of Performance.getMetrics JSHeapUsedSize: the page's main-thread V8 heap only. */
  pageHeapPeak?: number;
  /** Peak of Runtime.getHeapUsage summed over the dedicated workers (when CDP lets us attach). */
  workerHeapPeak?: number;
  /** Longest main-thread long task after the file was chosen, and over the whole visit. */
  longestTaskImport?: number;
  longestTaskAll?: number;
  longTasksImport?: number;
  analysis?: AnalysisResult;
  /** «Документы» right after «Анализ» on the same procedure (real file only). */
  documents?: DocumentsSwitch;
  objectivity?: ObjectivityResult;
  notes: string[];
}

/** Switching from «Анализ» to «Документы»: the hash change → the справка button enabled. */
export interface DocumentsSwitch {
  readyMs?: number;
  note?: string;
}

/** «Объективность» for the imported procedure's subject: run → result list in the DOM. */
export interface ObjectivityResult {
  subject?: string;
  /** Click on «Рассчитать» → the result list rendered. */
  wallMs?: number;
  /** The worker's own time (data-worker-ms: load + every signal). */
  workerMs?: number;
  schools?: number;
  longestTask?: number;
  longTasks?: number;
  note?: string;
}

/** One dashboard render: a procedure chosen (level all) or a drill-down click into a child unit. */
export interface RenderStep {
  level: string;
  name?: string;
  /** Request → report received (performance.measure 'oko:analysis'); level all only. */
  requestMs?: number;
  /** The worker's own elapsedMs (loadDataset + analyzeProcedure); level all only. */
  workerMs?: number;
  /** Choice / click → tiles and task table in the DOM, plus one frame. */
  renderedMs?: number;
  /** Report received ('oko:analysis:end') → tiles and task table in the DOM; level all only. */
  afterReceiptMs?: number;
  longestTask?: number;
  longTasks?: number;
  note?: string;
}

export interface AnalysisResult {
  /** The screen's own first analysis on arrival (it opens the first procedure; the worker starts cold). */
  firstOpen?: RenderStep;
  /** The procedure chosen again in the picker: the warm worker re-reads and re-analyses it. */
  chosen?: RenderStep;
  /** Clicks into the first child unit, level by level down to a class. */
  drill: RenderStep[];
  pageHeapPeak?: number;
  workerHeapPeak?: number;
}

const ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

declare global {
  interface Window {
    __benchLongTasks?: { start: number; duration: number }[];
  }
}

/** Where the built app for the benchmark lives: its own copy, so dist/ (served by e2e tests) is untouched. */
export const BENCH_DIST = process.env.OKO_BENCH_DIST ?? join(tmpdir(), 'oko-bench-dist');

/** Newest modification time under the app's sources (to rebuild the bench copy only when stale). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src', 'workers', 'public']) if (existsSync(d)) walk(d);
  for (const f of ['index.html', 'vite.config.ts', 'package-lock.json'])
    if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

/** Init script: records main-thread long tasks from the first script on. */
const LONG_TASKS = () => {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__benchLongTasks!.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

function freePort(preferred: number): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => {
      const any = createServer();
      any.listen(0, '127.0.0.1', () => {
        const port = (any.address() as { port: number }).port;
        any.close(() => resolve(port));
      });
    });
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolve(preferred)));
  });
}

/** Samples the page heap (Performance.getMetrics) and worker heaps (non-flat CDP target sessions). */
async function heapSampler(cdp: CDPSession) {
  await cdp.send('Performance.enable');
  const workers = new Map<string, number>(); // sessionId → last heap
  const pending = new Map<number, string>();
  let nextId = 1;
  let workerOk = false;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workers.set(e.sessionId, 0);
  });
  cdp.on('Target.detachedFromTarget', (e) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    const sid = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (sid && msg.result?.usedSize !== undefined) {
      workerOk = true;
      workers.set(sid, msg.result.usedSize);
      pending.delete(msg.id!);
    }
  });
  await cdp
    .send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
    .catch(() => undefined);
  let pagePeak = 0;
  let workerPeak = 0;
  const tick = async () => {
    const m = await cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
    const heap = m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0;
    pagePeak = Math.max(pagePeak, heap);
    let sum = 0;
    for (const [sessionId, used] of workers) {
      sum += used;
      const id = nextId++;
      pending.set(id, sessionId);
      const message = JSON.stringify({ id, method: 'Runtime.getHeapUsage' });
      void cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => undefined);
    }
    workerPeak = Math.max(workerPeak, sum);
  };
  const timer = setInterval(() => void tick(), 100);
  return {
    /** Peaks so far, then start again from zero (the import and the analysis are reported apart). */
    reset: async () => {
      await tick();
      const peaks = { pagePeak, workerPeak: workerOk ? workerPeak : undefined };
      pagePeak = 0;
      workerPeak = 0;
      return peaks;
    },
    stop: async () => {
      clearInterval(timer);
      await tick();
      return { pagePeak, workerPeak: workerOk ? workerPeak : undefined };
    },
  };
}

async function longTasks(page: Page, since: number, until = Infinity) {
  const all = await page.evaluate(() => window.__benchLongTasks ?? []);
  // Tasks overlapping [since, until].
  const after = all.filter((t) => t.start + t.duration >= since && t.start <= until);
  const max = (xs: { duration: number }[]) => xs.reduce((m, t) => Math.max(m, t.duration), 0);
  return { all: max(all.filter((t) => t.start <= until)), import: max(after), count: after.length };
}

interface Rendered {
  /** Start of the step (performance.now() of the page): the 'oko:analysis:start' mark, or the click. */
  start: number;
  /** The report received (the 'oko:analysis:end' mark); level all only. */
  end?: number;
  workerMs?: number | null;
  /** The awaited elements found in the DOM, and one frame later. */
  domAt: number;
  paintAt: number;
  level: string;
  id: string;
  name?: string;
}

interface WaitSpec {
  level: string;
  id?: string;
  /** A class: also wait for its pupils (fetched from the worker after the click). */
  pupils: boolean;
  /** Level all: wait for an 'oko:analysis' measure that started after this time. */
  since?: number;
  /** Click the first child unit (in list order) before waiting; the step starts at the click. */
  click: boolean;
  timeoutMs: number;
}

/**
 * In the page: optionally clicks the first child unit, then waits (MutationObserver) until the unit
 * view of the awaited unit shows its tiles and task table, and one more frame (requestAnimationFrame
 * + setTimeout 0, i.e. after that frame's paint).
 */
const WAIT_RENDERED = (w: WaitSpec): Promise<Rendered> =>
  new Promise<Rendered>((resolve, reject) => {
    let start = performance.now();
    let level = w.level;
    let id = w.id;
    let name: string | undefined;
    if (w.click) {
      const b = document.querySelector<HTMLButtonElement>('[data-testid="child-unit"]');
      if (!b) return reject(new Error('нет [data-testid="child-unit"]'));
      level = b.dataset.level ?? '';
      id = b.dataset.id;
      name = b.textContent?.trim();
    }
    const measure = () =>
      performance.getEntriesByName('oko:analysis', 'measure').at(-1) as PerformanceMeasure | undefined;
    const ok = () => {
      let sel = `[data-testid="analysis-ready"] [data-testid="unit-view"][data-level="${level}"]`;
      if (id !== undefined) sel += `[data-id="${CSS.escape(id)}"]`;
      const v = document.querySelector(sel);
      if (!v?.querySelector('[data-testid^="tile-"]') || !v.querySelector('[data-testid="task-table"]'))
        return false;
      if (w.pupils && !v.querySelector('[data-testid="pupil-results"]')) return false;
      if (w.since !== undefined) {
        const m = measure();
        if (!m || m.startTime < w.since) return false;
      }
      return true;
    };
    const done = () => {
      obs.disconnect();
      clearTimeout(timer);
      const domAt = performance.now();
      const m = w.since !== undefined ? measure() : undefined;
      if (m) start = m.startTime;
      const detail = m?.detail as { workerMs?: number | null } | undefined;
      requestAnimationFrame(() =>
        setTimeout(() =>
          resolve({
            start,
            end: m ? m.startTime + m.duration : undefined,
            workerMs: detail?.workerMs,
            domAt,
            paintAt: performance.now(),
            level,
            id: id ?? '',
            name,
          }),
        ),
      );
    };
    const obs = new MutationObserver(() => {
      if (ok()) done();
    });
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error(`нет отрисовки за ${Math.round(w.timeoutMs / 1000)} с`));
    }, w.timeoutMs);
    obs.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-id'],
    });
    if (w.click) {
      start = performance.now();
      document.querySelector<HTMLButtonElement>('[data-testid="child-unit"]')!.click();
    } else if (ok()) done();
  });

/** One render step in figures; long tasks are read a little later (the observer reports them late). */
async function renderStep(page: Page, w: WaitSpec, crashed: Promise<never>): Promise<RenderStep> {
  try {
    const r = await Promise.race([crashed, page.evaluate(WAIT_RENDERED, w)]);
    await page.waitForTimeout(300);
    const lt = await longTasks(page, r.start, r.paintAt);
    return {
      level: r.level,
      name: r.name,
      requestMs: r.end === undefined ? undefined : r.end - r.start,
      workerMs: r.workerMs ?? undefined,
      renderedMs: r.paintAt - r.start,
      afterReceiptMs: r.end === undefined ? undefined : r.domAt - r.end,
      longestTask: lt.import,
      longTasks: lt.count,
    };
  } catch (e) {
    return { level: w.level, note: `не измерено: ${errorText(e)}` };
  }
}

/** The «Анализ» screen after the import: arrival, the procedure chosen, then down to a class. */
async function analysisPart(page: Page, c: BrowserCase, crashed: Promise<never>): Promise<AnalysisResult> {
  const a: AnalysisResult = { drill: [] };
  const timeoutMs = c.timeoutMs;
  let since = await page.evaluate(() => performance.now());
  await page.evaluate(() => (location.hash = '#/analysis'));
  const picker = page.locator('[data-testid="analysis-procedure"]');
  await picker.waitFor({ timeout: 20_000 });
  a.firstOpen = await renderStep(
    page,
    { level: 'all', since, pupils: false, click: false, timeoutMs },
    crashed,
  );
  const key = await picker.inputValue();
  if (!key) {
    a.chosen = { level: 'all', note: 'не измерено: процедура в списке не выбрана' };
    return a;
  }
  since = await page.evaluate(() => performance.now());
  // Chosen again (the same value): the picker's change handler starts a fresh analysis.
  await picker.selectOption(key);
  a.chosen = await renderStep(page, { level: 'all', since, pupils: false, click: false, timeoutMs }, crashed);
  if (a.chosen.note) return a;
  for (let depth = 0; depth < 4; depth++) {
    const next = page.locator('[data-testid="child-unit"]').first();
    if ((await next.count()) === 0) break;
    const level = (await next.getAttribute('data-level')) ?? '';
    const step = await renderStep(
      page,
      { level, pupils: level === 'class', click: true, timeoutMs },
      crashed,
    );
    a.drill.push(step);
    if (step.note || level === 'class') break;
  }
  return a;
}

/** The «Объективность» screen: the first subject of the imported data, computed in the worker. */
async function objectivityPart(
  page: Page,
  c: BrowserCase,
  crashed: Promise<never>,
): Promise<ObjectivityResult> {
  const o: ObjectivityResult = {};
  try {
    await page.evaluate(() => (location.hash = '#/objectivity'));
    const subject = page.locator('[data-testid="objectivity-subject"]');
    await page.waitForSelector('[data-testid="objectivity-subject"] option[value]:not([value=""])', {
      state: 'attached',
      timeout: 30_000,
    });
    o.subject = await subject.inputValue();
    if (!o.subject) {
      o.subject = (await page
        .locator('[data-testid="objectivity-subject"] option[value]:not([value=""])')
        .first()
        .getAttribute('value'))!;
      await subject.selectOption(o.subject);
    }
    const since = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await page.click('[data-testid="objectivity-run"]');
    // aria-busy="false": every school card is drawn (they come in chunks, one per frame).
    const result = page.locator(`[data-testid="objectivity-result"][aria-busy="false"]`);
    await Promise.race([crashed, result.first().waitFor({ timeout: c.timeoutMs })]);
    o.wallMs = Date.now() - t0;
    o.workerMs = Number(await result.first().getAttribute('data-worker-ms')) || undefined;
    o.schools = await page.locator('[data-testid="school-link"]').count();
    const lt = await longTasks(page, since);
    o.longestTask = lt.import;
    o.longTasks = lt.count;
  } catch (e) {
    o.note = `не измерено: ${errorText(e)}`;
  }
  return o;
}

/**
 * «Документы» after «Анализ»: the screen's outline needs the procedure's analysis, which the engine
 * worker already holds (workers/analysis-cache.ts); before the shared cache it was analysed again.
 */
async function documentsPart(page: Page, c: BrowserCase, crashed: Promise<never>): Promise<DocumentsSwitch> {
  const d: DocumentsSwitch = {};
  try {
    const t0 = Date.now();
    await page.evaluate(() => (location.hash = '#/documents'));
    const picker = page.locator('[data-testid="documents-procedure"]');
    await picker.waitFor({ timeout: 20_000 });
    if (!(await picker.inputValue())) {
      const first = await picker.locator('option[value]:not([value=""])').first().getAttribute('value');
      if (first) await picker.selectOption(first);
    }
    await Promise.race([
      crashed,
      page.locator('[data-testid="doc-spravka"]:not([disabled])').waitFor({ timeout: c.timeoutMs }),
    ]);
    d.readyMs = Date.now() - t0;
  } catch (e) {
    d.note = `не измерено: ${errorText(e)}`;
  }
  return d;
}

async function runCase(browser: Browser, url: string, c: BrowserCase): Promise<BrowserCaseResult> {
  const r: BrowserCaseResult = { file: c.file.split('/').pop()!, notes: [] };
  // A fresh context per file: an empty IndexedDB, and no service worker caching in the way.
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'ru-RU' });
  // tsx (esbuild keepNames) may wrap inner functions of page.evaluate callbacks in __name(…).
  await context.addInitScript({ content: 'window.__name = window.__name || ((f) => f);' });
  await context.addInitScript(() => {
    window.__benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__benchLongTasks!.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  // An uncaught page error usually means the UI will never show the awaited element: stop waiting.
  const crashed = new Promise<never>((_, reject) =>
    page.on('pageerror', (e) => {
      errors.push(errorText(e));
      reject(new Error(`ошибка на странице: ${errorText(e)}`));
    }),
  );
  crashed.catch(() => undefined);
  const sampler = await heapSampler(await context.newCDPSession(page));
  let since = 0;
  let importUntil = Infinity;
  let importPeaks: { pagePeak: number; workerPeak?: number } | undefined;
  try {
    await page.goto(`${url}#/import`);
    const input = page.locator('[data-testid="import-file"]');
    try {
      await input.waitFor({ state: 'attached', timeout: 20_000 });
    } catch {
      r.notes.push('не измерено: в приложении нет data-testid="import-file"');
      return r;
    }
    const items = page.locator('[data-testid="procedure-list"] li[data-key]');
    const before = await items.count();
    since = await page.evaluate(() => performance.now());

    let t0 = Date.now();
    await input.setInputFiles(c.file);
    const summary = page.locator('[data-testid="import-summary"]');
    const failure = page.locator('[data-testid="import-error"]');
    await Promise.race([
      crashed,
      summary.first().waitFor({ timeout: c.timeoutMs }),
      failure
        .first()
        .waitFor({ timeout: c.timeoutMs })
        .then(async () => {
          throw new Error(`ошибка импорта: ${(await failure.first().innerText()).slice(0, 200)}`);
        }),
    ]);
    r.parseMs = Date.now() - t0;
    r.rows = Number(await summary.first().getAttribute('data-rows')) || undefined;
    // Maxima inferred from the data (a ГИА protocol without a spec): confirm them as shown.
    if ((await page.locator('[data-testid="maxima-editor"]').count()) > 0) {
      t0 = Date.now();
      await page.locator('[data-testid="maxima-recalc"]').first().click();
      await page
        .locator('[data-testid="import-preview"][data-maxima-source="spec"]')
        .first()
        .waitFor({ timeout: c.timeoutMs });
      r.confirmMs = Date.now() - t0;
    }

    const confirm = page.locator('[data-testid="import-confirm"]');
    await confirm.first().waitFor({ timeout: 10_000 });
    t0 = Date.now();
    await confirm.first().click();
    await Promise.race([
      crashed,
      page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="procedure-list"] li[data-key]').length > n,
        before,
        { timeout: c.timeoutMs, polling: 50 },
      ),
    ]);
    r.storeMs = Date.now() - t0;
    importPeaks = await sampler.reset();
    importUntil = await page.evaluate(() => performance.now());
    r.analysis = await analysisPart(page, c, crashed);
    if (c.objectivity) r.documents = await documentsPart(page, c, crashed);
    if (c.objectivity) r.objectivity = await objectivityPart(page, c, crashed);
  } catch (e) {
    r.notes.push(`не измерено: ${errorText(e)}`);
  } finally {
    const last = await sampler.stop();
    const heap = importPeaks ?? last;
    r.pageHeapPeak = heap.pagePeak || undefined;
    r.workerHeapPeak = heap.workerPeak;
    if (r.analysis) {
      r.analysis.pageHeapPeak = last.pagePeak || undefined;
      r.analysis.workerHeapPeak = last.workerPeak;
    }
    if (heap.workerPeak === undefined) r.notes.push('куча воркера: CDP не дал подключиться к воркеру');
    const lt = await longTasks(page, since, importUntil).catch(() => undefined);
    if (lt) {
      r.longestTaskAll = lt.all;
      r.longestTaskImport = lt.import;
      r.longTasksImport = lt.count;
    }
    if (errors.length > 1) r.notes.push(`ещё ошибки страницы: ${errors.slice(1, 3).join('; ')}`);
    await context.close();
  }
  return r;
}

export interface DemoResult {
  ms?: number;
  longestTask?: number;
  note?: string;
}

/** The demo button: generate + store every demo procedure in the worker, until the home page counts them. */
async function runDemo(browser: Browser, url: string, procedures: number): Promise<DemoResult> {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'ru-RU' });
  await context.addInitScript(LONG_TASKS);
  const page = await context.newPage();
  try {
    await page.goto(`${url}#/`);
    const button = page.locator('[data-testid="load-demo"]');
    await button.waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="stored-count"]').waitFor({ timeout: 20_000 });
    const since = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await button.click();
    await page
      .locator(`[data-testid="stored-count"][data-count="${procedures}"]`)
      .waitFor({ timeout: 60_000 });
    return { ms: Date.now() - t0, longestTask: (await longTasks(page, since)).import };
  } catch (e) {
    return { note: `не измерено: ${errorText(e)}` };
  } finally {
    await context.close();
  }
}

/**
 * Builds the app into its own directory (BENCH_DIST, not dist/: e2e tests serve dist/) when it is
 * missing, older than the sources, or when asked; serves it with vite preview on a free port from
 * 4180; runs every case in headless Chromium.
 */
export async function benchBrowser(
  cases: BrowserCase[],
  log: (s: string) => void,
  rebuild = false,
  demoProcedures = 0,
): Promise<{ cases: BrowserCaseResult[]; demo?: DemoResult; built: string }> {
  const index = join(BENCH_DIST, 'index.html');
  if (rebuild || !existsSync(index) || statSync(index).mtimeMs < newestSource()) {
    log(`собираю приложение в ${BENCH_DIST} (npx vite build --outDir …) …`);
    const b = spawnSync('npx', ['vite', 'build', '--outDir', BENCH_DIST, '--emptyOutDir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (b.status !== 0) process.stderr.write(`${b.stdout}${b.stderr}`);
    if (b.status !== 0) throw new Error('сборка vite build не удалась');
  }
  const built = `${BENCH_DIST} от ${statSync(index).mtime.toISOString()}`;
  const port = await freePort(4180);
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await preview({
      build: { outDir: BENCH_DIST },
      preview: { port, strictPort: true, host: '127.0.0.1', open: false },
      logLevel: 'warn',
    });
    const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ARGS,
    });
    const out: BrowserCaseResult[] = [];
    for (const c of cases) {
      log(`Chromium: ${c.file} …`);
      out.push(await runCase(browser, url, c));
    }
    if (demoProcedures === 0) return { cases: out, built };
    log('Chromium: демонстрационные данные …');
    return { cases: out, demo: await runDemo(browser, url, demoProcedures), built };
  } finally {
    await browser?.close();
    await server?.close();
  }
}
