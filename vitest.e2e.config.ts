import { defineConfig } from 'vitest/config';

// Real browsers on a 2-core machine: one file at a time, one worker, generous timeouts, no retries
// (a flaky e2e should be seen and fixed, not hidden).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts', 'packages/*/test/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: true,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    retry: 0,
    globalSetup: ['e2e/harness/global-setup.ts'],
    setupFiles: ['e2e/harness/setup.ts'],
    reporters: ['verbose'],
  },
});
