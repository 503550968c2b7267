// Small helpers of the benchmark: number formatting, text tables, child processes with a time limit.
import { spawn } from 'node:child_process';

export const RESULT_MARK = 'BENCH_RESULT ';

export const sec = (ms: number | undefined): string => (ms === undefined ? '—' : (ms / 1000).toFixed(2));
export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? '—' : (bytes / 2 ** 20).toFixed(0);
export const perSec = (rows: number | undefined, ms: number | undefined): string =>
  rows === undefined || !ms ? '—' : Math.round((rows * 1000) / ms).toLocaleString('ru-RU');

/** A metric × case table; the first row is the header. Long cells are not wrapped. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Runs a TypeScript script in a fresh Node process (clean memory figures) and returns the JSON it
 * printed after RESULT_MARK. On a timeout the child is killed.
 */
export function runChild<T>(script: string, args: string[], timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`превышено время ожидания ${Math.round(timeoutMs / 1000)} с`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
      else
        reject(
          new Error(`процесс завершился с кодом ${code}: ${err.trim().split('\n').slice(-3).join(' ')}`),
        );
    });
  });
}
