import { defineConfig } from 'vitest/config';

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
