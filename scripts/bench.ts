// Performance figures of import → store → analysis, in Node and in headless Chromium.
// `npm run bench` (all), `-- --quick` (skips the 500 000-row CSV), `-- --build` (rebuilds the bench's app copy),
// `-- --node-only` / `-- --browser-only`; `-- --scale-only` only the whole-process figures of the
// command (1 000 000 rows, and the R-comparable job: scripts/bench-scale.ts; `-- --scale-only --r-only` just the
// latter). Prints figures; asserts nothing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoSpecs } from '../src/domain/demo/specs.ts';
import {
  benchBrowser,
  type AnalysisResult,
  type BrowserCaseResult,
  type DemoResult,
  type RenderStep,
} from './bench-browser.ts';
import type { NodeCaseResult } from './bench-node-case.ts';
import { errorText, mb, perSec, runChild, sec, table } from './bench-util.ts';
import { benchScale } from './bench-scale.ts';
import { defaultCsvPath, writeRegionCsv } from './gen-csv.ts';
import { writeGiaBench } from './gen-gia.ts';

const flag = (name: string) => process.argv.includes(name);
const quick = flag('--quick');
const XLSX = resolve('tests/fixtures/real/vpr2021-ma5-region-export.xlsx');
const SPEC = resolve('tests/fixtures/real/specs/vpr2021-ma5.json');
const CSV_ROWS = 500_000;
const log = (s: string) => console.error(`· ${s}`);
const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)}`);
const mb1 = (b: number | undefined) => (b === undefined ? '—' : (b / 2 ** 20).toFixed(1));

interface Input {
  label: string;
  path: string;
  /** Time limit of the whole Node case, and of each browser step. */
  timeoutMs: number;
  /** Measured in Chromium only (the Node case runs the ВПР importer). */
  browserOnly?: boolean;
}

async function inputs(): Promise<Input[]> {
  // ГИА: a region's ОГЭ protocol, BIFF .xls with ~30 000 rows (target: parsed in ≤ 3 s in Chromium).
  const gia: Input = {
    label: 'ОГЭ .xls 30 тыс. (сгенер.)',
    path: writeGiaBench().path,
    timeoutMs: 180_000,
    browserOnly: true,
  };
  if (flag('--gia-only')) return [gia];
  const list: Input[] = [{ label: 'XLSX 26 тыс. (реальный)', path: XLSX, timeoutMs: 180_000 }, gia];
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
  list = list.filter((i) => !i.browserOnly);
  if (list.length === 0) return;
  for (const i of list) {
    log(`Node: ${i.label} …`);
    try {
      results.push(await runChild<NodeCaseResult>('scripts/bench-node-case.ts', [i.path, SPEC], i.timeoutMs));
    } catch (e) {
      results.push({ file: i.path, bytes: 0, notes: [`не измерено: ${errorText(e)}`] });
    }
  }
  const col = (f: (r: NodeCaseResult) => string) => results.map(f);
  console.log(
    '\nNode (importFile → saveDataset в fake-indexeddb → loadDataset → analyzeProcedure ×4 → buildReport)\n',
  );
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
      ['единиц отчёта (units)', ...col((r) => r.units?.toLocaleString('ru-RU') ?? '—')],
      ['анализ analyzeProcedure, 1-й (холодный), мс', ...col((r) => ms(r.analyzeColdMs))],
      ['анализ analyzeProcedure, медиана 3 после прогрева, мс', ...col((r) => ms(r.analyzeMs))],
      ['  (3 прогона), мс', ...col((r) => r.analyzeRunsMs?.map((x) => ms(x)).join(' / ') ?? '—')],
      ['buildReport (анализ + признаки), мс', ...col((r) => ms(r.buildReportMs))],
      ['JSON ProcedureReport (воркер → страница), МБ', ...col((r) => mb1(r.procedureJsonBytes))],
      ['  JSON.stringify его, мс', ...col((r) => ms(r.stringifyMs))],
      ['JSON oko-report/v1 («Скачать JSON»), МБ', ...col((r) => mb1(r.reportJsonBytes))],
      ['пик RSS Δ при разборе, МБ', ...col((r) => mb(r.parsePeakRss))],
      ['пик RSS Δ при сохранении, МБ', ...col((r) => mb(r.storePeakRss))],
      ['пик RSS Δ при анализе и отчёте, МБ', ...col((r) => mb(r.analyzePeakRss))],
      ['пик RSS процесса при анализе (абс.), МБ', ...col((r) => mb(r.analyzePeakRssAbs))],
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
  let built: string;
  try {
    ({
      cases: results,
      demo,
      built,
    } = await benchBrowser(
      // The objectivity engine is timed on the real file only (the target: ≤ 5 s for 26k pupils).
      list.map((i) => ({ file: i.path, timeoutMs: i.timeoutMs, objectivity: i.path === XLSX })),
      log,
      flag('--build'),
      demoSpecs().length,
    ));
  } catch (e) {
    console.log(`\nChromium: не измерено: ${errorText(e)}`);
    return;
  }
  const col = (f: (r: BrowserCaseResult) => string) => results.map(f);
  console.log(`\nChromium (собранное приложение ${built}, vite preview, headless /usr/bin/chromium)\n`);
  console.log(
    table([
      ['', ...list.map((i) => i.label)],
      ['строк (import-summary data-rows)', ...col((r) => r.rows?.toLocaleString('ru-RU') ?? '—')],
      ['разбор: файл выбран → import-summary, с', ...col((r) => sec(r.parseMs))],
      ['строк/с при разборе', ...col((r) => perSec(r.rows, r.parseMs))],
      ['подтверждение максимумов: maxima-recalc → предпросмотр, с', ...col((r) => sec(r.confirmMs))],
      ['сохранение: import-confirm → в procedure-list, с', ...col((r) => sec(r.storeMs))],
      [
        'всего (разбор + подтверждение + сохранение), с',
        ...col((r) =>
          r.parseMs === undefined || r.storeMs === undefined
            ? '—'
            : sec(r.parseMs + (r.confirmMs ?? 0) + r.storeMs),
        ),
      ],
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
  analysisTable(list, results);
  objectivityTable(list, results);
  if (demo) {
    const d =
      demo.ms === undefined
        ? demo.note
        : `${sec(demo.ms)} с, самая длинная задача ${ms(demo.longestTask)} мс`;
    console.log(`\nДемо (load-demo → ${demoSpecs().length} процедур в stored-count): ${d}`);
  }
  console.log(
    '\nJS heap страницы — Performance.getMetrics JSHeapUsedSize (только основной поток страницы, опрос каждые 100 мс);\n' +
      'JS heap воркеров — Runtime.getHeapUsage выделенных воркеров через CDP; память вне кучи V8\n' +
      '(ArrayBuffer файла, IndexedDB, процесс браузера) здесь не учтена.',
  );
}

const LEVEL: Record<string, string> = {
  municipality: 'муниципалитет',
  school: 'школа',
  parallel: 'параллель',
  class: 'класс (с учениками)',
};
const tasks = (s: RenderStep | undefined) =>
  s?.longestTask === undefined ? '—' : `${ms(s.longestTask)} (${s.longTasks})`;
const share = (s: RenderStep | undefined) =>
  s?.workerMs === undefined || !s.renderedMs ? '—' : `${Math.round((100 * s.workerMs) / s.renderedMs)} %`;

/** The «Анализ» screen in Chromium, after each import. */
function analysisTable(list: Input[], results: BrowserCaseResult[]): void {
  const col = (f: (a: AnalysisResult | undefined) => string) => results.map((r) => f(r.analysis));
  const rows: string[][] = [
    ['', ...list.map((i) => i.label)],
    ['приход на экран (воркер стартует): запрос → отчёт, мс', ...col((a) => ms(a?.firstOpen?.requestMs))],
    ['  → плитки и таблица заданий отрисованы, мс', ...col((a) => ms(a?.firstOpen?.renderedMs))],
    ['  самая длинная задача main thread, мс (число)', ...col((a) => tasks(a?.firstOpen))],
    ['выбор процедуры: запрос → отчёт получен, мс', ...col((a) => ms(a?.chosen?.requestMs))],
    ['  из них в воркере (loadDataset + analyzeProcedure), мс', ...col((a) => ms(a?.chosen?.workerMs))],
    [
      '  передача единицы в страницу и ответ, мс',
      ...col((a) =>
        a?.chosen?.requestMs === undefined || a.chosen.workerMs === undefined
          ? '—'
          : ms(a.chosen.requestMs - a.chosen.workerMs),
      ),
    ],
    ['  отчёт получен → плитки и таблица в DOM, мс', ...col((a) => ms(a?.chosen?.afterReceiptMs))],
    ['  выбор → плитки и таблица заданий отрисованы, мс', ...col((a) => ms(a?.chosen?.renderedMs))],
    ['  доля воркера в этом времени', ...col((a) => share(a?.chosen))],
    ['  самая длинная задача main thread, мс (число)', ...col((a) => tasks(a?.chosen))],
  ];
  for (const level of ['municipality', 'school', 'parallel', 'class']) {
    const step = (a: AnalysisResult | undefined) => a?.drill.find((s) => s.level === level);
    if (!results.some((r) => step(r.analysis))) continue;
    rows.push(
      [`переход: ${LEVEL[level]} → отрисовано, мс`, ...col((a) => ms(step(a)?.renderedMs))],
      ['  самая длинная задача main thread, мс (число)', ...col((a) => tasks(step(a)))],
    );
  }
  rows.push(
    ['пик JS heap страницы (анализ), МБ', ...col((a) => mb(a?.pageHeapPeak))],
    ['пик JS heap воркеров (анализ), МБ', ...col((a) => mb(a?.workerHeapPeak))],
  );
  console.log('\nChromium: экран «Анализ» (#/analysis) после импорта\n');
  console.log(table(rows));
  results.forEach((r, k) => {
    const a = r.analysis;
    if (!a) return;
    for (const s of [a.firstOpen, a.chosen, ...a.drill])
      if (s?.note) console.log(`  ${list[k].label}: ${s.level}: ${s.note}`);
    const path = a.drill.map((s) => `${LEVEL[s.level] ?? s.level} «${s.name ?? '?'}»`).join(' → ');
    if (path) console.log(`  ${list[k].label}: путь: ${path}`);
  });
  console.log(
    "Запрос → отчёт: performance.measure('oko:analysis') страницы (метки вокруг analysisClient.open:\n" +
      'воркер анализирует и хранит отчёт, странице приходит одна единица); «в воркере» — elapsedMs,\n' +
      'который возвращает воркер; «передача» — остаток (приём единицы); «отрисованы» — до появления\n' +
      'плиток (tile-…) и task-table в DOM (MutationObserver) плюс один кадр. Первая отрисовка идёт\n' +
      "несколькими короткими задачами; long tasks — PerformanceObserver('longtask'),\n" +
      'пересекающиеся с этим интервалом. Переходы — щелчок по первой дочерней единице списка.\n' +
      'Цели: анализ реального файла ≤ 300 мс; ни одной задачи main thread > 50 мс при отрисовке дашборда.',
  );
}

/** The «Объективность» screen in Chromium (real file only). */
function objectivityTable(list: Input[], results: BrowserCaseResult[]): void {
  results.forEach((r, k) => {
    const o = r.objectivity;
    if (!o) return;
    console.log(`\nChromium: экран «Объективность» (${list[k].label}, предмет «${o.subject ?? '?'}»)`);
    if (o.note) {
      console.log(`  ${o.note}`);
      return;
    }
    const d = r.documents;
    if (d)
      console.log(
        `\nChromium: «Анализ» → «Документы» (${list[k].label}): ` +
          (d.note ?? `переход → кнопка справки доступна: ${ms(d.readyMs)} мс`),
      );
    console.log(
      `  щелчок «Рассчитать» → список школ: ${sec(o.wallMs)} с; в воркере (загрузка + все признаки): ${sec(o.workerMs)} с;\n` +
        `  школ в списке: ${o.schools}; long tasks основного потока: ${o.longTasks} (самая длинная ${ms(o.longestTask)} мс).\n` +
        '  Цель: ≤ 5 с для 26 тыс. участников.',
    );
  });
}

function printNotes(list: Input[], results: { notes: string[] }[]): void {
  results.forEach((r, k) => {
    for (const n of r.notes) console.log(`  ${list[k].label}: ${n}`);
  });
}

const list = flag('--scale-only') ? [] : await inputs();
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();
console.log(
  `ОКО-Аналитика, замеры производительности (${new Date().toISOString()}, Node ${process.version})`,
);
console.log(`/proc/loadavg в начале: ${loadavg()}`);
if (quick) console.log('--quick: CSV на 500 000 строк пропущен.');
if (flag('--scale-only')) await benchScale(undefined, { rOnly: flag('--r-only') });
else {
  if (!flag('--browser-only')) await nodePart(list);
  if (!flag('--node-only')) await browserPart(list);
  if (!quick && !flag('--browser-only')) await benchScale();
}
console.log(`\n/proc/loadavg в конце: ${loadavg()}`);
