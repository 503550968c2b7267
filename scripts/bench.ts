// Performance figures of import → store → analysis, in Node and in headless Chromium.
// `npm run bench` (all), `-- --quick` (skips the 500 000-row CSV), `-- --build` (rebuilds dist/ first),
// `-- --node-only` / `-- --browser-only`. Prints figures; asserts nothing.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoSpecs } from '../src/domain/demo/specs.ts';
import { benchBrowser, type BrowserCaseResult, type DemoResult } from './bench-browser.ts';
import type { NodeCaseResult } from './bench-node-case.ts';
import { errorText, mb, perSec, runChild, sec, table } from './bench-util.ts';
import { defaultCsvPath, writeRegionCsv } from './gen-csv.ts';

const flag = (name: string) => process.argv.includes(name);
const quick = flag('--quick');
const XLSX = resolve('tests/fixtures/real/vpr2021-ma5-region-export.xlsx');
const SPEC = resolve('tests/fixtures/real/specs/vpr2021-ma5.json');
const CSV_ROWS = 500_000;
const log = (s: string) => console.error(`· ${s}`);
const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)}`);

interface Input {
  label: string;
  path: string;
  /** Time limit of the whole Node case, and of each browser step. */
  timeoutMs: number;
}

async function inputs(): Promise<Input[]> {
  const list: Input[] = [{ label: 'XLSX 26 тыс. (реальный)', path: XLSX, timeoutMs: 180_000 }];
  if (quick) return list;
  const csv = defaultCsvPath(CSV_ROWS);
  if (!existsSync(csv)) {
    log(`генерирую ${csv} …`);
    await writeRegionCsv(csv, CSV_ROWS);
  }
  list.push({ label: 'CSV 500 тыс. (сгенер.)', path: csv, timeoutMs: 600_000 });
  return list;
}

async function nodePart(list: Input[]): Promise<void> {
  const results: NodeCaseResult[] = [];
  for (const i of list) {
    log(`Node: ${i.label} …`);
    try {
      results.push(await runChild<NodeCaseResult>('scripts/bench-node-case.ts', [i.path, SPEC], i.timeoutMs));
    } catch (e) {
      results.push({ file: i.path, bytes: 0, notes: [`не измерено: ${errorText(e)}`] });
    }
  }
  const col = (f: (r: NodeCaseResult) => string) => results.map(f);
  console.log('\nNode (importFile → saveDataset в fake-indexeddb → loadDataset → analyzeProcedure)\n');
  console.log(
    table([
      ['', ...list.map((i) => i.label)],
      ['размер файла, МБ', ...list.map((i) => (statSync(i.path).size / 2 ** 20).toFixed(1))],
      ['строк', ...col((r) => r.rows?.toLocaleString('ru-RU') ?? '—')],
      ['школ / предупреждений', ...col((r) => `${r.schools ?? '—'} / ${r.warnings ?? '—'}`)],
      ['разбор (importFile), с', ...col((r) => sec(r.parseMs))],
      ['строк/с при разборе', ...col((r) => perSec(r.rows, r.parseMs))],
      ['сохранение (saveDataset), с', ...col((r) => sec(r.storeMs))],
      ['строк/с при сохранении', ...col((r) => perSec(r.rows, r.storeMs))],
      ['чтение (loadDataset), с', ...col((r) => sec(r.loadMs))],
      ['анализ (analyzeProcedure), с', ...col((r) => sec(r.analyzeMs))],
      ['пик RSS Δ при разборе, МБ', ...col((r) => mb(r.parsePeakRss))],
      ['пик RSS Δ при сохранении, МБ', ...col((r) => mb(r.storePeakRss))],
      ['пик RSS Δ при анализе, МБ', ...col((r) => mb(r.analyzePeakRss))],
      ['heapUsed после разбора, МБ', ...col((r) => mb(r.heapAfterParse))],
      ['heapUsed после сохранения, МБ', ...col((r) => mb(r.heapAfterStore))],
      ['ArrayBuffer после разбора (без файла), МБ', ...col((r) => mb(r.arrayBuffersAfterParse))],
    ]),
  );
  printNotes(list, results);
  console.log(
    'RSS Δ — пик RSS процесса (замер из потока-воркера каждые 5 мс) сверх уровня после чтения файла.',
  );
}

async function browserPart(list: Input[]): Promise<void> {
  let results: BrowserCaseResult[];
  let demo: DemoResult | undefined;
  try {
    ({ cases: results, demo } = await benchBrowser(
      list.map((i) => ({ file: i.path, timeoutMs: i.timeoutMs })),
      log,
      flag('--build'),
      demoSpecs().length,
    ));
  } catch (e) {
    console.log(`\nChromium: не измерено: ${errorText(e)}`);
    return;
  }
  const col = (f: (r: BrowserCaseResult) => string) => results.map(f);
  const built = statSync('dist/index.html').mtime.toISOString();
  console.log(
    `\nChromium (собранное приложение dist/ от ${built}, vite preview, headless /usr/bin/chromium)\n`,
  );
  console.log(
    table([
      ['', ...list.map((i) => i.label)],
      ['строк (import-summary data-rows)', ...col((r) => r.rows?.toLocaleString('ru-RU') ?? '—')],
      ['разбор: файл выбран → import-summary, с', ...col((r) => sec(r.parseMs))],
      ['строк/с при разборе', ...col((r) => perSec(r.rows, r.parseMs))],
      ['сохранение: import-confirm → в procedure-list, с', ...col((r) => sec(r.storeMs))],
      ['пик JS heap страницы, МБ', ...col((r) => mb(r.pageHeapPeak))],
      ['пик JS heap воркеров, МБ', ...col((r) => mb(r.workerHeapPeak))],
      ['самая длинная задача main thread (импорт), мс', ...col((r) => ms(r.longestTaskImport))],
      [
        'число long tasks (импорт)',
        ...col((r) => (r.longTasksImport === undefined ? '—' : String(r.longTasksImport))),
      ],
      ['самая длинная задача (вкл. загрузку), мс', ...col((r) => ms(r.longestTaskAll))],
    ]),
  );
  printNotes(list, results);
  if (demo) {
    const d =
      demo.ms === undefined
        ? demo.note
        : `${sec(demo.ms)} с, самая длинная задача ${ms(demo.longestTask)} мс`;
    console.log(`\nДемо (load-demo → ${demoSpecs().length} процедур в stored-count): ${d}`);
  }
  console.log(
    'JS heap страницы — Performance.getMetrics JSHeapUsedSize (только основной поток страницы, опрос каждые 100 мс);\n' +
      'JS heap воркеров — Runtime.getHeapUsage выделенных воркеров через CDP; память вне кучи V8\n' +
      '(ArrayBuffer файла, IndexedDB, процесс браузера) здесь не учтена.',
  );
}

function printNotes(list: Input[], results: { notes: string[] }[]): void {
  results.forEach((r, k) => {
    for (const n of r.notes) console.log(`  ${list[k].label}: ${n}`);
  });
}

const list = await inputs();
console.log(
  `ОКО-Аналитика, замеры производительности (${new Date().toISOString()}, Node ${process.version})`,
);
if (quick) console.log('--quick: CSV на 500 000 строк пропущен.');
if (!flag('--browser-only')) await nodePart(list);
if (!flag('--node-only')) await browserPart(list);
