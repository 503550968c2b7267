import { defineConfig } from 'vitest/config';

// One preview server per run, on a port derived from this process so that two runs on one machine
// (a developer's and CI's) never talk to each other's server. Test workers inherit the variable.
process.env.OKO_E2E_PORT ??= String(20000 + (process.pid % 20000));

// End-to-end tests: a real Chromium (/usr/bin/chromium) driven by playwright-core against the
// built app served by `vite preview`. One file at a time: they share one server and port.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
