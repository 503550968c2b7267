// Chromium part of the benchmark: the built app (vite preview) imports a file through its own UI.
// Measures: file chosen → import-summary shown (parse, in the import worker), import-confirm →
// procedure listed (store in IndexedDB), the JS heap of the page and of its workers (CDP), long tasks.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { errorText } from './bench-util.ts';

export interface BrowserCase {
  file: string;
  timeoutMs: number;
}

export interface BrowserCaseResult {
  file: string;
  rows?: number;
  parseMs?: number;
  storeMs?: number;
  /** Peak of Performance.getMetrics JSHeapUsedSize: the page's main-thread V8 heap only. */
  pageHeapPeak?: number;
  /** Peak of Runtime.getHeapUsage summed over the dedicated workers (when CDP lets us attach). */
  workerHeapPeak?: number;
  /** Longest main-thread long task after the file was chosen, and over the whole visit. */
  longestTaskImport?: number;
  longestTaskAll?: number;
  longTasksImport?: number;
  notes: string[];
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
    stop: async () => {
      clearInterval(timer);
      await tick();
      return { pagePeak, workerPeak: workerOk ? workerPeak : undefined };
    },
  };
}

async function longTasks(page: Page, since: number) {
  const all = await page.evaluate(() => window.__benchLongTasks ?? []);
  const after = all.filter((t) => t.start >= since);
  const max = (xs: { duration: number }[]) => xs.reduce((m, t) => Math.max(m, t.duration), 0);
  return { all: max(all), import: max(after), count: after.length };
}

async function runCase(browser: Browser, url: string, c: BrowserCase): Promise<BrowserCaseResult> {
  const r: BrowserCaseResult = { file: c.file.split('/').pop()!, notes: [] };
  // A fresh context per file: an empty IndexedDB, and no service worker caching in the way.
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'ru-RU' });
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
  } catch (e) {
    r.notes.push(`не измерено: ${errorText(e)}`);
  } finally {
    const heap = await sampler.stop();
    r.pageHeapPeak = heap.pagePeak || undefined;
    r.workerHeapPeak = heap.workerPeak;
    if (heap.workerPeak === undefined) r.notes.push('куча воркера: CDP не дал подключиться к воркеру');
    const lt = await longTasks(page, since).catch(() => undefined);
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

/** Builds dist/ if missing (or when asked), serves it with vite preview, runs every case in headless Chromium. */
export async function benchBrowser(
  cases: BrowserCase[],
  log: (s: string) => void,
  rebuild = false,
  demoProcedures = 0,
): Promise<{ cases: BrowserCaseResult[]; demo?: DemoResult }> {
  if (rebuild || !existsSync('dist/index.html')) {
    log(rebuild ? 'пересобираю dist/ (npx vite build) …' : 'dist/ нет: запускаю npx vite build …');
    const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('сборка vite build не удалась');
  }
  const port = await freePort(4180);
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await preview({
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
    if (demoProcedures === 0) return { cases: out };
    log('Chromium: демонстрационные данные …');
    return { cases: out, demo: await runDemo(browser, url, demoProcedures) };
  } finally {
    await browser?.close();
    await server?.close();
  }
}
