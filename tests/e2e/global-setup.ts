// Serves the built app (dist/) with `vite preview` for the e2e files, and stops it after.
// The port comes from vitest.e2e.config.ts (OKO_E2E_PORT): parallel runs on one machine must not
// share a server, or one run's teardown pulls the page out from under the other.
// Build first: `npx vite build` — the service worker and the precache exist only in a build.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_URL, E2E_PORT } from './browser';

const root = fileURLToPath(new URL('../..', import.meta.url));
// OKO_DIST lets a developer test a build made elsewhere (`npx vite build --outDir /tmp/x`) while
// dist/ is being rebuilt by someone else; the default is the project's dist/.
const dist = process.env.OKO_DIST ? process.env.OKO_DIST.replace(/\/?$/, '/') : `${root}dist/`;

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview завершился с кодом ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview не ответил за ${timeoutMs} мс`);
}

export default async function setup(): Promise<() => Promise<void>> {
  if (!existsSync(`${dist}index.html`) || !existsSync(`${dist}sw.js`)) {
    throw new Error('Нет сборки dist/ — сначала выполните `npx vite build`.');
  }
  // Something already answering on our port would be tested instead of this build.
  if (
    await fetch(BASE_URL).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`Порт ${E2E_PORT} уже занят другим сервером: задайте другой через OKO_E2E_PORT.`);
  const child = spawn(
    process.execPath,
    [
      `${root}node_modules/vite/bin/vite.js`,
      'preview',
      '--port',
      String(E2E_PORT),
      '--strictPort',
      '--outDir',
      dist,
      '--host',
      '127.0.0.1',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  try {
    await waitForServer(BASE_URL, child, 30_000);
  } catch (e) {
    child.kill('SIGTERM');
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return async () => {
    if (child.exitCode === null && child.pid) {
      // Detached: kill the whole group, in case the CLI spawned helpers.
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
  };
}
